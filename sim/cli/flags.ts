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

/**
 * A flag that overrides one field of the scenario config (flag over file over default). The value is
 * validated by the config's zod schema, with the flag named in the error. `number`: the value must
 * be a decimal number; `text`: passed as typed.
 */
export interface ConfigFlagSpec extends FlagSpec {
  /** The config field it sets, e.g. ["whales", "strategy"]. */
  readonly path: readonly string[];
  readonly kind: "number" | "text";
}

/** The config fields added with the adversaries and the farm exit (issue 15), as flags. */
export const CONFIG_FLAGS: readonly ConfigFlagSpec[] = (
  [
    {
      key: "whaleStrategy",
      path: ["whales", "strategy"],
      kind: "text",
      description: "whale strategy in the governance vote: passive | buy-identities | bribe-voters",
    },
    {
      key: "identityPrice",
      path: ["identity", "priceTokens"],
      kind: "number",
      description: "price of one identity, in tokens (the farm pays it in WETH at the pool price)",
    },
    {
      key: "identityBudget",
      path: ["whales", "buyIdentities", "budgetTokens"],
      kind: "number",
      description: "the whales' budget for identities, in tokens (buy-identities)",
    },
    {
      key: "bribePerVote",
      path: ["whales", "bribeVoters", "bribePerVoteQuote"],
      kind: "number",
      description: "bribe per retail vote cast For, in the quote asset (bribe-voters)",
    },
    {
      key: "bribeBudget",
      path: ["whales", "bribeVoters", "budgetQuote"],
      kind: "number",
      description: "the briber's budget, in the quote asset (bribe-voters)",
    },
    {
      key: "bribeAcceptAll",
      path: ["whales", "bribeVoters", "acceptAllAtValueShare"],
      kind: "number",
      description: "bribe ÷ balance value at which every voter accepts (bribe-voters)",
    },
    {
      key: "whaleExit",
      path: ["mining", "whaleExit", "rule"],
      kind: "text",
      description: "whale exit from every farm after the period: never | always | below-outside-apr",
    },
    {
      key: "outsideApr",
      path: ["mining", "whaleExit", "outsideApr"],
      kind: "number",
      description: "the APR whales earn elsewhere (0.25 = 25 %; with the below-outside-apr exit)",
    },
    {
      key: "exitAt",
      path: ["mining", "whaleExit", "atFraction"],
      kind: "number",
      description: "fraction of the reward period at which the whales decide and leave, in (0, 1] (absent: after it)",
    },
    {
      key: "retailSwap",
      path: ["mining", "retailSwapQuote"],
      kind: "number",
      description: "WETH a retail trader swaps after the whale exit, to price its impact",
    },
    {
      key: "captureBudget",
      path: ["mining", "captureBudgetQuote"],
      kind: "number",
      description: "the most the whales would spend (WETH) to take half the farm's rewards",
    },
  ] satisfies ConfigFlagSpec[]
).map((f) => ({ ...f, description: `${f.description} (default: the config's ${f.path.join(".")})` }));

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
  ...CONFIG_FLAGS,
];

export const BOOLEAN_FLAGS: readonly FlagSpec[] = [
  { key: "quiet", description: "no progress bar (one line per scenario instead)" },
];

/** `whaleShare` → `--whale-share`. */
export function flagName(key: string): string {
  return "--" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}
