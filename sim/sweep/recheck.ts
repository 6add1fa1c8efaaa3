import { performance } from "node:perf_hooks";
import type { SimulationOptions } from "../cli/options";
import type { ScenarioConfig } from "../config/schema";
import type { ScenarioResult } from "../types";
import { GOVERNORS, runGovernancePoint } from "./governance";
import { gridPoints, type Axis } from "./grid";
import { FARMS, runMiningPoint } from "./mining";
import type { SweepScenario } from "./plan";

/** Chain points run at most this many retail agents (the chain engine's memory; one point at a time). */
export const RECHECK_MAX_AGENTS = 1000;

/** What both engines are compared on, per mechanism: the winner and the numbers behind it. */
export type Compared = Record<string, Record<string, string>>;

/** One re-checked point: the model and the chain engine on the same seed, config and agents. */
export interface RecheckPoint {
  point: Record<string, number>;
  seed: number;
  agents: number;
  model: Compared;
  chain: Compared;
  match: boolean;
  modelSeconds: number;
  chainSeconds: number;
}

export interface Recheck {
  /** Sample points asked for (`--recheck N`) and retail agents per chain point. */
  asked: number;
  agents: number;
  network: string;
  points: RecheckPoint[];
  modelSeconds: number;
  chainSeconds: number;
}

/** The re-check without wall times (what sweep.json keeps, so its bytes depend only on the data). */
export function recheckData(r: Recheck): Omit<Recheck, "modelSeconds" | "chainSeconds" | "points"> & {
  points: Omit<RecheckPoint, "modelSeconds" | "chainSeconds">[];
} {
  return {
    asked: r.asked,
    agents: r.agents,
    network: r.network,
    points: r.points.map((p) => ({
      point: p.point,
      seed: p.seed,
      agents: p.agents,
      model: p.model,
      chain: p.chain,
      match: p.match,
    })),
  };
}

const fmt = (x: number): string => String(Number(x.toFixed(6)));
const key = (p: Readonly<Record<string, number>>): string => JSON.stringify(p);

/**
 * The fixed sample a sweep re-checks on the chain: the grid corners first, then the points on
 * either side of each claim's boundary (neighbours along an axis where it changes), claim by claim
 * in grid order, at most `n`. Depends only on the grid and the model's results, so the same sweep
 * re-checks the same points.
 */
export function recheckSample(
  axes: readonly Axis[],
  claims: readonly ((point: Readonly<Record<string, number>>) => boolean)[],
  n: number,
): Record<string, number>[] {
  const points = gridPoints(axes);
  const chosen = new Map<string, Record<string, number>>();
  const add = (p: Record<string, number>) => {
    if (chosen.size < n && !chosen.has(key(p))) chosen.set(key(p), p);
  };
  const isCorner = (p: Record<string, number>) =>
    axes.every((a) => p[a.name] === a.values[0] || p[a.name] === a.values[a.values.length - 1]);
  points.filter(isCorner).forEach(add);
  const byKey = new Map(points.map((p) => [key(p), p]));
  for (const holds of claims)
    for (const p of points)
      for (const a of axes) {
        const i = a.values.indexOf(p[a.name]);
        if (i + 1 >= a.values.length) continue;
        const q = byKey.get(key({ ...p, [a.name]: a.values[i + 1] }));
        if (q !== undefined && holds(p) !== holds(q)) {
          add(p);
          add(q);
        }
      }
  return [...chosen.values()];
}

/** Display units of the chain scenarios' metrics: 18 (or 9 for √ weights) decimals → a number. */
const display = (x: bigint, unit: bigint): number => Number(x / unit) + Number(x % unit) / Number(unit);
const r6 = (x: unknown): string => String(Number(Number(x).toFixed(6)));

