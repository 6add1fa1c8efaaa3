import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { CappedStakingRewards } from "../../typechain-types";
import { CappedStakingRewards__factory, TestDecimalsERC20__factory, TestERC20__factory } from "../../typechain-types";
import { registerAgents } from "../../sim/chain/identity";
import { rotateIdentity } from "../../sim/chain/mining";
import { BASELINE_DURATION, CAPS, REWARD, WAD, cappedFixture, curve } from "./fixtures";

/** No cap binds: every staked wei is effective, so the totals below are exactly what is staked. */
const UNCAPPED = { cap: 10n ** 27n, slope: 0n, unverifiedCap: 10n ** 27n };

/** A farm on the real pair's LP token paying a `decimals`-decimal reward token; deployer = admin and distributor. */
async function lpFarm(decimals: number) {
  const f = await cappedFixture();
  const reward = await new TestDecimalsERC20__factory(f.deployer).deploy("Reward", "RWD", decimals);
  const farm = await new CappedStakingRewards__factory(f.deployer).deploy(
    f.deployer.address,
    hre.ethers.ZeroAddress,
    await reward.getAddress(),
    await f.pool.pair.getAddress(),
    f.registry,
    BASELINE_DURATION,
    UNCAPPED,
  );
  const farmAddress = await farm.getAddress();
  await f.pool.pair.approve(farmAddress, hre.ethers.MaxUint256);
  for (const u of f.users) await f.pool.pair.connect(u).approve(farmAddress, hre.ethers.MaxUint256);
  /** Mints `amount` to the farm, notifies it and returns the notification's timestamp. */
  const fundAndNotify = async (amount: bigint): Promise<bigint> => {
    await reward.mint(farmAddress, amount);
    const receipt = await (await farm.notifyRewardAmount(amount)).wait();
    const block = await hre.ethers.provider.getBlock(receipt!.blockNumber);
    return BigInt(block!.timestamp);
  };
  return { ...f, farm, reward, fundAndNotify };
}
const sixDecimalFarm = () => lpFarm(6);
const eighteenDecimalFarm = () => lpFarm(18);

/** Rewards streamed since `start` at the current rate, up to the accumulator's last update. */
async function streamedSince(farm: CappedStakingRewards, start: bigint): Promise<bigint> {
  return (await farm.rewardRate()) * ((await farm.lastUpdateTime()) - start);
}

/** The two-period set-up of the 2^96 bound: verified alice has 1 wei staked on a mintable farm. */
async function rotatedKeyFarm() {
  const f = await cappedFixture();
  const [alice, , , , fresh] = f.users;
  const id = (await registerAgents(f.registry, f.governor, [alice], "review-rotation")).get(alice.address)!;
  const staking = await new TestERC20__factory(f.deployer).deploy("Staked", "STK");
  const reward = await new TestERC20__factory(f.deployer).deploy("Reward", "RWD");
  const farm = await new CappedStakingRewards__factory(f.deployer).deploy(
    f.deployer.address,
    hre.ethers.ZeroAddress,
    await reward.getAddress(),
    await staking.getAddress(),
    f.registry,
    BASELINE_DURATION,
    CAPS,
  );
  for (const u of [alice, fresh]) {
    await staking.mint(u.address, 10n * WAD);
    await staking.connect(u).approve(await farm.getAddress(), hre.ethers.MaxUint256);
  }
  return { ...f, alice, fresh, id, farm, reward, staking };
}

