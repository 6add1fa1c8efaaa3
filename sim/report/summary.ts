import { ofKind } from "../population";
import { gini, lorenz, type LorenzPoint } from "../metrics";
import type { ScenarioConfig } from "../config/schema";
import type { SimulationRun, ScenarioTiming } from "../runner";
import type { MetricValue, SeriesPoint } from "../types";

/** Bumped whenever a field of summary.json is renamed or removed (adding fields keeps it). */
export const SUMMARY_VERSION = 2;

/** A metric in JSON: NaN and ±Infinity (e.g. a ratio over zero) are written as null. */
export type JsonMetric = MetricValue | null;

export interface SummaryMechanism {
  label: string;
  baseline: boolean;
  metrics: Record<string, JsonMetric>;
  /** Per-holder distribution reduced to its Lorenz curve (≤ 101 points) and Gini. */
  distribution?: { what: string; holders: number; gini: number; lorenz: LorenzPoint[] };
}

export interface SummaryScenario {
  mechanisms: Record<string, SummaryMechanism>;
  variants: Record<string, { label: string; metrics: Record<string, JsonMetric> }>;
  series: Record<string, SeriesPoint[]>;
  /** The settings the scenario used (e.g. the farm's cap and slope), as it reported them. */
  parameters: Record<string, JsonMetric>;
  reading: string;
  /** How a group of metrics was measured and what it assumes (only scenarios that give notes). */
  notes?: Record<string, string>;
}

export interface Summary {
  version: number;
  options: {
    agents: number;
    whales: number;
    whaleShare: number;
    vcs: number;
    vcShare: number;
    seed: number;
    scenarios: string[];
    network: string;
  };
  population: {
    retail: number;
    whales: number;
    vcs: number;
    whaleShare: number;
    vcShare: number;
    retailVerified: number;
    /** Tokens split among the agents, whole tokens as a decimal string. */
    totalTokens: string;
    /** Tokens per kind, whole tokens as decimal strings. */
    holdings: { whale: string; vc: string; retail: string };
  };
  /** The scenario config the run used (every default filled in, the population flags applied). */
  config: ScenarioConfig;
  scenarios: Partial<Record<"governance" | "mining" | "vesting" | "delegation", SummaryScenario>>;
  /** Transactions and blocks per scenario (the same on every run; wall times are in timing.json). */
  chainWork: {
    scenarios: Record<string, { transactions: number; blocks: number }>;
    totalTransactions: number;
  };
}

/** timing.json: what differs between two runs with the same options (kept out of summary.json). */
export interface Timing {
  version: number;
  scenarios: Record<string, Omit<ScenarioTiming, "scenario">>;
  totalWallSeconds: number;
  totalTransactions: number;
}

const WEI = 10n ** 18n;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function jsonMetrics(metrics: Record<string, MetricValue>): Record<string, JsonMetric> {
  const out: Record<string, JsonMetric> = {};
  for (const [k, v] of Object.entries(metrics)) out[k] = typeof v === "number" && !Number.isFinite(v) ? null : v;
  return out;
}

function sumTokens(amounts: bigint[]): string {
  return (amounts.reduce((a, b) => a + b, 0n) / WEI).toString();
}

/** The machine-readable summary of a run (docs/report.md documents every field). */
export function buildSummary(run: SimulationRun): Summary {
  const { options, population } = run;
  const scenarios: Summary["scenarios"] = {};
  for (const r of run.results) {
    if (scenarios[r.scenario] !== undefined) throw new Error(`two results for scenario "${r.scenario}"`);
    const mechanisms: Record<string, SummaryMechanism> = {};
    for (const m of r.mechanisms) {
      if (mechanisms[m.id] !== undefined) throw new Error(`${r.scenario}: duplicate mechanism id "${m.id}"`);
      mechanisms[m.id] = {
        label: m.label,
        baseline: m.baseline,
        metrics: jsonMetrics(m.metrics),
        ...(m.distribution === undefined || m.distribution.values.length === 0
          ? {}
          : {
              distribution: {
                what: m.distribution.what,
                holders: m.distribution.values.length,
                gini: round6(gini(m.distribution.values)),
                lorenz: lorenz(m.distribution.values).map((p) => ({
                  population: round6(p.population),
                  share: round6(p.share),
                })),
              },
            }),
      };
    }
    const variants: SummaryScenario["variants"] = {};
    for (const v of r.variants ?? []) {
      if (variants[v.id] !== undefined) throw new Error(`${r.scenario}: duplicate variant id "${v.id}"`);
      variants[v.id] = { label: v.label, metrics: jsonMetrics(v.metrics) };
    }
    scenarios[r.scenario] = {
      mechanisms,
      variants,
      series: r.series ?? {},
      parameters: jsonMetrics(r.parameters ?? {}),
      reading: r.reading,
      ...(r.notes === undefined ? {} : { notes: r.notes }),
    };
  }
  const amounts = (kind: "whale" | "vc" | "retail") => ofKind(population, kind).map((a) => a.amount);
  const work: Summary["chainWork"]["scenarios"] = {};
  for (const t of run.timing) work[t.scenario] = { transactions: t.transactions, blocks: t.blocks };
  return {
    version: SUMMARY_VERSION,
    options: {
      agents: options.agents,
      whales: options.whales,
      whaleShare: options.whaleShare,
      vcs: options.vcs,
      vcShare: options.vcShare,
      seed: options.seed,
      scenarios: [...options.scenarios],
      network: run.network,
    },
    population: {
      retail: ofKind(population, "retail").length,
      whales: ofKind(population, "whale").length,
      vcs: ofKind(population, "vc").length,
      whaleShare: options.whaleShare,
      vcShare: options.vcShare,
      retailVerified: ofKind(population, "retail").filter((a) => a.verified).length,
      totalTokens: (population.total / WEI).toString(),
      holdings: {
        whale: sumTokens(amounts("whale")),
        vc: sumTokens(amounts("vc")),
        retail: sumTokens(amounts("retail")),
      },
    },
    config: options.config,
    scenarios,
    chainWork: {
      scenarios: work,
      totalTransactions: run.timing.reduce((a, t) => a + t.transactions, 0),
    },
  };
}

/** The run's wall times and rates, for timing.json. */
export function buildTiming(run: SimulationRun): Timing {
  const scenarios: Timing["scenarios"] = {};
  for (const { scenario, ...t } of run.timing) scenarios[scenario] = t;
  return {
    version: SUMMARY_VERSION,
    scenarios,
    totalWallSeconds: Math.round(run.timing.reduce((a, t) => a + t.wallSeconds, 0) * 1000) / 1000,
    totalTransactions: run.timing.reduce((a, t) => a + t.transactions, 0),
  };
}
