export { governanceScenario } from "./governance";
export { miningScenario } from "./mining";
export { vestingScenario } from "./vesting";
export { delegationScenario } from "./delegation";
