import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ReentrantToken__factory, TestERC20__factory, VestingVault__factory } from "../../typechain-types";
import type { VestingVault } from "../../typechain-types";
import { LEAF_TYPES } from "../../scripts/lib/vestingMerkle";
import { E18, INVESTOR, MONTH, TEAM, deployVault, salt } from "./fixture";

const U112_MAX = 2n ** 112n - 1n;

/** Every number (and address, lower-cased) in a decoded event's arguments, nested arrays and structs included. */
function flatten(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === "bigint" || typeof value === "number") out.add(BigInt(value).toString());
  else if (typeof value === "string") out.add(value.toLowerCase());
  else if (Array.isArray(value)) for (const v of value) flatten(v, out);
  return out;
}

/** Everything the vault logged in one transaction, as an indexer sees it. */
async function loggedValues(vault: VestingVault, txHash: string): Promise<Set<string>> {
  const receipt = await hre.ethers.provider.getTransactionReceipt(txHash);
  const address = (await vault.getAddress()).toLowerCase();
  const out = new Set<string>();
  for (const log of receipt!.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = vault.interface.parseLog(log);
    if (parsed !== null) flatten([...parsed.args], out);
  }
  return out;
}

/**
 * Adversarial review of the issue-13 fixes to VestingVault / ScheduleCurve (branch review-vault).
 * The first block holds the findings (these tests fail on the reviewed code); the rest are the
 * attacks tried against the fixes, which the vault blocks (these pass).
 */
