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
 */
export class DeterministicClock {
  private latest: number | undefined;
  private pendingIncrease = 0;
  private explicitNext = false;
  private automine = true;
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
    if (!mines) return next(args);
    if (this.explicitNext) {
      this.explicitNext = false;
      this.latest = undefined;
      return next(args);
    }
    const previous = this.latest ?? (await this.latestTimestamp(next));
    const timestamp = Math.max(previous + 1 + this.pendingIncrease, this.epoch);
    await next({ method: "evm_setNextBlockTimestamp", params: [timestamp] });
    const increase = this.pendingIncrease;
    this.pendingIncrease = 0;
    try {
      const result = await next(args);
      this.latest = args.method === "hardhat_mine" ? undefined : timestamp;
      return result;
    } catch (err) {
      // A reverted transaction is still mined; one rejected before mining leaves time untouched.
      this.latest = undefined;
      if ((await this.latestTimestamp(next)) !== timestamp) this.pendingIncrease += increase;
      throw err;
    }
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
