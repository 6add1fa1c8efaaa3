import type { Middleware } from "./middleware";

/**
 * Where a run's wall time goes, as a partition of it (the parts add up to the wall time exactly):
 * - `execution`: a transaction or block is being mined inside the provider (eth_sendTransaction,
 *   eth_sendRawTransaction, evm_mine, hardhat_mine: EVM execution + block building in EDR);
 * - `calls`: no mining in flight, but an eth_call / eth_estimateGas is (EVM execution of reads);
 * - `queries`: neither, but some other request is inside the provider (receipts, blocks, nonces,
 *   snapshots, time setters: node bookkeeping without EVM work);
 * - `js`: no request is inside the provider at all, so the time is spent in JavaScript: ethers
 *   encoding and decoding, our middlewares, the scenario's own code, awaiting between requests.
 * Concurrent requests are not double-counted: each instant goes to the highest-ranked kind of
 * request in flight at that instant (execution > calls > queries), else to `js`.
 */
export interface TimeSplit {
  execution: number;
  calls: number;
  queries: number;
  js: number;
}

export type RequestKind = Exclude<keyof TimeSplit, "js">;

const EXECUTION = new Set(["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"]);
const CALLS = new Set(["eth_call", "eth_estimateGas"]);
const RANK: readonly RequestKind[] = ["execution", "calls", "queries"];

export function requestKind(method: string): RequestKind {
  if (EXECUTION.has(method)) return "execution";
  if (CALLS.has(method)) return "calls";
  return "queries";
}

export const zeroSplit = (): TimeSplit => ({ execution: 0, calls: 0, queries: 0, js: 0 });

/** `later − earlier`, part by part (a scenario's share of a running total). */
export function splitDelta(later: TimeSplit, earlier: TimeSplit): TimeSplit {
  return {
    execution: later.execution - earlier.execution,
    calls: later.calls - earlier.calls,
    queries: later.queries - earlier.queries,
    js: later.js - earlier.js,
  };
}

/**
 * Times the requests that reach the provider. Install it innermost (last in `useMiddleware`'s
 * list), so what it times is the provider alone (Hardhat's request wrapper, which JSON-encodes the
 * request, and EDR), not our clock's queue or the tx counter. `now` is in milliseconds
 * (performance.now by default; tests pass a fake clock).
 */
export class ProviderTimer {
  private readonly inFlight: Record<RequestKind, number> = { execution: 0, calls: 0, queries: 0 };
  private readonly totals: TimeSplit = zeroSplit();
  private last: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.last = now();
  }

  /** Gives the time since the last transition to whatever was running in it. */
  private advance(): void {
    const t = this.now();
    const running = RANK.find((k) => this.inFlight[k] > 0) ?? "js";
    this.totals[running] += t - this.last;
    this.last = t;
  }

  /** A request of `kind` enters the provider; call the returned function when it leaves. */
  enter(kind: RequestKind): () => void {
    this.advance();
    this.inFlight[kind]++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.advance();
      this.inFlight[kind]--;
    };
  }

  readonly middleware: Middleware = async (args, next) => {
    const leave = this.enter(requestKind(args.method));
    try {
      return await next(args);
    } finally {
      leave();
    }
  };

  /** The running totals up to now, in seconds. */
  snapshot(): TimeSplit {
    this.advance();
    const s = (ms: number) => ms / 1000;
    return {
      execution: s(this.totals.execution),
      calls: s(this.totals.calls),
      queries: s(this.totals.queries),
      js: s(this.totals.js),
    };
  }
}

/** The split rounded for a report, with each part's share of the whole (fractions of 1). */
export function splitReport(split: TimeSplit, digits = 3): TimeSplit & { share: TimeSplit } {
  const total = split.execution + split.calls + split.queries + split.js;
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const share = (x: number) => (total > 0 ? Math.round((x / total) * 1000) / 1000 : 0);
  return {
    execution: r(split.execution),
    calls: r(split.calls),
    queries: r(split.queries),
    js: r(split.js),
    share: {
      execution: share(split.execution),
      calls: share(split.calls),
      queries: share(split.queries),
      js: share(split.js),
    },
  };
}