describe("VestingVault: audit of the issue-13 fixes", function () {
  async function fixture() {
    const f = await deployVault();
    const start = BigInt(await time.latest()) + 1000n;
    return { ...f, start };
  }

  /** A vault with hand-picked policies over a plain mintable token. */
  async function customFixture() {
    const [deployer, alice, bob] = await hre.ethers.getSigners();
    const token = await new TestERC20__factory(deployer).deploy("T", "T");
    const vault = await new VestingVault__factory(deployer).deploy(token, deployer.address, deployer.address, [
      { minCliff: 0, minDuration: 2, revocable: true }, // 0: tiny numbers, rounding edges
      { minCliff: 0, minDuration: 100, revocable: true }, // 1: no cliff, a duration
      { minCliff: 0, minDuration: 0, revocable: false }, // 2: no policy at all
    ]);
    await token.mint(deployer.address, 2n ** 120n);
    await token.approve(await vault.getAddress(), hre.ethers.MaxUint256);
    const start = BigInt(await time.latest()) + 1000n;
    return { deployer, alice, bob, token, vault, start };
  }

  describe("findings", function () {
    it("events insufficient to rebuild a tranche schedule: the creation logs should carry every tranche's time and amount", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      // Investor 12/24 months, exactly within the bound: 40 ≤ 50 at 12 months, 75 ≤ 75 at 18 months.
      const tranches = [
        { time: start + 12n * MONTH, amount: 40n },
        { time: start + 18n * MONTH, amount: 35n },
        { time: start + 24n * MONTH, amount: 25n },
      ];
      const tx = await vault.createTrancheSchedule({
        beneficiary: alice.address,
        category: INVESTOR,
        start,
        tranches,
        salt: salt(1),
      });
      const logged = await loggedValues(vault, tx.hash);
      // An indexer replaying events must be able to compute vestedAmount(id, t) at every t, which
      // needs every (time, amount) pair; ScheduleCreated gives only total, first and last time.
      for (const [i, tr] of tranches.entries()) {
        expect(logged.has(tr.time.toString()), `tranche ${i} time ${tr.time} in the creation events`).to.equal(true);
        expect(logged.has(tr.amount.toString()), `tranche ${i} amount ${tr.amount} in the creation events`).to.equal(
          true,
        );
      }
    });

    it("double funding of one Merkle root: a leaf should become at most one schedule, and a second funding of the same root should revert", async function () {
      const { vault, token, alice, bob, start } = await loadFixture(fixture);
      const terms = {
        beneficiary: alice.address,
        amount: 1000n * E18,
        category: INVESTOR,
        start,
        cliff: 12n * MONTH,
        duration: 24n * MONTH,
      };
      const tree = StandardMerkleTree.of(
        [[0, terms.beneficiary, terms.amount, terms.category, terms.start, terms.cliff, terms.duration]],
        [...LEAF_TYPES],
      );
      const deadline = start + MONTH;
      // The allocation is funded by a raw call (a multisig or the timelock): a proposal executed
      // twice, or two signers each submitting the same Safe transaction, funds the same file twice.
      await vault.createMerkleAllocation(tree.root, terms.amount, deadline, start);
      const secondFunded = await vault.createMerkleAllocation(tree.root, terms.amount, deadline, start).then(
        () => true,
        () => false,
      );
      let schedules = 0;
      let owed = 0n;
      const count = await vault.allocationCount();
      for (let id = 0n; id < count; id++) {
        const ok = await vault
          .connect(bob)
          .claimFromMerkle(id, 0, terms, tree.getProof(0))
          .then(
            () => true,
            () => false,
          );
        if (ok) {
          schedules++;
          owed += terms.amount;
        }
      }
      expect(schedules, "schedules created from one leaf").to.equal(1);
      expect(owed, "owed to alice from a 1,000-token leaf").to.equal(terms.amount);
      expect(secondFunded, "a second createMerkleAllocation of the same root").to.equal(false);
      await expect(vault.createMerkleAllocation(tree.root, terms.amount, deadline, start))
        .to.be.revertedWithCustomError(vault, "VestingRootAlreadyFunded")
        .withArgs(tree.root, 0n);
      expect(await token.balanceOf(await vault.getAddress())).to.equal(terms.amount);
    });
  });

  describe("policy bound: attacks that are blocked", function () {
    it("equal tranche times: a second tranche at the same time is refused (no double step at the cliff)", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      const tranches = [
        { time: start + 12n * MONTH, amount: 25n },
        { time: start + 12n * MONTH, amount: 25n },
        { time: start + 24n * MONTH, amount: 50n },
      ];
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: INVESTOR, start, tranches, salt: salt(1) }),
      )
        .to.be.revertedWithCustomError(vault, "VestingTrancheNotAscending")
        .withArgs(1);
    });

    it("rounding in the bound check: one wei over the exact rational bound is refused even where the floor would allow it", async function () {
      const { vault, alice, start } = await loadFixture(customFixture);
      // minDuration 2, total 3: the bound at 1 s is 1.5 (floor 1). 2 is over; 1 is in.
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: 0,
          start,
          tranches: [
            { time: start + 1n, amount: 2n },
            { time: start + 2n, amount: 1n },
          ],
          salt: salt(1),
        }),
      )
        .to.be.revertedWithCustomError(vault, "VestingTrancheAboveBound")
        .withArgs(0, 2n, 1n);
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: 0,
          start,
          tranches: [
            { time: start + 1n, amount: 1n },
            { time: start + 2n, amount: 2n },
          ],
          salt: salt(2),
        }),
      ).to.emit(vault, "ScheduleCreated");
    });

    it("a tranche at start itself: refused when the category has a duration (the bound at elapsed 0 is 0), accepted without a policy", async function () {
      const { vault, alice, start } = await loadFixture(customFixture);
      const tranches = [
        { time: start, amount: 1n },
        { time: start + 100n, amount: 99n },
      ];
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: 1, start, tranches, salt: salt(1) }),
      )
        .to.be.revertedWithCustomError(vault, "VestingTrancheAboveBound")
        .withArgs(0, 1n, 0n);
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: 2, start, tranches, salt: salt(2) }),
      ).to.emit(vault, "ScheduleCreated");
    });

    it("the steepest step after the first: a later tranche over the bound is found even when the first is far under it", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      // Team 12/36 months, total 360: bound 120 at 12 months, 130 at 13 months; 1 + 130 = 131 > 130.
      const tranches = [
        { time: start + 12n * MONTH, amount: 1n },
        { time: start + 13n * MONTH, amount: 130n },
        { time: start + 36n * MONTH, amount: 229n },
      ];
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: TEAM, start, tranches, salt: salt(1) }),
      )
        .to.be.revertedWithCustomError(vault, "VestingTrancheAboveBound")
        .withArgs(1, 131n, 130n);
    });

    it("tranche amounts summing over uint112: refused before any transfer", async function () {
      const { vault, token, alice, deployer, start } = await loadFixture(customFixture);
      const before = await token.balanceOf(deployer.address);
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: 2,
          start,
          tranches: [
            { time: start + 1n, amount: U112_MAX },
            { time: start + 2n, amount: 1n },
          ],
          salt: salt(1),
        }),
      )
        .to.be.revertedWithCustomError(vault, "VestingAmountOverflow")
        .withArgs(U112_MAX + 1n);
      expect(await token.balanceOf(deployer.address)).to.equal(before);
    });

    it("start in the past and unknown categories: refused for tranche schedules", async function () {
      const { vault, alice } = await loadFixture(fixture);
      const now = BigInt(await time.latest());
      const tranches = [
        { time: now + 12n * MONTH, amount: 50n },
        { time: now + 24n * MONTH, amount: 50n },
      ];
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: INVESTOR,
          start: now - 1n,
          tranches,
          salt: salt(1),
        }),
      ).to.be.revertedWithCustomError(vault, "VestingStartTooEarly");
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: 3,
          start: now + 10n,
          tranches,
          salt: salt(2),
        }),
      )
        .to.be.revertedWithCustomError(vault, "VestingUnknownCategory")
        .withArgs(3, 3);
    });
  });

  describe("Merkle path: attacks that are blocked", function () {
    async function merkleFixture() {
      const f = await deployVault();
      const start = BigInt(await time.latest()) + 1000n;
      const rows = [f.alice.address, f.bob.address].map((b, i) => ({
        beneficiary: b,
        amount: (100n + BigInt(i)) * E18,
        category: INVESTOR,
        start,
        cliff: 12n * MONTH,
        duration: 24n * MONTH,
      }));
      const tree = StandardMerkleTree.of(
        rows.map((r, i) => [i, r.beneficiary, r.amount, r.category, r.start, r.cliff, r.duration]),
        [...LEAF_TYPES],
      );
      const total = rows[0].amount + rows[1].amount;
      return { ...f, start, rows, tree, total };
    }

    it("sweeps that take claimable funds: a claim at the deadline second succeeds, and the sweep takes only the unclaimed leaf", async function () {
      const { vault, token, alice, bob, timelock, start, rows, tree, total } = await loadFixture(merkleFixture);
      const deadline = start + MONTH;
      await vault.createMerkleAllocation(tree.root, total, deadline, start);
      await time.setNextBlockTimestamp(deadline);
      await vault.connect(bob).claimFromMerkle(0, 0, rows[0], tree.getProof(0));
      await expect(vault.claimFromMerkle(0, 1, rows[1], tree.getProof(1)))
        .to.be.revertedWithCustomError(vault, "VestingClaimClosed")
        .withArgs(0, deadline);
      await expect(vault.sweepMerkleAllocation(0)).to.changeTokenBalance(token, timelock, rows[1].amount);
      await time.increaseTo(start + 24n * MONTH);
      const id = await vault.merkleScheduleId(0, await vault.merkleLeaf(0, rows[0]));
      await expect(vault.release(id)).to.changeTokenBalance(token, alice, rows[0].amount);
      expect(await token.balanceOf(await vault.getAddress())).to.equal(0n);
    });

    it("proof replay: a leaf's proof fails with another index, another allocation's root, or altered terms", async function () {
      const { vault, rows, tree, total, start } = await loadFixture(merkleFixture);
      await vault.createMerkleAllocation(tree.root, total, start + MONTH, start);
      await vault.createMerkleAllocation(hre.ethers.id("other root"), total, start + MONTH, start);
      await expect(vault.claimFromMerkle(0, 1, rows[0], tree.getProof(0))).to.be.revertedWithCustomError(
        vault,
        "VestingInvalidProof",
      );
      await expect(vault.claimFromMerkle(1, 0, rows[0], tree.getProof(0))).to.be.revertedWithCustomError(
        vault,
        "VestingInvalidProof",
      );
      await expect(
        vault.claimFromMerkle(0, 0, { ...rows[0], cliff: 0n }, tree.getProof(0)),
      ).to.be.revertedWithCustomError(vault, "VestingInvalidProof");
      await vault.claimFromMerkle(0, 0, rows[0], tree.getProof(0));
      await expect(vault.claimFromMerkle(0, 0, rows[0], tree.getProof(0))).to.be.revertedWithCustomError(
        vault,
        "VestingAlreadyClaimed",
      );
    });

    it("fundBefore edge: funding one second late is refused; funded at fundBefore, a leaf starting that very second is claimable and bound by its cliff", async function () {
      const { vault, alice, start } = await loadFixture(merkleFixture);
      const terms = {
        beneficiary: alice.address,
        amount: 100n,
        category: INVESTOR,
        start: start + 1n,
        cliff: 12n * MONTH,
        duration: 24n * MONTH,
      };
      const tree = StandardMerkleTree.of(
        [[0, terms.beneficiary, terms.amount, terms.category, terms.start, terms.cliff, terms.duration]],
        [...LEAF_TYPES],
      );
      await time.setNextBlockTimestamp(start);
      await expect(vault.createMerkleAllocation(tree.root, 100n, start + MONTH, start - 1n))
        .to.be.revertedWithCustomError(vault, "VestingFundingClosed")
        .withArgs(start - 1n, start);
      // The refused call was mined at `start`; fund at the next second, exactly at fundBefore.
      await time.setNextBlockTimestamp(start + 1n);
      await expect(vault.createMerkleAllocation(tree.root, 100n, start + MONTH, start + 1n)).to.emit(
        vault,
        "MerkleAllocationCreated",
      );
      expect((await vault.getMerkleAllocation(0)).createdAt).to.equal(start + 1n);
      await vault.claimFromMerkle(0, 0, terms, tree.getProof(0));
      const id = await vault.merkleScheduleId(0, await vault.merkleLeaf(0, terms));
      expect(await vault.vestedAmount(id, start + 1n + 12n * MONTH - 1n)).to.equal(0n);
      expect(await vault.vestedAmount(id, start + 1n + 12n * MONTH)).to.equal(50n);
    });
  });

  describe("hostile tokens, revocation and beneficiaries: attacks that are blocked", function () {
    it("reentrancy via a hostile token: claimFromMerkle re-entered during the funding transfer creates one fully funded schedule and nothing more", async function () {
      const [deployer, alice] = await hre.ethers.getSigners();
      const token = await new ReentrantToken__factory(deployer).deploy();
      const vault = await new VestingVault__factory(deployer).deploy(token, deployer.address, deployer.address, [
        { minCliff: 0, minDuration: 10, revocable: false },
      ]);
      await token.mint(deployer.address, 10n ** 24n);
      await token.approve(await vault.getAddress(), hre.ethers.MaxUint256);
      const start = BigInt(await time.latest()) + 100n;
      const terms = { beneficiary: alice.address, amount: 500n, category: 0, start, cliff: 0n, duration: 10n };
      const tree = StandardMerkleTree.of(
        [[0, terms.beneficiary, terms.amount, terms.category, terms.start, terms.cliff, terms.duration]],
        [...LEAF_TYPES],
      );
      const claim = vault.interface.encodeFunctionData("claimFromMerkle", [0, 0, terms, tree.getProof(0)]);
      await token.arm(await vault.getAddress(), claim);
      await vault.createMerkleAllocation(tree.root, 500n, start + 50n, start);
      expect(await token.attackSucceeded(), "the re-entered claim ran").to.equal(true);
      await expect(vault.claimFromMerkle(0, 0, terms, tree.getProof(0))).to.be.revertedWithCustomError(
        vault,
        "VestingAlreadyClaimed",
      );
      expect((await vault.getMerkleAllocation(0)).remaining).to.equal(0n);
      await time.increaseTo(start + 10n);
      const id = await vault.merkleScheduleId(0, await vault.merkleLeaf(0, terms));
      await expect(vault.release(id)).to.changeTokenBalance(token, alice, 500n);
      expect(await token.balanceOf(await vault.getAddress())).to.equal(0n);
    });

    it("revocation taking vested tokens: revoked at a tranche's own second, that tranche stays the beneficiary's", async function () {
      const { vault, token, alice, timelock, timelockSigner, deployer, start } = await loadFixture(fixture);
      const tranches = [
        { time: start + 12n * MONTH, amount: 300n },
        { time: start + 24n * MONTH, amount: 300n },
        { time: start + 36n * MONTH, amount: 300n },
      ];
      await vault.createTrancheSchedule({ beneficiary: alice.address, category: TEAM, start, tranches, salt: salt(1) });
      const id = await vault.directScheduleId(deployer.address, salt(1));
      await time.setNextBlockTimestamp(tranches[1].time);
      const revoke = await vault.connect(timelockSigner).revoke(id);
      await expect(revoke).to.emit(vault, "ScheduleRevoked").withArgs(id, 600n, 300n);
      await expect(revoke).to.changeTokenBalance(token, timelock, 300n);
      await time.increaseTo(start + 40n * MONTH);
      await expect(vault.release(id)).to.changeTokenBalance(token, alice, 600n);
      await expect(vault.release(id)).to.be.revertedWithCustomError(vault, "VestingNothingToRelease");
    });

    it("beneficiary transfer to the token or the vault via an intermediate: every hop is checked", async function () {
      const { vault, token, alice, bob, carol, deployer, start } = await loadFixture(fixture);
      await vault.createSchedule({
        terms: {
          beneficiary: alice.address,
          amount: 100n,
          category: INVESTOR,
          start,
          cliff: 12n * MONTH,
          duration: 24n * MONTH,
        },
        salt: salt(1),
      });
      const id = await vault.directScheduleId(deployer.address, salt(1));
      await vault.connect(alice).transferBeneficiary(id, bob.address);
      await vault.connect(bob).transferBeneficiary(id, carol.address);
      for (const target of [await vault.getAddress(), await token.getAddress()]) {
        await expect(vault.connect(carol).transferBeneficiary(id, target))
          .to.be.revertedWithCustomError(vault, "VestingBeneficiaryNotAllowed")
          .withArgs(target);
      }
      await expect(vault.connect(carol).transferBeneficiary(id, hre.ethers.ZeroAddress)).to.be.revertedWithCustomError(
        vault,
        "VestingZeroBeneficiary",
      );
      await expect(vault.connect(alice).transferBeneficiary(id, alice.address))
        .to.be.revertedWithCustomError(vault, "VestingNotBeneficiary")
        .withArgs(alice.address, carol.address);
      expect((await vault.getSchedule(id)).beneficiary).to.equal(carol.address);
    });
  });
});
