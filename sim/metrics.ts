/**
 * Concentration metrics over a list of non-negative holdings (votes, rewards, balances).
 * Every function rejects an empty list or a negative value with a clear error.
 */

export type Amounts = readonly (number | bigint)[];

function toNumbers(values: Amounts, what: string): number[] {
  if (values.length === 0) throw new RangeError(`${what}: empty input`);
  return values.map((v, i) => {
    const n = typeof v === "bigint" ? Number(v) : v;
    if (!Number.isFinite(n) || n < 0)
      throw new RangeError(`${what}: value at index ${i} is not a finite non-negative number (${String(v)})`);
    return n;
  });
}

function total(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/**
 * Gini coefficient in [0, 1): 0 when everyone holds the same, (n-1)/n when one holder has all.
 * All-zero input has no inequality: 0.
 */
export function gini(values: Amounts): number {
  // A typed array sorts numerically without a comparator call per step (sweeps take it per point).
  const xs = Float64Array.from(toNumbers(values, "gini")).sort();
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i];
  if (sum === 0) return 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * xs[i];
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

/**
 * Nakamoto coefficient: the fewest holders whose combined share exceeds 50%.
 * All-zero input: nobody can exceed half of nothing, so 0.
 */
export function nakamoto(values: Amounts, threshold = 0.5): number {
  const xs = toNumbers(values, "nakamoto").sort((a, b) => b - a);
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(`nakamoto: threshold must be in (0, 1), got ${threshold}`);
  const sum = total(xs);
  if (sum === 0) return 0;
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    acc += xs[i];
    if (acc > threshold * sum) return i + 1;
  }
  return xs.length;
}

/** Share of the total held by the k largest holders, in [0, 1]. All-zero input: 0. */
export function topKShare(values: Amounts, k: number): number {
  const xs = toNumbers(values, "topKShare").sort((a, b) => b - a);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`topKShare: k must be an integer ≥ 1, got ${k}`);
  const sum = total(xs);
  if (sum === 0) return 0;
  return total(xs.slice(0, k)) / sum;
}

/** Herfindahl–Hirschman index: Σ share², in [1/n, 1]. All-zero input: 0. */
export function herfindahl(values: Amounts): number {
  const xs = toNumbers(values, "herfindahl");
  const sum = total(xs);
  if (sum === 0) return 0;
  return xs.reduce((acc, x) => acc + (x / sum) ** 2, 0);
}

export interface LorenzPoint {
  /** Cumulative share of holders (poorest first), in [0, 1]. */
  population: number;
  /** Cumulative share of the total they hold, in [0, 1]. */
  share: number;
}

/**
 * Lorenz curve points, from (0,0) to (1,1), poorest holders first. With more than `maxPoints`
 * holders the curve is sampled evenly (always keeping both ends) so charts stay small.
 */
export function lorenz(values: Amounts, maxPoints = 101): LorenzPoint[] {
  const xs = toNumbers(values, "lorenz").sort((a, b) => a - b);
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`lorenz: maxPoints must be an integer ≥ 2`);
  const n = xs.length;
  const sum = total(xs);
  const cumulative: number[] = [0];
  let acc = 0;
  for (const x of xs) cumulative.push((acc += x));
  const points: LorenzPoint[] = [];
  const steps = Math.min(n, maxPoints - 1);
  for (let s = 0; s <= steps; s++) {
    const i = Math.round((s * n) / steps);
    points.push({ population: i / n, share: sum === 0 ? i / n : cumulative[i] / sum });
  }
  return points;
}

/** Sum of a kind's values over the sum of all values (0 when everything is zero). */
export function shareOf(part: Amounts, whole: Amounts): number {
  const p = total(toNumbers(part.length === 0 ? [0] : part, "shareOf"));
  const w = total(toNumbers(whole, "shareOf"));
  return w === 0 ? 0 : p / w;
}
