import type { ContractTransaction } from "ethers";
import type { EIP1193Provider } from "hardhat/types";

/** Gas limit given to batched transactions, so the node does not estimate each one. */
export const BATCH_GAS = 400_000n;

/** Priority fee given to batched transactions (what Hardhat's automatic fee suggests on a quiet local chain). */
export const BATCH_PRIORITY_FEE = 1_000_000_000n;

const hex = (n: bigint) => "0x" + n.toString(16);

/**
 * The EIP-1559 fee fields of a chunk, from the latest block's base fee: without them Hardhat's
 * provider asks the node for `eth_feeHistory` before every transaction. The cap is twice the base
 * fee plus the tip, so it stays above the base fee for the whole chunk (a block of one batched
 * transaction is far below the gas target, so the base fee only falls). On a chain without a base
 * fee (before London) nothing is set and the provider chooses as before.
 */
async function chunkFees(provider: Requester): Promise<Record<string, string>> {
  const block = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    baseFeePerGas?: string;
  } | null;
  if (block?.baseFeePerGas === undefined) return {};
  const base = BigInt(block.baseFeePerGas);
  return { maxFeePerGas: hex(2n * base + BATCH_PRIORITY_FEE), maxPriorityFeePerGas: hex(BATCH_PRIORITY_FEE) };
}

/** One transaction of a batch: who sends it and what (e.g. `token.delegate.populateTransaction(x)`). */
export interface PlannedTx {
  readonly from: { readonly address: string };
  readonly tx: ContractTransaction | Promise<ContractTransaction>;
}

/** The parts of a JSON-RPC receipt that batch callers read. */
export interface BatchReceipt {
  status: string;
  transactionHash: string;
  logs: readonly { topics: readonly string[]; data: string }[];
}

/** What `sendAll` needs of a provider: the EIP-1193 `request`. */
export type Requester = Pick<EIP1193Provider, "request">;

/**
 * Sends independent transactions from unlocked (impersonated) accounts and waits for every
 * receipt; throws if any reverted. Gas limit and fees are given (`BATCH_GAS`, `chunkFees`), so the
 * node neither estimates nor suggests them per transaction. The calls are prepared concurrently, then every
 * `eth_sendTransaction` of a chunk is issued in list order without waiting in between, so the
 * chain (whose clock middleware queues requests in issue order) mines them in exactly that order,
 * one block each when automine is on: the same plan gives the same blocks, logs and sums on every
 * run. Only batch transactions that do not depend on each other's results.
 *
 * @returns the receipts, in plan order.
 */
export async function sendAll(
  provider: Requester,
  planned: readonly PlannedTx[],
  chunk = 128,
  onDone?: (n: number) => void,
): Promise<BatchReceipt[]> {
  const out: BatchReceipt[] = [];
  const gas = hex(BATCH_GAS);
  for (let i = 0; i < planned.length; i += chunk) {
    const part = planned.slice(i, i + chunk);
    const [txs, fees] = await Promise.all([Promise.all(part.map((p) => p.tx)), chunkFees(provider)]);
    // Issued synchronously, in order: the request order is the mining order.
    const pending = txs.map(
      (t, j) =>
        provider.request({
          method: "eth_sendTransaction",
          params: [
            {
              from: part[j].from.address,
              to: t.to,
              data: t.data,
              gas,
              ...fees,
              ...(t.value !== undefined && t.value !== 0n ? { value: "0x" + t.value.toString(16) } : {}),
            },
          ],
        }) as Promise<string>,
    );
    // Wait for every request before failing, so no send of this chunk is still in flight.
    const settled = await Promise.allSettled(pending);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const hashes = settled.map((s) => (s as PromiseFulfilledResult<string>).value);
    const receipts = (await Promise.all(
      hashes.map((h) => provider.request({ method: "eth_getTransactionReceipt", params: [h] })),
    )) as (BatchReceipt | null)[];
    receipts.forEach((r, j) => {
      if (r === null) throw new Error(`sendAll: transaction ${hashes[j]} (batch item ${i + j}) was not mined`);
      if (r.status !== "0x1") throw new Error(`sendAll: transaction ${hashes[j]} (batch item ${i + j}) reverted`);
      out.push(r);
    });
    onDone?.(part.length);
  }
  return out;
}
