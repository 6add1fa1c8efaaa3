import { Rng } from "./random";

export type AgentKind = "whale" | "retail" | "vc";

/** One simulated participant. `weight` is its share of the scenario's asset, in wei-like units. */
export interface Agent {
  readonly index: number;
  readonly kind: AgentKind;
  readonly amount: bigint;
  readonly verified: boolean;
}

export interface PopulationOptions {
  /** Number of retail agents (≥ 1). */
  retail: number;
  /** Number of whales (≥ 1). */
  whales: number;
  /** Fraction of `total` held by the whales together, in (0, 1). */
  whaleShare: number;
  /** Number of VC agents (≥ 0). */
  vcs?: number;
  /** Fraction of `total` held by VCs, in [0, 1 - whaleShare). */
  vcShare?: number;
  /** Amount split among all agents (e.g. 60% of supply). */
  total: bigint;
  /** Probability that a retail agent holds a verified identity; whales and VCs always do. */
  retailVerifiedRate?: number;
  /** Pareto shape for retail balances (smaller = heavier tail). */
  paretoAlpha?: number;
}

export interface Population {
  readonly agents: readonly Agent[];
  readonly total: bigint;
}

const SCALE = 1_000_000_000n;
const SCALE_NUMBER = Number(SCALE);
/** Below this, a product of two such integers and its quotient stay exact in split Number arithmetic. */
const SMALL = 2 ** 32;
const HALF = 2 ** 16;
/** A Number partial sum of values below SMALL is flushed into a bigint before it could lose a unit. */
const FLUSH = 2 ** 52;

/** ⌊a / d⌋ for integers 0 ≤ a < 2^53 and 0 < d < 2^53 (the float quotient corrected to the exact one). */
function floorDiv(a: number, d: number): number {
  let q = Math.floor(a / d);
  let r = a - q * d;
  while (r < 0) {
    q -= 1;
    r += d;
  }
  while (r >= d) {
    q += 1;
    r -= d;
  }
  return q;
}

/** ⌊r × s / d⌋ for integers 0 ≤ r, s < 2^32 and 0 < d < 2^32, exactly, in Number arithmetic (r·s may pass 2^53). */
function mulDivSmall(r: number, s: number, d: number): number {
  const sh = Math.floor(s / HALF);
  const sl = s - sh * HALF;
  const a = r * sh; // < 2^48
  const qa = floorDiv(a, d);
  const ra = a - qa * d; // < d < 2^32
  return qa * HALF + floorDiv(ra * HALF + r * sl, d); // the argument < 2^49
}

/**
 * Splits `total` in proportion to `weights`: each weight is scaled to an integer share s of 10^9
 * (at least 1) and gets ⌊total × s / Σs⌋; the rounding dust goes to the last one. Written as
 * total = q·Σs + r, a part is q·s + ⌊r·s / Σs⌋: one bigint product per part, the rest in exact
 * Number arithmetic. Exported for its test.
 */
export function splitByWeights(total: bigint, weights: ArrayLike<number>): bigint[] {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  const scaled = new Float64Array(n);
  let scaledSum = 0; // integers ≤ 10^9 each: exact while the sum stays below 2^53
  for (let i = 0; i < n; i++) {
    const s = Math.max(1, Math.round((weights[i] / sum) * SCALE_NUMBER));
    scaled[i] = s;
    scaledSum += s;
  }
  // Σs < 1e9 + 1.5·n: 2^32 is passed only past ~2 billion weights, far beyond what fits in memory.
  if (!(scaledSum < SMALL)) throw new RangeError(`splitByWeights: ${n} weights scale to ${scaledSum} ≥ 2^32`);
  const bigSum = BigInt(scaledSum);
  const q = total / bigSum;
  const r = Number(total % bigSum);
  const parts: bigint[] = new Array<bigint>(n);
  let assigned = q * bigSum; // q · Σs, plus Σ⌊r·s / Σs⌋ below
  let dust = 0; // a partial sum of ⌊r·s / Σs⌋ < 2^32 each, flushed into `assigned` at 2^52
  for (let i = 0; i < n; i++) {
    const s = scaled[i];
    const c = mulDivSmall(r, s, scaledSum);
    parts[i] = q * BigInt(s) + BigInt(c);
    dust += c;
    if (dust >= FLUSH) {
      assigned += BigInt(dust);
      dust = 0;
    }
  }
  assigned += BigInt(dust);
  parts[n - 1] += total - assigned; // rounding dust goes to the last agent
  return parts;
}

/** Kind codes of {@link PopulationColumns.kinds}. */
export const KIND_CODE = { whale: 0, vc: 1, retail: 2 } as const;
const KIND_NAMES: readonly AgentKind[] = ["whale", "vc", "retail"];

