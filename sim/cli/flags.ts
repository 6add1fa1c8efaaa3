/**
 * The `simulate` options: one list shared by the Hardhat task (its --help) and the zod schema, so a
 * flag's name, default and description live in one place. No dependencies: the task loads it when
 * hardhat.config.ts loads.
 */
export const SCENARIO_NAMES = ["governance", "mining", "vesting", "delegation"] as const;
/** What `--scenario all` (the default run) runs; "delegation" is opt-in (about 3 transactions per agent). */
export const DEFAULT_SCENARIOS = ["governance", "mining", "vesting"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface FlagSpec {
  /** Task parameter name (camelCase); the command line flag is its kebab-case form. */
  readonly key: string;
  readonly description: string;
  /**
   * Default as typed on the command line (absent for boolean flags, and for the population flags,
   * whose default is the config file's value).
   */
  readonly default?: string;
}

export const VALUE_FLAGS: readonly FlagSpec[] = [
  {
    key: "scenarioConfig",
    description: "scenario config JSON (behaviour, farm, vesting; see docs/report.md)",
    default: "sim/configs/default.json",
  },
  { key: "agents", description: "retail agents (integer ≥ 1; default: the config's population.agents, 1000)" },
  { key: "whales", description: "whales (integer ≥ 1; default: the config's population.whales, 3)" },
  {
    key: "whaleShare",
    description: "share of the distributed supply the whales hold, in (0, 1) (default: the config's, 0.6)",
  },
  {
    key: "vcs",
    description: "VC agents (integer ≥ 0; the vesting scenario needs ≥ 1; default: the config's, 5)",
  },
  {
    key: "vcShare",
    description: "share the VCs hold, in [0, 1) with whale-share + vc-share < 1 (default: the config's, 0.2)",
  },
  { key: "seed", default: "42", description: "random seed, integer in [0, 2^32): same seed, same numbers" },
  {
    key: "scenario",
    default: "all",
    description: "governance | mining | vesting | delegation | all (all: governance, mining, vesting)",
  },
  { key: "out", default: "reports/simulation", description: "output directory for summary.json, report.md, charts" },
];

export const BOOLEAN_FLAGS: readonly FlagSpec[] = [
  { key: "quiet", description: "no progress bar (one line per scenario instead)" },
];

/** `whaleShare` → `--whale-share`. */
export function flagName(key: string): string {
  return "--" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}
