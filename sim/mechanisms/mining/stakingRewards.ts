import { actOnFarm, onFarm, readFarm, stakeWithPermits } from "./shared";
import type { MiningMechanism } from "./types";

/**
 * Uniswap's StakingRewards from the npm build artifact (@uniswap/liquidity-staker 1.0.2, a 60-day
 * period, reward ∝ stake): the instance `deployMining` deploys on the world's pair, funded with the
 * world's reward, its rewards distributor the deployer.
 */
export const UNISWAP_STAKING_REWARDS: MiningMechanism = {
  id: "uniswap-staking-rewards",
  label: "Uniswap StakingRewards",
  baseline: true,
  deploy: async (world) => onFarm(world, await world.setup.baseline.getAddress(), { kind: "staking-rewards" }),
  distribute: stakeWithPermits,
  act: actOnFarm,
  read: readFarm,
};
