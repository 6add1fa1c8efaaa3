import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CappedStakingRewards__factory,
  FeeOnTransferToken__factory,
  ReentrantToken__factory,
  TestERC20__factory,
} from "../../typechain-types";
import { registerAgents } from "../../sim/chain/identity";
import { rotateIdentity } from "../../sim/chain/mining";
import { BASELINE_DURATION, CAPS, REWARD, WAD, cappedFixture, curve, impersonate } from "./fixtures";

const ZERO = hre.ethers.ZeroAddress;

/** Alice, Bob and Carol register in the real IdentityRegistry (Merkle list set by the timelock). */
async function boundFixture() {
  const f = await cappedFixture();
  const trio = f.users.slice(0, 3);
  const registered = await registerAgents(f.registry, f.governor, trio, "mining-unit");
  const ids = trio.map((u) => registered.get(u.address) ?? 0n);
  return { ...f, ids };
}

async function runningFixture() {
  const f = await boundFixture();
  await f.farm.notifyRewardAmount(REWARD);
  return f;
}

/** A bare farm on arbitrary tokens (hostile or fee-taking), deployer as admin and distributor. */
async function bareFarm(registry: string, stakingToken: string, rewardsToken: string, duration = BASELINE_DURATION) {
  const [deployer] = await hre.ethers.getSigners();
  return new CappedStakingRewards__factory(deployer).deploy(
    deployer.address,
    ZERO,
    rewardsToken,
    stakingToken,
    registry,
    duration,
    CAPS,
  );
}

/** A bare farm on two mintable test tokens; the deployer (no identity) holds `stake` and approved it. */
async function mintableFarm(duration = BASELINE_DURATION, stake = 10n * WAD) {
  const f = await boundFixture();
  const [deployer] = await hre.ethers.getSigners();
  const staking = await new TestERC20__factory(deployer).deploy("Staked", "STK");
  const reward = await new TestERC20__factory(deployer).deploy("Reward", "RWD");
  const farm = await bareFarm(
    await f.registry.getAddress(),
    await staking.getAddress(),
    await reward.getAddress(),
    duration,
  );
  await staking.mint(deployer.address, stake);
  await staking.approve(await farm.getAddress(), stake);
  /** Mints `amount` reward tokens to the farm and notifies them. */
  const fundAndNotify = async (amount: bigint) => {
    await reward.mint(await farm.getAddress(), amount);
    return farm.notifyRewardAmount(amount);
  };
  return { ...f, deployer, farm, staking, reward, fundAndNotify };
}

