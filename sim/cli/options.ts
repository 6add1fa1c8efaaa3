import path from "node:path";
import { z } from "zod";
import { ConfigError, DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_NAME, issueLines, readConfigJson } from "../config/load";
import { configSchema, type ScenarioConfig } from "../config/schema";
import { applyConfigFlags, configFlagFor } from "./configFlags";
import {
  BOOLEAN_FLAGS,
  CONFIG_FLAGS,
  DEFAULT_SCENARIOS,
  SCENARIO_NAMES,
  VALUE_FLAGS,
  flagName,
  type ScenarioName,
} from "./flags";

/** Validated `simulate` options. */
export interface SimulationOptions {
  /** Retail agents. */
  agents: number;
  whales: number;
  whaleShare: number;
  vcs: number;
  vcShare: number;
  seed: number;
  /** The scenarios to run, in run order (`all` = governance, mining, vesting). */
  scenarios: ScenarioName[];
  out: string;
  quiet: boolean;
  /** The config file read (as given, or the committed default). */
  configFile: string;
  /** The validated scenario config, with the population flags applied to `config.population`. */
  config: ScenarioConfig;
  /** false: scenarios skip the variants they can skip (set by a sweep's chain re-check, not a flag). */
  variants?: boolean;
}

/** A bad option, reported before any chain work. The message names the flag and the value. */
export class OptionsError extends Error {
  override readonly name = "OptionsError";
}

export type RawOptions = Record<string, string | number | boolean | undefined>;

const MAX_AGENTS = 1_000_000;

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

function integer(min: number, max: number, what: string) {
  return text
    .refine((s) => /^\d+$/.test(s), { message: `must be ${what}` })
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, { message: `must be ${what}` });
}

function fraction(minInclusive: boolean) {
  const what = minInclusive ? "a number in [0, 1)" : "a number in (0, 1)";
  return text
    .refine((s) => /^(\d+(\.\d*)?|\.\d+)$/.test(s), { message: `must be ${what}` })
    .transform(Number)
    .refine((n) => (minInclusive ? n >= 0 : n > 0) && n < 1, { message: `must be ${what}` });
}

const scenarioSchema = text.refine((s) => s === "all" || (SCENARIO_NAMES as readonly string[]).includes(s), {
  message: `must be one of ${[...SCENARIO_NAMES, "all"].join(", ")}`,
});

/** Flags that override `population.<flag>` of the config. */
const POPULATION_FLAGS = ["agents", "whales", "whaleShare", "vcs", "vcShare"] as const;
type PopulationFlag = (typeof POPULATION_FLAGS)[number];

const schema = z.strictObject({
  agents: integer(1, MAX_AGENTS, `an integer in [1, ${MAX_AGENTS}]`).optional(),
  whales: integer(1, 10_000, "an integer in [1, 10000]").optional(),
  whaleShare: fraction(false).optional(),
  vcs: integer(0, 10_000, "an integer in [0, 10000]").optional(),
  vcShare: fraction(true).optional(),
  scenarioConfig: text.refine((s) => s.length > 0, { message: "must be a file path" }).optional(),
  seed: integer(0, 0xffffffff, "an integer in [0, 2^32)"),
  scenario: scenarioSchema,
  out: text.refine((s) => s.length > 0, { message: "must be a directory path" }),
  quiet: z.boolean(),
  // The config flags (sim/cli/configFlags.ts): passed as typed, validated by the config's schema.
  ...Object.fromEntries(CONFIG_FLAGS.map((f) => [f.key, text.optional()])),
});

function defaults(): Record<string, string | boolean> {
  const d: Record<string, string | boolean> = {};
  // --scenario-config's default is the committed file, found next to this module whatever the working directory.
  for (const f of VALUE_FLAGS) if (f.default !== undefined && f.key !== "scenarioConfig") d[f.key] = f.default;
  for (const f of BOOLEAN_FLAGS) d[f.key] = false;
  return d;
}

/**
 * Validates options given as task parameters or parsed flags (camelCase keys; undefined = default).
 * Throws an OptionsError listing every bad option as `--flag "value": reason`.
 */
