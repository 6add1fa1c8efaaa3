import { z } from "zod";
import { AbiCoder, keccak256, parseUnits } from "ethers";
import { readCsvRecords, type CsvColumn } from "./csvRows";
import { parseInstant } from "./dates";
import { CATEGORY_NAMES } from "./display";
import { addressField, tokenAmountProblem } from "./fields";
import type { InputProblem } from "./inputErrors";

export { CATEGORY_NAMES };
const MONTH = 30 * 24 * 60 * 60;
const DAY = 24 * 60 * 60;
/** Widths the vault stores (VestingVault.Terms / Tranche): checked here so no transaction reverts on them. */
export const MAX_UINT112 = 2n ** 112n - 1n;
export const MAX_UINT40 = 2 ** 40 - 1;
export const MAX_UINT32 = 2 ** 32 - 1;
/** VestingVault.MAX_TRANCHES. */
export const MAX_TRANCHES = 48;

export interface Policy {
  minCliff: number;
  minDuration: number;
  revocable: boolean;
}

export interface Tranche {
  time: number;
  amount: bigint;
}

/** One valid CSV row, in chain units. */
export interface AllocationRow {
  line: number;
  beneficiary: string;
  amount: bigint;
  category: number;
  start: number;
  cliff: number;
  duration: number;
  tranches: Tranche[];
  salt: string;
}

/** A problem with one field of one row (the same shape as every task's InputProblem). */
export type RowError = InputProblem;

/** The columns of an allocations file, in order; `tranches` may be left out. */
export const ALLOCATION_COLUMNS: readonly CsvColumn[] = [
  { name: "beneficiary", required: true },
  { name: "amount", required: true },
  { name: "category", required: true },
  { name: "start", required: true },
  { name: "cliff", required: true },
  { name: "duration", required: true },
  { name: "tranches", required: false },
];

/** "12m" (30-day months), "90d", or seconds; at most uint32 (about 136 years), as the vault stores it. */
function span(v: string, c: z.RefinementCtx, example: string): number {
  const m = /^(\d+)([md]?)$/.exec(v);
  if (m === null) {
    c.addIssue({ code: "custom", message: `not a span (e.g. ${example}, 90d or seconds)` });
    return 0;
  }
  const n = Number(m[1]);
  const s = m[2] === "m" ? n * MONTH : m[2] === "d" ? n * DAY : n;
  if (s > MAX_UINT32)
    c.addIssue({ code: "custom", message: `${v} is ${s} s, above the vault's uint32 limit ${MAX_UINT32} s` });
  return s;
}

/** A token amount → wei, with the shared amount rules (no commas, ≤ 18 decimals) and ≤ uint112. */
function amount(v: string, c: z.RefinementCtx, what = "amount"): bigint {
  const problem = tokenAmountProblem(v);
  if (problem !== undefined) {
    c.addIssue({ code: "custom", message: what === "amount" ? problem : `${what}: ${problem}` });
    return 0n;
  }
  const a = parseUnits(v, 18);
  if (a === 0n) c.addIssue({ code: "custom", message: `${what} must be > 0` });
  if (a > MAX_UINT112) c.addIssue({ code: "custom", message: `${what} above 2^112 - 1 wei, the vault's limit` });
  return a;
}

/** An instant → unix seconds within uint40 (see dates.ts for the accepted forms). */
function instant(v: string, c: z.RefinementCtx, what?: string): number {
  const t = parseInstant(v);
  if (!t.ok) {
    c.addIssue({ code: "custom", message: what === undefined ? t.message : `${what}: ${t.message}` });
    return 0;
  }
  if (t.seconds > MAX_UINT40) {
    c.addIssue({ code: "custom", message: `${v} is above the vault's uint40 time limit ${MAX_UINT40}` });
  }
  return t.seconds;
}

const rowSchema = z.object({
  beneficiary: addressField,
  amount: z.string().transform((v, c) => amount(v, c)),
  category: z.string().transform((v, c) => {
    const byName = CATEGORY_NAMES.indexOf(v.toLowerCase() as (typeof CATEGORY_NAMES)[number]);
    const idx = byName >= 0 ? byName : /^\d+$/.test(v) ? Number(v) : -1;
    if (idx < 0) c.addIssue({ code: "custom", message: `unknown category "${v}" (${CATEGORY_NAMES.join(", ")})` });
    return idx;
  }),
  start: z.string().transform((v, c) => instant(v, c)),
  cliff: z.string().transform((v, c) => span(v, c, "12m")),
  duration: z.string().transform((v, c) => span(v, c, "24m")),
  tranches: z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v.trim() === "") return [] as Tranche[];
      const out: Tranche[] = [];
      const parts = v.split(";");
      for (const [i, part] of parts.entries()) {
        const [d, a, extra] = part.split("=");
        if (d === undefined || a === undefined || extra !== undefined) {
          c.addIssue({ code: "custom", message: `tranche ${i + 1} "${part}" is not date=amount` });
          return out;
        }
        const time = instant(d.trim(), c, `tranche ${i + 1} date`);
        const amt = amount(a.trim(), c, `tranche ${i + 1} amount`);
        out.push({ time, amount: amt });
      }
      return out;
    }),
});

