import { COUNTERWEIGHT_FARM } from "./cappedFarm";
import { UNISWAP_STAKING_REWARDS } from "./stakingRewards";
import type { MiningMechanism } from "./types";

/** The farms the mining scenario runs, in report order. A new farm: one file, one line here. */
export const MINING_MECHANISMS: readonly MiningMechanism[] = [UNISWAP_STAKING_REWARDS, COUNTERWEIGHT_FARM];

export type * from "./types";
export { COUNTERWEIGHT_FARM, UNISWAP_STAKING_REWARDS };
export { cappedFarm } from "./cappedFarm";
export { STAKE_BATCH, disperseLp, keyedAgents, miningWorld } from "./shared";
