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

function splitByWeights(total: bigint, weights: readonly number[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const scaled = weights.map((w) => BigInt(Math.max(1, Math.round((w / sum) * Number(SCALE)))));
  const scaledSum = scaled.reduce((a, b) => a + b, 0n);
  const parts = scaled.map((s) => (total * s) / scaledSum);
  const assigned = parts.reduce((a, b) => a + b, 0n);
  parts[parts.length - 1] += total - assigned; // rounding dust goes to the last agent
  return parts;
}

/**
 * A seeded population: whales sharing `whaleShare` of `total` (near-equal, ±20%), optional VCs
 * sharing `vcShare`, and retail sharing the rest with Pareto-distributed balances.
 * The amounts always sum to exactly `total`.
 */
export function generatePopulation(rng: Rng, opts: PopulationOptions): Population {
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

  const whaleAmounts = splitByWeights(
    whaleTotal,
    Array.from({ length: opts.whales }, () => 0.8 + 0.4 * rng.next()),
  );
  const vcAmounts =
    vcs > 0
      ? splitByWeights(
          vcTotal,
          Array.from({ length: vcs }, () => 0.8 + 0.4 * rng.next()),
        )
      : [];
  const retailAmounts = splitByWeights(
    retailTotal,
    Array.from({ length: opts.retail }, () => rng.pareto(1, alpha)),
  );

  const agents: Agent[] = [];
  for (const amount of whaleAmounts) agents.push({ index: agents.length, kind: "whale", amount, verified: true });
  for (const amount of vcAmounts) agents.push({ index: agents.length, kind: "vc", amount, verified: true });
  for (const amount of retailAmounts) {
    agents.push({ index: agents.length, kind: "retail", amount, verified: rng.chance(verifiedRate) });
  }
  return { agents, total: opts.total };
}

/** The agents of one kind. */
export function ofKind(pop: Population, kind: AgentKind): Agent[] {
  return pop.agents.filter((a) => a.kind === kind);
}
