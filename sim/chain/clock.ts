import type { RequestArguments } from "hardhat/types";
import type { Middleware } from "./middleware";

/** The chain time of the first block of every scenario (2030-03-17T17:46:40Z), unless the chain is later. */
export const SIM_EPOCH = 1_900_000_000;

const MINING = new Set(["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"]);
const RESETS = new Set(["evm_revert", "hardhat_reset"]);
const CLOCK_METHODS = new Set([
  ...MINING,
  ...RESETS,
  "evm_increaseTime",
  "evm_setNextBlockTimestamp",
  "evm_setAutomine",
]);

/**
 * Blocks per `hardhat_mine` request on anvil: anvil mines each block for real (computing the state
 * root of the whole state every block), so one request for GovernorAlpha's ~40,000-block voting
 * period would outlast the HTTP timeout; in pieces each request answers within seconds.
 */
export const ANVIL_MINE_CHUNK = 1_000;

/** How long the clock waits for anvil to mine a transaction it accepted (normally milliseconds). */
export const ANVIL_MINE_TIMEOUT_MS = 60_000;

/** Which node answers: their time semantics differ (see `DeterministicClock`). */
export type NodeFamily = "hardhat" | "anvil";

/** The node family from `web3_clientVersion` ("anvil/v1.7.1", "HardhatNetwork/2.29.1/@nomicfoundation/edr/…"). */
export function nodeFamily(clientVersion: string): NodeFamily {
  return clientVersion.toLowerCase().startsWith("anvil/") ? "anvil" : "hardhat";
}

/**
 * How to mine `blocks` blocks whose timestamps are first, first + interval, first + 2·interval, …
 * on `family`, as the JSON-RPC requests to send in order. Hardhat's `hardhat_mine` does exactly this
 * in one O(1) request once the first timestamp is set. anvil's `hardhat_mine` mines every block and
 * takes later blocks' timestamps from the wall clock (its `interval` argument only adds an offset to
 * the wall clock), so the interval is pinned with `anvil_setBlockTimestampInterval` (next = previous +
 * interval exactly) and the blocks are mined in chunks; the interval is removed at the end.
 */
export function mineRequests(
  family: NodeFamily,
  blocks: number,
  interval: number,
  first: number,
  chunk = ANVIL_MINE_CHUNK,
): RequestArguments[] {
  if (!Number.isInteger(blocks) || blocks < 1) throw new RangeError(`blocks must be a positive integer, got ${blocks}`);
  if (!Number.isInteger(interval) || interval < 0) throw new RangeError(`interval must be ≥ 0, got ${interval}`);
  const hex = (n: number) => `0x${n.toString(16)}`;
  const setFirst: RequestArguments = { method: "evm_setNextBlockTimestamp", params: [first] };
  if (family === "hardhat") return [setFirst, { method: "hardhat_mine", params: [hex(blocks), hex(interval)] }];
  const out: RequestArguments[] = [{ method: "anvil_setBlockTimestampInterval", params: [interval] }, setFirst];
  for (let done = 0; done < blocks; done += chunk) {
    out.push({ method: "hardhat_mine", params: [hex(Math.min(chunk, blocks - done))] });
  }
  out.push({ method: "anvil_removeBlockTimestampInterval", params: [] });
  return out;
}

function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return Number(value.startsWith("0x") ? BigInt(value) : value);
  if (typeof value === "bigint") return Number(value);
  throw new TypeError(`not a number: ${String(value)}`);
}

/**
 * Makes block timestamps independent of the wall clock, so the same seed gives the same numbers:
 * every block is mined exactly 1 s after the previous one (never before SIM_EPOCH), plus whatever
 * the scenario asked for with evm_increaseTime. An explicit evm_setNextBlockTimestamp (the network
 * helpers' time.increase / increaseTo) is honoured as is.
 *
 * Node-agnostic: every block the clock sees mined gets its timestamp set explicitly beforehand,
 * so nothing depends on how a node fills in timestamps by itself (Hardhat: previous + 1 at least;
 * anvil: the wall clock plus an offset, equal timestamps allowed). `hardhat_mine` runs as
 * `mineRequests` says for the node (detected once from web3_clientVersion), and on anvil a sent
 * transaction's block is waited for (`minedOnAnvil`) before the next request sets a timestamp.
 */
export class DeterministicClock {
  private latest: number | undefined;
  private pendingIncrease = 0;
  private explicitNext = false;
  private automine = true;
  private family: NodeFamily | undefined;
  /** Clock-relevant requests run one at a time, in the order they were issued (see `middleware`). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly epoch = SIM_EPOCH) {}

  /**
   * Scenarios send independent transactions concurrently (Promise.all); without serialising, two
   * of them would read the same cached time and ask for the same timestamp. Requests that read or
   * move the clock are therefore queued in issue order, which also keeps runs deterministic.
   */
  readonly middleware: Middleware = (args, next) => {
    if (!CLOCK_METHODS.has(args.method)) return next(args);
    const run = this.queue.then(() => this.handle(args, next));
    this.queue = run.catch(() => undefined);
    return run;
  };

