import fs from "node:fs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { z } from "zod";
import { addressField } from "./fields";
import { formatProblems } from "./inputErrors";
import { IDENTITY_LEAF, type ProofsFile } from "./identityTree";
import { TaskError } from "./inputErrors";

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, { message: "expected a bytes32 (0x + 64 hex digits)" });

const proofsSchema = z
  .object({
    root: bytes32,
    leafEncoding: z.array(z.string()),
    count: z.number().int().nonnegative(),
    entries: z.record(z.string(), z.object({ humanId: bytes32, proof: z.array(bytes32) }).strict()),
  })
  .strict();

/** Reads the proofs file `identity:merkle` writes; every problem named with its field. */
export function readProofsFile(file: string): ProofsFile {
  if (!fs.existsSync(file)) throw new TaskError(`file not found: ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TaskError(
      formatProblems(file, [{ line: 0, field: "(file)", message: `not JSON: ${(e as Error).message}` }]),
    );
  }
  const parsed = proofsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      line: 0,
      field: i.path.map(String).join(".") || "(file)",
      message: i.message,
    }));
    throw new TaskError(formatProblems(file, problems));
  }
  if (parsed.data.leafEncoding.join(",") !== IDENTITY_LEAF.join(",")) {
    throw new TaskError(
      formatProblems(file, [
        {
          line: 0,
          field: "leafEncoding",
          message: `expected ${IDENTITY_LEAF.join(",")} (write it with identity:merkle)`,
        },
      ]),
    );
  }
  const entries: ProofsFile["entries"] = {};
  for (const [account, e] of Object.entries(parsed.data.entries)) {
    const a = addressField.safeParse(account);
    if (!a.success) {
      throw new TaskError(
        formatProblems(file, [{ line: 0, field: `entries.${account}`, message: a.error.issues[0].message }]),
      );
    }
    entries[a.data] = { humanId: e.humanId.toLowerCase(), proof: e.proof };
  }
  return { ...parsed.data, entries };
}

/** Whether `proof` proves the leaf (humanId, account) against `root`, as the registry checks it. */
export function verifyIdentityProof(root: string, humanId: string, account: string, proof: string[]): boolean {
  return StandardMerkleTree.verify(root, [...IDENTITY_LEAF], [humanId, account], proof);
}