/** Deterministic salt of a row: its content plus its occurrence among identical rows. */
export function rowSalt(r: Omit<AllocationRow, "salt" | "line">, occurrence: number): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "uint256", "uint8", "uint256", "uint256", "uint256", "uint256[]", "uint256[]", "uint256"],
      [
        r.beneficiary,
        r.amount,
        r.category,
        r.start,
        r.cliff,
        r.duration,
        r.tranches.map((t) => t.time),
        r.tranches.map((t) => t.amount),
        occurrence,
      ],
    ),
  );
}

/** The id the vault gives a schedule created directly by `creator` with `salt`. */
export function directScheduleId(creator: string, salt: string): bigint {
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [0, creator, salt])));
}

/**
 * Parses and validates EVERY row (header: beneficiary,amount,category,start,cliff,duration[,tranches],
 * in any order) against the vault's policies and widths and, when `nowSeconds` is given, the current
 * time; returns all rows or all errors, never half. (The task checks the time only for rows not yet
 * on chain, so a re-run after a schedule has started still finds it and skips it.)
 */
export function parseAllocations(
  text: string,
  policies: Policy[],
  nowSeconds?: number,
): { rows: AllocationRow[]; errors: RowError[] } {
  const read = readCsvRecords(text, ALLOCATION_COLUMNS);
  const errors: RowError[] = [...read.problems];
  const rows: AllocationRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of read.records) {
    const parsed = rowSchema.safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, field: String(issue.path[0] ?? "(row)"), message: issue.message });
      continue;
    }
    const r = parsed.data;
    const bad = (field: string, message: string) => errors.push({ line, field, message });
    const policy = policies[r.category];
    let cliffS = r.cliff;
    let durationS = r.duration;
    if (r.tranches.length > 0) {
      const sum = r.tranches.reduce((a, t) => a + t.amount, 0n);
      if (sum !== r.amount) bad("tranches", `tranches sum to ${sum} wei, amount is ${r.amount}`);
      if (r.tranches.some((t, i) => (i === 0 ? t.time < r.start : t.time <= r.tranches[i - 1].time)))
        bad("tranches", "times must ascend and not precede start");
      if (r.tranches.length > MAX_TRANCHES) bad("tranches", `more than ${MAX_TRANCHES} tranches`);
      cliffS = r.tranches[0].time - r.start;
      durationS = r.tranches[r.tranches.length - 1].time - r.start;
      // The vault stores the first tranche's offset as a uint32 cliff.
      if (cliffS > MAX_UINT32) bad("tranches", `first tranche ${cliffS} s after start, above the vault's uint32 limit`);
    } else if (r.start + r.duration > MAX_UINT40) {
      bad("duration", `start + duration = ${r.start + r.duration}, above the vault's uint40 time limit ${MAX_UINT40}`);
    }
    if (r.tranches.length === 0 && durationS === 0) bad("duration", "must be > 0");
    if (policy === undefined) bad("category", `category ${r.category} does not exist in the vault`);
    else {
      if (cliffS < policy.minCliff) bad("cliff", `cliff ${cliffS}s below the category's minimum ${policy.minCliff}s`);
      if (durationS < policy.minDuration)
        bad("duration", `duration ${durationS}s below the category's minimum ${policy.minDuration}s`);
    }
    if (cliffS > durationS) bad("cliff", "cliff beyond the end");
    if (nowSeconds !== undefined && r.start < nowSeconds)
      bad("start", `start ${r.start} is in the past (now ${nowSeconds})`);
    const key = JSON.stringify([
      r.beneficiary,
      r.amount.toString(),
      r.category,
      r.start,
      cliffS,
      durationS,
      r.tranches.map((t) => [t.time, t.amount.toString()]),
    ]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const base = {
      beneficiary: r.beneficiary,
      amount: r.amount,
      category: r.category,
      start: r.start,
      cliff: cliffS,
      duration: durationS,
      tranches: r.tranches,
    };
    rows.push({ line, ...base, salt: rowSalt(base, occurrence) });
  }
  if (errors.length === 0 && rows.length === 0) {
    errors.push({ line: read.headerLine, field: "(file)", message: "no data rows" });
  }
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}
