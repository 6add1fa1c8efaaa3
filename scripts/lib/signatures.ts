import fs from "node:fs";
import { verifyTypedData, type TypedDataDomain, type TypedDataField } from "ethers";
import { z } from "zod";
import { addressField, hexBytesField, uintField } from "./fields";
import { formatProblems, type InputProblem } from "./inputErrors";
import { arrayObjectLines } from "./jsonLines";
import { TaskError } from "./inputErrors";
import { SUPPORT_NAMES } from "./voteSupport";

/** Identifies a signatures file written by `gov:vote --sign-only` / `token:delegate --sign-only`. */
export const SIGNATURES_FORMAT = "counterweight-signatures/1";

/** OZ 5 Governor ballot (castVoteBySig) and extended ballot (castVoteWithReasonAndParamsBySig). */
export const BALLOT_TYPES: Record<string, TypedDataField[]> = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};
export const EXTENDED_BALLOT_TYPES: Record<string, TypedDataField[]> = {
  ExtendedBallot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "reason", type: "string" },
    { name: "params", type: "bytes" },
  ],
};
/** OZ 5 Votes.delegateBySig. */
export const DELEGATION_TYPES: Record<string, TypedDataField[]> = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

const signatureField = hexBytesField.refine((s) => s.length === 132, { message: "expected a 65-byte signature" });

export const voteSignatureSchema = z
  .object({
    kind: z.literal("vote"),
    chainId: uintField,
    governor: addressField,
    proposalId: uintField,
    support: z.enum(SUPPORT_NAMES),
    voter: addressField,
    nonce: uintField,
    reason: z.string().default(""),
    signature: signatureField,
  })
  .strict();

export const delegationSignatureSchema = z
  .object({
    kind: z.literal("delegation"),
    chainId: uintField,
    token: addressField,
    delegator: addressField,
    delegatee: addressField,
    nonce: uintField,
    expiry: uintField,
    signature: signatureField,
  })
  .strict();

export const signatureSchema = z.discriminatedUnion("kind", [voteSignatureSchema, delegationSignatureSchema]);
export type VoteSignature = z.output<typeof voteSignatureSchema>;
export type DelegationSignature = z.output<typeof delegationSignatureSchema>;
export type SignedMessage = z.output<typeof signatureSchema>;

/** A signature and the line of the file its entry starts on. */
export interface SignatureEntry {
  line: number;
  value: SignedMessage;
}

const fileSchema = z.object({ format: z.literal(SIGNATURES_FORMAT), signatures: z.array(z.unknown()) }).strict();

/** Parses and validates a signatures file's text; every bad entry is reported with its line and field. */
export function parseSignatures(text: string, source: string): SignatureEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new TaskError(
      formatProblems(source, [{ line: 0, field: "(file)", message: `not JSON: ${(e as Error).message}` }]),
    );
  }
  const top = fileSchema.safeParse(raw);
  if (!top.success) {
    const problems = top.error.issues.map((i) => ({
      line: 0,
      field: i.path.map(String).join(".") || "(file)",
      message: i.message,
    }));
    throw new TaskError(formatProblems(source, problems));
  }
  const lines = arrayObjectLines(text);
  const problems: InputProblem[] = [];
  const entries: SignatureEntry[] = [];
  top.data.signatures.forEach((item, i) => {
    const line = lines[i] ?? 0;
    const parsed = signatureSchema.safeParse(item);
    if (parsed.success) {
      entries.push({ line, value: parsed.data });
    } else {
      for (const issue of parsed.error.issues) {
        problems.push({ line, field: `signatures[${i}].${issue.path.map(String).join(".")}`, message: issue.message });
      }
    }
  });
  if (problems.length > 0) throw new TaskError(formatProblems(source, problems));
  return entries;
}

/** Reads a signatures file; a missing one is "file not found: PATH". */
export function readSignatures(file: string): SignatureEntry[] {
  if (!fs.existsSync(file)) throw new TaskError(`file not found: ${file}`);
  return parseSignatures(fs.readFileSync(file, "utf8"), file);
}

function toJson(m: SignedMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : String(v)]));
}

/** The file text: one entry per line, so a problem's line number points at its entry. */
export function renderSignatures(messages: readonly SignedMessage[]): string {
  const body = messages.map((m) => `    ${JSON.stringify(toJson(m))}`).join(",\n");
  return `{\n  "format": "${SIGNATURES_FORMAT}",\n  "signatures": [${messages.length === 0 ? "" : `\n${body}\n  `}]\n}\n`;
}

/** Appends signatures to a file (created when absent); entries already in it are kept as they are. */
export function appendSignatures(file: string, messages: readonly SignedMessage[]): void {
  const existing = fs.existsSync(file) ? readSignatures(file).map((e) => e.value) : [];
  fs.writeFileSync(file, renderSignatures([...existing, ...messages]));
}

/** The EIP-712 types and value a vote signature signs (the extended ballot when it has a reason). */
export function voteTypedData(v: Omit<VoteSignature, "kind" | "signature" | "chainId" | "governor">) {
  const support = SUPPORT_NAMES.indexOf(v.support);
  return v.reason === ""
    ? { types: BALLOT_TYPES, value: { proposalId: v.proposalId, support, voter: v.voter, nonce: v.nonce } }
    : {
        types: EXTENDED_BALLOT_TYPES,
        value: { proposalId: v.proposalId, support, voter: v.voter, nonce: v.nonce, reason: v.reason, params: "0x" },
      };
}

export function delegationTypedData(d: Pick<DelegationSignature, "delegatee" | "nonce" | "expiry">) {
  return { types: DELEGATION_TYPES, value: { delegatee: d.delegatee, nonce: d.nonce, expiry: d.expiry } };
}

/** The address that signed an entry under `domain` (compare with its voter or delegator). */
export function recoverSigner(m: SignedMessage, domain: TypedDataDomain): string {
  const { types, value } = m.kind === "vote" ? voteTypedData(m) : delegationTypedData(m);
  return verifyTypedData(domain, types, value, m.signature);
}
