/**
 * How many reads (eth_call) the chain engine keeps in flight when it reads one value per agent.
 * On the in-process chain, 20,000 concurrent `balanceOf` calls raised resident memory by 930 MB and
 * kept it, while 200 at a time raised it by 240 MB whatever the number of calls (probe of
 * 2026-12-02, 20k and 60k calls). The cause, found later the same day, is EDR's thread pool: each
 * request in flight waits on a thread of its own, whose allocator heap keeps its freed pages
 * (sim/chain/inFlight.ts). In-process the runner now passes at most CHAIN_REQUESTS_IN_FLIGHT
 * requests to the chain, so this bound mostly limits the promises JavaScript holds at once and the
 * requests a node over HTTP receives together. Reads do not change state, so bounding them changes
 * no result.
 */
export const READS_IN_FLIGHT = 128;

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
