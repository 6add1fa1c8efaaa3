import type { LorenzPoint } from "../metrics";

/**
 * Concentration of a distribution given as integers sorted DESCENDING (token units, or √ weights):
 * every figure is computed exactly in integers and turned into a number only at the end (ratio(),
 * rounded down to 1e-15); summary.json rounds them to 6 decimals. sim/metrics.ts computes the same
 * figures in floating point for the simulator (the tests check the two agree).
 */
export interface Concentration {
  count: number;
  total: bigint;
  /** Gini coefficient in [0, 1): 0 when all hold the same, (n − 1)/n when one holds everything. */
  gini: number;
  /** Fewest holders holding a majority (strictly more than 50 %: the "51 %" of the usual definition). */
  nakamoto: number;
  /** Share of the total held by the k largest, for each k asked. */
  top: { k: number; share: number }[];
  /** Herfindahl–Hirschman index Σ share², in [1/n, 1]. */
  hhi: number;
  /** Lorenz curve, smallest holders first, at most 101 points from (0, 0) to (1, 1). */
  lorenz: LorenzPoint[];
}

const SCALE = 10n ** 15n;

/** a / b as a number, rounded down to 1e-15 (exact integers in, one rounding out). */
export function ratio(a: bigint, b: bigint): number {
  if (b === 0n) return 0;
  const q = (a * SCALE) / b;
  return Number(q / SCALE) + Number(q % SCALE) / 1e15;
}

/** Throws unless `xs` is non-empty, non-negative and sorted descending. */
function checkSorted(xs: readonly bigint[]): void {
  if (xs.length === 0) throw new RangeError("concentration: no holders");
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < 0n) throw new RangeError(`concentration: negative amount at ${i}`);
    if (i > 0 && xs[i] > xs[i - 1]) throw new RangeError(`concentration: amounts not sorted descending at ${i}`);
  }
}

/** Fewest of the largest whose sum reaches the bar: 2·prefix > total (strict) or ≥ (not strict). */
export function smallestCoalition(xs: readonly bigint[], total: bigint, strict: boolean): number {
  let acc = 0n;
  for (let i = 0; i < xs.length; i++) {
    acc += xs[i];
    if (strict ? 2n * acc > total : 2n * acc >= total) return i + 1;
  }
  return xs.length;
}

/** Fewest of the largest whose sum reaches `bar` (≥), or undefined if all together stay below it. */
export function fewestReaching(xs: readonly bigint[], bar: bigint): number | undefined {
  let acc = 0n;
  for (let i = 0; i < xs.length; i++) {
    acc += xs[i];
    if (acc >= bar) return i + 1;
  }
  return undefined;
}

export function concentration(desc: readonly bigint[], topK: readonly number[], maxPoints = 101): Concentration {
  checkSorted(desc);
  const n = desc.length;
  const N = BigInt(n);
  let total = 0n;
  let squares = 0n;
  // Σ i·x_(i), i the rank from the smallest (1-based) = Σ of the prefix sums from the largest
  // (x_j, j-th largest, is in the n − j prefixes from j on): additions only.
  let ranked = 0n;
  const steps = Math.min(n, maxPoints - 1);
  // Lorenz: the sum of the i smallest is total − (sum of the n − i largest); the prefix lengths needed, ascending.
  const wanted = Array.from({ length: steps + 1 }, (_, s) => Math.round((s * n) / steps));
  const needed = [...new Set(wanted.map((i) => n - i))].sort((a, b) => a - b);
  const prefixLargest = new Map<number, bigint>();
  let next = 0;
  while (next < needed.length && needed[next] === 0) prefixLargest.set(needed[next++], 0n);
  for (let j = 0; j < n; j++) {
    const x = desc[j];
    total += x;
    squares += x * x;
    ranked += total;
    if (next < needed.length && needed[next] === j + 1) prefixLargest.set(needed[next++], total);
  }
  // G = (2 Σ i x_(i) − (n + 1) S) / (n S)
  const gini = total === 0n ? 0 : ratio(2n * ranked - (N + 1n) * total, N * total);
  const top = topK.map((k) => {
    let s = 0n;
    for (let i = 0; i < Math.min(k, n); i++) s += desc[i];
    return { k, share: ratio(s, total) };
  });
  const lorenz: LorenzPoint[] = [];
  for (const i of wanted) {
    const smallest = total - (prefixLargest.get(n - i) ?? 0n);
    lorenz.push({ population: i / n, share: total === 0n ? i / n : ratio(smallest, total) });
  }
  return {
    count: n,
    total,
    gini,
    nakamoto: total === 0n ? 0 : smallestCoalition(desc, total, true),
    top,
    hhi: total === 0n ? 0 : ratio(squares, total * total),
    lorenz,
  };
}
