import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CappedStakingRewards__factory, TestERC20__factory } from "../../typechain-types";
import { BASELINE_DURATION, CAPS, WAD, cappedFixture } from "./fixtures";

const R = 10n * WAD;

/** Two bare farms, one with separate staking and reward tokens, one with a single token for both;
 * alice and bob (no identity) hold and have approved both staking tokens. */
async function twoFarms() {
  const f = await cappedFixture();
  const [deployer] = await hre.ethers.getSigners();
  const [, , , alice, bob] = f.users;
  const reward = await new TestERC20__factory(deployer).deploy("Reward", "RWD");
  const staking = await new TestERC20__factory(deployer).deploy("Staked", "STK");
  const same = await new TestERC20__factory(deployer).deploy("Same", "SAME");
  const deploy = (stakingToken: string, rewardsToken: string) =>
    new CappedStakingRewards__factory(deployer).deploy(
      deployer.address,
      hre.ethers.ZeroAddress,
      rewardsToken,
      stakingToken,
      f.registry,
      BASELINE_DURATION,
      CAPS,
    );
  const apart = await deploy(await staking.getAddress(), await reward.getAddress());
  const shared = await deploy(await same.getAddress(), await same.getAddress());
  for (const u of [alice, bob]) {
    for (const [token, farm] of [
      [staking, apart],
      [same, shared],
    ] as const) {
      await token.mint(u.address, 1_000n * WAD);
      await token.connect(u).approve(await farm.getAddress(), hre.ethers.MaxUint256);
    }
  }
  return { alice, bob, reward, same, apart, shared };
}

describe("CappedStakingRewards: rewards promised stay backed", function () {
  describe("attack: funding a new period with rewards already owed to stakers", function () {
    it("should refuse a notification the balance covers only by counting unclaimed rewards", async function () {
      const { apart: farm, reward, alice } = await loadFixture(twoFarms);
      await farm.connect(alice).stake(10n * WAD);
      await reward.mint(await farm.getAddress(), R);
      await farm.notifyRewardAmount(R);
      expect(await farm.rewardsOutstanding()).to.equal(R);
      await time.increase(Number(BASELINE_DURATION) + 1);
      // Alice has earned almost all of R and not claimed it: nothing the farm holds is free.
      expect(await farm.earned(alice.address)).to.be.gte(R - WAD / 1000n);
      await expect(farm.notifyRewardAmount(R / 2n))
        .to.be.revertedWithCustomError(farm, "MiningRewardExceedsBalance")
        .withArgs(R + R / 2n, R);
      // With the new tokens actually sent, the same notification goes through.
      await reward.mint(await farm.getAddress(), R / 2n);
      await farm.notifyRewardAmount(R / 2n);
      expect(await farm.rewardsOutstanding()).to.equal(R + R / 2n);
      // Claims pay out of what is outstanding; what is left is still covered.
      const before = await reward.balanceOf(alice.address);
      await farm.connect(alice).getReward();
      const claimed = (await reward.balanceOf(alice.address)) - before;
      expect(await farm.rewardsOutstanding()).to.equal(R + R / 2n - claimed);
      expect(await reward.balanceOf(await farm.getAddress())).to.equal(R + R / 2n - claimed);
    });

    it("should keep every stake withdrawable when the staking token is the reward token", async function () {
      const { shared: farm, same, alice, bob } = await loadFixture(twoFarms);
      const stake = 20n * WAD;
      await farm.connect(alice).stake(stake);
      await farm.connect(bob).stake(stake);
      await same.mint(await farm.getAddress(), R);
      await farm.notifyRewardAmount(R);
      await time.increase(Number(BASELINE_DURATION) + 1);
      // The unclaimed R is owed; only principal is left besides it, and principal never funds rewards.
      await expect(farm.notifyRewardAmount(R / 2n))
        .to.be.revertedWithCustomError(farm, "MiningRewardExceedsBalance")
        .withArgs(R + R / 2n, R);
      const farmAddress = await farm.getAddress();
      for (const u of [alice, bob]) {
        const earned = await farm.earned(u.address);
        await expect(farm.connect(u).exit()).to.changeTokenBalance(same, u, stake + earned);
      }
      // Only the rate's rounding dust is left, and it is still counted as outstanding.
      expect(await same.balanceOf(farmAddress)).to.equal(await farm.rewardsOutstanding());
      expect(await farm.rewardsOutstanding()).to.be.lt(WAD / 1000n);
    });
  });
});
