import type { ScenarioConfig } from "../config/schema";
import { runGovernancePoint, type GovernanceRow } from "./governance";
import { runMiningPoint, type MiningRow } from "./mining";
import type { SweepScenario } from "./plan";

/** What one point × seed gives on the model engine, per scenario. */
export type PointResult = GovernanceRow | MiningRow;

/** Runs one point × seed of `scenario` on the model engine. */
export function runPoint(scenario: SweepScenario, config: ScenarioConfig, seed: number): PointResult {
  return scenario === "mining" ? runMiningPoint(config, seed) : runGovernancePoint(config, seed);
}
