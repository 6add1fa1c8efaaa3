import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ScenarioConfig } from "./config/schema";
import type { Population } from "./population";
import type { Rng } from "./random";

export type MetricValue = number | string | boolean;

/** One mechanism (a baseline or a Counterweight contract) run on the scenario's population. */
export interface MechanismResult {
  /** Stable machine id, e.g. "oz-governor-simple", "uniswap-governor-alpha", "counterweight". */
  id: string;
  /** Human label for tables and charts. */
  label: string;
  /** True for a real contract people deploy today (from npm artifacts). */
  baseline: boolean;
  /** Every metric, with stable camelCase names (documented in docs/report.md). */
  metrics: Record<string, MetricValue>;
  /** Per-holder amounts (vote weight, rewards…) for Lorenz curves, in display units. */
  distribution?: { what: string; values: number[] };
}

/** A point of a time series chart (e.g. the pool price under VC selling). */
export interface SeriesPoint {
  series: string;
  x: number;
  y: number;
}

export interface ScenarioResult {
  scenario: "governance" | "mining" | "vesting" | "delegation";
  mechanisms: MechanismResult[];
  /** Named time series, e.g. { price: [...] } with x in days. */
  series?: Record<string, SeriesPoint[]>;
  /** Extra rows, e.g. the sybil split for k = 1, 10, 100. */
  variants?: { id: string; label: string; metrics: Record<string, MetricValue> }[];
  /**
   * The settings the scenario actually used (caps, slope, periods, prices…), so the report quotes
   * real values rather than typed-in ones; documented per scenario in docs/report.md.
   */
  parameters?: Record<string, MetricValue>;
  /** One paragraph: who won and why, computed from the numbers above. */
  reading: string;
  /** Notes per metric group (e.g. "exit", "capture"): how the group was measured, its assumptions. */
  notes?: Record<string, string>;
}

export interface ScenarioContext {
  hre: HardhatRuntimeEnvironment;
  population: Population;
  /** The validated scenario config (behaviour, farm, vesting): every scenario reads it. */
  config: ScenarioConfig;
  rng: Rng;
  /** false: skip the attack variants that a scenario can skip (a sweep's chain re-check compares only the mechanisms). */
  variants?: boolean;
}

/**
 * A scenario: runs on the context's chain, population and config and returns its result. `steps` says,
 * before any chain work, about how many transactions it will send for a population: the runner's
 * progress bar is sized with it from the start and moves with every transaction sent.
 */
export interface Scenario {
  (ctx: ScenarioContext): Promise<ScenarioResult>;
  steps(population: Population, config: ScenarioConfig): number;
  /**
   * Why this scenario cannot run on a population and config (empty when it can). The runner asks
   * every scenario it will run before the first chain request and refuses the run on any reason.
   */
  validate?(population: Population, config: ScenarioConfig): string[];
}
