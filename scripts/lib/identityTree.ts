import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, toBeHex, zeroPadValue, isHexString } from "ethers";
import { z } from "zod";
import { addressField } from "./fields";

/** Leaf encoding the IdentityRegistry verifies: keccak256(bytes.concat(keccak256(abi.encode(humanId, account)))). */
export const IDENTITY_LEAF = ["bytes32", "address"] as const;

/** A human identifier: 0x + 64 hex digits, or a decimal integer (left-padded to bytes32). */
export const humanIdField = z
  .string()
  .refine((s) => (isHexString(s, 32) || /^[0-9]+$/.test(s)) && s !== "", {
    message: "expected a bytes32 (0x + 64 hex digits) or a decimal integer",
  })
  .refine((s) => !/^[0-9]+$/.test(s) || BigInt(s) < 2n ** 256n, { message: "does not fit in 32 bytes" })
  .transform((s) => (s.startsWith("0x") ? s.toLowerCase() : zeroPadValue(toBeHex(BigInt(s)), 32)));

export const identityRowSchema = z.object({ humanId: humanIdField, account: addressField }).strict();

/** The proofs file users register with: per account, its humanId and Merkle proof. */
export interface ProofsFile {
  root: string;
  leafEncoding: readonly string[];
  count: number;
  entries: Record<string, { humanId: string; proof: string[] }>;
}

export function buildIdentityTree(rows: readonly { humanId: string; account: string }[]): ProofsFile {
  const tree = StandardMerkleTree.of(
    rows.map((r) => [r.humanId, r.account]),
    [...IDENTITY_LEAF],
  );
  const entries: ProofsFile["entries"] = {};
  for (const [i, [humanId, account]] of tree.entries()) {
    entries[getAddress(account as string)] = { humanId: humanId as string, proof: tree.getProof(i) };
  }
  return { root: tree.root, leafEncoding: [...IDENTITY_LEAF], count: rows.length, entries };
}
