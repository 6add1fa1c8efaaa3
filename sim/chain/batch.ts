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
function chunkFees(block: LatestBlock | null): Record<string, string> {
  if (block?.baseFeePerGas === undefined) return {};
  const base = BigInt(block.baseFeePerGas);
  return { maxFeePerGas: hex(2n * base + BATCH_PRIORITY_FEE), maxPriorityFeePerGas: hex(BATCH_PRIORITY_FEE) };
}

/** The fields of the latest block a chunk reads: its number and base fee. */
interface LatestBlock {
  number: string;
  baseFeePerGas?: string;
}

async function latestBlock(provider: Requester): Promise<LatestBlock | null> {
  return (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as LatestBlock | null;
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
 * Providers whose `eth_sendTransaction` answers only once its transaction is mined and rejects it
 * when it reverts: Hardhat's in-process network with automine and `throwOnTransactionFailures` (its
 * defaults), as `hardhat simulate` runs it (sim/runner.ts registers it with `trustSendAnswers`).
 * There a receipt would only repeat what the answer said, so `sendAll` fetches none; on any other
 * provider (a node such as anvil answers as soon as the transaction is in its pool, and a reverted
 * transaction is mined with status 0) it reads every receipt.
 */
const answersWhenMined = new WeakSet<object>();

/** Marks `provider` as answering sends when mined and rejecting reverts (see above); returns the undo. */
export function trustSendAnswers(provider: object): () => void {
  answersWhenMined.add(provider);
  return () => void answersWhenMined.delete(provider);
}

/** A JSON-RPC provider with `send` (Hardhat's ethers provider, ethers' JsonRpcProvider). */
export interface JsonRpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** The provider each `requesterOver` wrapper sends through. */
const behind = new WeakMap<Requester, object>();

/**
 * `sender` as a Requester for `sendAll`, trusted whenever `sender` is (the runner trusts Hardhat's
 * ethers provider beside the network provider, so batches sent through a signer's provider skip
 * receipts too).
 */
export function requesterOver(sender: JsonRpcSender): Requester {
  const r: Requester = { request: (args) => sender.send(args.method, (args.params ?? []) as unknown[]) };
  behind.set(r, sender);
  return r;
}

function trusted(provider: Requester): boolean {
  const under = behind.get(provider);
  return answersWhenMined.has(provider) || (under !== undefined && answersWhenMined.has(under));
}

/**
 * Sends independent transactions from unlocked (impersonated) accounts; throws if any reverted.
 * Gas limit and fees are given (`BATCH_GAS`, `chunkFees`), so the node neither estimates nor
 * suggests them per transaction. The calls are prepared concurrently, then every
 * `eth_sendTransaction` of a chunk is issued in list order without waiting in between, so the
 * chain (whose clock middleware queues requests in issue order) mines them in exactly that order,
 * one block each when automine is on: the same plan gives the same blocks, logs and sums on every
 * run. Only batch transactions that do not depend on each other's results.
 *
 * On a provider registered with `trustSendAnswers` the answers are the check (each chunk also
 * checks that the chain mined at least one block per transaction, which fails if automine was
 * turned off); elsewhere every receipt is read and its status checked. `sendAllReceipts` returns
 * the receipts for callers that read logs.
 */
export async function sendAll(
  provider: Requester,
  planned: readonly PlannedTx[],
  chunk = 128,
  onDone?: (n: number) => void,
): Promise<void> {
  await sendChunks(provider, planned, chunk, onDone, trusted(provider) ? "none" : "receipts");
}

/**
 * `sendAll`, returning each transaction's hash and logs. On a provider registered with
 * `trustSendAnswers` they come from one `eth_getLogs` over the chunk's blocks (each log carries its
 * transaction's hash), elsewhere from the receipts.
 *
 * @returns the receipts, in plan order.
 */
export async function sendAllReceipts(
  provider: Requester,
  planned: readonly PlannedTx[],
  chunk = 128,
  onDone?: (n: number) => void,
): Promise<BatchReceipt[]> {
  return sendChunks(provider, planned, chunk, onDone, trusted(provider) ? "logs" : "receipts");
}

async function sendChunks(
  provider: Requester,
  planned: readonly PlannedTx[],
  chunk: number,
  onDone: ((n: number) => void) | undefined,
  /** receipts: read and check each; logs: trust the answers, one eth_getLogs; none: trust them. */
  read: "receipts" | "logs" | "none",
): Promise<BatchReceipt[]> {
  const out: BatchReceipt[] = [];
  const gas = hex(BATCH_GAS);
  for (let i = 0; i < planned.length; i += chunk) {
    const part = planned.slice(i, i + chunk);
    const [txs, head] = await Promise.all([Promise.all(part.map((p) => p.tx)), latestBlock(provider)]);
    const fees = chunkFees(head);
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
    if (read === "receipts") {
      const receipts = (await Promise.all(
        hashes.map((h) => provider.request({ method: "eth_getTransactionReceipt", params: [h] })),
      )) as (BatchReceipt | null)[];
      receipts.forEach((r, j) => {
        if (r === null) throw new Error(`sendAll: transaction ${hashes[j]} (batch item ${i + j}) was not mined`);
        if (r.status !== "0x1") throw new Error(`sendAll: transaction ${hashes[j]} (batch item ${i + j}) reverted`);
        out.push(r);
      });
    } else {
      const from = BigInt(head?.number ?? "0x0") + 1n;
      const now = BigInt((await provider.request({ method: "eth_blockNumber", params: [] })) as string);
      const mined = now - from + 1n;
      if (mined < BigInt(part.length)) {
        throw new Error(
          `sendAll: the chain mined ${mined} block(s) for the ${part.length} transactions of batch items ${i}–${i + part.length - 1} (automine off?)`,
        );
      }
      if (read === "logs") out.push(...(await logsByTransaction(provider, hashes, from, now)));
    }
    onDone?.(part.length);
  }
  return out;
}

/** Each transaction of `hashes` as a receipt of its logs, from one eth_getLogs over blocks from..to. */
async function logsByTransaction(
  provider: Requester,
  hashes: readonly string[],
  from: bigint,
  to: bigint,
): Promise<BatchReceipt[]> {
  const logs = (await provider.request({
    method: "eth_getLogs",
    params: [{ fromBlock: hex(from), toBlock: hex(to) }],
  })) as (BatchReceipt["logs"][number] & { transactionHash: string })[];
  const byHash = new Map<string, BatchReceipt["logs"][number][]>(hashes.map((h) => [h, []]));
  for (const log of logs) byHash.get(log.transactionHash)?.push(log);
  return hashes.map((h) => ({ status: "0x1", transactionHash: h, logs: byHash.get(h) ?? [] }));
}
