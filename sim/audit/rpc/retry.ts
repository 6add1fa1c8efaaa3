import { classifyRpcFailure } from "./errors";
import { RpcError } from "./transport";

/** How transient failures are retried: exponential backoff with jitter, capped. */
export interface RetryPolicy {
  /** Retries after the first attempt (0: fail at once). */
  retries: number;
  /** The first wait, in ms; it doubles on each retry. */
  baseDelayMs: number;
  /** No wait is longer than this (nor a server's Retry-After). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What a retry loop needs from the world; tests pass a sleep that does not wait. */
export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  /** Told about each retry (for the progress line and the scan's counters). */
  onRetry?: (info: { method: string; attempt: number; delayMs: number; error: RpcError }) => void;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait before retry `attempt` (1-based): base·2^(attempt-1), capped, with 50–100 % jitter; Retry-After wins when longer. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exp * (0.5 + random() / 2));
  return retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

/**
 * Runs `call`, retrying it while it fails transiently (see classifyRpcFailure). A "range" or
 * "fatal" failure is thrown at once; so is the last transient one, its message saying how many
 * attempts were made.
 */
export async function withRetry<T>(
  method: string,
  call: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? realSleep;
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof RpcError) || classifyRpcFailure(e, method) !== "transient") throw e;
      if (attempt > policy.retries) {
        throw new RpcError(method, `${method} failed ${attempt} times, last: ${e.message}`, e.details);
      }
      const delayMs = backoffDelay(policy, attempt, random, e.details.retryAfterMs);
      hooks.onRetry?.({ method, attempt, delayMs, error: e });
      await sleep(delayMs);
    }
  }
}
