import fs from "node:fs";
import { parse, CsvError } from "csv-parse";
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

/**
 * Reads a holders CSV (Etherscan's token-holders export or a plain `address,balance` file; the
 * header tells which) into a HolderSet, streaming the file. Every row is checked; a bad row (an
 * address that is not one, a bad checksum, an amount that is not an exact decimal in the token's
 * decimals, a wrong field count, a field spanning lines) or a DUPLICATED address (refused: two rows
 * for one holder mean two exports were concatenated, or the file was edited; merging them could
 * double-count) is a problem naming the file, the line and the field; when there is any, an
 * AuditInputError lists them and no HolderSet is returned. Zero balances are dropped (counted in a
 * check), the rest sorted by amount descending, then address ascending.
 */
export async function readHolderCsv(file: string, options: CsvReadOptions): Promise<HolderSet> {
  const { decimals } = options;
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

  const stream = fs.createReadStream(file);
  stream.on("data", (chunk) => (bytes += chunk.length));
  const parser = stream.pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      const breaks = record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      const line = info.lines - breaks;
      lastLine = info.lines;
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
          break;
        }
        continue;
      }
      rows += 1;
      if (options.onProgress !== undefined && rows % 50_000 === 0) options.onProgress(bytes, size, rows);
      if (record.length !== header.length) {
        problems.add(line, "(row)", `expected ${header.length} fields, found ${record.length}`);
        continue;
      }
      if (breaks > 0) {
        problems.add(line, "(row)", `a quoted field spans lines ${line}-${info.lines}: check for an unbalanced quote`);
        continue;
      }
      const addressField = header[layout.address];
      const address = checksumAddress(record[layout.address]);
      if (!address.ok) problems.add(line, addressField, address.reason);
      const amount = parseTokenAmount(record[layout.balance], decimals);
      if (!amount.ok) problems.add(line, header[layout.balance], amount.reason);
      if (!address.ok || !amount.ok) continue;
      const key = address.address.toLowerCase();
      const first = firstLine.get(key);
      if (first !== undefined) {
        problems.add(
          line,
          addressField,
          `${address.address} already appears on line ${first} (duplicates are refused, not merged)`,
        );
        continue;
      }
      firstLine.set(key, line);
      if (layout.pending !== undefined && !PENDING_NO.has(record[layout.pending].toLowerCase())) pending += 1;
      if (amount.amount === 0n) zero += 1;
      else holders.push({ address: address.address, amount: amount.amount });
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    problems.add(lastLine + 1, "(row)", csvErrorText(e));
  }
  if (layout === undefined && problems.total === 0) problems.add(0, "(file)", "empty file: a header line is required");
  if (layout !== undefined && rows === 0 && problems.total === 0) problems.add(headerLine, "(file)", "no data rows");
  problems.throwIfAny(file);
  if (holders.length === 0)
    throw new AuditInputError(file, [{ line: 0, field: "(file)", message: "every balance is zero" }]);
  options.onProgress?.(size, size, rows);
  const format = (layout as Layout).format;
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

/** csv-parse's errors in the words someone fixing a spreadsheet needs. */
function csvErrorText(e: CsvError): string {
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "unterminated quoted field";
    case "INVALID_OPENING_QUOTE":
      return 'a quote inside an unquoted field: quote the whole field and double inner quotes ("")';
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'text after a closing quote: quote the whole field and double inner quotes ("")';
    default:
      return e.message;
  }
}
