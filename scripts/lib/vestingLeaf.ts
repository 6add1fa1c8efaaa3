import fs from "node:fs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress } from "ethers";
import { TaskError } from "./inputErrors";

/**
 * The vesting Merkle leaf format, in one place: how a leaf of the file `vesting:create --merkle`
 * writes becomes the vault's `Terms`, how it is claimed (`claimFromMerkle`) and how an allocation
 * is funded (`createMerkleAllocation`). A change of the leaf or of those calls changes only this
 * module.
 */

/** The vault's `Terms` struct, field by field. */
export interface LeafTerms {
  beneficiary: string;
  amount: bigint;
  category: number;
  start: bigint;
  cliff: bigint;
  duration: bigint;
}

/** One leaf of the tree: its position, terms, proof and leaf hash. */
export interface VestingLeaf {
  index: number;
  terms: LeafTerms;
  proof: string[];
  hash: string;
}

export interface VestingMerkle {
  root: string;
  total: bigint;
  leaves: VestingLeaf[];
}

interface MerkleFileJson {
  root?: unknown;
  total?: unknown;
  tree?: unknown;
}

/** Reads and checks a vesting Merkle file: the dumped tree must rebuild to the root the file states. */
export function readVestingMerkle(file: string): VestingMerkle {
  if (!fs.existsSync(file)) throw new TaskError(`file not found: ${file}`);
  let raw: MerkleFileJson;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as MerkleFileJson;
  } catch (e) {
    throw new TaskError(`${file} (file): not JSON: ${(e as Error).message}`);
  }
  if (typeof raw.root !== "string" || typeof raw.total !== "string" || !/^[0-9]+$/.test(raw.total)) {
    throw new TaskError(`${file} root/total: not a vesting Merkle file (write it with vesting:create --merkle)`);
  }
  let tree: StandardMerkleTree<unknown[]>;
  try {
    tree = StandardMerkleTree.load(raw.tree as Parameters<typeof StandardMerkleTree.load>[0]);
    tree.validate();
  } catch (e) {
    throw new TaskError(`${file} tree: not a valid Merkle tree dump: ${(e as Error).message}`);
  }
  if (tree.root !== raw.root) {
    throw new TaskError(`${file} root: the file says ${raw.root} but its tree rebuilds to ${tree.root}`);
  }
  const leaves: VestingLeaf[] = [];
  let sum = 0n;
  for (const [index, v] of tree.entries()) {
    const [beneficiary, amount, category, start, cliff, duration] = v as [
      string,
      string,
      number,
      number,
      number,
      number,
    ];
    const terms: LeafTerms = {
      beneficiary: getAddress(beneficiary),
      amount: BigInt(amount),
      category: Number(category),
      start: BigInt(start),
      cliff: BigInt(cliff),
      duration: BigInt(duration),
    };
    sum += terms.amount;
    leaves.push({ index, terms, proof: tree.getProof(index), hash: tree.leafHash(v) });
  }
  if (sum !== BigInt(raw.total)) {
    throw new TaskError(`${file} total: the file says ${raw.total} wei but its leaves sum to ${sum}`);
  }
  return { root: tree.root, total: sum, leaves };
}

/** Arguments of `VestingVault.claimFromMerkle` for one leaf. */
export function claimArgs(allocationId: bigint, leaf: VestingLeaf): [bigint, LeafTerms, string[]] {
  return [allocationId, leaf.terms, leaf.proof];
}

/** Arguments of `VestingVault.createMerkleAllocation` funding the whole tree. */
export function fundArgs(m: VestingMerkle, deadline: bigint): [string, bigint, bigint] {
  return [m.root, m.total, deadline];
}