/**
 * A population as columns, agent i in row i (whales, then VCs, then retail): what the model
 * engine reads at a million agents without an object per agent. {@link generatePopulation} builds
 * its agents from these same columns.
 */
export interface PopulationColumns {
  /** {@link KIND_CODE} per agent. */
  readonly kinds: Uint8Array;
  readonly amounts: readonly bigint[];
  /** 1 if the agent holds a verified identity, else 0. */
  readonly verified: Uint8Array;
  readonly total: bigint;
}

/**
 * A seeded population: whales sharing `whaleShare` of `total` (near-equal, ±20%), optional VCs
 * sharing `vcShare`, and retail sharing the rest with Pareto-distributed balances.
 * The amounts always sum to exactly `total`.
 */
export function generatePopulation(rng: Rng, opts: PopulationOptions): Population {
  const cols = generatePopulationColumns(rng, opts);
  const n = cols.kinds.length;
  const agents: Agent[] = new Array<Agent>(n);
  for (let i = 0; i < n; i++) {
    agents[i] = {
      index: i,
      kind: KIND_NAMES[cols.kinds[i]],
      amount: cols.amounts[i],
      verified: cols.verified[i] === 1,
    };
  }
  return { agents, total: cols.total };
}

/** {@link generatePopulation}'s population as columns: the same random draws, the same amounts. */
export function generatePopulationColumns(rng: Rng, opts: PopulationOptions): PopulationColumns {
  const vcs = opts.vcs ?? 0;
  const vcShare = opts.vcShare ?? 0;
  if (!Number.isInteger(opts.retail) || opts.retail < 1)
    throw new RangeError(`retail must be an integer ≥ 1, got ${opts.retail}`);
  if (!Number.isInteger(opts.whales) || opts.whales < 1)
    throw new RangeError(`whales must be an integer ≥ 1, got ${opts.whales}`);
  if (!Number.isInteger(vcs) || vcs < 0) throw new RangeError(`vcs must be an integer ≥ 0, got ${vcs}`);
  if (!(opts.whaleShare > 0 && opts.whaleShare < 1))
    throw new RangeError(`whaleShare must be in (0, 1), got ${opts.whaleShare}`);
  if (!(vcShare >= 0 && vcShare < 1 - opts.whaleShare))
    throw new RangeError(`vcShare must be in [0, 1 - whaleShare), got ${vcShare}`);
  if (vcs === 0 && vcShare > 0) throw new RangeError("vcShare > 0 needs at least one VC");
  if (opts.total <= 0n) throw new RangeError("total must be positive");
  const verifiedRate = opts.retailVerifiedRate ?? 1;
  const alpha = opts.paretoAlpha ?? 1.2;

  const ppm = (x: number) => BigInt(Math.round(x * 1e9));
  const whaleTotal = (opts.total * ppm(opts.whaleShare)) / SCALE;
  const vcTotal = vcs > 0 ? (opts.total * ppm(vcShare)) / SCALE : 0n;
  const retailTotal = opts.total - whaleTotal - vcTotal;

  const near = (count: number) => {
    const w = new Float64Array(count);
    for (let i = 0; i < count; i++) w[i] = 0.8 + 0.4 * rng.next();
    return w;
  };
  const whaleAmounts = splitByWeights(whaleTotal, near(opts.whales));
  const vcAmounts = vcs > 0 ? splitByWeights(vcTotal, near(vcs)) : [];
  const retailWeights = new Float64Array(opts.retail);
  for (let i = 0; i < opts.retail; i++) retailWeights[i] = rng.pareto(1, alpha);
  const retailAmounts = splitByWeights(retailTotal, retailWeights);

  const n = opts.whales + vcs + opts.retail;
  const kinds = new Uint8Array(n);
  const verified = new Uint8Array(n);
  const amounts: bigint[] = new Array<bigint>(n);
  let i = 0;
  for (const amount of whaleAmounts) {
    kinds[i] = KIND_CODE.whale;
    verified[i] = 1;
    amounts[i++] = amount;
  }
  for (const amount of vcAmounts) {
    kinds[i] = KIND_CODE.vc;
    verified[i] = 1;
    amounts[i++] = amount;
  }
  for (const amount of retailAmounts) {
    kinds[i] = KIND_CODE.retail;
    verified[i] = rng.chance(verifiedRate) ? 1 : 0;
    amounts[i++] = amount;
  }
  return { kinds, amounts, verified, total: opts.total };
}

/** The agents of one kind. */
export function ofKind(pop: Population, kind: AgentKind): Agent[] {
  return pop.agents.filter((a) => a.kind === kind);
}
