import type { ContractTransactionResponse } from "ethers";

/** Gas limit given to batched transactions, so the node does not estimate each one. */
export const BATCH_GAS = 400_000n;

/**
 * Sends transactions in concurrent chunks (each still mined in its own block when automine is on)
 * and waits for every receipt; throws if any reverted. Order inside a chunk is not guaranteed, so
 * only batch transactions that do not depend on each other.
 */
export async function sendAll(
  txs: readonly (() => Promise<ContractTransactionResponse>)[],
  chunk = 64,
  onDone?: (n: number) => void,
): Promise<void> {
  for (let i = 0; i < txs.length; i += chunk) {
    const sent = await Promise.all(txs.slice(i, i + chunk).map((f) => f()));
    await Promise.all(sent.map((t) => t.wait()));
    onDone?.(sent.length);
  }
}
