import { z } from "zod";
import { AbiCoder, getAddress, isAddress, keccak256, parseUnits } from "ethers";

/** Category names accepted in the CSV, by vault category index. */
export const CATEGORY_NAMES = ["investor", "team", "advisor"] as const;
const MONTH = 30 * 24 * 60 * 60;
const DAY = 24 * 60 * 60;
const MAX112 = 2n ** 112n - 1n;

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

export interface RowError {
  line: number;
  field: string;
  message: string;
}

/** "2026-01-01", an ISO date-time, or unix seconds. */
function parseTime(v: string): number | undefined {
  if (/^\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** "12m" (30-day months), "90d", or seconds. */
function parseSpan(v: string): number | undefined {
  const m = /^(\d+)([md]?)$/.exec(v);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return m[2] === "m" ? n * MONTH : m[2] === "d" ? n * DAY : n;
}

function parseAmount(v: string): bigint | undefined {
  if (!/^\d+(\.\d{1,18})?$/.test(v)) return undefined;
  return parseUnits(v, 18);
}

const rowSchema = z.object({
  beneficiary: z
    .string()
    .refine((v) => isAddress(v), "not an address")
    .refine((v) => !/^0x0{40}$/i.test(v), "zero address")
    .transform((v) => getAddress(v)),
  amount: z
    .string()
    .transform((v, c) => {
      const a = parseAmount(v);
      if (a === undefined) c.addIssue({ code: "custom", message: "not a decimal token amount" });
      return a ?? 0n;
    })
    .refine((a) => a > 0n, "must be > 0")
    .refine((a) => a <= MAX112, "above 2^112 - 1 wei"),
  category: z.string().transform((v, c) => {
    const byName = CATEGORY_NAMES.indexOf(v.toLowerCase() as (typeof CATEGORY_NAMES)[number]);
    const idx = byName >= 0 ? byName : /^\d+$/.test(v) ? Number(v) : -1;
    if (idx < 0) c.addIssue({ code: "custom", message: `unknown category (${CATEGORY_NAMES.join(", ")})` });
    return idx;
  }),
  start: z.string().transform((v, c) => {
    const t = parseTime(v);
    if (t === undefined) c.addIssue({ code: "custom", message: "not a date or unix time" });
    return t ?? 0;
  }),
  cliff: z.string().transform((v, c) => {
    const t = parseSpan(v);
    if (t === undefined) c.addIssue({ code: "custom", message: "not a span (e.g. 12m, 90d, seconds)" });
    return t ?? 0;
  }),
  duration: z.string().transform((v, c) => {
    const t = parseSpan(v);
    if (t === undefined) c.addIssue({ code: "custom", message: "not a span (e.g. 24m, 720d, seconds)" });
    return t ?? 0;
  }),
  tranches: z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v.trim() === "") return [] as Tranche[];
      const out: Tranche[] = [];
      for (const part of v.split(";")) {
        const [d, a] = part.split("=");
        const time = d === undefined ? undefined : parseTime(d.trim());
        const amount = a === undefined ? undefined : parseAmount(a.trim());
        if (time === undefined || amount === undefined || amount === 0n) {
          c.addIssue({ code: "custom", message: `bad tranche "${part}" (date=amount)` });
          return out;
        }
        out.push({ time, amount });
      }
      return out;
    }),
});

/** Splits CSV text into rows of cells (no quoting: addresses, numbers and dates need none). */
export function splitCsv(text: string): { line: number; cells: string[] }[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, cells: l.split(",").map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c.length > 0));
}

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
 * Parses and validates EVERY row (header first: beneficiary,amount,category,start,cliff,duration[,tranches])
 * against the vault's policies and, when `nowSeconds` is given, the current time; returns all rows or
 * all errors, never half. (The task checks the time only for rows not yet on chain, so a re-run after
 * a schedule has started still finds it and skips it.)
 */
export function parseAllocations(
  text: string,
  policies: Policy[],
  nowSeconds?: number,
): { rows: AllocationRow[]; errors: RowError[] } {
  const all = splitCsv(text);
  const errors: RowError[] = [];
  const rows: AllocationRow[] = [];
  const header = all.shift();
  const expected = ["beneficiary", "amount", "category", "start", "cliff", "duration"];
  if (header === undefined || expected.some((h, i) => header.cells[i]?.toLowerCase() !== h)) {
    return {
      rows,
      errors: [{ line: header?.line ?? 1, field: "header", message: `expected ${expected.join(",")}[,tranches]` }],
    };
  }
  const seen = new Map<string, number>();
  for (const { line, cells } of all) {
    const [beneficiary, amount, category, start, cliff, duration, tranches] = cells;
    const parsed = rowSchema.safeParse({ beneficiary, amount, category, start, cliff, duration, tranches });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, field: String(issue.path[0] ?? "row"), message: issue.message });
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
      if (r.tranches.length > 48) bad("tranches", "more than 48 tranches");
      cliffS = r.tranches[0].time - r.start;
      durationS = r.tranches[r.tranches.length - 1].time - r.start;
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
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}

/** Human report of the errors, one line each. */
export function formatErrors(errors: RowError[]): string {
  return errors.map((e) => `line ${e.line}, ${e.field}: ${e.message}`).join("\n");
}