export function parseOptions(raw: RawOptions): SimulationOptions {
  const input: Record<string, unknown> = defaults();
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) input[key] = value;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") return issue.keys.map((k) => `unknown option ${flagName(k)}`);
      const key = String(issue.path[0] ?? "");
      const value = input[key];
      const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
      return [`${flagName(key)} ${shown}: ${issue.message}`];
    });
    throw new OptionsError(`invalid simulate options:\n  ${lines.join("\n  ")}`);
  }
  const o = parsed.data;
  const configFile = o.scenarioConfig === undefined ? DEFAULT_CONFIG_FILE : path.resolve(o.scenarioConfig);
  const shownFile = o.scenarioConfig ?? DEFAULT_CONFIG_NAME;
  let fileValue: unknown;
  try {
    fileValue = readConfigJson(configFile);
  } catch (err) {
    if (err instanceof ConfigError) throw new OptionsError(`invalid simulate options:\n  ${err.message}`);
    throw err;
  }
  // The flags override the file's population; the merged value is validated as a whole.
  const overrides: Partial<Record<PopulationFlag, number>> = {};
  for (const k of POPULATION_FLAGS) if (o[k] !== undefined) overrides[k] = o[k];
  const withPopulation =
    typeof fileValue === "object" && fileValue !== null && !Array.isArray(fileValue)
      ? {
          ...(fileValue as Record<string, unknown>),
          population: { ...((fileValue as { population?: object }).population ?? {}), ...overrides },
        }
      : fileValue;
  const given = o as Record<string, unknown>;
  const flagged = applyConfigFlags(withPopulation, (key) => given[key] as string | undefined);
  if (flagged.errors.length > 0) throw new OptionsError(`invalid simulate options:\n  ${flagged.errors.join("\n  ")}`);
  const config = configSchema.safeParse(flagged.value);
  if (!config.success) {
    const lines = issueLines(config.error).map(({ path: p, line }) => {
      const flag = configFlagFor(p, (key) => given[key] !== undefined);
      if (flag !== undefined) return `${flagName(flag.key)} ${JSON.stringify(given[flag.key])}: ${line}`;
      const key = p[0] === "population" && p.length === 2 ? String(p[1]) : "";
      if ((POPULATION_FLAGS as readonly string[]).includes(key) && o[key as PopulationFlag] !== undefined) {
        const reason = line
          .slice(line.indexOf(": ") + 2)
          .replace(/\b(whaleShare|vcShare|vcs|agents|whales)\b/g, flagName);
        return `${flagName(key)} ${JSON.stringify(String(input[key]).trim())}: ${reason}`;
      }
      return `config ${shownFile}: ${line}`;
    });
    throw new OptionsError(`invalid simulate options:\n  ${lines.join("\n  ")}`);
  }
  const c = config.data;
  const scenarios = o.scenario === "all" ? [...DEFAULT_SCENARIOS] : [o.scenario as ScenarioName];
  if (c.population.vcs === 0 && scenarios.includes("vesting")) {
    const where = o.vcs !== undefined ? `--vcs "${o.vcs}"` : `config ${shownFile}: $.population.vcs`;
    throw new OptionsError(`invalid simulate options:\n  ${where}: the vesting scenario needs at least one VC`);
  }
  return {
    agents: c.population.agents,
    whales: c.population.whales,
    whaleShare: c.population.whaleShare,
    vcs: c.population.vcs,
    vcShare: c.population.vcShare,
    seed: o.seed,
    scenarios,
    out: o.out,
    quiet: o.quiet,
    configFile: shownFile,
    config: c,
  };
}

/**
 * Parses command line flags (`--agents 100 --whale-share=0.5 --quiet`) the way the task does, for
 * scripts that run outside Hardhat's task runner. Unknown flags and stray arguments are errors.
 */
export function parseArgv(argv: readonly string[]): SimulationOptions {
  const byFlag = new Map<string, { key: string; boolean: boolean }>();
  for (const f of VALUE_FLAGS) byFlag.set(flagName(f.key), { key: f.key, boolean: false });
  for (const f of BOOLEAN_FLAGS) byFlag.set(flagName(f.key), { key: f.key, boolean: true });
  const raw: RawOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = byFlag.get(flag);
    if (!arg.startsWith("--")) throw new OptionsError(`invalid simulate options:\n  unexpected argument "${arg}"`);
    if (spec === undefined) throw new OptionsError(`invalid simulate options:\n  unknown option ${flag}`);
    if (spec.boolean) {
      if (eq >= 0) throw new OptionsError(`invalid simulate options:\n  ${flag} takes no value`);
      raw[spec.key] = true;
    } else if (eq >= 0) {
      raw[spec.key] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw new OptionsError(`invalid simulate options:\n  ${flag} needs a value`);
      raw[spec.key] = value;
      i++;
    }
  }
  return parseOptions(raw);
}