describe("CappedStakingRewards", function () {
  describe("deployment (Farm Ignition module)", function () {
    it("should make the timelock admin and distributor, and the deployer the extra distributor", async function () {
      const f = await loadFixture(cappedFixture);
      const timelock = await f.timelock.getAddress();
      expect(await f.farm.hasRole(await f.farm.DEFAULT_ADMIN_ROLE(), timelock)).to.equal(true);
      expect(await f.farm.hasRole(await f.farm.REWARDS_DISTRIBUTOR_ROLE(), timelock)).to.equal(true);
      expect(await f.farm.hasRole(await f.farm.REWARDS_DISTRIBUTOR_ROLE(), f.deployer.address)).to.equal(true);
      expect(await f.farm.hasRole(await f.farm.DEFAULT_ADMIN_ROLE(), f.deployer.address)).to.equal(false);
    });

    it("should stake the LP token of the real token/WETH pair, fund the farm and set the curve", async function () {
      const f = await loadFixture(cappedFixture);
      expect(await f.pool.factory.getPair(await f.token.getAddress(), await f.weth.getAddress())).to.equal(
        await f.farm.stakingToken(),
      );
      expect(await f.token.balanceOf(await f.farm.getAddress())).to.equal(10n * REWARD);
      expect(await f.farm.caps()).to.deep.equal([CAPS.cap, CAPS.slope, CAPS.unverifiedCap]);
      expect(await f.farm.registry()).to.equal(await f.registry.getAddress());
    });

    describe("when an address argument is zero", function () {
      for (const what of ["admin", "rewardsToken", "stakingToken", "registry"]) {
        it(`should revert for ${what}`, async function () {
          const f = await loadFixture(cappedFixture);
          const args = {
            admin: f.deployer.address,
            rewardsToken: await f.token.getAddress(),
            stakingToken: await f.pool.pair.getAddress(),
            registry: await f.registry.getAddress(),
            [what]: ZERO,
          };
          const factory = new CappedStakingRewards__factory(f.deployer);
          await expect(factory.deploy(args.admin, ZERO, args.rewardsToken, args.stakingToken, args.registry, 1n, CAPS))
            .to.be.revertedWithCustomError(factory, "MiningZeroAddress")
            .withArgs(what);
        });
      }
    });
  });

  describe("stake", function () {
    describe("when the amount is zero", function () {
      it("should revert with MiningZeroAmount", async function () {
        const f = await loadFixture(runningFixture);
        await expect(f.farm.connect(f.users[0]).stake(0n)).to.be.revertedWithCustomError(f.farm, "MiningZeroAmount");
      });
    });

    describe("given a verified account", function () {
      it("should count the stake in full up to the cap", async function () {
        const f = await loadFixture(runningFixture);
        await f.farm.connect(f.users[0]).stake(400n * WAD);
        expect(await f.farm.effectiveBalanceOf(f.users[0].address)).to.equal(400n * WAD);
        expect(await f.farm.creditedIdentityOf(f.users[0].address)).to.equal(f.ids[0]);
      });

      it("should count only the slope above the cap and emit EffectiveBalanceUpdated", async function () {
        const f = await loadFixture(runningFixture);
        const alice = f.users[0];
        const effective = CAPS.cap + (9_000n * WAD * CAPS.slope) / WAD;
        await expect(f.farm.connect(alice).stake(10_000n * WAD))
          .to.emit(f.farm, "EffectiveBalanceUpdated")
          .withArgs(alice.address, f.ids[0], effective);
        expect(await f.farm.balanceOf(alice.address)).to.equal(10_000n * WAD);
        expect(await f.farm.totalEffectiveSupply()).to.equal(effective);
      });
    });

    describe("given an account without identity", function () {
      it("should count at most the unverified cap", async function () {
        const f = await loadFixture(runningFixture);
        const stranger = f.users[5];
        await f.farm.connect(stranger).stake(500n * WAD);
        expect(await f.farm.effectiveBalanceOf(stranger.address)).to.equal(CAPS.unverifiedCap);
        expect(await f.farm.creditedIdentityOf(stranger.address)).to.equal(0n);
      });
    });

    describe("when staking with an EIP-2612 permit on the real pair", function () {
      async function signPermit(f: Awaited<ReturnType<typeof runningFixture>>, value: bigint, deadline: bigint) {
        const owner = (await hre.ethers.getSigners())[9];
        const pair = f.pool.pair;
        const domain = {
          name: await pair.name(),
          version: "1",
          chainId: (await hre.ethers.provider.getNetwork()).chainId,
          verifyingContract: await pair.getAddress(),
        };
        const types = {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        };
        const message = {
          owner: owner.address,
          spender: await f.farm.getAddress(),
          value,
          nonce: await pair.nonces(owner.address),
          deadline,
        };
        return hre.ethers.Signature.from(await owner.signTypedData(domain, types, message));
      }

      it("should stake without a prior approval", async function () {
        const f = await loadFixture(runningFixture);
        const owner = (await hre.ethers.getSigners())[9];
        await f.pool.pair.transfer(owner.address, 50n * WAD);
        const deadline = BigInt(await time.latest()) + 3600n;
        const sig = await signPermit(f, 50n * WAD, deadline);
        await expect(f.farm.connect(owner).stakeWithPermit(50n * WAD, deadline, sig.v, sig.r, sig.s))
          .to.emit(f.farm, "Staked")
          .withArgs(owner.address, 50n * WAD);
      });

      it("should still stake when the permit was front-run", async function () {
        const f = await loadFixture(runningFixture);
        const owner = (await hre.ethers.getSigners())[9];
        await f.pool.pair.transfer(owner.address, 50n * WAD);
        const deadline = BigInt(await time.latest()) + 3600n;
        const sig = await signPermit(f, 50n * WAD, deadline);
        await f.pool.pair.permit(owner.address, await f.farm.getAddress(), 50n * WAD, deadline, sig.v, sig.r, sig.s);
        await f.farm.connect(owner).stakeWithPermit(50n * WAD, deadline, sig.v, sig.r, sig.s);
        expect(await f.farm.balanceOf(owner.address)).to.equal(50n * WAD);
      });
    });
  });

  describe("withdraw", function () {
    describe("when the amount exceeds the stake", function () {
      it("should revert with MiningInsufficientStake", async function () {
        const f = await loadFixture(runningFixture);
        const alice = f.users[0];
        await f.farm.connect(alice).stake(10n * WAD);
        await expect(f.farm.connect(alice).withdraw(11n * WAD))
          .to.be.revertedWithCustomError(f.farm, "MiningInsufficientStake")
          .withArgs(alice.address, 10n * WAD, 11n * WAD);
      });
    });

    describe("when the amount is zero", function () {
      it("should revert with MiningZeroAmount", async function () {
        const f = await loadFixture(runningFixture);
        await expect(f.farm.connect(f.users[0]).withdraw(0n)).to.be.revertedWithCustomError(f.farm, "MiningZeroAmount");
      });
    });

    describe("given a stake above the cap", function () {
      it("should recompute the effective balance on the remaining stake", async function () {
        const f = await loadFixture(runningFixture);
        const alice = f.users[0];
        await f.farm.connect(alice).stake(3_000n * WAD);
        await f.farm.connect(alice).withdraw(2_500n * WAD);
        expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(500n * WAD);
        expect(await f.farm.totalEffectiveSupply()).to.equal(500n * WAD);
        expect(await f.farm.totalSupply()).to.equal(500n * WAD);
      });
    });
  });

  describe("getReward and exit", function () {
    describe("given nothing earned", function () {
      it("should pay nothing and emit nothing", async function () {
        const f = await loadFixture(runningFixture);
        await expect(f.farm.connect(f.users[0]).getReward()).not.to.emit(f.farm, "RewardPaid");
        await expect(f.farm.connect(f.users[0]).exit()).not.to.emit(f.farm, "Withdrawn");
      });
    });
  });

  describe("rewardPerToken", function () {
    describe("while nothing is effectively staked, or once the accumulator was brought past the period end", function () {
      it("should stay at the stored accumulator", async function () {
        const f = await loadFixture(runningFixture);
        await time.increase(3600);
        expect(await f.farm.rewardPerToken()).to.equal(0n);
        await f.farm.connect(f.users[0]).stake(WAD);
        await time.increase(3600);
        expect(await f.farm.rewardPerToken()).to.be.gt(await f.farm.rewardPerTokenStored());
        await time.increaseTo((await f.farm.periodFinish()) + 10n);
        await f.farm.poke(f.users[0].address);
        expect(await f.farm.lastUpdateTime()).to.equal(await f.farm.periodFinish());
        await time.increase(3600);
        expect(await f.farm.rewardPerToken()).to.equal(await f.farm.rewardPerTokenStored());
      });
    });
  });

  describe("notifyRewardAmount", function () {
    describe("when the caller is not a distributor", function () {
      it("should revert with AccessControlUnauthorizedAccount", async function () {
        const f = await loadFixture(boundFixture);
        await expect(f.farm.connect(f.users[0]).notifyRewardAmount(1n))
          .to.be.revertedWithCustomError(f.farm, "AccessControlUnauthorizedAccount")
          .withArgs(f.users[0].address, await f.farm.REWARDS_DISTRIBUTOR_ROLE());
      });
    });

    describe("when the reward is zero", function () {
      it("should revert with MiningZeroAmount", async function () {
        const f = await loadFixture(boundFixture);
        await expect(f.farm.notifyRewardAmount(0n)).to.be.revertedWithCustomError(f.farm, "MiningZeroAmount");
      });
    });

    describe("notify larger than the balance", function () {
      it("should revert with MiningRewardExceedsBalance", async function () {
        const f = await loadFixture(boundFixture);
        const balance = 10n * REWARD;
        const asked = balance + BASELINE_DURATION;
        await expect(f.farm.notifyRewardAmount(asked))
          .to.be.revertedWithCustomError(f.farm, "MiningRewardExceedsBalance")
          .withArgs(asked, balance);
      });

      it("should not count staked principal when the reward token is also the staking token", async function () {
        const f = await loadFixture(boundFixture);
        const [deployer] = await hre.ethers.getSigners();
        const t = await new TestERC20__factory(deployer).deploy("Same", "SAME");
        const farm = await bareFarm(await f.registry.getAddress(), await t.getAddress(), await t.getAddress());
        await t.mint(deployer.address, 1_000n * WAD);
        await t.approve(await farm.getAddress(), 1_000n * WAD);
        await farm.stake(600n * WAD);
        await t.transfer(await farm.getAddress(), 100n * WAD);
        await expect(farm.notifyRewardAmount(101n * WAD))
          .to.be.revertedWithCustomError(farm, "MiningRewardExceedsBalance")
          .withArgs(101n * WAD, 100n * WAD);
        await expect(farm.notifyRewardAmount(100n * WAD)).to.emit(farm, "RewardAdded");
      });
    });

    describe("given a reward smaller than the duration (a rate of zero)", function () {
      it("should carry the whole reward as dust and nothing more while the farm is empty", async function () {
        const f = await loadFixture(boundFixture);
        await f.farm.notifyRewardAmount(1n);
        expect(await f.farm.rewardRate()).to.equal(0n);
        expect(await f.farm.undistributedRewards()).to.equal(1n);
        await time.increase(3600);
        await expect(f.farm.connect(f.users[0]).stake(WAD)).not.to.emit(f.farm, "RewardsCarried");
        expect(await f.farm.undistributedRewards()).to.equal(1n);
        expect(await f.farm.rewardPerTokenStored()).to.equal(0n);
        await time.increase(3600); // staked, but a rate of zero emits nothing to accumulate
        expect(await f.farm.rewardPerToken()).to.equal(0n);
        expect(await f.farm.accumulatorRemainder()).to.equal(0n);
      });
    });

    describe("given rewards emitted while nothing was effectively staked", function () {
      it("should carry them to the next period instead of stranding them", async function () {
        const f = await loadFixture(runningFixture);
        await time.increase(1000);
        const stranger = f.users[5];
        await f.farm.connect(stranger).stake(WAD); // first update: 1000+ s of emissions carried
        const carried = await f.farm.undistributedRewards();
        const rate = await f.farm.rewardRate();
        expect(carried).to.be.gte(rate * 1000n);
        await f.farm.notifyRewardAmount(REWARD);
        const remaining = (await f.farm.getRewardForDuration()) + (await f.farm.undistributedRewards());
        expect(remaining).to.be.gte(REWARD + carried);
      });
    });
  });

  describe("poke", function () {
    describe("when the caps were lowered by the timelock", function () {
      it("should apply the new cap, keep rewards earned so far, and give the caller nothing", async function () {
        const f = await loadFixture(runningFixture);
        const [alice, , , , , keeper] = f.users;
        await f.farm.connect(alice).stake(900n * WAD);
        await time.increase(3600);
        const timelock = await impersonate(await f.timelock.getAddress());
        await expect(f.farm.connect(timelock).setCaps(100n * WAD, 0n, 0n))
          .to.emit(f.farm, "CapsUpdated")
          .withArgs(100n * WAD, 0n, 0n);
        expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(900n * WAD);
        const before = await f.farm.earned(alice.address);
        const rewardBefore = await f.farm.rewards(keeper.address);
        await f.farm.connect(keeper).poke(alice.address);
        expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(100n * WAD);
        expect(await f.farm.totalEffectiveSupply()).to.equal(100n * WAD);
        expect(await f.farm.earned(alice.address)).to.be.gte(before);
        expect(await f.farm.rewards(keeper.address)).to.equal(rewardBefore);
        expect(await f.token.balanceOf(keeper.address)).to.equal(0n);
      });
    });

    describe("when the identity was revoked", function () {
      it("should drop the account to the unverified curve", async function () {
        const f = await loadFixture(runningFixture);
        const alice = f.users[0];
        await f.farm.connect(alice).stake(900n * WAD);
        await f.registry.connect(f.governor).revokeIdentity(f.ids[0]);
        await f.farm.poke(alice.address);
        expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(CAPS.unverifiedCap);
        expect(await f.farm.creditedIdentityOf(alice.address)).to.equal(0n);
      });
    });
  });

  describe("admin", function () {
    describe("when a non-admin sets the caps or the duration", function () {
      it("should revert with AccessControlUnauthorizedAccount", async function () {
        const f = await loadFixture(boundFixture);
        const role = await f.farm.DEFAULT_ADMIN_ROLE();
        await expect(f.farm.setCaps(1n, 0n, 0n))
          .to.be.revertedWithCustomError(f.farm, "AccessControlUnauthorizedAccount")
          .withArgs(f.deployer.address, role);
        await expect(f.farm.setRewardsDuration(1n))
          .to.be.revertedWithCustomError(f.farm, "AccessControlUnauthorizedAccount")
          .withArgs(f.deployer.address, role);
      });
    });

    describe("when the slope exceeds one", function () {
      it("should revert with MiningSlopeTooHigh", async function () {
        const f = await loadFixture(boundFixture);
        const timelock = await impersonate(await f.timelock.getAddress());
        await expect(f.farm.connect(timelock).setCaps(1n, WAD + 1n, 0n))
          .to.be.revertedWithCustomError(f.farm, "MiningSlopeTooHigh")
          .withArgs(WAD + 1n, WAD);
      });
    });

    describe("when the duration changes during a period", function () {
      it("should revert with MiningPeriodNotFinished, and succeed after it", async function () {
        const f = await loadFixture(runningFixture);
        const timelock = await impersonate(await f.timelock.getAddress());
        const finish = await f.farm.periodFinish();
        const at = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(at);
        await expect(f.farm.connect(timelock).setRewardsDuration(7n))
          .to.be.revertedWithCustomError(f.farm, "MiningPeriodNotFinished")
          .withArgs(finish, at);
        await time.increaseTo(finish + 1n);
        await expect(f.farm.connect(timelock).setRewardsDuration(7n))
          .to.emit(f.farm, "RewardsDurationUpdated")
          .withArgs(7n);
        await expect(f.farm.connect(timelock).setRewardsDuration(0n)).to.be.revertedWithCustomError(
          f.farm,
          "MiningZeroDuration",
        );
      });
    });
  });

  describe("attacks", function () {
    it("reward sniping around notifyRewardAmount", async function () {
      const f = await loadFixture(boundFixture);
      const [alice, bob] = f.users;
      await f.farm.connect(alice).stake(1_000n * WAD);
      await time.increase(86_400);
      // Bob stakes just before the notification and leaves right after it.
      await f.farm.connect(bob).stake(1_000n * WAD);
      await f.farm.notifyRewardAmount(REWARD);
      await f.farm.connect(bob).exit();
      const rate = await f.farm.rewardRate();
      // He was staked for one second of emissions at a half share: no more than that.
      expect(await f.token.balanceOf(bob.address)).to.be.lte(rate);
      await time.increase(86_400);
      expect(await f.farm.earned(alice.address)).to.be.closeTo(rate * 86_401n, rate);
    });

    it("sybil split", async function () {
      const f = await loadFixture(runningFixture);
      const [alice, , , s1, s2, s3] = f.users;
      // One verified whale account vs the same capital split over identity-less accounts.
      await f.farm.connect(alice).stake(3_000n * WAD);
      for (const s of [s1, s2, s3]) await f.farm.connect(s).stake(1_000n * WAD);
      for (const s of [s1, s2, s3]) {
        expect(await f.farm.effectiveBalanceOf(s.address)).to.equal(CAPS.unverifiedCap);
      }
      const split = 3n * CAPS.unverifiedCap;
      expect(split).to.be.lt(await f.farm.effectiveBalanceOf(alice.address));
      // A verified identity cannot lend its cap to a second account either.
      await rotateIdentity(f, alice, s1);
      await f.farm.poke(s1.address);
      expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(CAPS.unverifiedCap);
      expect(await f.farm.effectiveBalanceOf(s1.address)).to.equal(CAPS.cap);
    });

    it("identity rotation with a live stake", async function () {
      const f = await loadFixture(runningFixture);
      const [alice, , , , fresh] = f.users;
      await f.farm.connect(alice).stake(800n * WAD);
      await time.increase(3600);
      // The identity rotates to a new key while the old one still holds its stake.
      await rotateIdentity(f, alice, fresh);
      const earnedBefore = await f.farm.earned(alice.address);
      await expect(f.farm.connect(fresh).stake(800n * WAD))
        .to.emit(f.farm, "EffectiveBalanceUpdated")
        .withArgs(alice.address, 0n, CAPS.unverifiedCap);
      expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(CAPS.unverifiedCap);
      expect(await f.farm.effectiveBalanceOf(fresh.address)).to.equal(800n * WAD);
      expect(await f.farm.creditedIdentityOf(alice.address)).to.equal(0n);
      expect(await f.farm.creditedIdentityOf(fresh.address)).to.equal(f.ids[0]);
      expect(await f.farm.totalEffectiveSupply()).to.equal(800n * WAD + CAPS.unverifiedCap);
      // What the old key earned before the rotation stays its own.
      expect(await f.farm.earned(alice.address)).to.be.gte(earnedBefore);
      // The old key keeps its stake and can always leave.
      await expect(f.farm.connect(alice).exit()).to.changeTokenBalance(f.pool.pair, alice, 800n * WAD);
    });

    it("identity rotation through several keys: the cap is never held by two positions", async function () {
      const f = await loadFixture(runningFixture);
      const [alice, , , , fresh, other] = f.users;
      const id = f.ids[0];
      const holders = async (): Promise<string[]> => {
        const out: string[] = [];
        for (const u of [alice, fresh, other]) {
          if ((await f.farm.creditedIdentityOf(u.address)) === id) out.push(u.address);
        }
        return out;
      };
      await f.farm.connect(alice).stake(800n * WAD); // the registrant: no holder record needed
      expect(await holders()).to.deep.equal([alice.address]);
      // alice → fresh, who never stakes, → other: the cap is found at the registrant and moves.
      await rotateIdentity(f, alice, fresh);
      await rotateIdentity(f, fresh, other);
      await f.farm.connect(other).stake(100n * WAD);
      expect(await holders()).to.deep.equal([other.address]);
      expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(CAPS.unverifiedCap);
      // other → alice: the registrant takes the cap back from the recorded holder.
      await rotateIdentity(f, other, alice);
      await f.farm.poke(alice.address);
      expect(await holders()).to.deep.equal([alice.address]);
      expect(await f.farm.effectiveBalanceOf(other.address)).to.equal(CAPS.unverifiedCap);
      expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(800n * WAD);
      expect(await f.farm.totalEffectiveSupply()).to.equal(800n * WAD + CAPS.unverifiedCap);
      // alice → fresh again: fresh stakes and alice's cap moves with the key once more.
      await rotateIdentity(f, alice, fresh);
      await f.farm.connect(fresh).stake(50n * WAD);
      expect(await holders()).to.deep.equal([fresh.address]);
    });

    it("identity rotation after the old key was already poked off it", async function () {
      const f = await loadFixture(runningFixture);
      const [alice, , , , fresh] = f.users;
      await f.farm.connect(alice).stake(800n * WAD);
      await rotateIdentity(f, alice, fresh);
      // Anyone pokes the old key first: it drops to the unverified curve on its own.
      await f.farm.poke(alice.address);
      expect(await f.farm.creditedIdentityOf(alice.address)).to.equal(0n);
      const aliceRewards = await f.farm.rewards(alice.address);
      // The new key takes the identity; the old key, no longer credited with it, is left alone.
      await expect(f.farm.connect(fresh).stake(800n * WAD))
        .to.emit(f.farm, "EffectiveBalanceUpdated")
        .withArgs(fresh.address, f.ids[0], 800n * WAD);
      expect(await f.farm.rewards(alice.address)).to.equal(aliceRewards);
      expect(await f.farm.effectiveBalanceOf(alice.address)).to.equal(CAPS.unverifiedCap);
      expect(await f.farm.creditedIdentityOf(fresh.address)).to.equal(f.ids[0]);
      expect(await f.farm.totalEffectiveSupply()).to.equal(800n * WAD + CAPS.unverifiedCap);
    });

    it("hostile reentrant token", async function () {
      const f = await loadFixture(boundFixture);
      const [deployer] = await hre.ethers.getSigners();
      const hostile = await new ReentrantToken__factory(deployer).deploy();
      const farm = await bareFarm(
        await f.registry.getAddress(),
        await hostile.getAddress(),
        await f.token.getAddress(),
      );
      await hostile.mint(deployer.address, 100n * WAD);
      await hostile.approve(await farm.getAddress(), 100n * WAD);
      await farm.stake(10n * WAD);
      // On the next transfer out, the token re-enters withdraw: the guard must refuse.
      await hostile.arm(await farm.getAddress(), farm.interface.encodeFunctionData("withdraw", [5n * WAD]));
      await farm.withdraw(5n * WAD);
      expect(await hostile.attackSucceeded()).to.equal(false);
      expect(await hostile.lastRevert()).to.equal(farm.interface.getError("ReentrancyGuardReentrantCall")?.selector);
      expect(await farm.balanceOf(deployer.address)).to.equal(5n * WAD);
      expect(await hostile.balanceOf(await farm.getAddress())).to.equal(5n * WAD);
    });

    it("fee-on-transfer token", async function () {
      const f = await loadFixture(boundFixture);
      const [deployer] = await hre.ethers.getSigners();
      const feeToken = await new FeeOnTransferToken__factory(deployer).deploy(100n);
      const registry = await f.registry.getAddress();
      const farm = await bareFarm(registry, await feeToken.getAddress(), await f.token.getAddress());
      await feeToken.mint(deployer.address, 100n * WAD);
      await feeToken.approve(await farm.getAddress(), 100n * WAD);
      await expect(farm.stake(10n * WAD))
        .to.be.revertedWithCustomError(farm, "MiningFeeOnTransfer")
        .withArgs(10n * WAD, (10n * WAD * 99n) / 100n);
      // Same token for stake and reward: the reward reserve must not hide the fee.
      const same = await bareFarm(registry, await feeToken.getAddress(), await feeToken.getAddress());
      await feeToken.transfer(await same.getAddress(), 50n * WAD);
      const reserve = await feeToken.balanceOf(await same.getAddress());
      await feeToken.approve(await same.getAddress(), 10n * WAD);
      await expect(same.stake(10n * WAD))
        .to.be.revertedWithCustomError(same, "MiningFeeOnTransfer")
        .withArgs(reserve + 10n * WAD, reserve + (10n * WAD * 99n) / 100n);
    });
  });

  describe("storage bounds (SafeCast reverts rather than wraps)", function () {
    const TWO96 = 2n ** 96n;
    /** Below 2^96 with room for the rate's rounding dust. */
    const BIG = TWO96 - 2n ** 70n;

    describe("when a period's rewards (notified + carried + left over) reach 2^96", function () {
      it("should revert the notification with SafeCastOverflowedUintDowncast(96)", async function () {
        const f = await loadFixture(mintableFarm);
        await f.reward.mint(await f.farm.getAddress(), TWO96);
        await expect(f.farm.notifyRewardAmount(TWO96))
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(96, TWO96);
        await f.farm.notifyRewardAmount(BIG);
        const left = (await f.farm.getRewardForDuration()) + (await f.farm.undistributedRewards());
        // Mid-period, the farm empty: what is left to stream plus what was carried is exactly `left`.
        await expect(f.farm.notifyRewardAmount(TWO96 - left))
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(96, TWO96);
      });
    });

    describe("when an account leaves 2^96 or more of rewards unclaimed over several periods", function () {
      it("should revert its settlement with SafeCastOverflowedUintDowncast(96), and still let it claim", async function () {
        const f = await loadFixture(mintableFarm);
        await f.farm.stake(1n);
        await f.fundAndNotify(BIG);
        await time.increase(Number(BASELINE_DURATION));
        await f.fundAndNotify(BIG);
        await time.increase(Number(BASELINE_DURATION));
        const owed = await f.farm.earned(f.deployer.address);
        expect(owed).to.be.gte(TWO96);
        await expect(f.farm.stake(1n))
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(96, owed);
        await expect(f.farm.getReward()).to.changeTokenBalance(f.reward, f.deployer, owed);
        await f.farm.stake(1n);
        expect(await f.farm.rewards(f.deployer.address)).to.equal(0n);
      });
    });

    describe("when the accumulator would pass 2^160", function () {
      it("should revert with SafeCastOverflowedUintDowncast(160) only after lifetime emissions of ~2^160 / 1e18 on 1 wei", async function () {
        // One-second periods of BIG rewards over 1 wei effectively staked: each adds BIG × 1e18.
        const f = await mintableFarm(1n);
        await f.farm.stake(1n);
        const step = BIG * WAD;
        const rounds = (2n ** 160n - 1n) / step; // rounds that still fit
        for (let i = 1n; i <= rounds; i++) {
          await f.fundAndNotify(BIG);
          await time.increase(1);
          await f.farm.getReward();
        }
        expect(await f.farm.rewardPerTokenStored()).to.equal(rounds * step);
        expect(rounds * BIG).to.be.gte(10n ** 30n);
        await f.fundAndNotify(BIG);
        await time.increase(1);
        await expect(f.farm.getReward())
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(160, (rounds + 1n) * step);
      });
    });

    describe("when the sum of all stakes would reach 2^104", function () {
      it("should revert the stake with SafeCastOverflowedUintDowncast(104)", async function () {
        const f = await loadFixture(mintableFarm);
        await f.fundAndNotify(WAD);
        await f.farm.stake(1n);
        // 2^8 accounts at the per-account bound (2^96) would be needed: set the total instead.
        // The totals share slot 2 (after AccessControl's roles and the accumulator): staked (104 bits),
        // effective (104), last update time (48). Checked against the getters before writing.
        const farmAddress = await f.farm.getAddress();
        const word = BigInt(await hre.ethers.provider.getStorage(farmAddress, 2));
        const mask = 2n ** 104n - 1n;
        expect(word & mask).to.equal(await f.farm.totalSupply());
        expect((word >> 104n) & mask).to.equal(await f.farm.totalEffectiveSupply());
        expect(word >> 208n).to.equal(await f.farm.lastUpdateTime());
        const full = (word & ~mask) | mask;
        await hre.network.provider.send("hardhat_setStorageAt", [farmAddress, "0x2", hre.ethers.toBeHex(full, 32)]);
        expect(await f.farm.totalSupply()).to.equal(mask);
        await expect(f.farm.stake(1n))
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(104, 2n ** 104n);
      });
    });

    describe("when the rewards outstanding would reach 2^152", function () {
      it("should revert the notification with SafeCastOverflowedUintDowncast(152)", async function () {
        const f = await loadFixture(mintableFarm);
        await f.farm.stake(WAD / 3n + 1n);
        await f.fundAndNotify(WAD);
        await time.increase(3600);
        await f.farm.getReward(); // the accumulator grew: the remainder is written beside the amount owed
        // 2^56 notifications at the period bound would be needed: set the amount owed instead. The
        // ledger is slot 5 (after the roles, accumulator, totals, limits and config): outstanding
        // (152 bits), then the accumulator's remainder (104). Checked against the getters first.
        const farmAddress = await f.farm.getAddress();
        const word = BigInt(await hre.ethers.provider.getStorage(farmAddress, 5));
        const mask = 2n ** 152n - 1n;
        expect(word & mask).to.equal(await f.farm.rewardsOutstanding());
        expect(word >> 152n).to.equal(await f.farm.accumulatorRemainder());
        expect(word >> 152n).to.be.gt(0n);
        const full = (word & ~mask) | mask;
        await hre.network.provider.send("hardhat_setStorageAt", [farmAddress, "0x5", hre.ethers.toBeHex(full, 32)]);
        expect(await f.farm.rewardsOutstanding()).to.equal(mask);
        await f.reward.mint(farmAddress, 2n ** 152n);
        await expect(f.farm.notifyRewardAmount(1n))
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(152, 2n ** 152n);
      });
    });

    describe("when the rewards duration does not fit 64 bits, or its period end 48 bits", function () {
      it("should revert with SafeCastOverflowedUintDowncast", async function () {
        const f = await loadFixture(boundFixture);
        const timelock = await impersonate(await f.timelock.getAddress());
        await expect(f.farm.connect(timelock).setRewardsDuration(2n ** 64n))
          .to.be.revertedWithCustomError(f.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(64, 2n ** 64n);
        const g = await mintableFarm(2n ** 63n);
        await g.reward.mint(await g.farm.getAddress(), WAD);
        const at = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(at);
        await expect(g.farm.notifyRewardAmount(WAD))
          .to.be.revertedWithCustomError(g.farm, "SafeCastOverflowedUintDowncast")
          .withArgs(48, at + 2n ** 63n);
      });
    });
  });

  describe("EffectiveBalance curve", function () {
    async function harness() {
      const [deployer] = await hre.ethers.getSigners();
      const { EffectiveBalanceHarness__factory } = await import("../../typechain-types");
      return new EffectiveBalanceHarness__factory(deployer).deploy();
    }
    const MAX = 2n ** 256n - 1n;
    const cases: [string, bigint, bigint, bigint][] = [
      ["zero stake", 0n, 10n, WAD],
      ["one wei under a zero cap, hard", 1n, 0n, 0n],
      ["exactly the cap", 10n, 10n, 0n],
      ["one above the cap, hard cap", 11n, 10n, 0n],
      ["above the cap, proportional", 1_000n, 10n, WAD],
      ["above the cap, half slope, rounding down", 13n, 10n, WAD / 2n],
      ["max stake, hard cap", MAX, 10n, 0n],
      ["max cap", MAX, MAX, 0n],
    ];
    for (const [name, stake, cap, slope] of cases) {
      it(`should match the curve for ${name}`, async function () {
        const h = await loadFixture(harness);
        expect(await h.curve(stake, cap, slope)).to.equal(curve(stake, cap, slope));
      });
    }
  });
});
