import { expect } from "chai";
import type { AddressLike, BigNumberish, ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { CounterweightToken } from "../../typechain-types";
import type { UniswapV2Pair } from "../../typechain-types/baselines";
import { BASELINE_DURATION, REWARD, WAD } from "./fixtures";

/** The StakingRewards surface every front end knows (Synthetix / Uniswap liquidity-staker). */
export interface StakingRewardsLike {
  getAddress(): Promise<string>;
  stake(amount: BigNumberish): Promise<ContractTransactionResponse>;
  withdraw(amount: BigNumberish): Promise<ContractTransactionResponse>;
  getReward(): Promise<ContractTransactionResponse>;
  exit(): Promise<ContractTransactionResponse>;
  notifyRewardAmount(reward: BigNumberish): Promise<ContractTransactionResponse>;
  earned(account: AddressLike): Promise<bigint>;
  balanceOf(account: AddressLike): Promise<bigint>;
  totalSupply(): Promise<bigint>;
  rewardPerToken(): Promise<bigint>;
  rewardPerTokenStored(): Promise<bigint>;
  userRewardPerTokenPaid(account: AddressLike): Promise<bigint>;
  rewardRate(): Promise<bigint>;
  periodFinish(): Promise<bigint>;
  lastUpdateTime(): Promise<bigint>;
  rewardsDuration(): Promise<bigint>;
  lastTimeRewardApplicable(): Promise<bigint>;
  getRewardForDuration(): Promise<bigint>;
  stakingToken(): Promise<string>;
  rewardsToken(): Promise<string>;
}

export interface StakingRewardsContext {
  /** The farm as seen by `signer`. */
  as(signer: HardhatEthersSigner): StakingRewardsLike;
  distributor: HardhatEthersSigner;
  users: HardhatEthersSigner[];
  lp: UniswapV2Pair;
  rewardsToken: CounterweightToken;
}

/**
 * Behaviour shared by Uniswap's StakingRewards and the capped farm while no cap binds: written
 * once, run against both, so compatibility is a test rather than a claim.
 */
export function shouldBehaveLikeStakingRewards(fixture: () => Promise<StakingRewardsContext>): void {
  async function notified() {
    const ctx = await loadFixture(fixture);
    await (await ctx.as(ctx.distributor).notifyRewardAmount(REWARD)).wait();
    return ctx;
  }

  describe("wiring", function () {
    it("should expose the LP token, the reward token and the 60-day period of the npm StakingRewards", async function () {
      const ctx = await loadFixture(fixture);
      const farm = ctx.as(ctx.users[0]);
      expect(await farm.stakingToken()).to.equal(await ctx.lp.getAddress());
      expect(await farm.rewardsToken()).to.equal(await ctx.rewardsToken.getAddress());
      expect(await farm.rewardsDuration()).to.equal(BASELINE_DURATION);
    });
  });

  describe("when no reward was notified", function () {
    it("should accrue nothing to a staker", async function () {
      const ctx = await loadFixture(fixture);
      await ctx.as(ctx.users[0]).stake(10n * WAD);
      await time.increase(3600);
      expect(await ctx.as(ctx.users[0]).earned(ctx.users[0].address)).to.equal(0n);
      expect(await ctx.as(ctx.users[0]).rewardPerToken()).to.equal(0n);
    });
  });

  describe("when a non-distributor notifies", function () {
    it("should revert", async function () {
      const ctx = await loadFixture(fixture);
      await expect(ctx.as(ctx.users[0]).notifyRewardAmount(1n)).to.be.reverted;
    });
  });

  describe("when a reward is notified", function () {
    it("should set the rate, the period end and the reward for the duration", async function () {
      const ctx = await notified();
      const farm = ctx.as(ctx.users[0]);
      const now = BigInt(await time.latest());
      expect(await farm.rewardRate()).to.equal(REWARD / BASELINE_DURATION);
      expect(await farm.periodFinish()).to.equal(now + BASELINE_DURATION);
      expect(await farm.lastUpdateTime()).to.equal(now);
      expect(await farm.getRewardForDuration()).to.equal((REWARD / BASELINE_DURATION) * BASELINE_DURATION);
    });

    describe("when staking zero", function () {
      it("should revert", async function () {
        const ctx = await notified();
        await expect(ctx.as(ctx.users[0]).stake(0n)).to.be.reverted;
      });
    });

    describe("when a user stakes", function () {
      it("should move the LP tokens in, update balances and emit Staked", async function () {
        const ctx = await notified();
        const user = ctx.users[0];
        const farm = ctx.as(user);
        const tx = farm.stake(7n * WAD);
        await expect(tx).to.changeTokenBalances(ctx.lp, [user, await farm.getAddress()], [-7n * WAD, 7n * WAD]);
        await expect(tx)
          .to.emit(farm, "Staked")
          .withArgs(user.address, 7n * WAD);
        expect(await farm.balanceOf(user.address)).to.equal(7n * WAD);
        expect(await farm.totalSupply()).to.equal(7n * WAD);
      });
    });

    describe("given a lone staker through the whole period", function () {
      it("should earn the whole reward, less rounding dust", async function () {
        const ctx = await notified();
        const farm = ctx.as(ctx.users[0]);
        await farm.stake(10n * WAD);
        const started = BigInt(await time.latest());
        await time.increase(Number(BASELINE_DURATION) + 10);
        const expected = (REWARD / BASELINE_DURATION) * ((await farm.periodFinish()) - started);
        const got = await farm.earned(ctx.users[0].address);
        expect(got).to.be.lte(expected);
        expect(expected - got).to.be.lte(10n ** 6n);
        expect(await farm.lastTimeRewardApplicable()).to.equal(await farm.periodFinish());
      });
    });

    describe("given two stakers at 1:3", function () {
      it("should split the rewards 1:3", async function () {
        const ctx = await notified();
        const [a, b] = ctx.users;
        await ctx.as(a).stake(WAD);
        await ctx.as(b).stake(3n * WAD);
        const t0 = await ctx.as(a).earned(a.address);
        await time.increase(Number(BASELINE_DURATION));
        const ea = (await ctx.as(a).earned(a.address)) - t0;
        const eb = await ctx.as(b).earned(b.address);
        expect(eb * 10_000n).to.be.closeTo(ea * 30_000n, ea * 10n);
      });
    });

    describe("when a staker acts again after time passed", function () {
      it("should store the accumulator of that block and mark the staker paid up to it", async function () {
        const ctx = await notified();
        const user = ctx.users[0];
        const farm = ctx.as(user);
        await farm.stake(WAD);
        expect(await farm.rewardPerTokenStored()).to.equal(0n);
        await time.increase(3600);
        await farm.stake(WAD);
        const stored = await farm.rewardPerTokenStored();
        expect(stored).to.be.gt(0n);
        expect(stored).to.equal(await farm.rewardPerToken());
        expect(await farm.userRewardPerTokenPaid(user.address)).to.equal(stored);
        expect(await farm.lastUpdateTime()).to.equal(BigInt(await time.latest()));
      });
    });

    describe("when a staker withdraws", function () {
      it("should return the LP tokens and emit Withdrawn", async function () {
        const ctx = await notified();
        const user = ctx.users[0];
        const farm = ctx.as(user);
        await farm.stake(5n * WAD);
        const tx = farm.withdraw(2n * WAD);
        await expect(tx).to.changeTokenBalance(ctx.lp, user, 2n * WAD);
        await expect(tx)
          .to.emit(farm, "Withdrawn")
          .withArgs(user.address, 2n * WAD);
        expect(await farm.balanceOf(user.address)).to.equal(3n * WAD);
      });

      it("should revert when withdrawing more than the stake", async function () {
        const ctx = await notified();
        const farm = ctx.as(ctx.users[0]);
        await farm.stake(5n * WAD);
        await expect(farm.withdraw(6n * WAD)).to.be.reverted;
      });
    });

    describe("when a staker claims", function () {
      it("should pay exactly what was earned and emit RewardPaid", async function () {
        const ctx = await notified();
        const user = ctx.users[0];
        const farm = ctx.as(user);
        await farm.stake(5n * WAD);
        await time.increase(3600);
        const tx = await farm.getReward();
        const receipt = await tx.wait();
        const paid = (await ctx.rewardsToken.balanceOf(user.address)) as bigint;
        expect(paid).to.be.gt(0n);
        await expect(tx).to.emit(farm, "RewardPaid").withArgs(user.address, paid);
        expect(receipt?.status).to.equal(1);
        expect(await farm.earned(user.address)).to.equal(0n);
      });
    });

    describe("when a staker exits", function () {
      it("should return the whole stake and pay the rewards", async function () {
        const ctx = await notified();
        const user = ctx.users[0];
        const farm = ctx.as(user);
        await farm.stake(5n * WAD);
        await time.increase(3600);
        await expect(farm.exit()).to.changeTokenBalance(ctx.lp, user, 5n * WAD);
        expect(await farm.balanceOf(user.address)).to.equal(0n);
        expect(await ctx.rewardsToken.balanceOf(user.address)).to.be.gt(0n);
      });
    });

    describe("when the reward is topped up mid-period", function () {
      it("should roll the undistributed remainder into the new rate", async function () {
        const ctx = await loadFixture(fixture);
        const farm = ctx.as(ctx.distributor);
        await ctx.as(ctx.users[0]).stake(WAD);
        await farm.notifyRewardAmount(REWARD);
        await time.increase(Number(BASELINE_DURATION / 2n));
        const rate = await farm.rewardRate();
        const oldFinish = await farm.periodFinish();
        await farm.notifyRewardAmount(REWARD);
        const now = (await farm.periodFinish()) - BASELINE_DURATION;
        const remaining = (oldFinish - now) * rate;
        expect(await farm.rewardRate()).to.be.closeTo((REWARD + remaining) / BASELINE_DURATION, 1n);
      });
    });
  });
}
