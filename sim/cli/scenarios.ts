import type { ScenarioRegistry } from "../runner";

/**
 * The scenario registry, loaded on demand (the scenarios need TypeChain types, which do not exist
 * while hardhat.config.ts loads). The import below is the single line that ties the simulator to
 * `sim/scenarios/index.ts`, which re-exports governanceScenario, miningScenario, vestingScenario.
 */
export async function loadScenarios(): Promise<ScenarioRegistry> {
  let mod: typeof import("../scenarios");
  try {
    mod = await import("../scenarios");
  } catch (err) {
    throw new Error(`cannot load sim/scenarios (the governance, mining and vesting scenarios): ${String(err)}`);
  }
  return { governance: mod.governanceScenario, mining: mod.miningScenario, vesting: mod.vestingScenario };
}
