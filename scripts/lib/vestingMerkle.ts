import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, concat, getAddress, isAddress, isHexString, keccak256 } from "ethers";
import { z } from "zod";
import type { AllocationRow, RowError } from "./vestingCsv";

/**
 * Leaf encoding of the vault's `merkleLeaf(index, Terms)`: the row's index first, so identical rows
 * are distinct leaves (and distinct schedules), then the Terms fields.
 */
export const LEAF_TYPES = ["uint256", "address", "uint112", "uint8", "uint40", "uint32", "uint32"] as const;
/** Names of the leaf's fields, in LEAF_TYPES order. */
export const LEAF_FIELDS = ["index", "beneficiary", "amount", "category", "start", "cliff", "duration"] as const;
/** Identifies the Merkle file format (bump on any change a reader must know about). */
export const MERKLE_FILE_FORMAT = "counterweight/vesting-merkle/2";
/** Default `--fund-margin`: 3 days (see checkFundingWindow). */
export { DEFAULT_FUND_MARGIN } from "./vestingLimits";

/** One claimable leaf: what `claimFromMerkle(allocationId, index, terms, proof)` takes. */
export interface MerkleEntry {
  /** The leaf's index: its row among the file's data rows, from 0. */
  index: number;
  /** The CSV line it came from (1 = header). */
  line: number;
  beneficiary: string;
  /** Wei, as a decimal string. */
  amount: string;
  category: number;
  /** Unix seconds. */
  start: number;
  /** Seconds after start. */
  cliff: number;
  /** Seconds after start. */
  duration: number;
  /** The leaf hash (`merkleLeaf(index, terms)`). */
  leaf: string;
  proof: string[];
}

/** The file `vesting:create --merkle` writes: everything needed to fund the allocation and claim each leaf. */
export interface MerkleFile {
  format: typeof MERKLE_FILE_FORMAT;
  /** The vault the rows were validated against, and its chain. */
  vault: string;
  chainId: number;
  root: string;
  /** Sum of the leaves, in wei (decimal string): `createMerkleAllocation`'s `total`. */
  total: string;
  leaves: number;
  /** Earliest start among the leaves (unix seconds). */
  earliestStart: number;
  /** Seconds between `fundBefore` and `earliestStart`. */
  fundMargin: number;
  /** `createMerkleAllocation`'s `fundBefore`: the allocation must be funded at or before this time. */
  fundBefore: number;
  leafEncoding: string[];
  leafFields: string[];
  /** Every leaf, in index order. */
  entries: MerkleEntry[];
}

export interface MerkleOptions {
  vault: string;
  chainId: number;
  fundMargin: number;
}

/**
 * Rows whose start is too close to `now`: the allocation must be funded by earliest start − margin
 * (`fundBefore`), and at least one more margin must be left to fund it, so every start must be
 * at or after now + 2 × margin.
 */
export function checkFundingWindow(rows: readonly AllocationRow[], now: number, fundMargin: number): RowError[] {
  const earliest = now + 2 * fundMargin;
  return rows
    .filter((r) => r.start < earliest)
    .map((r) => ({
      line: r.line,
      field: "start",
      message:
        `start ${r.start} is too close to now (${now}): funding must land by start − fund margin ` +
        `(${fundMargin} s) with at least that margin left to fund, so the earliest start is ${earliest}`,
    }));
}

/** Builds the Merkle file of cliff + linear rows (tranche rows cannot go through the Merkle path). */
export function buildMerkle(rows: readonly AllocationRow[], opts: MerkleOptions): MerkleFile {
  const withTranches = rows.filter((r) => r.tranches.length > 0);
  if (withTranches.length > 0) {
    throw new Error(`tranche rows cannot use the Merkle path (lines ${withTranches.map((r) => r.line).join(", ")})`);
  }
  if (rows.length === 0) throw new Error("no rows");
  if (!Number.isSafeInteger(opts.fundMargin) || opts.fundMargin < 0) {
    throw new Error(`fund margin must be a whole number of seconds ≥ 0 (got ${opts.fundMargin})`);
  }
  const values = rows.map((r, i) => [i, r.beneficiary, r.amount, r.category, r.start, r.cliff, r.duration]);
  const tree = StandardMerkleTree.of(values, [...LEAF_TYPES]);
  const entries: MerkleEntry[] = [];
  for (const [i, v] of tree.entries()) {
    const r = rows[i];
    entries.push({
      index: i,
      line: r.line,
      beneficiary: r.beneficiary,
      amount: r.amount.toString(),
      category: r.category,
      start: r.start,
      cliff: r.cliff,
      duration: r.duration,
      leaf: tree.leafHash(v),
      proof: tree.getProof(i),
    });
  }
  entries.sort((a, b) => a.index - b.index);
  const total = rows.reduce((a, r) => a + r.amount, 0n);
  const earliestStart = Math.min(...rows.map((r) => r.start));
  return {
    format: MERKLE_FILE_FORMAT,
    vault: getAddress(opts.vault),
    chainId: opts.chainId,
    root: tree.root,
    total: total.toString(),
    leaves: rows.length,
    earliestStart,
    fundMargin: opts.fundMargin,
    fundBefore: earliestStart - opts.fundMargin,
    leafEncoding: [...LEAF_TYPES],
    leafFields: [...LEAF_FIELDS],
    entries,
  };
}

