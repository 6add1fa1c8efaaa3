import type { Signer } from "ethers";
import { runPlan, type PlannedCall } from "./plan";

/** The transactions one account will send. */
export interface SignerPlan {
  signer: Signer & { address: string };
  calls: PlannedCall[];
}

/**
 * Runs the plans of several accounts, one account after the other, once every plan has been built
 * (and so validated). Prints "nothing to send" and sends nothing when every plan is empty.
 * Returns the number of transactions sent (0 on a dry run).
 */
export async function runPlans(
  plans: readonly SignerPlan[],
  opts: { dryRun: boolean; log?: (line: string) => void },
): Promise<number> {
  const log = opts.log ?? console.log;
  const todo = plans.filter((p) => p.calls.length > 0);
  if (todo.length === 0) {
    log("nothing to send: on-chain state already matches the request");
    return 0;
  }
  let sent = 0;
  for (const p of todo) {
    log(`from ${p.signer.address}:`);
    const receipts = await runPlan(p.calls, { dryRun: opts.dryRun, signer: p.signer, log });
    sent += receipts.length;
  }
  return sent;
}