  private async handle(args: RequestArguments, next: (args: RequestArguments) => Promise<unknown>): Promise<unknown> {
    const params = (args.params ?? []) as unknown[];
    if (args.method === "evm_increaseTime") {
      this.pendingIncrease += toNumber(params[0]);
      return next(args);
    }
    if (args.method === "evm_setNextBlockTimestamp") {
      const result = await next(args);
      this.explicitNext = true;
      this.pendingIncrease = 0;
      return result;
    }
    if (args.method === "evm_setAutomine") {
      const result = await next(args);
      this.automine = params[0] === true;
      return result;
    }
    if (RESETS.has(args.method)) {
      const result = await next(args);
      this.forget();
      return result;
    }
    const mines =
      MINING.has(args.method) &&
      (this.automine || !args.method.startsWith("eth_")) &&
      !(args.method === "evm_mine" && params.length > 0);
    if (!mines) {
      // evm_mine with a timestamp (or options) mines a block whose time the clock did not choose.
      if (args.method === "evm_mine") this.latest = undefined;
      return next(args);
    }
    if (this.explicitNext) {
      this.explicitNext = false;
      this.latest = undefined;
      return next(args);
    }
    const previous = this.latest ?? (await this.latestTimestamp(next));
    const timestamp = Math.max(previous + 1 + this.pendingIncrease, this.epoch);
    if (args.method === "hardhat_mine") return this.mineMany(params, timestamp, next);
    await next({ method: "evm_setNextBlockTimestamp", params: [timestamp] });
    const increase = this.pendingIncrease;
    this.pendingIncrease = 0;
    const anvilSend = args.method.startsWith("eth_send") && (await this.familyOf(next)) === "anvil";
    const before = anvilSend ? await this.blockNumber(next) : 0;
    try {
      const result = await next(args);
      if (anvilSend) await this.minedOnAnvil(before, next);
      this.latest = timestamp;
      return result;
    } catch (err) {
      // A reverted transaction is still mined; one rejected before mining leaves time untouched.
      this.latest = undefined;
      if ((await this.latestTimestamp(next)) !== timestamp) this.pendingIncrease += increase;
      throw err;
    }
  }

  /** `hardhat_mine [blocks] [interval]` with the first block at `timestamp`, on whichever node answers. */
  private async mineMany(
    params: unknown[],
    timestamp: number,
    next: (args: RequestArguments) => Promise<unknown>,
  ): Promise<unknown> {
    const blocks = params[0] === undefined ? 1 : toNumber(params[0]);
    const interval = params[1] === undefined ? 1 : toNumber(params[1]);
    const family = await this.familyOf(next);
    this.pendingIncrease = 0;
    this.latest = undefined;
    const requests = mineRequests(family, blocks, interval, timestamp);
    const cleanup = requests.at(-1)?.method === "anvil_removeBlockTimestampInterval" ? requests.pop() : undefined;
    let result: unknown = null;
    try {
      for (const request of requests) result = await next(request);
    } finally {
      if (cleanup !== undefined) await next(cleanup);
    }
    this.latest = timestamp + (blocks - 1) * interval;
    return result;
  }

  private async familyOf(next: (args: RequestArguments) => Promise<unknown>): Promise<NodeFamily> {
    this.family ??= nodeFamily(String(await next({ method: "web3_clientVersion", params: [] })));
    return this.family;
  }

  /**
   * anvil's automine answers eth_sendTransaction once the transaction is in its pool and mines the
   * block a moment later; until then the next request could replace the timestamp this block was
   * meant to have (and a block mined without one takes the wall clock). The clock therefore holds
   * its queue until the block is mined, as Hardhat's automine does before answering. It watches the
   * block number, not the receipt: after evm_revert anvil 1.7.1 still answers the receipt of a
   * reverted transaction with the same hash (the same sender, nonce and data sent again).
   */
  private async minedOnAnvil(before: number, next: (args: RequestArguments) => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + ANVIL_MINE_TIMEOUT_MS;
    for (let wait = 1; ; wait = Math.min(wait * 2, 100)) {
      if ((await this.blockNumber(next)) > before) return;
      if (Date.now() > deadline) {
        throw new Error(
          `anvil mined no block within ${ANVIL_MINE_TIMEOUT_MS / 1000} s of a transaction (automine off?)`,
        );
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async blockNumber(next: (args: RequestArguments) => Promise<unknown>): Promise<number> {
    return toNumber(await next({ method: "eth_blockNumber", params: [] }));
  }

  /** Forget the cached chain time (after a revert the runner did outside the middleware). */
  forget(): void {
    this.latest = undefined;
    this.pendingIncrease = 0;
    this.explicitNext = false;
  }

  private async latestTimestamp(next: (args: RequestArguments) => Promise<unknown>): Promise<number> {
    const block = (await next({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      timestamp: string;
    };
    return toNumber(block.timestamp);
  }
}
