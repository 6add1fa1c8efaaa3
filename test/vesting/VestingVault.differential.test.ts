import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import TokenModule from "../../deploy/modules/Token";
import {
  CounterweightToken__factory,
  TestVestingWalletCliff__factory,
  VestingVault__factory,
  VestingWallet__factory,
} from "../../typechain-types";
import { TreasuryVester__factory } from "../../typechain-types/baselines";

const DAY = 86_400n;
const NUM_RUNS = Number(process.env.FC_RUNS ?? 15);

/**
 * Our vault against the real baselines on random schedules and random times.
 * - OZ VestingWallet (cliff = 0) and VestingWalletCliff: same formula, so equal to the wei.
 * - Uniswap TreasuryVester: same shape (nothing before the cliff, then linear from vestingBegin,
 *   everything at vestingEnd), but it pays `amount·Δt/D` per claim, each rounded down, since the
 *   last claim. After k claims its cumulative payout T_k satisfies ours − (k − 1) ≤ T_k ≤ ours:
 *   Σ⌊x_i⌋ ≤ ⌊Σx_i⌋ and each floor loses < 1 wei. The first claim is exact, and at vestingEnd it
 *   pays its whole balance, so both end equal to the wei.
 */
describe("VestingVault (differential against OZ VestingWallet, VestingWalletCliff, Uniswap TreasuryVester)", function () {
  async function fixture() {
    const [deployer] = await hre.ethers.getSigners();
    const { token: t, timelock } = await hre.ignition.deploy(TokenModule);
    const token = CounterweightToken__factory.connect(await t.getAddress(), deployer);
    // A permissive policy so every shape the baselines accept is allowed (cliff 0 included).
    const vault = await new VestingVault__factory(deployer).deploy(
      token,
      await timelock.getAddress(),
      await timelock.getAddress(),
      [{ minCliff: 0, minDuration: 1, revocable: false }],
    );
    await token.approve(await vault.getAddress(), hre.ethers.MaxUint256);
    return { deployer, token, vault };
  }

  const scheduleArb = fc.record({
    amount: fc.oneof(fc.bigInt(1n, 10_000n), fc.bigInt(1n, 10n ** 24n)),
    durationDays: fc.integer({ min: 1, max: 1500 }),
    cliffFraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
    offsets: fc.array(fc.double({ min: -0.2, max: 1.3, noNaN: true }), { minLength: 1, maxLength: 6 }),
    salt: fc.integer({ min: 0, max: 2 ** 40 }),
  });

  it("should equal OZ VestingWallet and VestingWalletCliff to the wei at random times", async function () {
    const { deployer, token, vault } = await loadFixture(fixture);
    await fc.assert(
      fc.asyncProperty(scheduleArb, async (s) => {
        const duration = BigInt(s.durationDays) * DAY;
        const cliff = BigInt(Math.floor(Number(duration) * s.cliffFraction));
        const start = BigInt(await time.latest()) + 1000n;
        const beneficiary = hre.ethers.Wallet.createRandom().address;
        const salt = hre.ethers.id(`d-${s.salt}-${start}`);
        await vault.createSchedule({
          terms: { beneficiary, amount: s.amount, category: 0, start, cliff, duration },
          salt,
        });
        const id = await vault.directScheduleId(deployer.address, salt);
        const plain = await new VestingWallet__factory(deployer).deploy(beneficiary, start, duration);
        const withCliff = await new TestVestingWalletCliff__factory(deployer).deploy(
          beneficiary,
          start,
          duration,
          cliff,
        );
        await token.transfer(await plain.getAddress(), s.amount);
        await token.transfer(await withCliff.getAddress(), s.amount);
        const noCliffSalt = hre.ethers.id(`n-${s.salt}-${start}`);
        await vault.createSchedule({
          terms: { beneficiary, amount: s.amount, category: 0, start, cliff: 0n, duration },
          salt: noCliffSalt,
        });
        const noCliffId = await vault.directScheduleId(deployer.address, noCliffSalt);
        const tokenAddr = await token.getAddress();
        for (const o of [...s.offsets, 0, 1]) {
          const t = start + BigInt(Math.floor(Number(duration) * o));
          const when = t < 0n ? 0n : t;
          expect(await vault.vestedAmount(id, when)).to.equal(
            await withCliff["vestedAmount(address,uint64)"](tokenAddr, when),
          );
          expect(await vault.vestedAmount(noCliffId, when)).to.equal(
            await plain["vestedAmount(address,uint64)"](tokenAddr, when),
          );
        }
      }),
      { numRuns: NUM_RUNS, seed: 6001 },
    );
  });

  it("should stay within k − 1 wei below Uniswap TreasuryVester's payouts after k claims, and end equal", async function () {
    const { deployer, token, vault } = await loadFixture(fixture);
    await fc.assert(
      fc.asyncProperty(scheduleArb, async (s) => {
        const duration = BigInt(s.durationDays) * DAY;
        // TreasuryVester needs vestingEnd > vestingCliff.
        const cliff = BigInt(Math.floor(Number(duration - 1n) * s.cliffFraction));
        const start = BigInt(await time.latest()) + 1000n;
        const recipient = hre.ethers.Wallet.createRandom().address;
        const salt = hre.ethers.id(`tv-${s.salt}-${start}`);
        await vault.createSchedule({
          terms: { beneficiary: recipient, amount: s.amount, category: 0, start, cliff, duration },
          salt,
        });
        const id = await vault.directScheduleId(deployer.address, salt);
        const vester = await new TreasuryVester__factory(deployer).deploy(
          await token.getAddress(),
          recipient,
          s.amount,
          start,
          start + cliff,
          start + duration,
        );
        await token.transfer(await vester.getAddress(), s.amount);
        const times = [
          ...new Set(
            s.offsets.map((o) => start + cliff + BigInt(Math.floor(Number(duration - cliff) * Math.abs(o) * 0.7))),
          ),
        ]
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .concat([start + duration + 5n]);
        let k = 0n;
        let last = BigInt(await time.latest());
        for (const t of times) {
          if (t <= last) continue;
          await time.setNextBlockTimestamp(t);
          await vester.claim();
          last = t;
          k += 1n;
          const theirs = await token.balanceOf(recipient);
          const ours = await vault.vestedAmount(id, t);
          expect(theirs <= ours, `TreasuryVester paid more than we vest at ${t}`).to.equal(true);
          const atEnd = t >= start + duration;
          expect(ours - theirs).to.be.lte(atEnd ? 0n : k - 1n);
        }
      }),
      { numRuns: NUM_RUNS, seed: 6002 },
    );
  });

  it("should vest nothing before the cliff, where TreasuryVester refuses to pay", async function () {
    const { deployer, token, vault } = await loadFixture(fixture);
    const start = BigInt(await time.latest()) + 1000n;
    const recipient = hre.ethers.Wallet.createRandom().address;
    const salt = hre.ethers.id("cliff");
    await vault.createSchedule({
      terms: { beneficiary: recipient, amount: 1000n, category: 0, start, cliff: 100n, duration: 1000n },
      salt,
    });
    const vester = await new TreasuryVester__factory(deployer).deploy(
      await token.getAddress(),
      recipient,
      1000n,
      start,
      start + 100n,
      start + 1000n,
    );
    await token.transfer(await vester.getAddress(), 1000n);
    await time.setNextBlockTimestamp(start + 99n);
    await expect(vester.claim()).to.be.revertedWith("TreasuryVester::claim: not time yet");
    expect(await vault.vestedAmount(await vault.directScheduleId(deployer.address, salt), start + 99n)).to.equal(0);
  });
});
