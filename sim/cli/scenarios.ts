import type { ScenarioRegistry } from "../runner";

/**
 * The scenario registry, loaded on demand (the scenarios need TypeChain types, which do not exist
 * while hardhat.config.ts loads). The import below is the single line that ties the simulator to
 * `sim/scenarios/index.ts`, which re-exports governanceScenario, miningScenario, vestingScenario, delegationScenario.
 */
export async function loadScenarios(): Promise<ScenarioRegistry> {
  let mod: typeof import("../scenarios");
  try {
    mod = await import("../scenarios");
  } catch (err) {
    throw new Error(
      `cannot load sim/scenarios (the governance, mining, vesting and delegation scenarios): ${String(err)}`,
    );
  }
  return {
    governance: mod.governanceScenario,
    mining: mod.miningScenario,
    vesting: mod.vestingScenario,
    delegation: mod.delegationScenario,
  };
}
