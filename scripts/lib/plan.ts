import type { Signer, TransactionReceipt } from "ethers";
import { TaskError } from "./inputErrors";

/** One transaction an operator task intends to send. */
export interface PlannedCall {
  /** Human label, e.g. "IdentityRegistry.setMerkleRoot". */
  label: string;
  to: string;
  value: bigint;
  data: string;
  /** Decoded arguments, for printing only. */
  args: readonly unknown[];
  /** What the call does in people's units ("move 1,000 CWT to the farm"), printed under it. */
  note?: string;
}

function show(v: unknown): string {
  if (typeof v === "bigint") {
    return v.toString();
  }
  if (Array.isArray(v)) {
    return `[${v.map(show).join(", ")}]`;
  }
  return typeof v === "string" ? v : JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}

/** Renders a plan as the text a dry run prints: one numbered block per transaction. */
export function describePlan(calls: readonly PlannedCall[]): string {
  if (calls.length === 0) {
    return "nothing to send: on-chain state already matches the input";
  }
  return calls
    .map(
      (c, i) =>
        `#${i + 1} ${c.label}(${c.args.map(show).join(", ")})${c.note === undefined ? "" : `\n   = ${c.note}`}` +
        `\n   to ${c.to}  value ${c.value.toString()}\n   data ${c.data}`,
    )
    .join("\n");
}

/**
 * Prints the plan; on a dry run stops there, otherwise sends the calls one by one, waiting for each
 * receipt so a failure stops the batch where it is (the next run resumes from on-chain state).
 */
export async function runPlan(
  calls: readonly PlannedCall[],
  opts: { dryRun: boolean; signer: Signer; log?: (line: string) => void },
): Promise<TransactionReceipt[]> {
  const log = opts.log ?? console.log;
  log(opts.dryRun ? `dry run, would send ${calls.length} transaction(s):` : `sending ${calls.length} transaction(s):`);
  log(describePlan(calls));
  if (opts.dryRun) {
    return [];
  }
  const receipts: TransactionReceipt[] = [];
  for (const [i, c] of calls.entries()) {
    let receipt: TransactionReceipt | null;
    try {
      const tx = await opts.signer.sendTransaction({ to: c.to, data: c.data, value: c.value });
      receipt = await tx.wait();
    } catch (e) {
      const reason = (e as { shortMessage?: string }).shortMessage ?? (e as Error).message;
      throw new TaskError(
        `#${i + 1} ${c.label} failed after ${i} of ${calls.length} transaction(s): ${reason}. ` +
          "Re-run to resume from on-chain state.",
        e as Error,
      );
    }
    if (receipt === null || receipt.status !== 1) {
      throw new TaskError(`#${i + 1} ${c.label} failed (tx ${receipt?.hash ?? "unknown"})`);
    }
    log(`#${i + 1} ${c.label} mined in block ${receipt.blockNumber} (tx ${receipt.hash})`);
    receipts.push(receipt);
  }
  return receipts;
}
