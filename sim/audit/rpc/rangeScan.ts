import type { RawLog, RpcClient } from "./client";
import { classifyRpcFailure, statedRangeCap, suggestedRangeEnd } from "./errors";
import { RpcError } from "./transport";

/** How eth_getLogs block ranges are sized: halved on a refusal, doubled after a run of successes. */
export interface RangePolicy {
  /** Blocks in the first request. */
  initialSpan: number;
  /** Never more blocks than this in one request. */
  maxSpan: number;
  /** Consecutive successes at one span before it doubles. */
  growAfter: number;
}

export const DEFAULT_RANGE_POLICY: RangePolicy = { initialSpan: 2_000, maxSpan: 50_000, growAfter: 2 };

/** Counters of a range scan, quoted in the summary. */
export interface RangeScanStats {
  ranges: number;
  logs: number;
  /** Times a range was refused as too large and split. */
  splits: number;
  /** The smallest span accepted once a split happened (the last, end-clipped range aside). */
  smallestSpan?: number;
}

/** Thrown between two ranges when the scan's AbortSignal fires; every completed range is kept. */
export class ScanInterrupted extends Error {
  constructor(readonly nextBlock: number) {
    super(`scan interrupted before block ${nextBlock}; run it again to resume from there`);
    this.name = "ScanInterrupted";
  }
}

export interface RangeScanRequest {
  client: RpcClient;
  address: string;
  topic0: string;
  fromBlock: number;
  toBlock: number;
  policy: RangePolicy;
  signal?: AbortSignal;
  /** Called once per completed range, in block order; the next range is asked for after it returns. */
  onRange(from: number, to: number, logs: RawLog[]): void | Promise<void>;
  /** Told when a range is refused and split. */
  onSplit?(info: { from: number; to: number; nextSpan: number; message: string }): void;
}

export function validateRangePolicy(p: RangePolicy): void {
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isSafeInteger(v) || v < 1) throw new Error(`range policy ${k} must be a positive integer, got ${v}`);
  }
  if (p.initialSpan > p.maxSpan) throw new Error(`initial span ${p.initialSpan} exceeds the max span ${p.maxSpan}`);
}

/**
 * Asks for every log of [fromBlock, toBlock] in consecutive ranges. A refusal ("too many results",
 * "response size exceeded", a range cap: see errors.ts) halves the range, or takes the sub-range the
 * provider suggests, and asks again; after `growAfter` successes the range doubles back, up to
 * `maxSpan` (or the block-range cap a refusal states, e.g. Infura's 10,000). Transient failures are retried inside the client. A single block that is still refused
 * is an error naming it.
 */
export async function scanRanges(req: RangeScanRequest): Promise<RangeScanStats> {
  validateRangePolicy(req.policy);
  const stats: RangeScanStats = { ranges: 0, logs: 0, splits: 0 };
  let cursor = req.fromBlock;
  let span = req.policy.initialSpan;
  let maxSpan = req.policy.maxSpan;
  let successes = 0;
  while (cursor <= req.toBlock) {
    if (req.signal?.aborted === true) throw new ScanInterrupted(cursor);
    const to = Math.min(req.toBlock, cursor + span - 1);
    let logs: RawLog[];
    try {
      logs = await req.client.logs(req.address, req.topic0, cursor, to);
    } catch (e) {
      if (!(e instanceof RpcError) || classifyRpcFailure(e, "eth_getLogs") !== "range") throw e;
      if (to === cursor) {
        throw new RpcError(
          "eth_getLogs",
          `the provider refuses even the single block ${cursor}: ${e.message}`,
          e.details,
        );
      }
      const asked = to - cursor + 1;
      const cap = statedRangeCap(e);
      if (cap !== undefined && cap < asked) maxSpan = Math.min(maxSpan, cap); // a stated block-range cap holds for the whole scan
      const suggested = suggestedRangeEnd(e, cursor, to);
      span =
        suggested !== undefined
          ? suggested - cursor + 1
          : cap !== undefined && cap < asked
            ? cap
            : Math.max(1, Math.floor(asked / 2));
      successes = 0;
      stats.splits++;
      req.onSplit?.({ from: cursor, to, nextSpan: span, message: e.message });
      continue;
    }
    await req.onRange(cursor, to, logs);
    stats.ranges++;
    stats.logs += logs.length;
    if (stats.splits > 0 && to < req.toBlock)
      stats.smallestSpan = Math.min(stats.smallestSpan ?? Infinity, to - cursor + 1);
    cursor = to + 1;
    if (++successes >= req.policy.growAfter) {
      span = Math.min(maxSpan, span * 2);
      successes = 0;
    }
  }
  return stats;
}
