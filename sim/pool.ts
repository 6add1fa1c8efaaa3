/**
 * How many reads (eth_call) the chain engine keeps in flight when it reads one value per agent.
 * EDR attaches native execution traces to every response and frees them only when V8 collects the
 * response object, which a small JS heap rarely does: on the in-process chain, 20,000 concurrent
 * `balanceOf` calls raised resident memory by 930 MB and kept it, while 200 at a time raised it by
 * 240 MB whatever the number of calls (probe of 2026-12-02, 20k and 60k calls). Reads do not change
 * state, so bounding them changes no result.
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
