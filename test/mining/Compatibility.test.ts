import { shouldBehaveLikeStakingRewards, type StakingRewardsContext } from "./StakingRewards.behavior";
import { uncappedFixture } from "./fixtures";

async function baselineContext(): Promise<StakingRewardsContext> {
  const f = await uncappedFixture();
  return {
    as: (signer) => f.baseline.connect(signer),
    distributor: f.deployer,
    users: f.users,
    lp: f.pool.pair,
    rewardsToken: f.token,
  };
}

async function farmContext(): Promise<StakingRewardsContext> {
  const f = await uncappedFixture();
  return {
    as: (signer) => f.farm.connect(signer),
    distributor: f.deployer,
    users: f.users,
    lp: f.pool.pair,
    rewardsToken: f.token,
  };
}

describe("StakingRewards compatibility (no cap binds)", function () {
  describe("Uniswap StakingRewards (real npm artifact)", function () {
    shouldBehaveLikeStakingRewards(baselineContext);
  });

  describe("CappedStakingRewards", function () {
    shouldBehaveLikeStakingRewards(farmContext);
  });
});
