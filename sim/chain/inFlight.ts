import type { Middleware } from "./middleware";

/**
 * Requests the in-process chain is given at once. EDR answers each request on a thread of its
 * tokio blocking pool and serves them one at a time behind its provider lock, so a request beyond
 * the first only waits, on a thread of its own: the pool grows to as many threads as requests in
 * flight (up to 512), and each thread keeps its own mimalloc heap, whose freed pages (the execution
 * traces of a large transaction) stay resident instead of being reused by the next request. Two
 * keep one request queued behind the running one, so the chain never waits for JavaScript.
 * Measured (2026-12-02, `simulate --scenario governance --agents 3000`, load 0.4–1.9): unbounded,
 * 141 threads in the process, max RSS 3.28–3.88 GB, 37.8–40.5 s (3 runs); at most 2 in flight, 18
 * threads, 2.32–2.36 GB, 34.5–38.0 s (4 runs); 8 in flight 2.64 GB. With a 1-state EDR cache (see
 * sim/isolated.ts) 1, 2 and 4 in flight gave 1.65, 1.74 and 1.81 GB, all in 37–40 s. The default
 * run (1,000 agents, one process): 2.29 → 1.57 GB, 35.0 → 35.7 s (load 2.8, back to back).
 */
export const CHAIN_REQUESTS_IN_FLIGHT = 2;

/**
 * A middleware that passes at most `limit` requests on at a time; the others wait in issue order
 * (first in, first out), so a request never overtakes one issued before it.
 */
export function inFlightLimit(limit: number = CHAIN_REQUESTS_IN_FLIGHT): Middleware {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`inFlightLimit: limit ${limit} is not an integer ≥ 1`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (args, next) => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await next(args);
    } finally {
      // The slot passes straight to the next waiter, else it is freed.
      const wake = waiting.shift();
      if (wake !== undefined) wake();
      else running--;
    }
  };
}
