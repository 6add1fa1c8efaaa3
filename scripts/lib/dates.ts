/**
 * Instants operators type into CSV files and task parameters, read the same way on every machine:
 * never in the operator's time zone (the time feeds schedule salts, so a re-run under another `TZ`
 * must find the same schedules).
 */

/** A unix time at or above this (year 5138) is taken for milliseconds and refused. */
export const MILLISECONDS_THRESHOLD = 100_000_000_000;

/** What the accepted forms are, for error messages. */
export const INSTANT_FORMS =
  "unix seconds (1906502400), a date (2030-06-01, read as 00:00 UTC) or an ISO-8601 date-time with Z or an offset (2030-06-01T12:00:00Z, 2030-06-01T14:00:00+02:00)";

export type Parsed = { ok: true; seconds: number } | { ok: false; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function dateProblem(text: string, y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) {
    return `${text}: month ${m} does not exist`;
  }
  if (d < 1 || d > daysIn(y, m)) {
    return `${text}: ${y}-${String(m).padStart(2, "0")} has no day ${d}`;
  }
  return undefined;
}

/**
 * Reads an instant as unix seconds. Accepts unix seconds, a date-only ISO form (UTC midnight) and
 * an ISO-8601 date-time with `Z` or an explicit offset. Refuses impossible dates (2030-02-30),
 * millisecond timestamps, and every form whose meaning depends on the reader's time zone or locale
 * (2030-06-01T00:00:00, "2030-06-01 00:00", 2030/06/01, 01/06/2030).
 */
export function parseInstant(input: string): Parsed {
  const text = input.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= MILLISECONDS_THRESHOLD) {
      return { ok: false, message: `${text} looks like a millisecond timestamp: give unix seconds` };
    }
    return { ok: true, seconds: n };
  }
  let m = DATE.exec(text);
  if (m !== null) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const bad = dateProblem(text, y, mo, d);
    return bad !== undefined ? { ok: false, message: bad } : { ok: true, seconds: Date.UTC(y, mo - 1, d) / 1000 };
  }
  m = DATE_TIME.exec(text);
  if (m !== null) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m?.[i]));
    const s = m[6] === undefined ? 0 : Number(m[6]);
    const bad = dateProblem(text, y, mo, d);
    if (bad !== undefined) {
      return { ok: false, message: bad };
    }
    if (h > 23 || mi > 59 || s > 59) {
      return {
        ok: false,
        message: `${text}: ${m[4]}:${m[5]}${m[6] === undefined ? "" : `:${m[6]}`} is not a time of day`,
      };
    }
    if (m[7] !== undefined && !/^\.0+$/.test(m[7])) {
      return { ok: false, message: `${text}: fractions of a second are not supported` };
    }
    const zone = m[8];
    if (zone === undefined) {
      return {
        ok: false,
        message: `${text} has no time zone, so it would mean a different instant on each machine: add Z (UTC) or an offset such as +02:00`,
      };
    }
    let offsetMinutes = 0;
    if (zone !== "Z" && zone !== "z") {
      const digits = zone.replace(":", "");
      const oh = Number(digits.slice(1, 3));
      const om = Number(digits.slice(3, 5));
      if (oh > 14 || om > 59) {
        return { ok: false, message: `${text}: ${zone} is not a UTC offset` };
      }
      offsetMinutes = (digits[0] === "-" ? -1 : 1) * (oh * 60 + om);
    }
    return { ok: true, seconds: Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offsetMinutes * 60 };
  }
  if (/^\d{4}-\d{2}-\d{2}[ _]\d{1,2}:\d{2}/.test(text)) {
    return {
      ok: false,
      message: `${text} is a local time (no T, no time zone): write 2030-06-01T00:00:00Z or with an offset such as +02:00`,
    };
  }
  if (/^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}/.test(text)) {
    return {
      ok: false,
      message: `${text} is ambiguous (day/month order and time zone depend on the locale): write YYYY-MM-DD`,
    };
  }
  return { ok: false, message: `${text === "" ? "(empty)" : text} is not a time: give ${INSTANT_FORMS}` };
}
