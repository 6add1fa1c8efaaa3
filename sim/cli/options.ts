import { z } from "zod";
import { BOOLEAN_FLAGS, SCENARIO_NAMES, VALUE_FLAGS, flagName, type ScenarioName } from "./flags";

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

const schema = z
  .strictObject({
    agents: integer(1, MAX_AGENTS, `an integer in [1, ${MAX_AGENTS}]`),
    whales: integer(1, 10_000, "an integer in [1, 10000]"),
    whaleShare: fraction(false),
    vcs: integer(0, 10_000, "an integer in [0, 10000]"),
    vcShare: fraction(true),
    seed: integer(0, 0xffffffff, "an integer in [0, 2^32)"),
    scenario: scenarioSchema,
    out: text.refine((s) => s.length > 0, { message: "must be a directory path" }),
    quiet: z.boolean(),
  })
  .superRefine((o, ctx) => {
    if (o.whaleShare + o.vcShare >= 1) {
      ctx.addIssue({ code: "custom", path: ["vcShare"], message: `whale-share + vc-share must be < 1` });
    }
    if (o.vcs === 0 && o.vcShare > 0) {
      ctx.addIssue({ code: "custom", path: ["vcShare"], message: "must be 0 when --vcs is 0" });
    }
    if (o.vcs > 0 && o.vcShare === 0) {
      ctx.addIssue({ code: "custom", path: ["vcs"], message: "must be 0 when --vc-share is 0" });
    }
    if (o.vcs === 0 && (o.scenario === "all" || o.scenario === "vesting")) {
      ctx.addIssue({ code: "custom", path: ["vcs"], message: "the vesting scenario needs at least one VC" });
    }
  });

function defaults(): Record<string, string | boolean> {
  const d: Record<string, string | boolean> = {};
  for (const f of VALUE_FLAGS) d[f.key] = f.default ?? "";
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
  return {
    agents: o.agents,
    whales: o.whales,
    whaleShare: o.whaleShare,
    vcs: o.vcs,
    vcShare: o.vcShare,
    seed: o.seed,
    scenarios: o.scenario === "all" ? [...SCENARIO_NAMES] : [o.scenario as ScenarioName],
    out: o.out,
    quiet: o.quiet,
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