/** The model engine's side of a re-checked point: per mechanism, the winner and the numbers behind it. */
export function modelCompared(scenario: SweepScenario, config: ScenarioConfig, seed: number): Compared {
  const out: Compared = {};
  if (scenario === "governance") {
    const row = runGovernancePoint(config, seed);
    for (const g of GOVERNORS) {
      const o = row.governors[g];
      const unit = g === "counterweight" ? 10n ** 9n : 10n ** 18n;
      out[g] = {
        winner: o.winner,
        for: String(display(BigInt(o.for), unit)),
        against: String(display(BigInt(o.against), unit)),
      };
    }
    // The bribed re-vote ("bribe-voters" strategy): the chain adversary's winner, votes bought and tally.
    for (const g of GOVERNORS) {
      const b = row.governors[g].bribe;
      if (b === undefined) continue;
      const unit = g === "counterweight" ? 10n ** 9n : 10n ** 18n;
      out[`bribe-voters-${g}`] = {
        winner: b.winner,
        votesBought: String(b.votesBought),
        for: String(display(BigInt(b.for), unit)),
        against: String(display(BigInt(b.against), unit)),
      };
    }
  } else {
    const row = runMiningPoint(config, seed);
    for (const f of FARMS) {
      const o = row.farms[f];
      const capture =
        o.capture.spendQuote === undefined ? NOT_WITHIN_BUDGET : r6(truncated6(BigInt(o.capture.spendQuote)));
      if (o.whalesExited === undefined) {
        out[f] = { winner: o.winner, retailRewardShare: r6(o.retailRewardShare), gini: r6(o.gini), capture };
        continue;
      }
      // A mid-period exit: the chain reports the period's rewards with it (retailRewardShareWithExit, in ppb).
      const retail = BigInt(o.retailRewards);
      const total = retail + BigInt(o.whaleRewards);
      out[f] = {
        winner: o.winner,
        whalesExited: String(o.whalesExited),
        retailRewardShare: r6(total === 0n ? 0 : Number((retail * 10n ** 9n) / total) / 1e9),
        capture,
      };
    }
  }
  return out;
}

/** Wei → a number truncated to 6 decimals, as the mining scenario displays its metrics. */
const truncated6 = (x: bigint): number => Number(x / 10n ** 12n) / 1e6;
const NOT_WITHIN_BUDGET = "not within budget";

/** The chain scenario's capture spend (WETH, 6 digits; NaN, or null through a worker, when not within budget). */
function chainCapture(v: unknown): string {
  return typeof v === "number" && Number.isFinite(v) ? r6(v) : NOT_WITHIN_BUDGET;
}

/**
 * The chain engine's side of a re-checked point, from the scenario's mechanism results and its
 * bribe-voters variants when the whales bribe (as `modelCompared`).
 */
export function chainCompared(
  scenario: SweepScenario,
  result: Pick<ScenarioResult, "mechanisms" | "variants"> | undefined,
): Compared {
  const mechanisms = result?.mechanisms ?? [];
  const out: Compared = {};
  const ids: readonly string[] = scenario === "governance" ? GOVERNORS : FARMS;
  for (const id of ids) {
    const m = mechanisms.find((x) => x.id === id)?.metrics ?? {};
    out[id] =
      scenario === "governance"
        ? {
            winner: m.outcome === "passed" ? "whale" : "retail",
            for: String(m.forWeight),
            against: String(m.againstWeight),
          }
        : m.retailRewardShareWithExit === undefined
          ? {
              winner: Number(m.whaleRewardShare) >= 0.5 ? "whale" : "retail",
              retailRewardShare: r6(m.retailRewardShare),
              gini: r6(m.rewardGini),
              capture: chainCapture(m.captureSpendQuote),
            }
          : {
              // A mid-period exit (the model side's `whalesExited` is set then): the period with it.
              winner: Number(m.whaleRewardsWithExit) >= Number(m.rewardsWithExit) / 2 ? "whale" : "retail",
              whalesExited: String(m.whalesExited),
              retailRewardShare: r6(m.retailRewardShareWithExit),
              capture: chainCapture(m.captureSpendQuote),
            };
  }
  if (scenario === "governance")
    for (const id of GOVERNORS) {
      const m = result?.variants?.find((v) => v.id === `bribe-voters-${id}`)?.metrics;
      if (m === undefined) continue;
      out[`bribe-voters-${id}`] = {
        winner: m.chainPassed === true ? "whale" : "retail",
        votesBought: String(m.votesBoughtOnChain),
        for: String(m.forWeight),
        against: String(m.againstWeight),
      };
    }
  return out;
}

