import { DEFAULT_RETRY, withRetry, type RetryHooks, type RetryPolicy } from "./retry";
import { RpcError, type RpcTransport } from "./transport";

/** A raw log as eth_getLogs returns it, validated and with numbers decoded. */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

/** A block's number, hash and timestamp. */
export interface BlockRef {
  number: number;
  hash: string;
  timestamp: number;
}

/** Calls made and retried so far (quoted in the scan summary). */
export interface RpcCounters {
  calls: number;
  retries: number;
}

export function toQuantity(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

function quantity(method: string, v: unknown, what: string): number {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]+$/.test(v)) {
    throw new RpcError(method, `${what} is not a hex quantity: ${JSON.stringify(v)}`);
  }
  const n = Number.parseInt(v, 16);
  if (!Number.isSafeInteger(n)) throw new RpcError(method, `${what} ${v} is out of range`);
  return n;
}

function hexString(method: string, v: unknown, what: string): string {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]*$/.test(v)) {
    throw new RpcError(method, `${what} is not hex data: ${JSON.stringify(v)}`);
  }
  return v.toLowerCase();
}

function record(method: string, v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new RpcError(method, `${what} is not an object: ${JSON.stringify(v)}`);
  }
  return v as Record<string, unknown>;
}

/** The typed JSON-RPC calls the scan makes, each retried on transient failures. */
export class RpcClient {
  readonly counters: RpcCounters = { calls: 0, retries: 0 };

  constructor(
    readonly transport: RpcTransport,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly hooks: RetryHooks = {},
  ) {}

  private send(method: string, params: readonly unknown[]): Promise<unknown> {
    return withRetry(
      method,
      () => {
        this.counters.calls++;
        return this.transport.request(method, params);
      },
      this.retry,
      {
        ...this.hooks,
        onRetry: (info) => {
          this.counters.retries++;
          this.hooks.onRetry?.(info);
        },
      },
    );
  }

  async chainId(): Promise<number> {
    return quantity("eth_chainId", await this.send("eth_chainId", []), "chain id");
  }

  async blockNumber(): Promise<number> {
    return quantity("eth_blockNumber", await this.send("eth_blockNumber", []), "block number");
  }

  async block(tag: number | "latest"): Promise<BlockRef> {
    const method = "eth_getBlockByNumber";
    const res = await this.send(method, [typeof tag === "number" ? toQuantity(tag) : tag, false]);
    if (res === null) throw new RpcError(method, `block ${tag} does not exist on this chain`);
    const b = record(method, res, `block ${tag}`);
    return {
      number: quantity(method, b.number, "block number"),
      hash: hexString(method, b.hash, "block hash"),
      timestamp: quantity(method, b.timestamp, "block timestamp"),
    };
  }

  /** Hardhat's `hardhat_metadata` (its fork point, if forked); undefined on any other node. */
  async hardhatMetadata(): Promise<{ forkBlockNumber?: number } | undefined> {
    let res: unknown;
    try {
      res = await this.send("hardhat_metadata", []);
    } catch {
      return undefined; // "method not found" on every other node
    }
    if (typeof res !== "object" || res === null) return undefined;
    const forked = (res as Record<string, unknown>).forkedNetwork;
    if (typeof forked !== "object" || forked === null) return {};
    const n = (forked as Record<string, unknown>).forkBlockNumber;
    return typeof n === "number" && Number.isSafeInteger(n) ? { forkBlockNumber: n } : {};
  }

  async code(address: string, block: number): Promise<string> {
    return hexString("eth_getCode", await this.send("eth_getCode", [address, toQuantity(block)]), "code");
  }

  async call(to: string, data: string, block: number | "latest"): Promise<string> {
    const tag = typeof block === "number" ? toQuantity(block) : block;
    return hexString("eth_call", await this.send("eth_call", [{ to, data }, tag]), "call result");
  }

  /** Logs of `address` with topic0 `topic0` in [fromBlock, toBlock], ordered by block then log index. */
  async logs(address: string, topic0: string, fromBlock: number, toBlock: number): Promise<RawLog[]> {
    const method = "eth_getLogs";
    const res = await this.send(method, [
      { address, topics: [topic0], fromBlock: toQuantity(fromBlock), toBlock: toQuantity(toBlock) },
    ]);
    if (!Array.isArray(res))
      throw new RpcError(method, `eth_getLogs answered with a non-array: ${JSON.stringify(res)}`);
    const out: RawLog[] = [];
    for (const item of res) {
      const l = record(method, item, "log");
      if (l.removed === true) continue; // a reorged-out log (only filters report these)
      const topics = Array.isArray(l.topics) ? l.topics.map((t) => hexString(method, t, "log topic")) : [];
      const log: RawLog = {
        address: hexString(method, l.address, "log address"),
        topics,
        data: hexString(method, l.data, "log data"),
        blockNumber: quantity(method, l.blockNumber, "log blockNumber"),
        logIndex: quantity(method, l.logIndex, "log logIndex"),
        transactionHash: hexString(method, l.transactionHash, "log transactionHash"),
      };
      if (log.blockNumber < fromBlock || log.blockNumber > toBlock) {
        throw new RpcError(method, `log in block ${log.blockNumber} outside the asked range ${fromBlock}–${toBlock}`);
      }
      out.push(log);
    }
    out.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
    return out;
  }
}
