import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CappedStakingRewards, TestDecimalsERC20, TestERC20 } from "../../typechain-types";
import {
  CappedStakingRewards__factory,
  ReentrantToken__factory,
  TestDecimalsERC20__factory,
  TestERC20__factory,
} from "../../typechain-types";
import { registerAgents } from "../../sim/chain/identity";
import { rotateIdentity } from "../../sim/chain/mining";
import { deployMining } from "../../sim/chain/mining";
import { agentSigners } from "../../sim/chain/accounts";
import { BASELINE_DURATION, CAPS, REWARD, WAD, cappedFixture, curve } from "./fixtures";

const TWO96 = 2n ** 96n;
/** Below 2^96 with room for the rate's rounding dust: one period's rewards of a huge-supply token. */
const BIG = TWO96 - 2n ** 70n;

/** Verified alice and bob, a fresh key, on a farm whose staking and reward tokens are mintable. */
async function hugeRewardFarm() {
  const f = await cappedFixture();
  const [alice, bob, carol, , fresh] = f.users;
  const ids = await registerAgents(f.registry, f.governor, [alice, bob], "audit-farm");
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
  for (const u of [alice, bob, carol, fresh]) {
    await staking.mint(u.address, 10_000n * WAD);
    await staking.connect(u).approve(await farm.getAddress(), hre.ethers.MaxUint256);
  }
  const fundAndNotify = async (amount: bigint) => {
    await reward.mint(await farm.getAddress(), amount);
    await farm.notifyRewardAmount(amount);
  };
  return { ...f, alice, bob, carol, fresh, ids, farm, reward, staking, fundAndNotify };
}

/** Two full periods of just under 2^96 each: `who` (the only staker) is owed at least 2^96. */
async function overTwo96(f: Awaited<ReturnType<typeof hugeRewardFarm>>, who: HardhatEthersSigner) {
  for (let i = 0; i < 2; i++) {
    await f.fundAndNotify(BIG);
    await time.increase(Number(BASELINE_DURATION));
  }
  const owed = await f.farm.earned(who.address);
  expect(owed).to.be.gte(TWO96);
  return owed;
}

/** A farm paying a `decimals`-decimal reward on `same` = one token for stake and reward if asked. */
async function accountingFarm(decimals: number, same: boolean) {
  const f = await cappedFixture();
  const [a, b, c] = f.users;
  const reward: TestDecimalsERC20 = await new TestDecimalsERC20__factory(f.deployer).deploy("R", "R", decimals);
  const staking: TestDecimalsERC20 | TestERC20 = same
    ? reward
    : await new TestERC20__factory(f.deployer).deploy("Staked", "STK");
  const farm = await new CappedStakingRewards__factory(f.deployer).deploy(
    f.deployer.address,
    hre.ethers.ZeroAddress,
    await reward.getAddress(),
    await staking.getAddress(),
    f.registry,
    3_600n,
    { cap: 10n ** 27n, slope: 0n, unverifiedCap: 10n ** 27n },
  );
  for (const u of [a, b, c]) {
    await staking.mint(u.address, 10n ** 27n);
    await staking.connect(u).approve(await farm.getAddress(), hre.ethers.MaxUint256);
  }
  return { ...f, a, b, c, farm, reward, staking };
}

const COOLDOWN = 86_400;

/** The real registry with a one-day rotation cooldown; verified alice; a farm on a mintable stake token. */
async function cooldownFarm() {
  const s = await deployMining(hre, {
    caps: CAPS,
    liquidityToken: 100_000_000n * WAD,
    liquidityWeth: 100_000n * WAD,
    farmRewards: 10n * REWARD,
    rotationCooldown: COOLDOWN,
  });
  const [alice, fresh, carol] = await agentSigners(hre, 3, 7, "audit-cooldown");
  const id = (await registerAgents(s.registry, s.governor, [alice], "audit-cooldown")).get(alice.address)!;
  const staking = await new TestERC20__factory(s.deployer).deploy("Staked", "STK");
  const reward = await new TestERC20__factory(s.deployer).deploy("Reward", "RWD");
  const farm = await new CappedStakingRewards__factory(s.deployer).deploy(
    s.deployer.address,
    hre.ethers.ZeroAddress,
    await reward.getAddress(),
    await staking.getAddress(),
    s.registry,
    BASELINE_DURATION,
    CAPS,
  );
  for (const u of [alice, fresh, carol]) {
    await staking.mint(u.address, 10_000n * WAD);
    await staking.connect(u).approve(await farm.getAddress(), hre.ethers.MaxUint256);
  }
  await reward.mint(await farm.getAddress(), REWARD);
  await farm.notifyRewardAmount(REWARD);
  return { ...s, alice, fresh, carol, id, farm };
}

