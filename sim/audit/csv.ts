import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { parse, CsvError } from "csv-parse";
import { describeCsvError } from "../../scripts/lib/csvRows";
import { checksumAddress } from "./address";
import { parseTokenAmount } from "./amount";
import { AuditInputError, ProblemList } from "./errors";
import { sortHolders } from "./holders";
import type { AuditCheck, Holder, HolderSet } from "./types";

/** The two holder exports read, told apart by their header. */
export type CsvFormat = "etherscan" | "plain";

/** Header of Etherscan's token-holders export (the third column may be missing in older exports). */
export const ETHERSCAN_HEADER = ["HolderAddress", "Balance", "PendingBalanceUpdate"] as const;
/** Header of the plain export: `address,balance` (`amount` is accepted for `balance`). */
export const PLAIN_HEADER = ["address", "balance"] as const;

export interface CsvReadOptions {
  /** The token's decimals: balances are decimal strings scaled by 10^decimals. */
  decimals: number;
  /** Called as the file is read (bytes so far, file size, data rows so far). */
  onProgress?: (bytes: number, size: number, rows: number) => void;
  /** "auto" (default): plain lines by the fast splitter, anything else by csv-parse; "csv-parse": always csv-parse. */
  parser?: "auto" | "csv-parse";
}

interface Layout {
  format: CsvFormat;
  address: number;
  balance: number;
  pending: number | undefined;
}

/** The format a header names, or undefined. Column names match case-insensitively. */
export function detectFormat(header: readonly string[]): Layout | undefined {
  const names = header.map((h) => h.trim().toLowerCase());
  const at = (n: string) => names.indexOf(n);
  if (names.length >= 2 && names.length <= 3 && at("holderaddress") >= 0 && at("balance") >= 0) {
    const pending = at("pendingbalanceupdate");
    if (names.length === 3 && pending < 0) return undefined;
    return {
      format: "etherscan",
      address: at("holderaddress"),
      balance: at("balance"),
      pending: pending < 0 ? undefined : pending,
    };
  }
  const balance = at("balance") >= 0 ? at("balance") : at("amount");
  if (names.length === 2 && at("address") >= 0 && balance >= 0)
    return { format: "plain", address: at("address"), balance, pending: undefined };
  return undefined;
}

const PENDING_NO = new Set(["", "no", "false", "0"]);

/** One parsed record: its fields, its first line and its last (they differ when a quoted field spans lines). */
type OnRecord = (record: string[], line: number, lastLine: number) => boolean;

/** Thrown by the plain-line reader on anything outside its grammar: the file is read again by csv-parse. */
class NotPlain extends Error {}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const COMMA = 44;

/**
 * Splits one line the way csv-parse does with `trim: true` when the line is plain: fields separated
 * by commas, each unquoted (printable ASCII without quotes) or wholly quoted without inner quotes,
 * spaces and tabs around fields dropped. Undefined for anything else (an escaped quote, a quote in
 * an unquoted field, text after a closing quote, an unclosed quote, a control or non-ASCII
 * character outside quotes): csv-parse then reads the whole file, so its errors are the ones shown.
 */
export function splitPlainLine(s: string): string[] | undefined {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    while (i < n && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
    if (i < n && s.charCodeAt(i) === QUOTE) {
      const close = s.indexOf('"', i + 1);
      if (close < 0) return undefined;
      out.push(s.slice(i + 1, close));
      i = close + 1;
      while (i < n && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
      if (i === n) return out;
      if (s.charCodeAt(i) !== COMMA) return undefined;
      i++;
      continue;
    }
    let j = s.indexOf(",", i);
    if (j < 0) j = n;
    let end = j;
    while (end > i && (s.charCodeAt(end - 1) === SPACE || s.charCodeAt(end - 1) === TAB)) end--;
    for (let k = i; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c === QUOTE || c < SPACE || c > 126) return undefined;
    }
    out.push(s.slice(i, end));
    if (j === n) return out;
    i = j + 1;
  }
}

/**
 * Reads a file of plain lines (see splitPlainLine) without csv-parse, streaming: a BOM is dropped,
 * empty lines are skipped (and counted), lines end in \n or, throughout, \r\n. Throws NotPlain on
 * anything else, before or after some records were handed over.
 */
async function readPlainLines(file: string, onBytes: (n: number) => void, onRecord: OnRecord): Promise<void> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let line = 0;
  let crlf: boolean | undefined;
  let first = true;
  const take = (raw: string): boolean => {
    line += 1;
    let text = raw;
    const cr = text.endsWith("\r");
    if (cr) text = text.slice(0, -1);
    if (text.length > 0 || cr) {
      if (crlf === undefined) crlf = cr;
      else if (crlf !== cr) throw new NotPlain();
    }
    if (text.length === 0) return true;
    if (text.includes("\r")) throw new NotPlain();
    const record = splitPlainLine(text);
    if (record === undefined || (record.length === 1 && record[0] === "")) throw new NotPlain();
    return onRecord(record, line, line);
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    let text = rest + decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      if (!take(text.slice(from, nl))) return;
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  rest += decoder.end();
  if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
  if (rest.length > 0) {
    if (rest.endsWith("\r")) throw new NotPlain();
    take(rest);
  }
}

