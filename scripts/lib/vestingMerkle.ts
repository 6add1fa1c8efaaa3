import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { AllocationRow } from "./vestingCsv";

/** Leaf encoding of the vault's `merkleLeaf(Terms)`: (beneficiary, amount, category, start, cliff, duration). */
export const LEAF_TYPES = ["address", "uint112", "uint8", "uint40", "uint32", "uint32"];

export interface MerkleFile {
  root: string;
  total: string;
  leaves: number;
  tree: ReturnType<StandardMerkleTree<unknown[]>["dump"]>;
}

/** Builds the StandardMerkleTree of cliff + linear rows (tranche rows cannot go through the Merkle path). */
export function buildMerkle(rows: AllocationRow[]): MerkleFile {
  const withTranches = rows.filter((r) => r.tranches.length > 0);
  if (withTranches.length > 0) {
    throw new Error(`tranche rows cannot use the Merkle path (lines ${withTranches.map((r) => r.line).join(", ")})`);
  }
  if (rows.length === 0) throw new Error("no rows");
  const values = rows.map((r) => [r.beneficiary, r.amount.toString(), r.category, r.start, r.cliff, r.duration]);
  const tree = StandardMerkleTree.of(values, LEAF_TYPES);
  const total = rows.reduce((a, r) => a + r.amount, 0n);
  return { root: tree.root, total: total.toString(), leaves: rows.length, tree: tree.dump() };
}
