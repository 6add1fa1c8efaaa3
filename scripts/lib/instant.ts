/**
 * A point in time an operator types: unix seconds, a date-only ISO date (UTC midnight), or an
 * ISO-8601 date-time with an explicit `Z` or offset. Local-time forms and impossible dates are
 * refused, so the value cannot depend on the operator's time zone. Returns unix seconds, or a
 * message saying what is wrong.
 */
export function parseInstant(text: string): { seconds: bigint } | { problem: string } {
  const s = text.trim();
  if (/^[0-9]+$/.test(s)) {
    if (s.length > 11) return { problem: `${s} looks like milliseconds: give unix seconds` };
    return { seconds: BigInt(s) };
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  const m = date ?? dateTime;
  if (m === null) {
    return {
      problem: `"${s}" is not unix seconds, a date (2030-06-01, UTC) or a date-time with Z or an offset (2030-06-01T12:00:00Z)`,
    };
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return { problem: `"${s}": no such date` };
  }
  const ms = Date.parse(date === null ? s : `${s}T00:00:00Z`);
  if (Number.isNaN(ms)) return { problem: `"${s}": not a valid time` };
  return { seconds: BigInt(Math.floor(ms / 1000)) };
}
