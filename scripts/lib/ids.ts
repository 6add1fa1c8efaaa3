/** Future ids of the suite's contracts, as the Ignition modules name them. */
export const IDS = {
  token: "Token#CounterweightToken",
  timelock: "Token#TimelockController",
  registry: "Identity#IdentityRegistry",
  governor: "Governance#CounterweightGovernor",
  vault: "Vesting#VestingVault",
  farm: "Farm#CappedStakingRewards",
  pair: "Farm#UniswapV2Pair",
} as const;