/** The leaf hash of an entry, as the vault's `merkleLeaf(index, terms)` computes it. */
export function leafHash(e: Omit<MerkleEntry, "leaf" | "proof" | "line">): string {
  const value = [e.index, e.beneficiary, e.amount, e.category, e.start, e.cliff, e.duration];
  return keccak256(concat([keccak256(AbiCoder.defaultAbiCoder().encode([...LEAF_TYPES], value))]));
}

/** The id of the schedule a claim of `leaf` from allocation `allocationId` creates (`merkleScheduleId`). */
export function merkleScheduleId(allocationId: bigint, leaf: string): bigint {
  return BigInt(
    keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256", "bytes32"], [1, allocationId, leaf])),
  );
}

/** The vault's Terms struct of an entry. */
export function entryTerms(e: MerkleEntry): {
  beneficiary: string;
  amount: bigint;
  category: number;
  start: number;
  cliff: number;
  duration: number;
} {
  return {
    beneficiary: e.beneficiary,
    amount: BigInt(e.amount),
    category: e.category,
    start: e.start,
    cliff: e.cliff,
    duration: e.duration,
  };
}

const hash32 = z.string().refine((s) => isHexString(s, 32), "expected 0x + 64 hex digits");
const seconds = z.number().int().nonnegative();
const entrySchema = z
  .object({
    index: seconds,
    line: z.number().int().positive(),
    beneficiary: z.string().refine((s) => isAddress(s), "not an address"),
    amount: z.string().regex(/^[0-9]+$/, "expected wei as a decimal string"),
    category: z.number().int().min(0).max(255),
    start: seconds,
    cliff: seconds,
    duration: seconds,
    leaf: hash32,
    proof: z.array(hash32),
  })
  .strict();
const fileSchema = z
  .object({
    format: z.literal(MERKLE_FILE_FORMAT),
    vault: z.string().refine((s) => isAddress(s), "not an address"),
    chainId: z.number().int().positive(),
    root: hash32,
    total: z.string().regex(/^[0-9]+$/, "expected wei as a decimal string"),
    leaves: seconds,
    earliestStart: seconds,
    fundMargin: seconds,
    fundBefore: z.number().int(),
    leafEncoding: z.array(z.string()),
    leafFields: z.array(z.string()),
    entries: z.array(entrySchema),
  })
  .strict();

/**
 * Reads a Merkle file and checks it is whole: the format, each entry's index, leaf hash and proof
 * against the root, the leaf count, the total and the funding time. Throws naming what is wrong.
 */
export function parseMerkleFile(text: string, name = "Merkle file"): MerkleFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${(e as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new Error(`${name}: ${issues.join("; ")}`);
  }
  const f = parsed.data as MerkleFile;
  if (f.leafEncoding.join(",") !== LEAF_TYPES.join(",")) throw new Error(`${name}: leafEncoding is not ${LEAF_TYPES}`);
  if (f.entries.length !== f.leaves) throw new Error(`${name}: ${f.entries.length} entries, leaves says ${f.leaves}`);
  let total = 0n;
  for (const [i, e] of f.entries.entries()) {
    if (e.index !== i) throw new Error(`${name}: entries[${i}] has index ${e.index}`);
    if (leafHash(e) !== e.leaf)
      throw new Error(`${name}: entries[${i}] (line ${e.line}): leaf does not match its fields`);
    const value = [e.index, e.beneficiary, e.amount, e.category, e.start, e.cliff, e.duration];
    if (!StandardMerkleTree.verify(f.root, [...LEAF_TYPES], value, e.proof)) {
      throw new Error(`${name}: entries[${i}] (line ${e.line}) does not prove against the root`);
    }
    total += BigInt(e.amount);
  }
  if (total.toString() !== f.total) throw new Error(`${name}: entries sum to ${total}, total says ${f.total}`);
  const earliest = Math.min(...f.entries.map((e) => e.start));
  if (f.earliestStart !== earliest || f.fundBefore !== earliest - f.fundMargin) {
    throw new Error(`${name}: earliestStart/fundBefore do not match the entries`);
  }
  return f;
}