const sixDecimalFarm = () => accountingFarm(6, false);
const sameTokenFarm = () => accountingFarm(18, true);

/** notified = paid + claimable + carried + still to stream + remainder / 1e18 + floors (< 1 wei per settlement). */
async function unaccounted(
  farm: CappedStakingRewards,
  notified: bigint,
  paid: bigint,
  stakers: readonly HardhatEthersSigner[],
): Promise<bigint> {
  let claimable = 0n;
  for (const s of stakers) claimable += await farm.earned(s.address);
  const now = BigInt(await time.latest());
  const finish = await farm.periodFinish();
  const toStream = finish > now ? (finish - now) * (await farm.rewardRate()) : 0n;
  // Emissions since the last update not yet in the accumulator are in `earned` (view) or, over an
  // empty farm, still "to be carried": count them from the last update.
  const last = await farm.lastUpdateTime();
  const applicable = finish < now ? finish : now;
  const pending =
    applicable > last && (await farm.totalEffectiveSupply()) === 0n
      ? (applicable - last) * (await farm.rewardRate())
      : 0n;
  const carried = await farm.undistributedRewards();
  const remainder = (await farm.accumulatorRemainder()) / WAD;
  return notified - paid - claimable - carried - toStream - pending - remainder;
}

describe("CappedStakingRewards: adversarial audit of the issue-13 farm fixes", function () {
  describe("attack: poke-immunity of an account owed 2^96 wei or more", function () {
    it("should let anyone poke a revoked identity's account off its cap while it is owed 2^96 wei or more", async function () {
      const f = await loadFixture(hugeRewardFarm);
      await f.farm.connect(f.alice).stake(CAPS.cap);
      expect(await f.farm.effectiveBalanceOf(f.alice.address)).to.equal(CAPS.cap);
      await overTwo96(f, f.alice);
      // Governance strikes the identity off; the keeper pokes the account so it drops to the unverified curve.
      await f.registry.connect(f.governor).revokeIdentity(f.ids.get(f.alice.address)!);
      await f.farm.connect(f.carol).poke(f.alice.address);
      expect(await f.farm.creditedIdentityOf(f.alice.address)).to.equal(0n);
      expect(await f.farm.effectiveBalanceOf(f.alice.address)).to.equal(curve(CAPS.cap, CAPS.unverifiedCap, 0n));
    });

    it("should let anyone apply a cap cut to a rotated key's old account once it earns again beyond 2^96", async function () {
      const f = await loadFixture(hugeRewardFarm);
      await f.farm.connect(f.alice).stake(CAPS.cap);
      const owed = await overTwo96(f, f.alice);
      // The identity moves to a fresh key: the old account is evicted beyond 2^96 and stays staked.
      await rotateIdentity(f, f.alice, f.fresh);
      await f.farm.connect(f.fresh).stake(1n);
      expect(await f.farm.rewards(f.alice.address)).to.equal(owed);
      expect(await f.farm.effectiveBalanceOf(f.alice.address)).to.equal(CAPS.unverifiedCap);
      // A new period: the old account earns again on its unverified stake.
      await f.fundAndNotify(10n ** 24n);
      await time.increase(3_600);
      // Governance closes the unverified curve and the keeper pokes every account.
      await f.farm.setCaps(CAPS.cap, CAPS.slope, 0n);
      await f.farm.connect(f.carol).poke(f.alice.address);
      expect(await f.farm.effectiveBalanceOf(f.alice.address)).to.equal(0n);
      expect(await f.farm.earned(f.alice.address)).to.be.gt(owed);
    });
  });

  describe("attack: double payment of rewards parked beyond 2^96 (claim, eviction, exit, re-stake)", function () {
    it("should pay an evicted key's rewards beyond 2^96 exactly once across exit, re-stake, rotation back and a second eviction", async function () {
      const f = await loadFixture(hugeRewardFarm);
      await hre.network.provider.send("hardhat_setBalance", [f.fresh.address, "0x56bc75e2d63100000"]);
      await f.farm.connect(f.alice).stake(1n);
      const owed = await overTwo96(f, f.alice);
      await rotateIdentity(f, f.alice, f.fresh);
      await f.farm.connect(f.fresh).stake(1n);
      await f.farm.connect(f.fresh).poke(f.alice.address); // nothing accrued: settles at max, parks nothing more
      expect(await f.farm.rewards(f.alice.address)).to.equal(owed);
      await expect(f.farm.connect(f.alice).exit()).to.changeTokenBalance(f.reward, f.alice, owed);
      await expect(f.farm.connect(f.alice).getReward()).to.changeTokenBalance(f.reward, f.alice, 0n);
      expect(await f.farm.rewards(f.alice.address)).to.equal(0n);
      // Re-stake, take the identity back and lose it again: only what was earned since is owed.
      await f.farm.connect(f.alice).stake(1n);
      await rotateIdentity(f, f.fresh, f.alice);
      await f.farm.connect(f.alice).poke(f.alice.address);
      expect(await f.farm.creditedIdentityOf(f.alice.address)).to.equal(f.ids.get(f.alice.address)!);
      await rotateIdentity(f, f.alice, f.fresh);
      await f.farm.connect(f.fresh).poke(f.fresh.address);
      expect(await f.farm.earned(f.alice.address)).to.equal(0n);
      // Everything paid came out of what was notified, and the farm still covers what it owes.
      const outstanding = await f.farm.rewardsOutstanding();
      expect(outstanding).to.equal(2n * BIG - owed);
      expect(await f.reward.balanceOf(await f.farm.getAddress())).to.be.gte(outstanding);
      await expect(f.farm.connect(f.fresh).exit()).not.to.be.reverted;
    });
  });

  describe("attack: insolvency or loss through the accumulator remainder", function () {
    for (const [decimals, same, fixture] of [
      [6, false, sixDecimalFarm],
      [18, true, sameTokenFarm],
    ] as const) {
      it(`should conserve a ${decimals}-decimal reward${same ? " (also the staking token)" : ""} poked every block through an empty farm and back`, async function () {
        const f = await loadFixture(fixture);
        const farmAddress = await f.farm.getAddress();
        const stakers = [f.a, f.b, f.c];
        let notified = 0n;
        let paid = 0n;
        let settlements = 0n;
        const notify = async (amount: bigint) => {
          await f.reward.mint(farmAddress, amount);
          await f.farm.notifyRewardAmount(amount);
          notified += amount;
        };
        const claim = async (s: HardhatEthersSigner, exit: boolean) => {
          const before = await f.reward.balanceOf(s.address);
          const stake = await f.farm.balanceOf(s.address);
          await (exit ? f.farm.connect(s).exit() : f.farm.connect(s).getReward());
          const delta = (await f.reward.balanceOf(s.address)) - before;
          paid += exit && same ? delta - stake : delta;
          settlements += 1n;
        };
        // Odd stakes so every division leaves a remainder.
        await f.farm.connect(f.a).stake(10n ** 24n + 7n);
        await f.farm.connect(f.b).stake(3n * 10n ** 21n + 1n);
        await notify(1_000_003n * 10n ** BigInt(decimals - 6));
        for (let i = 0; i < 12; i++) {
          await f.farm.poke(stakers[i % 3].address);
          settlements += 1n;
        }
        expect(await f.farm.accumulatorRemainder()).to.be.gt(0n);
        // Everyone leaves: the farm is empty with a remainder in hand; emissions are carried.
        await claim(f.a, true);
        await claim(f.b, true);
        expect(await f.farm.totalEffectiveSupply()).to.equal(0n);
        await mine(5);
        await f.farm.poke(f.c.address);
        const slack = await unaccounted(f.farm, notified, paid, stakers);
        expect(slack >= 0n && slack <= settlements, `slack ${slack}`).to.equal(true);
        // A 1-wei staker comes back, a 1-wei notify, then a poke every block to the end.
        await f.farm.connect(f.c).stake(1n);
        await notify(1n);
        await f.farm.connect(f.a).stake(999_999_999_999n);
        for (let i = 0; i < 10; i++) {
          await f.farm.poke(stakers[i % 3].address);
          settlements += 1n;
        }
        await time.increase(3_600);
        for (const s of stakers) await claim(s, true);
        const end = await unaccounted(f.farm, notified, paid, stakers);
        expect(end >= 0n && end <= settlements, `end slack ${end}`).to.equal(true);
        // Never more paid than notified, and the farm still holds what it owes.
        expect(paid).to.be.lte(notified);
        const held = await f.reward.balanceOf(farmAddress);
        expect(held - (same ? await f.farm.totalSupply() : 0n)).to.be.gte(await f.farm.rewardsOutstanding());
        expect(await f.farm.rewardsOutstanding()).to.equal(notified - paid);
        // What the remainder and the carry hold is paid by the next period, not lost.
        await f.farm.connect(f.b).stake(10n ** 18n);
        await notify(1_000_000n);
        await time.increase(3_700);
        await claim(f.b, true);
        const left = (await f.farm.accumulatorRemainder()) / WAD + (await f.farm.undistributedRewards());
        expect(await f.farm.rewardsOutstanding()).to.be.lte(left + settlements);
      });
    }
  });

  describe("attack: one identity on two caps through rotation and its cooldown", function () {
    it("should credit an identity to at most one position through rotations there and back, in and after cooldowns", async function () {
      const f = await loadFixture(cooldownFarm);
      const keys = [f.alice, f.fresh, f.carol];
      const credited = async () => {
        let n = 0;
        for (const k of keys) if ((await f.farm.creditedIdentityOf(k.address)) === f.id) n++;
        return n;
      };
      const capped = async () => {
        let n = 0;
        for (const k of keys) if ((await f.farm.effectiveBalanceOf(k.address)) > CAPS.unverifiedCap) n++;
        return n;
      };
      const check = async () => {
        expect(await credited()).to.be.lte(1);
        expect(await capped()).to.be.lte(1);
      };
      await f.farm.connect(f.alice).stake(CAPS.cap);
      await check();
      // alice -> fresh: in the cooldown fresh stakes, gets no cap; fresh passes it on to carol at once.
      await rotateIdentity(f, f.alice, f.fresh);
      await f.farm.connect(f.fresh).stake(CAPS.cap);
      await check();
      expect(await f.farm.creditedIdentityOf(f.fresh.address)).to.equal(0n);
      await rotateIdentity(f, f.fresh, f.carol);
      await f.farm.connect(f.carol).stake(CAPS.cap);
      await check();
      await time.increase(COOLDOWN);
      // After the cooldown carol takes the cap: the registrant's stale credit is evicted.
      await f.farm.poke(f.carol.address);
      expect(await f.farm.creditedIdentityOf(f.carol.address)).to.equal(f.id);
      await check();
      for (const k of keys) await f.farm.poke(k.address);
      await check();
      // carol -> alice (the registrant) and back to fresh within alice's cooldown; everyone pokes.
      await rotateIdentity(f, f.carol, f.alice);
      for (const k of keys) await f.farm.poke(k.address);
      await check();
      await rotateIdentity(f, f.alice, f.fresh);
      await time.increase(COOLDOWN);
      for (const k of [f.alice, f.carol, f.fresh]) await f.farm.poke(k.address);
      await check();
      expect(await f.farm.creditedIdentityOf(f.fresh.address)).to.equal(f.id);
      expect(await f.farm.totalEffectiveSupply()).to.equal(CAPS.cap + 2n * CAPS.unverifiedCap);
    });
  });

  describe("attack: re-entering exit and getReward through a hostile token that is both stake and reward", function () {
    for (const fn of ["exit", "getReward", "withdraw", "poke"] as const) {
      it(`should refuse a re-entered ${fn} and pay the stake and the rewards once`, async function () {
        const f = await loadFixture(cappedFixture);
        const [alice] = f.users;
        const hostile = await new ReentrantToken__factory(f.deployer).deploy();
        const farm = await new CappedStakingRewards__factory(f.deployer).deploy(
          f.deployer.address,
          hre.ethers.ZeroAddress,
          await hostile.getAddress(),
          await hostile.getAddress(),
          f.registry,
          3_600n,
          CAPS,
        );
        const farmAddress = await farm.getAddress();
        await hostile.mint(alice.address, 5n * WAD);
        await hostile.connect(alice).approve(farmAddress, hre.ethers.MaxUint256);
        await farm.connect(alice).stake(5n * WAD);
        await hostile.mint(farmAddress, 3_600n * WAD);
        await farm.notifyRewardAmount(3_600n * WAD);
        await time.increase(4_000);
        const calls = {
          exit: () => farm.interface.encodeFunctionData("exit"),
          getReward: () => farm.interface.encodeFunctionData("getReward"),
          withdraw: () => farm.interface.encodeFunctionData("withdraw", [WAD]),
          poke: () => farm.interface.encodeFunctionData("poke", [alice.address]),
        };
        const payload = calls[fn]();
        // The farm is the sender of the hostile transfer, so the re-entry comes from the token.
        await hostile.arm(farmAddress, payload);
        const owed = await farm.earned(alice.address);
        await expect(farm.connect(alice).exit()).to.changeTokenBalance(hostile, alice, 5n * WAD + owed);
        expect(await hostile.attackSucceeded()).to.equal(false);
        expect(await hostile.lastRevert()).to.equal(farm.interface.getError("ReentrancyGuardReentrantCall")?.selector);
        expect(await farm.rewardsOutstanding()).to.equal(3_600n * WAD - owed);
        expect(await hostile.balanceOf(farmAddress)).to.equal(3_600n * WAD - owed);
      });
    }
  });

  describe("attack: replaying RewardsCarried and RewardPeriodScheduled to a different carry", function () {
    /** + amount on RewardsCarried; − carried + undistributed on RewardPeriodScheduled (the documented rule). */
    async function replayed(farm: CappedStakingRewards): Promise<bigint> {
      const logs = await hre.ethers.provider.getLogs({ address: await farm.getAddress(), fromBlock: 0 });
      let carry = 0n;
      for (const log of logs) {
        const e = farm.interface.parseLog(log);
        if (e?.name === "RewardsCarried") carry += e.args.amount as bigint;
        if (e?.name === "RewardPeriodScheduled")
          carry = carry - (e.args.carried as bigint) + (e.args.undistributed as bigint);
      }
      return carry;
    }

    it("should rebuild undistributedRewards() from the events through empty spells, 1-wei notifies and pokes every block", async function () {
      const f = await loadFixture(sixDecimalFarm);
      const farmAddress = await f.farm.getAddress();
      const notify = async (amount: bigint) => {
        await f.reward.mint(farmAddress, amount);
        await f.farm.notifyRewardAmount(amount);
      };
      const check = async () => expect(await replayed(f.farm)).to.equal(await f.farm.undistributedRewards());
      await notify(1n);
      await check();
      await mine(3);
      await f.farm.connect(f.a).stake(7n);
      await notify(12_345_677n);
      await check();
      for (let i = 0; i < 5; i++) await f.farm.poke(f.a.address);
      await f.farm.connect(f.a).exit();
      await mine(4);
      await f.farm.poke(f.b.address); // carries the emissions over the empty farm
      await check();
      await notify(1n); // mid-period: carry + leftover + 1 rescheduled
      await check();
      await f.farm.connect(f.b).stake(10n ** 24n + 3n);
      for (let i = 0; i < 5; i++) await f.farm.poke(f.b.address);
      await time.increase(3_600);
      await f.farm.connect(f.b).exit();
      await check();
      await time.increase(100);
      await notify(2n); // after the end, farm empty
      await check();
      expect(await f.farm.undistributedRewards()).to.be.gt(0n);
    });
  });
});
