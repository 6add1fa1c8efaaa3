import fs from "node:fs";
import type { ScenarioConfigInput } from "../config/schema";
import path from "node:path";
import { readConfigJson, parseConfig } from "../config/load";
import { gridPoints, parseGrid, pointConfig, SweepError, type Axis } from "./grid";
import type { ScenarioConfig } from "../config/schema";

export const SWEEP_SCENARIOS = ["governance", "mining"] as const;
export type SweepScenario = (typeof SWEEP_SCENARIOS)[number];

/**
 * The default config of each scenario's sweep: the default one with VCs holding 5 % (so whale
 * shares up to 0.9 are valid), as committed under sim/configs/.
 */
export const SWEEP_CONFIG_NAMES: Record<SweepScenario, string> = {
  governance: "sim/configs/sweep-governance.json",
  mining: "sim/configs/sweep-mining.json",
};
const configFileOf = (scenario: SweepScenario): string =>
  path.resolve(__dirname, "../..", SWEEP_CONFIG_NAMES[scenario]);

/** What a sweep was asked to run: everything that decides its output (and nothing else). */
export interface SweepSpec {
  scenario: SweepScenario;
  grid: string;
  /** Seeds run at every point: firstSeed, firstSeed + 1, … */
  seeds: number;
  firstSeed: number;
  /** Retail agents per point (overrides the config's population.agents). */
  agents: number;
  /** The scenario config file the points start from (as given). */
  configFile: string;
  /** Its validated contents (so the output quotes the values actually used). */
  config: ScenarioConfig;
}

/** One unit of work: a grid point and a seed. `index` orders tasks in every output. */
export interface SweepTask {
  index: number;
  point: Record<string, number>;
  seed: number;
}

export interface SweepPlan {
  spec: SweepSpec;
  axes: Axis[];
  tasks: SweepTask[];
  /** Each task's validated config, by task index. */
  configs: ScenarioConfig[];
}

/** `"2/3"` → { index: 2, count: 3 } (1-based). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new SweepError(`--shard: expected i/N with 1 ≤ i ≤ N, got "${text}"`);
  return { index, count };
}

/** The tasks of shard i/N: every task whose index ≡ i − 1 (mod N) (a deterministic, balanced subset). */
export function shardTasks<T extends { index: number }>(
  tasks: readonly T[],
  shard: { index: number; count: number },
): T[] {
  return tasks.filter((t) => t.index % shard.count === shard.index - 1);
}

export interface SpecInput {
  scenario: string;
  grid: string;
  seeds: number;
  firstSeed: number;
  agents?: number;
  configFile?: string;
}

/**
 * Validates a whole sweep before any point runs: the scenario, the grid's axes and every point's
 * config (a value the config schema refuses names the axis and the field), the seeds and agents.
 */
export function planSweep(input: SpecInput): SweepPlan {
  if (!(SWEEP_SCENARIOS as readonly string[]).includes(input.scenario))
    throw new SweepError(`--scenario: "${input.scenario}" has no sweep; supported: ${SWEEP_SCENARIOS.join(", ")}`);
  if (!Number.isInteger(input.seeds) || input.seeds < 1 || input.seeds > 10_000)
    throw new SweepError(`--seeds must be an integer in [1, 10000], got ${input.seeds}`);
  if (!Number.isInteger(input.firstSeed) || input.firstSeed < 0 || input.firstSeed + input.seeds > 0xffffffff)
    throw new SweepError(`--seed must be an integer ≥ 0 (and seed + seeds < 2^32), got ${input.firstSeed}`);
  const scenario = input.scenario as SweepScenario;
  const configFile = input.configFile ?? configFileOf(scenario);
  if (!fs.existsSync(configFile)) throw new SweepError(`--scenario-config ${configFile}: no such file`);
  const raw = readConfigJson(configFile) as ScenarioConfigInput;
  const base: ScenarioConfigInput = structuredClone(raw);
  if (input.agents !== undefined) base.population = { ...base.population, agents: input.agents };
  const config = parseConfig(base, configFile);
  const axes = parseGrid(input.grid);
  const points = gridPoints(axes);
  const tasks: SweepTask[] = [];
  const configs: ScenarioConfig[] = [];
  for (const point of points) {
    const c = pointConfig(base, point);
    if (scenario === "governance" && c.population.whales < 2)
      throw new SweepError(
        `--grid point whales=${c.population.whales}: the governance scenario needs at least 2 whales`,
      );
    for (let s = 0; s < input.seeds; s++) {
      tasks.push({ index: tasks.length, point, seed: input.firstSeed + s });
      configs.push(c);
    }
  }
  const spec: SweepSpec = {
    scenario,
    grid: input.grid,
    seeds: input.seeds,
    firstSeed: input.firstSeed,
    agents: config.population.agents,
    configFile: input.configFile ?? SWEEP_CONFIG_NAMES[scenario],
    config,
  };
  return { spec, axes, tasks, configs };
}