describe("CappedStakingRewards: review findings (issue 13)", function () {
  describe("attack: rounding loss anyone can force with a poke every block", function () {
    it("should stream a 6-decimal reward to 1M staked LP poked every block, not round it to zero", async function () {
      const f = await loadFixture(sixDecimalFarm);
      const staked = 1_000_000n * WAD;
      await f.farm.stake(staked);
      // 1,000,000 whole 6-decimal tokens over 60 days: 192,901 wei a second, 0.19 wei per staked LP-token-WAD.
      const start = await f.fundAndNotify(1_000_000n * 10n ** 6n);
      for (let i = 0; i < 60; i++) await f.farm.poke(f.deployer.address);
      const streamed = await streamedSince(f.farm, start);
      expect(streamed).to.be.gt(10_000_000n);
      const earned = await f.farm.earned(f.deployer.address);
      // The only part not yet credited is the accumulator's remainder, below totalEffective / 1e18 wei.
      expect(earned).to.be.gte(streamed - staked / WAD);
      // Exactly: the sole staker holds the whole effective supply, so its settlements floor nothing.
      expect(earned * WAD + (await f.farm.accumulatorRemainder())).to.equal(streamed * WAD);
      expect(await f.farm.accumulatorRemainder()).to.be.lt(staked);
    });

    it("should conserve an 18-decimal reward over two stakers poked every block, within 1 wei per settlement", async function () {
      const f = await loadFixture(eighteenDecimalFarm);
      const [alice] = f.users;
      await f.farm.stake(1_234_567_891n * 10n ** 15n + 13n);
      await f.farm.connect(alice).stake(98_765_432_1n * 10n ** 14n + 5n);
      const start = await f.fundAndNotify(1_000n * WAD + 7n);
      const settlements = 80n;
      for (let i = 0n; i < settlements; i++) await f.farm.poke(i % 2n === 0n ? f.deployer.address : alice.address);
      const streamed = await streamedSince(f.farm, start);
      const owed = (await f.farm.earned(f.deployer.address)) + (await f.farm.earned(alice.address));
      const gap = streamed - owed;
      const total = await f.farm.totalEffectiveSupply();
      // Without the remainder carried, each update floors away up to totalEffective / 1e18 wei.
      expect(gap).to.be.gte(0n);
      expect(gap).to.be.lte(total / WAD + settlements + 2n);
      // Exactly: what is neither owed nor in the remainder is the settlements' and views' floors.
      const dust = gap * WAD - (await f.farm.accumulatorRemainder());
      expect(dust >= 0n && dust < (settlements + 2n) * WAD, `dust ${dust}`).to.equal(true);
    });
  });

  describe("attack: a rotated-to key locked out by the old key's rewards of 2^96 wei or more", function () {
    const TWO96 = 2n ** 96n;
    const BIG = TWO96 - 2n ** 70n;

    it("should evict the old key without the 2^96 bound and keep all its rewards claimable", async function () {
      const f = await loadFixture(rotatedKeyFarm);
      const farmAddress = await f.farm.getAddress();
      await f.farm.connect(f.alice).stake(1n);
      // Two full periods of just under 2^96 each (a reward token whose supply exceeds 2^96 wei).
      for (let i = 0; i < 2; i++) {
        await f.reward.mint(farmAddress, BIG);
        await f.farm.notifyRewardAmount(BIG);
        await time.increase(Number(BASELINE_DURATION));
      }
      const owed = await f.farm.earned(f.alice.address);
      expect(owed).to.be.gte(TWO96);
      // The old (lost) key never claims; the identity moves to a fresh key, which stakes and pokes.
      await rotateIdentity(f, f.alice, f.fresh);
      await expect(f.farm.connect(f.fresh).stake(1n))
        .to.emit(f.farm, "EffectiveBalanceUpdated")
        .withArgs(f.alice.address, 0n, curve(1n, CAPS.unverifiedCap, 0n));
      expect(await f.farm.creditedIdentityOf(f.fresh.address)).to.equal(f.id);
      expect(await f.farm.creditedIdentityOf(f.alice.address)).to.equal(0n);
      await f.farm.poke(f.fresh.address);
      await f.farm.connect(f.fresh).stake(1n);
      // Every wei the old key earned is still its own.
      expect(await f.farm.rewards(f.alice.address)).to.equal(owed);
      expect(await f.farm.earned(f.alice.address)).to.equal(owed);
      // The old key's own calls keep them too (nothing accrues after the periods), and a claim pays it all.
      await f.farm.connect(f.alice).stake(1n);
      expect(await f.farm.earned(f.alice.address)).to.equal(owed);
      await expect(f.farm.connect(f.alice).getReward()).to.changeTokenBalance(f.reward, f.alice, owed);
      expect(await f.farm.rewards(f.alice.address)).to.equal(0n);
      expect(await f.farm.earned(f.alice.address)).to.equal(0n);
      await f.farm.connect(f.alice).stake(1n);
      expect(await f.farm.rewardsOutstanding()).to.equal(2n * BIG - owed);
    });
  });

  describe("RewardsCarried misreports notify", function () {
    /** Replays the farm's events into the carry: + amount on RewardsCarried; on RewardPeriodScheduled
     * the whole carry goes into the period and the rate's rounding remainder becomes the carry. */
    async function replayedCarry(farm: CappedStakingRewards): Promise<bigint> {
      const logs = await hre.ethers.provider.getLogs({
        address: await farm.getAddress(),
        fromBlock: 0,
        toBlock: "latest",
      });
      let carry = 0n;
      for (const log of logs) {
        const parsed = farm.interface.parseLog(log);
        if (parsed?.name === "RewardsCarried") {
          carry += parsed.args.amount as bigint;
          expect(parsed.args.undistributed).to.equal(carry);
        } else if (parsed?.name === "RewardPeriodScheduled") {
          expect(parsed.args.carried).to.equal(carry);
          carry = parsed.args.undistributed as bigint;
        }
      }
      return carry;
    }

    it("should let an indexer replaying the events reconstruct undistributedRewards() exactly", async function () {
      const f = await loadFixture(cappedFixture);
      const [, , , , , stranger] = f.users;
      const check = async () => expect(await replayedCarry(f.farm)).to.equal(await f.farm.undistributedRewards());
      await f.farm.notifyRewardAmount(REWARD + 80_007n); // empty farm: the rate's dust is carried
      await check();
      await time.increase(1000);
      await f.farm.connect(stranger).stake(WAD); // emissions over the empty farm are carried
      await check();
      await f.farm.notifyRewardAmount(REWARD); // the whole carry goes into the new period
      await check();
      await time.increase(86_400);
      // A notification with stakers carries nothing new: no RewardsCarried, only what it scheduled.
      const rate = await f.farm.rewardRate();
      const at = BigInt(await time.latest()) + 10n;
      const leftover = ((await f.farm.periodFinish()) - at) * rate;
      const carried = await f.farm.undistributedRewards();
      await time.setNextBlockTimestamp(at);
      await expect(f.farm.notifyRewardAmount(1n))
        .to.emit(f.farm, "RewardPeriodScheduled")
        .withArgs(
          carried,
          leftover,
          (1n + carried + leftover) / BASELINE_DURATION,
          at + BASELINE_DURATION,
          (1n + carried + leftover) % BASELINE_DURATION,
        )
        .and.not.to.emit(f.farm, "RewardsCarried");
      await check();
      await f.farm.connect(stranger).exit();
      await time.increase(500);
      await f.farm.poke(stranger.address);
      await check();
      await f.farm.notifyRewardAmount(3n); // carries the emissions of the empty farm up to now, then schedules
      await check();
      expect(await f.farm.undistributedRewards()).to.be.gt(0n);
    });
  });
});
