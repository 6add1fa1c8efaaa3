import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import VestingModule from "../../../deploy/modules/Vesting";
import { CounterweightToken__factory, VestingVault__factory } from "../../../typechain-types";
import { TreasuryVester__factory } from "../../../typechain-types/baselines";
import { TreasuryVesterModel, VaultScheduleModel, type ScheduleTerms } from "../../../sim/model";
import { fcOptions, revertedWith } from "./runs";

const DAY = 86_400;
const REVOCABLE = 0;
const IRREVOCABLE = 1;

const amountArb = fc.oneof(fc.bigInt(1n, 10_000n), fc.bigInt(1n, 10n ** 24n));
const scheduleArb = fc.record({
  category: fc.constantFrom(REVOCABLE, IRREVOCABLE),
  startIn: fc.integer({ min: 10, max: 5 * DAY }),
  shape: fc.oneof(
    fc.record({
      kind: fc.constant("linear" as const),
      total: amountArb,
      duration: fc.integer({ min: 1, max: 400 * DAY }),
      cliffPpm: fc.integer({ min: 0, max: 1_000_000 }),
    }),
    fc.record({
      kind: fc.constant("tranches" as const),
      gaps: fc.array(fc.integer({ min: 1, max: 90 * DAY }), { minLength: 1, maxLength: 6 }),
      amounts: fc.array(amountArb, { minLength: 6, maxLength: 6 }),
    }),
  ),
});
// What happens next to a schedule: a release, a revocation or a look at the curve, some seconds on.
const eventArb = fc.record({
  schedule: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom("release" as const, "release" as const, "release" as const, "revoke" as const),
  dt: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 120 * DAY })),
  lookPpm: fc.integer({ min: 0, max: 1_300_000 }),
});
const vesterArb = fc.record({
  amount: amountArb,
  beginIn: fc.integer({ min: 10, max: DAY }),
  cliff: fc.integer({ min: 0, max: 200 * DAY }),
  afterCliff: fc.integer({ min: 1, max: 400 * DAY }),
  claims: fc.array(fc.integer({ min: 1, max: 100 * DAY }), { minLength: 1, maxLength: 8 }),
});

/** Sends at exactly `at`; returns the receipt or the error. */
async function sendAt(at: bigint, send: () => Promise<ContractTransactionResponse>) {
  await time.setNextBlockTimestamp(at);
  try {
    const receipt = await (await send()).wait();
    if (receipt === null) throw new Error("no receipt");
    return { ok: true as const, receipt };
  } catch (error) {
    return { ok: false as const, error };
  }
}

/**
 * The chain engine (VestingVault from the Vesting Ignition module, Uniswap's TreasuryVester from
 * its npm artifact) against the model engine: every vested amount, release, revocation split and
 * TreasuryVester claim are the same integers.
 */