/**
 * Re-runs each sample point at its first seed on the chain engine (the real contracts, in-process
 * Hardhat chain, one point at a time, at most RECHECK_MAX_AGENTS retail agents) and on the model
 * engine with the same agents, and compares them.
 */
export async function runRecheck(
  scenario: SweepScenario,
  sample: readonly { point: Record<string, number>; seed: number; config: ScenarioConfig }[],
  asked: number,
  log: (line: string) => void = () => undefined,
): Promise<Recheck> {
  const { default: hre } = await import("hardhat");
  const { runSimulation } = await import("../runner");
  const { loadScenarios } = await import("../cli/scenarios");
  const scenarios = await loadScenarios();
  const points: RecheckPoint[] = [];
  let agents = 0;
  for (const s of sample) {
    const config: ScenarioConfig = structuredClone(s.config);
    config.population.agents = Math.min(config.population.agents, RECHECK_MAX_AGENTS);
    agents = config.population.agents;
    const p = config.population;
    const options: SimulationOptions = {
      agents: p.agents,
      whales: p.whales,
      whaleShare: p.whaleShare,
      vcs: p.vcs,
      vcShare: p.vcShare,
      seed: s.seed,
      scenarios: [scenario],
      out: "",
      quiet: true,
      configFile: "(sweep point)",
      config,
      variants: false,
    };
    const t0 = performance.now();
    const model = modelCompared(scenario, config, s.seed);
    const t1 = performance.now();
    const run = await runSimulation(hre, options, scenarios, { progressBar: false, log: () => undefined });
    const t2 = performance.now();
    const result = run.results.find((r) => r.scenario === scenario);
    const chain = chainCompared(scenario, result);
    const match = JSON.stringify(model) === JSON.stringify(chain);
    points.push({
      point: s.point,
      seed: s.seed,
      agents,
      model,
      chain,
      match,
      modelSeconds: (t1 - t0) / 1000,
      chainSeconds: (t2 - t1) / 1000,
    });
    log(
      `recheck ${key(s.point)} seed ${s.seed}: ${match ? "same" : "DIFFERENT"} (chain ${((t2 - t1) / 1000).toFixed(1)} s)`,
    );
  }
  return {
    asked,
    agents,
    network: hre.network.name,
    points,
    modelSeconds: points.reduce((a, p) => a + p.modelSeconds, 0),
    chainSeconds: points.reduce((a, p) => a + p.chainSeconds, 0),
  };
}

const cell = (c: Record<string, string>): string =>
  Object.entries(c)
    .map(([k, v]) => (k === "winner" ? v : `${k} ${v}`))
    .join(", ");

/** The report's "Chain re-check" section: model and chain side by side, with their times. */
export function recheckMarkdown(r: Recheck): string[] {
  const same = r.points.filter((p) => p.match).length;
  const lines = [
    "## Chain re-check",
    "",
    `${r.points.length} sample point(s) (of ${r.asked} asked: the grid corners, then the points beside the boundary), ` +
      `each at its first seed with ${r.agents} retail agents, re-run on the chain engine (the real contracts, ` +
      `${r.network} network, one point at a time) and on the model engine with the same agents: ` +
      `${same} of ${r.points.length} give the same winner and numbers. ` +
      `Chain ${r.chainSeconds.toFixed(1)} s, model ${r.modelSeconds.toFixed(2)} s (wall times of this run).`,
    "",
  ];
  const mechs = Object.keys(r.points[0]?.model ?? {});
  for (const m of mechs) {
    lines.push(
      `### ${m}`,
      "",
      "| point | seed | model | chain | same | chain s |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const p of r.points) {
      const at = Object.entries(p.point)
        .map(([k, v]) => `${k}=${fmt(v)}`)
        .join(", ");
      const same = JSON.stringify(p.model[m]) === JSON.stringify(p.chain[m]);
      lines.push(
        `| ${at} | ${p.seed} | ${cell(p.model[m])} | ${cell(p.chain[m] ?? {})} | ${same ? "yes" : "**no**"} | ${p.chainSeconds.toFixed(1)} |`,
      );
    }
    lines.push("");
  }
  return lines;
}