/**
 * Reads a holders CSV (Etherscan's token-holders export or a plain `address,balance` file; the
 * header tells which) into a HolderSet, streaming the file. Every row is checked; a bad row (an
 * address that is not one, a bad checksum, an amount that is not an exact decimal in the token's
 * decimals, a wrong field count, a field spanning lines) or a DUPLICATED address (refused: two rows
 * for one holder mean two exports were concatenated, or the file was edited; merging them could
 * double-count) is a problem naming the file, the line and the field; when there is any, an
 * AuditInputError lists them and no HolderSet is returned. Zero balances are dropped (counted in a
 * check), the rest sorted by amount descending, then address ascending.
 *
 * Exports are plain lines (one record a line, simple quoting), read by a line splitter several times
 * faster than csv-parse on a million rows; a file with anything else (escaped quotes, fields spanning
 * lines, stray quotes) is read by csv-parse, with the same result on every plain file.
 */
export async function readHolderCsv(file: string, options: CsvReadOptions): Promise<HolderSet> {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new AuditInputError(file, [{ line: 0, field: "(file)", message: "is a directory" }]);
    size = stat.size;
  } catch (e) {
    if (e instanceof AuditInputError) throw e;
    throw new AuditInputError(file, [
      { line: 0, field: "(file)", message: `cannot read it (${(e as Error).message})` },
    ]);
  }
  if (options.parser !== "csv-parse") {
    try {
      return await readWith(file, size, options, readPlainLines);
    } catch (e) {
      if (!(e instanceof NotPlain)) throw e;
    }
  }
  return readWith(file, size, options, readCsvParse);
}

/** Any file through csv-parse: its errors reported on the line after the last record read. */
async function readCsvParse(file: string, onBytes: (n: number) => void, onRecord: OnRecord): Promise<void> {
  const stream = fs.createReadStream(file);
  stream.on("data", (chunk) => onBytes(chunk.length));
  const parser = stream.pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = item;
    const breaks = record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    if (!onRecord(record, info.lines - breaks, info.lines)) break;
  }
}

type RecordReader = (file: string, onBytes: (n: number) => void, onRecord: OnRecord) => Promise<void>;

async function readWith(file: string, size: number, options: CsvReadOptions, reader: RecordReader): Promise<HolderSet> {
  const { decimals } = options;
  const problems = new ProblemList();
  const firstLine = new Map<string, number>();
  const holders: Holder[] = [];
  let layout: Layout | undefined;
  let header: string[] = [];
  let headerLine = 0;
  let rows = 0;
  let zero = 0;
  let pending = 0;
  let bytes = 0;
  let lastLine = 0;
  const onRecord: OnRecord = (record, line, endLine) => {
    lastLine = endLine;
    if (layout === undefined) {
      headerLine = line;
      header = record;
      layout = detectFormat(record);
      if (layout === undefined) {
        problems.add(
          line,
          "header",
          `unknown header ${record.map((h) => `"${h}"`).join(",")}: expected ${ETHERSCAN_HEADER.map((h) => `"${h}"`).join(",")} (Etherscan export) or ${PLAIN_HEADER.join(",")}`,
        );
        return false;
      }
      return true;
    }
    rows += 1;
    if (options.onProgress !== undefined && rows % 50_000 === 0) options.onProgress(bytes, size, rows);
    if (record.length !== header.length) {
      problems.add(line, "(row)", `expected ${header.length} fields, found ${record.length}`);
      return true;
    }
    if (endLine > line) {
      problems.add(line, "(row)", `a quoted field spans lines ${line}-${endLine}: check for an unbalanced quote`);
      return true;
    }
    const addressField = header[layout.address];
    const address = checksumAddress(record[layout.address]);
    if (!address.ok) problems.add(line, addressField, address.reason);
    const amount = parseTokenAmount(record[layout.balance], decimals);
    if (!amount.ok) problems.add(line, header[layout.balance], amount.reason);
    if (!address.ok || !amount.ok) return true;
    const key = address.address.toLowerCase();
    const first = firstLine.get(key);
    if (first !== undefined) {
      problems.add(
        line,
        addressField,
        `${address.address} already appears on line ${first} (duplicates are refused, not merged)`,
      );
      return true;
    }
    firstLine.set(key, line);
    if (layout.pending !== undefined && !PENDING_NO.has(record[layout.pending].toLowerCase())) pending += 1;
    if (amount.amount === 0n) zero += 1;
    else holders.push({ address: address.address, amount: amount.amount });
    return true;
  };
  try {
    await reader(file, (n) => (bytes += n), onRecord);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    problems.add(lastLine + 1, "(row)", describeCsvError(e));
  }
  firstLine.clear();
  if (layout === undefined && problems.total === 0) problems.add(0, "(file)", "empty file: a header line is required");
  if (layout !== undefined && rows === 0 && problems.total === 0) problems.add(headerLine, "(file)", "no data rows");
  problems.throwIfAny(file);
  if (holders.length === 0)
    throw new AuditInputError(file, [{ line: 0, field: "(file)", message: "every balance is zero" }]);
  options.onProgress?.(size, size, rows);
  const format = (layout as unknown as Layout).format;
  const checks: AuditCheck[] = [
    {
      name: "zero balances",
      ok: true,
      detail: zero === 0 ? "no zero balance in the file" : `${zero} zero-balance rows dropped (${rows} rows read)`,
    },
  ];
  if (format === "etherscan")
    checks.push({
      name: "pending balance updates",
      ok: pending === 0,
      detail:
        pending === 0
          ? "no row marked PendingBalanceUpdate"
          : `${pending} rows are marked PendingBalanceUpdate: their balances may be stale; export again later`,
    });
  return { source: { kind: "csv", file, format }, decimals, holders: sortHolders(holders), checks };
}