describe("Model engine: vesting equals VestingVault and TreasuryVester to the wei", function () {
  async function fixture() {
    const [deployer] = await hre.ethers.getSigners();
    // Permissive policies, so every curve shape is reachable (the policy bounds have their own tests).
    const deployed = await hre.ignition.deploy(VestingModule, {
      parameters: {
        Vesting: {
          policies: [
            { minCliff: 0, minDuration: 1, revocable: true },
            { minCliff: 0, minDuration: 1, revocable: false },
          ],
        },
      },
    });
    const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
    const vault = VestingVault__factory.connect(await deployed.vault.getAddress(), deployer);
    const timelock = await hre.ethers.getImpersonatedSigner(await deployed.timelock.getAddress());
    await hre.network.provider.send("hardhat_setBalance", [timelock.address, "0x56bc75e2d63100000"]);
    await (await token.approve(await vault.getAddress(), hre.ethers.MaxUint256)).wait();
    return { deployer, token, vault, timelock };
  }

  it("should vest, release and revoke every schedule as VestingVault does", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.array(scheduleArb, { minLength: 1, maxLength: 3 }),
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        async (schedules, events) => {
          const { deployer, token, vault, timelock } = await loadFixture(fixture);
          const now = BigInt(await time.latest());
          const ids: bigint[] = [];
          const models: VaultScheduleModel[] = [];
          const beneficiaries: string[] = [];
          for (const [i, s] of schedules.entries()) {
            const start = now + BigInt(s.startIn);
            const beneficiary = hre.ethers.getAddress(hre.ethers.id(`model-beneficiary-${i}`).slice(0, 42));
            const salt = hre.ethers.id(`model-${i}`);
            let terms: ScheduleTerms;
            if (s.shape.kind === "linear") {
              const duration = BigInt(s.shape.duration);
              const cliff = (duration * BigInt(s.shape.cliffPpm)) / 1_000_000n;
              terms = { kind: "linear", total: s.shape.total, start, cliff, duration };
              await (
                await vault.createSchedule({
                  terms: { beneficiary, amount: s.shape.total, category: s.category, start, cliff, duration },
                  salt,
                })
              ).wait();
            } else {
              let at = start;
              const tranches = s.shape.gaps.map((gap, k) => {
                at += BigInt(gap);
                return { time: at, amount: s.shape.kind === "tranches" ? s.shape.amounts[k] : 0n };
              });
              terms = { kind: "tranches", start, tranches };
              await (
                await vault.createTrancheSchedule({ beneficiary, category: s.category, start, tranches, salt })
              ).wait();
            }
            ids.push(await vault.directScheduleId(deployer.address, salt));
            models.push(new VaultScheduleModel(terms));
            beneficiaries.push(beneficiary);
          }

          let t = BigInt(await time.latest());
          for (const e of events) {
            const i = e.schedule % ids.length;
            const m = models[i];
            t += BigInt(e.dt);
            // The curve at any time, past or future (frozen at the revocation once revoked).
            const look = m.start + ((m.end - m.start + 1n) * BigInt(e.lookPpm)) / 1_000_000n;
            expect(await vault.vestedAmount(ids[i], look)).to.equal(m.vestedAmount(look));
            if (e.kind === "release") {
              const before = await token.balanceOf(beneficiaries[i]);
              const expected = m.release(t);
              const got = await sendAt(t, () => vault.release(ids[i]));
              if (expected === 0n) {
                expect(got.ok).to.equal(false);
                if (!got.ok) expect(revertedWith(got.error, "VestingNothingToRelease")).to.equal(true);
              } else {
                expect(got.ok, "release reverted").to.equal(true);
                expect((await token.balanceOf(beneficiaries[i])) - before).to.equal(expected);
              }
            } else {
              const revocable = schedules[i].category === REVOCABLE && m.revokedAt === undefined;
              const got = await sendAt(t, () => vault.connect(timelock).revoke(ids[i]));
              expect(got.ok).to.equal(revocable);
              if (revocable && got.ok) {
                const [vested, unvested] = m.revoke(t);
                const log = got.receipt.logs
                  .map((l) => vault.interface.parseLog(l))
                  .find((p) => p?.name === "ScheduleRevoked");
                expect([log?.args.vested, log?.args.unvested]).to.deep.equal([vested, unvested]);
              }
            }
            const s = await vault.getSchedule(ids[i]);
            expect(s.released).to.equal(m.released);
          }
        },
      ),
      fcOptions(),
    );
  });

  it("should pay every TreasuryVester claim as the npm contract does", async function () {
    await fc.assert(
      fc.asyncProperty(vesterArb, async (v) => {
        const { deployer, token } = await loadFixture(fixture);
        const deployAt = BigInt(await time.latest()) + 1n;
        const begin = deployAt + BigInt(v.beginIn);
        const cliff = begin + BigInt(v.cliff);
        const end = cliff + BigInt(v.afterCliff);
        const recipient = hre.ethers.getAddress(hre.ethers.id("model-recipient").slice(0, 42));
        await time.setNextBlockTimestamp(deployAt);
        const vester = await new TreasuryVester__factory(deployer).deploy(
          await token.getAddress(),
          recipient,
          v.amount,
          begin,
          cliff,
          end,
        );
        await vester.waitForDeployment();
        const model = new TreasuryVesterModel(v.amount, begin, cliff, end, deployAt);
        await (await token.transfer(await vester.getAddress(), v.amount)).wait();
        model.fund(v.amount);
        let t = deployAt + 1n;
        for (const dt of v.claims) {
          t += BigInt(dt);
          let expected: bigint | string;
          try {
            expected = model.claim(t);
          } catch (error) {
            expected = error instanceof Error ? error.message : String(error);
          }
          const before = await token.balanceOf(recipient);
          const got = await sendAt(t, () => vester.claim());
          if (typeof expected === "string") {
            expect(got.ok).to.equal(false);
            if (!got.ok) expect(revertedWith(got.error, expected), expected).to.equal(true);
          } else {
            expect(got.ok, "claim reverted").to.equal(true);
            expect((await token.balanceOf(recipient)) - before).to.equal(expected);
          }
          expect(await vester.lastUpdate()).to.equal(model.lastUpdate);
        }
        expect(await token.balanceOf(await vester.getAddress())).to.equal(model.balance);
      }),
      fcOptions(),
    );
  });
});
