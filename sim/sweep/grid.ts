import { configSchema, defaultConfig, type ScenarioConfig, type ScenarioConfigInput } from "../config/schema";
import { issueLines, jsonPath } from "../config/load";

/** A bad --grid, --seeds, --shard or axis value: reported before any point runs. */
export class SweepError extends Error {
  override readonly name = "SweepError";
}

/** How a grid axis sets its value into the scenario config. */
interface AxisDef {
  /** The config field it sets, as a JSON path for messages. */
  field: readonly string[];
  /** Whether the value must be an integer. */
  integer: boolean;
  set(config: ScenarioConfigInput, value: number): void;
}

function setIn(config: ScenarioConfigInput, field: readonly string[], value: unknown): void {
  let node = config as Record<string, unknown>;
  for (const key of field.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[field[field.length - 1]] = value;
}

const field = (path: readonly string[], integer = false): AxisDef => ({
  field: path,
  integer,
  set: (c, v) => setIn(c, path, v),
});

/** An axis of the "bribe-voters" strategy: sets the whale strategy too (the bribe runs only under it). */
const bribeField = (key: string): AxisDef => ({
  field: ["whales", "bribeVoters", key],
  integer: false,
  set: (c, v) => {
    setIn(c, ["whales", "strategy"], "bribe-voters");
    setIn(c, ["whales", "bribeVoters", key], v);
  },
});

/**
 * The mid-period whale exit's time: sets mining.whaleExit.atFraction and keeps the config's rule
 * (its default when the config has none).
 */
const exitAtField: AxisDef = {
  field: ["mining", "whaleExit", "atFraction"],
  integer: false,
  set: (c, v) => {
    const current = c.mining?.whaleExit ?? defaultConfig().mining.whaleExit;
    setIn(c, ["mining", "whaleExit"], { ...current, atFraction: v });
  },
};

/** Every axis a sweep may vary, by its command line name. */
export const AXES: Readonly<Record<string, AxisDef>> = {
  "whale-share": field(["population", "whaleShare"]),
  "vc-share": field(["population", "vcShare"]),
  whales: field(["population", "whales"], true),
  vcs: field(["population", "vcs"], true),
  "pareto-alpha": field(["population", "paretoAlpha"]),
  turnout: {
    field: ["retail", "turnout", "rate"],
    integer: false,
    set: (c, v) => setIn(c, ["retail", "turnout"], { mode: "fixed", rate: v }),
  },
  "verified-rate": field(["retail", "verifiedRate"]),
  "farm-participation": field(["retail", "farmParticipation"]),
  "cap-multiple": field(["mining", "capOverMeanStake"]),
  slope: field(["mining", "slope"]),
  "unverified-cap": field(["mining", "unverifiedCapOverCap"]),
  "exit-at": exitAtField,
  "identity-price": field(["identity", "priceTokens"]),
  "capture-budget": field(["mining", "captureBudgetQuote"]),
  "bribe-per-vote": bribeField("bribePerVoteQuote"),
  "bribe-budget": bribeField("budgetQuote"),
  "bribe-accept-all": bribeField("acceptAllAtValueShare"),
};

export interface Axis {
  name: string;
  field: string;
  values: number[];
}

/**
 * `lo:hi:n` → n evenly spaced values from lo to hi inclusive, `lo:hi:n:log` → n geometrically spaced
 * ones (lo > 0; e.g. `1:4096:7:log` = 1, 4, 16, …, 4096), rounded to 9 digits; or a single number.
 */
function axisValues(name: string, spec: string, integer: boolean): number[] {
  const parts = spec.split(":");
  const log = parts.length === 4 && parts[3] === "log";
  const nums = parts.slice(0, 3).map(Number);
  if (parts.length === 1 && Number.isFinite(nums[0])) return [nums[0]];
  if (!(parts.length === 3 || log) || !nums.every(Number.isFinite))
    throw new SweepError(`--grid axis "${name}": expected lo:hi:n, lo:hi:n:log or a number, got "${spec}"`);
  const [lo, hi, n] = nums;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new SweepError(`--grid axis "${name}": n must be an integer in [1, 1000], got ${n}`);
  if (n === 1 && lo !== hi) throw new SweepError(`--grid axis "${name}": n = 1 needs lo = hi`);
  if (hi < lo) throw new SweepError(`--grid axis "${name}": hi (${hi}) must be ≥ lo (${lo})`);
  if (log && !(lo > 0)) throw new SweepError(`--grid axis "${name}": a log axis needs lo > 0, got ${lo}`);
  const at = (i: number) => (log ? lo * (hi / lo) ** (i / (n - 1)) : lo + ((hi - lo) * i) / (n - 1));
  const values = Array.from({ length: n }, (_, i) => (n === 1 ? lo : Number(at(i).toFixed(9))));
  if (integer && !values.every(Number.isInteger))
    throw new SweepError(`--grid axis "${name}" sets an integer field; ${values.join(", ")} are not all integers`);
  return values;
}

/** Parses `--grid "whale-share=0.3:0.9:7,turnout=0.02:1:8"`. Unknown or repeated axes are refused. */
export function parseGrid(text: string): Axis[] {
  const axes: Axis[] = [];
  for (const item of text.split(",").map((s) => s.trim())) {
    const eq = item.indexOf("=");
    if (eq < 0) throw new SweepError(`--grid: expected axis=lo:hi:n, got "${item}"`);
    const name = item.slice(0, eq).trim();
    const def = AXES[name];
    if (def === undefined)
      throw new SweepError(`--grid: unknown axis "${name}"; known: ${Object.keys(AXES).join(", ")}`);
    if (axes.some((a) => a.name === name)) throw new SweepError(`--grid: axis "${name}" given twice`);
    axes.push({ name, field: jsonPath(def.field), values: axisValues(name, item.slice(eq + 1).trim(), def.integer) });
  }
  if (axes.length === 0) throw new SweepError("--grid: no axis given");
  return axes;
}

/** Every grid point, first axis slowest: `[{ "whale-share": 0.3, turnout: 0.02 }, …]`. */
export function gridPoints(axes: readonly Axis[]): Record<string, number>[] {
  let points: Record<string, number>[] = [{}];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.name]: v })));
  return points;
}

/**
 * The config of one point: the base config with the point's axis values set, validated by the
 * scenario schema. A value the schema refuses is reported with the axis, the field and the reason.
 */
export function pointConfig(base: ScenarioConfigInput, point: Readonly<Record<string, number>>): ScenarioConfig {
  const input = structuredClone(base) as ScenarioConfigInput;
  for (const [name, value] of Object.entries(point)) AXES[name].set(input, value);
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const at = Object.entries(point)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const lines = issueLines(parsed.error).map((l) => {
      const axis = Object.keys(point).find((k) => jsonPath(AXES[k].field) === jsonPath(l.path));
      return axis !== undefined ? `axis "${axis}" (${l.line})` : l.line;
    });
    throw new SweepError(`--grid point ${at} is not a valid scenario config:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}
