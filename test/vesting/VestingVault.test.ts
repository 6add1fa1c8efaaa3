import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { VestingVault__factory } from "../../typechain-types";
import { LEAF_TYPES as LEAF } from "../../scripts/lib/vestingMerkle";
import { ADVISOR, E18, INVESTOR, MONTH, TEAM, deployVault, salt, termsFor } from "./fixture";

const LEAF_TYPES = [...LEAF];

describe("VestingVault", function () {
  describe("deployment", function () {
    it("should expose the immutable policies, treasury and revoker (the timelock)", async function () {
      const { vault, timelock, token } = await loadFixture(deployVault);
      expect(await vault.treasury()).to.equal(timelock);
      expect(await vault.revoker()).to.equal(timelock);
      expect(await vault.token()).to.equal(await token.getAddress());
      expect(await vault.categoryCount()).to.equal(3);
      const inv = await vault.policy(INVESTOR);
      expect([inv.minCliff, inv.minDuration, inv.revocable]).to.deep.equal([12n * MONTH, 24n * MONTH, false]);
      const team = await vault.policy(TEAM);
      expect([team.minCliff, team.minDuration, team.revocable]).to.deep.equal([12n * MONTH, 36n * MONTH, true]);
      await expect(vault.policy(3)).to.be.revertedWithCustomError(vault, "VestingUnknownCategory").withArgs(3, 3);
    });
    it("should reject a zero address and a bad category count", async function () {
      const { deployer, token, vault } = await loadFixture(deployVault);
      const f = new VestingVault__factory(deployer);
      const t = await token.getAddress();
      const p = { minCliff: 0, minDuration: 0, revocable: false };
      await expect(f.deploy(hre.ethers.ZeroAddress, t, t, [p])).to.be.revertedWithCustomError(
        vault,
        "VestingZeroAddress",
      );
      await expect(f.deploy(t, hre.ethers.ZeroAddress, t, [p])).to.be.revertedWithCustomError(
        vault,
        "VestingZeroAddress",
      );
      await expect(f.deploy(t, t, hre.ethers.ZeroAddress, [p])).to.be.revertedWithCustomError(
        vault,
        "VestingZeroAddress",
      );
      await expect(f.deploy(t, t, t, []))
        .to.be.revertedWithCustomError(vault, "VestingCategoryCount")
        .withArgs(0, 3);
      await expect(f.deploy(t, t, t, [p, p, p, p]))
        .to.be.revertedWithCustomError(vault, "VestingCategoryCount")
        .withArgs(4, 3);
    });
  });

  describe("createSchedule", function () {
    describe("when an input is bad", function () {
      it("should revert with the named error", async function () {
        const { vault, alice } = await loadFixture(deployVault);
        const ok = await termsFor(alice.address, E18, INVESTOR, 12n * MONTH, 24n * MONTH);
        const s = salt(1);
        await expect(
          vault.createSchedule({ terms: { ...ok, beneficiary: hre.ethers.ZeroAddress }, salt: s }),
        ).to.be.revertedWithCustomError(vault, "VestingZeroBeneficiary");
        await expect(vault.createSchedule({ terms: { ...ok, amount: 0n }, salt: s })).to.be.revertedWithCustomError(
          vault,
          "VestingZeroAmount",
        );
        await expect(
          vault.createSchedule({ terms: { ...ok, duration: 0n, cliff: 0n }, salt: s }),
        ).to.be.revertedWithCustomError(vault, "VestingZeroDuration");
        await expect(vault.createSchedule({ terms: { ...ok, cliff: 25n * MONTH }, salt: s }))
          .to.be.revertedWithCustomError(vault, "VestingCliffBeyondEnd")
          .withArgs(25n * MONTH, 24n * MONTH);
        await expect(vault.createSchedule({ terms: { ...ok, category: 7 }, salt: s }))
          .to.be.revertedWithCustomError(vault, "VestingUnknownCategory")
          .withArgs(7, 3);
        await expect(vault.createSchedule({ terms: { ...ok, cliff: MONTH }, salt: s }))
          .to.be.revertedWithCustomError(vault, "VestingCliffTooShort")
          .withArgs(INVESTOR, MONTH, 12n * MONTH);
        await expect(vault.createSchedule({ terms: { ...ok, duration: 13n * MONTH }, salt: s }))
          .to.be.revertedWithCustomError(vault, "VestingDurationTooShort")
          .withArgs(INVESTOR, 13n * MONTH, 24n * MONTH);
        await expect(vault.createSchedule({ terms: { ...ok, start: 1n }, salt: s })).to.be.revertedWithCustomError(
          vault,
          "VestingStartTooEarly",
        );
        const maxStart = 2n ** 40n - 1n;
        await expect(vault.createSchedule({ terms: { ...ok, start: maxStart }, salt: s }))
          .to.be.revertedWithCustomError(vault, "VestingEndOverflow")
          .withArgs(maxStart, 24n * MONTH);
      });
      it("should refuse a replayed salt (idempotent re-runs)", async function () {
        const { vault, alice, deployer } = await loadFixture(deployVault);
        const terms = await termsFor(alice.address, E18, INVESTOR, 12n * MONTH, 24n * MONTH);
        await vault.createSchedule({ terms, salt: salt(1) });
        const id = await vault.directScheduleId(deployer.address, salt(1));
        await expect(vault.createSchedule({ terms, salt: salt(1) }))
          .to.be.revertedWithCustomError(vault, "VestingScheduleExists")
          .withArgs(id);
      });
    });
    describe("when the terms respect the policy", function () {
      it("should fund the schedule in full from the creator and emit ScheduleCreated", async function () {
        const { vault, token, alice, deployer } = await loadFixture(deployVault);
        const terms = await termsFor(alice.address, 1000n * E18, INVESTOR, 12n * MONTH, 24n * MONTH);
        const id = await vault.directScheduleId(deployer.address, salt(1));
        const tx = vault.createSchedule({ terms, salt: salt(1) });
        await expect(tx)
          .to.emit(vault, "ScheduleCreated")
          .withArgs(
            id,
            alice.address,
            INVESTOR,
            terms.amount,
            terms.start,
            terms.start + terms.cliff,
            terms.start + terms.duration,
            false,
          );
        await expect(tx).to.changeTokenBalances(token, [deployer, vault], [-terms.amount, terms.amount]);
        const s = await vault.getSchedule(id);
        expect(s.beneficiary).to.equal(alice.address);
        expect(s.total).to.equal(terms.amount);
        expect(await vault.tranchesOf(id)).to.deep.equal([]);
      });
      it("should let anyone create (permissionless, creator pays)", async function () {
        const { vault, token, alice, bob } = await loadFixture(deployVault);
        await token.transfer(bob.address, 10n * E18);
        await token.connect(bob).approve(await vault.getAddress(), 10n * E18);
        const terms = await termsFor(alice.address, 10n * E18, ADVISOR, 6n * MONTH, 12n * MONTH);
        await expect(vault.connect(bob).createSchedule({ terms, salt: salt(1) })).to.emit(vault, "ScheduleCreated");
        expect(await token.balanceOf(bob.address)).to.equal(0);
      });
    });
  });

  describe("createSchedules (batch)", function () {
    it("should revert on an empty batch", async function () {
      const { vault } = await loadFixture(deployVault);
      await expect(vault.createSchedules([])).to.be.revertedWithCustomError(vault, "VestingEmptyBatch");
    });
    it("should create every schedule with one transfer of the sum", async function () {
      const { vault, token, alice, bob, deployer } = await loadFixture(deployVault);
      const a = await termsFor(alice.address, 3n * E18, INVESTOR, 12n * MONTH, 24n * MONTH);
      const b = await termsFor(bob.address, 5n * E18, TEAM, 12n * MONTH, 36n * MONTH);
      await expect(
        vault.createSchedules([
          { terms: a, salt: salt(1) },
          { terms: b, salt: salt(2) },
        ]),
      ).to.changeTokenBalance(token, vault, 8n * E18);
      expect((await vault.getSchedule(await vault.directScheduleId(deployer.address, salt(2)))).beneficiary).to.equal(
        bob.address,
      );
    });
  });

  describe("createTrancheSchedule", function () {
    async function trancheFixture() {
      const f = await deployVault();
      const start = BigInt(await time.latest()) + 100n;
      return { ...f, start };
    }
    it("should revert on bad tranches", async function () {
      const { vault, alice, start } = await loadFixture(trancheFixture);
      const base = { beneficiary: alice.address, category: ADVISOR, start, salt: salt(1) };
      const t = (m: bigint, amount = E18) => ({ time: start + m * MONTH, amount });
      await expect(
        vault.createTrancheSchedule({ ...base, beneficiary: hre.ethers.ZeroAddress, tranches: [t(12n)] }),
      ).to.be.revertedWithCustomError(vault, "VestingZeroBeneficiary");
      await expect(vault.createTrancheSchedule({ ...base, tranches: [] }))
        .to.be.revertedWithCustomError(vault, "VestingTrancheCount")
        .withArgs(0, 48);
      const many = Array.from({ length: 49 }, (_, i) => t(BigInt(i + 6)));
      await expect(vault.createTrancheSchedule({ ...base, tranches: many }))
        .to.be.revertedWithCustomError(vault, "VestingTrancheCount")
        .withArgs(49, 48);
      await expect(
        vault.createTrancheSchedule({ ...base, start: 1n, tranches: [t(12n)] }),
      ).to.be.revertedWithCustomError(vault, "VestingStartTooEarly");
      await expect(vault.createTrancheSchedule({ ...base, tranches: [t(12n), t(12n)] }))
        .to.be.revertedWithCustomError(vault, "VestingTrancheNotAscending")
        .withArgs(1);
      await expect(vault.createTrancheSchedule({ ...base, tranches: [{ time: start - 1n, amount: E18 }] }))
        .to.be.revertedWithCustomError(vault, "VestingTrancheNotAscending")
        .withArgs(0);
      await expect(vault.createTrancheSchedule({ ...base, tranches: [t(6n), t(12n, 0n)] }))
        .to.be.revertedWithCustomError(vault, "VestingTrancheZeroAmount")
        .withArgs(1);
      await expect(vault.createTrancheSchedule({ ...base, tranches: [t(0n)] })).to.be.revertedWithCustomError(
        vault,
        "VestingZeroDuration",
      );
      await expect(vault.createTrancheSchedule({ ...base, tranches: [t(5n), t(12n)] }))
        .to.be.revertedWithCustomError(vault, "VestingCliffTooShort")
        .withArgs(ADVISOR, 5n * MONTH, 6n * MONTH);
      const big = 2n ** 111n;
      await expect(vault.createTrancheSchedule({ ...base, tranches: [t(6n, big), t(12n, big)] }))
        .to.be.revertedWithCustomError(vault, "VestingAmountOverflow")
        .withArgs(2n * big);
    });
    it("should unlock each tranche at its time, and refuse a replay", async function () {
      const { vault, alice, start, deployer } = await loadFixture(trancheFixture);
      const tranches = [
        { time: start + 6n * MONTH, amount: 10n },
        { time: start + 9n * MONTH, amount: 20n },
        { time: start + 12n * MONTH, amount: 70n },
      ];
      const params = { beneficiary: alice.address, category: ADVISOR, start, tranches, salt: salt(9) };
      const id = await vault.directScheduleId(deployer.address, salt(9));
      const tx = vault.createTrancheSchedule(params);
      await expect(tx)
        .to.emit(vault, "ScheduleCreated")
        .withArgs(id, alice.address, ADVISOR, 100n, start, tranches[0].time, tranches[2].time, true);
      await expect(vault.createTrancheSchedule(params))
        .to.be.revertedWithCustomError(vault, "VestingScheduleExists")
        .withArgs(id);
      expect(await vault.vestedAmount(id, tranches[0].time - 1n)).to.equal(0);
      expect(await vault.vestedAmount(id, tranches[0].time)).to.equal(10);
      expect(await vault.vestedAmount(id, tranches[1].time - 1n)).to.equal(10);
      expect(await vault.vestedAmount(id, tranches[1].time)).to.equal(30);
      expect(await vault.vestedAmount(id, tranches[2].time)).to.equal(100);
      expect((await vault.tranchesOf(id)).map((t) => [t.time, t.amount])).to.deep.equal(
        tranches.map((t) => [t.time, t.amount]),
      );
      await time.increaseTo(tranches[1].time);
      await expect(vault.release(id)).to.emit(vault, "Released").withArgs(id, 30n);
    });
  });

  describe("release", function () {
    async function scheduleFixture() {
      const f = await deployVault();
      const terms = await termsFor(f.alice.address, 1200n * E18, TEAM, 12n * MONTH, 36n * MONTH);
      await f.vault.createSchedule({ terms, salt: salt(1) });
      const id = await f.vault.directScheduleId(f.deployer.address, salt(1));
      return { ...f, terms, id };
    }
    it("should revert for an unknown schedule", async function () {
      const { vault } = await loadFixture(scheduleFixture);
      await expect(vault.release(42)).to.be.revertedWithCustomError(vault, "VestingUnknownSchedule").withArgs(42);
      await expect(vault.vestedAmount(42, 0))
        .to.be.revertedWithCustomError(vault, "VestingUnknownSchedule")
        .withArgs(42);
      await expect(vault.releasable(42)).to.be.revertedWithCustomError(vault, "VestingUnknownSchedule").withArgs(42);
    });
    it("should revert when nothing is releasable (before the cliff)", async function () {
      const { vault, id, terms } = await loadFixture(scheduleFixture);
      await time.increaseTo(terms.start + terms.cliff - 10n);
      expect(await vault.releasable(id)).to.equal(0);
      await expect(vault.release(id)).to.be.revertedWithCustomError(vault, "VestingNothingToRelease").withArgs(id);
    });
    it("should pay the vested part to the beneficiary when anyone calls", async function () {
      const { vault, token, alice, bob, id, terms } = await loadFixture(scheduleFixture);
      const at = terms.start + 18n * MONTH;
      await time.setNextBlockTimestamp(at);
      const expected = (terms.amount * 18n) / 36n;
      const tx = vault.connect(bob).release(id);
      await expect(tx).to.emit(vault, "Released").withArgs(id, expected);
      await expect(tx).to.changeTokenBalances(token, [alice, bob], [expected, 0n]);
      expect((await vault.getSchedule(id)).released).to.equal(expected);
    });
    it("should pay nothing twice: a fully released schedule reverts release and is skipped by releaseMany", async function () {
      const { vault, token, alice, id, terms } = await loadFixture(scheduleFixture);
      await time.increaseTo(terms.start + terms.duration);
      await expect(vault.release(id)).to.changeTokenBalance(token, alice, terms.amount);
      expect(await vault.releasable(id)).to.equal(0);
      await expect(vault.release(id)).to.be.revertedWithCustomError(vault, "VestingNothingToRelease").withArgs(id);
      expect(await vault.releaseMany.staticCall([id, id])).to.equal(0);
      const tx = vault.releaseMany([id]);
      await expect(tx).to.changeTokenBalance(token, alice, 0n);
      await expect(tx).not.to.emit(vault, "Released");
      expect((await vault.getSchedule(id)).released).to.equal(terms.amount);
    });
    it("should release many schedules and skip those with nothing to release", async function () {
      const { vault, token, alice, bob, id, terms, deployer } = await loadFixture(scheduleFixture);
      const later = { ...terms, beneficiary: bob.address, start: terms.start + 30n * MONTH };
      await vault.createSchedule({ terms: later, salt: salt(2) });
      const id2 = await vault.directScheduleId(deployer.address, salt(2));
      await time.increaseTo(terms.start + terms.duration);
      await expect(vault.releaseMany([id, id2])).to.changeTokenBalances(token, [alice, bob], [terms.amount, 0n]);
      await expect(vault.releaseMany([42])).to.be.revertedWithCustomError(vault, "VestingUnknownSchedule");
    });
  });

  describe("revoke", function () {
    async function revFixture() {
      const f = await deployVault();
      const team = await termsFor(f.alice.address, 3600n * E18, TEAM, 12n * MONTH, 36n * MONTH);
      const inv = await termsFor(f.bob.address, 1000n * E18, INVESTOR, 12n * MONTH, 24n * MONTH);
      await f.vault.createSchedules([
        { terms: team, salt: salt("team") },
        { terms: inv, salt: salt("inv") },
      ]);
      const teamId = await f.vault.directScheduleId(f.deployer.address, salt("team"));
      const invId = await f.vault.directScheduleId(f.deployer.address, salt("inv"));
      return { ...f, team, inv, teamId, invId };
    }
    it("should only be callable by the revoker (the timelock)", async function () {
      const { vault, alice, teamId } = await loadFixture(revFixture);
      await expect(vault.connect(alice).revoke(teamId))
        .to.be.revertedWithCustomError(vault, "VestingNotRevoker")
        .withArgs(alice.address);
    });
    it("should never revoke an investor schedule", async function () {
      const { vault, timelockSigner, invId } = await loadFixture(revFixture);
      await expect(vault.connect(timelockSigner).revoke(invId))
        .to.be.revertedWithCustomError(vault, "VestingNotRevocable")
        .withArgs(invId, INVESTOR);
    });
    it("should revert for an unknown schedule", async function () {
      const { vault, timelockSigner } = await loadFixture(revFixture);
      await expect(vault.connect(timelockSigner).revoke(7)).to.be.revertedWithCustomError(
        vault,
        "VestingUnknownSchedule",
      );
    });
    it("revocation of vested tokens: should send only the unvested part to the treasury", async function () {
      const { vault, token, timelockSigner, timelock, alice, teamId, team } = await loadFixture(revFixture);
      const at = team.start + 18n * MONTH;
      await time.setNextBlockTimestamp(at);
      const vested = (team.amount * 18n) / 36n;
      const tx = vault.connect(timelockSigner).revoke(teamId);
      await expect(tx)
        .to.emit(vault, "ScheduleRevoked")
        .withArgs(teamId, vested, team.amount - vested);
      await expect(tx).to.changeTokenBalance(token, timelock, team.amount - vested);
      expect(await vault.revokedAt(teamId)).to.equal(at);
      await expect(vault.connect(timelockSigner).revoke(teamId))
        .to.be.revertedWithCustomError(vault, "VestingAlreadyRevoked")
        .withArgs(teamId);
      await time.increaseTo(team.start + 40n * MONTH);
      expect(await vault.vestedAmount(teamId, team.start + 40n * MONTH)).to.equal(vested);
      expect(await vault.vestedAmount(teamId, team.start + 12n * MONTH)).to.equal(team.amount / 3n);
      await expect(vault.release(teamId)).to.changeTokenBalance(token, alice, vested);
      await expect(vault.release(teamId)).to.be.revertedWithCustomError(vault, "VestingNothingToRelease");
    });
    it("should transfer nothing when revoking a fully vested schedule", async function () {
      const { vault, token, timelockSigner, timelock, teamId, team } = await loadFixture(revFixture);
      await time.increaseTo(team.start + team.duration);
      await expect(vault.connect(timelockSigner).revoke(teamId)).to.changeTokenBalance(token, timelock, 0n);
    });
  });

  describe("transferBeneficiary", function () {
    async function tFixture() {
      const f = await deployVault();
      const terms = await termsFor(f.alice.address, 100n * E18, INVESTOR, 12n * MONTH, 24n * MONTH);
      await f.vault.createSchedule({ terms, salt: salt(1) });
      return { ...f, terms, id: await f.vault.directScheduleId(f.deployer.address, salt(1)) };
    }
    it("should revert for unknown schedules, other callers and the zero address", async function () {
      const { vault, alice, bob, id } = await loadFixture(tFixture);
      await expect(vault.connect(alice).transferBeneficiary(5, bob.address)).to.be.revertedWithCustomError(
        vault,
        "VestingUnknownSchedule",
      );
      await expect(vault.connect(bob).transferBeneficiary(id, bob.address))
        .to.be.revertedWithCustomError(vault, "VestingNotBeneficiary")
        .withArgs(bob.address, alice.address);
      await expect(vault.connect(alice).transferBeneficiary(id, hre.ethers.ZeroAddress)).to.be.revertedWithCustomError(
        vault,
        "VestingZeroBeneficiary",
      );
    });
    it("release to a rotated beneficiary: should pay the new key only, and the old key loses control", async function () {
      const { vault, token, alice, bob, carol, id, terms } = await loadFixture(tFixture);
      const tx = vault.connect(alice).transferBeneficiary(id, bob.address);
      await expect(tx).to.emit(vault, "BeneficiaryTransferred").withArgs(id, alice.address, bob.address);
      await expect(vault.connect(alice).transferBeneficiary(id, carol.address)).to.be.revertedWithCustomError(
        vault,
        "VestingNotBeneficiary",
      );
      await time.increaseTo(terms.start + terms.duration);
      await expect(vault.connect(alice).release(id)).to.changeTokenBalances(token, [alice, bob], [0n, terms.amount]);
    });
  });

  describe("voting weight", function () {
    it("should never delegate: tokens in the vault carry no votes, released tokens vote once delegated", async function () {
      const { vault, token, alice } = await loadFixture(deployVault);
      const terms = await termsFor(alice.address, 500n * E18, INVESTOR, 12n * MONTH, 24n * MONTH);
      await token.connect(alice).delegate(alice.address);
      await vault.createSchedule({ terms, salt: salt(1) });
      const v = await vault.getAddress();
      expect(await token.delegates(v)).to.equal(hre.ethers.ZeroAddress);
      expect(await token.getVotes(v)).to.equal(0);
      expect(await token.getVotes(alice.address)).to.equal(0);
      await time.increaseTo(terms.start + terms.duration);
      await vault.release(await vault.directScheduleId((await hre.ethers.getSigners())[0].address, salt(1)));
      expect(await token.getVotes(alice.address)).to.equal(terms.amount);
      expect(await token.getVotes(v)).to.equal(0);
    });
  });

  describe("Merkle allocations", function () {
    async function merkleFixture() {
      const f = await deployVault();
      const now = BigInt(await time.latest());
      const start = now + 1000n;
      const leaves = [f.alice, f.bob, f.carol].map((s, i) => [
        i,
        s.address,
        BigInt(i + 1) * 100n * E18,
        INVESTOR,
        start,
        12n * MONTH,
        24n * MONTH,
      ]);
      const bad = [3, f.carol.address, 5n * E18, INVESTOR, start, MONTH, 24n * MONTH];
      const tree = StandardMerkleTree.of([...leaves, bad], LEAF_TYPES);
      const total = 600n * E18;
      const deadline = now + 24n * MONTH;
      await f.vault.createMerkleAllocation(tree.root, total, deadline, start);
      const asTerms = (v: unknown[]) => ({
        beneficiary: v[1] as string,
        amount: v[2] as bigint,
        category: v[3] as number,
        start: v[4] as bigint,
        cliff: v[5] as bigint,
        duration: v[6] as bigint,
      });
      return { ...f, tree, leaves, bad, total, deadline, start, asTerms };
    }
    it("should reject bad set-up inputs", async function () {
      const { vault } = await loadFixture(merkleFixture);
      const now = BigInt(await time.latest());
      const root = hre.ethers.id("r");
      const fundBefore = now + 100n;
      await expect(
        vault.createMerkleAllocation(hre.ethers.ZeroHash, 1, now + 100n, fundBefore),
      ).to.be.revertedWithCustomError(vault, "VestingZeroRoot");
      await expect(vault.createMerkleAllocation(root, 0, now + 100n, fundBefore)).to.be.revertedWithCustomError(
        vault,
        "VestingZeroAmount",
      );
      await expect(vault.createMerkleAllocation(root, 2n ** 112n, now + 100n, fundBefore))
        .to.be.revertedWithCustomError(vault, "VestingAmountOverflow")
        .withArgs(2n ** 112n);
      await expect(vault.createMerkleAllocation(root, 1, now, fundBefore)).to.be.revertedWithCustomError(
        vault,
        "VestingInvalidDeadline",
      );
      await expect(vault.createMerkleAllocation(root, 1, 2n ** 40n, fundBefore)).to.be.revertedWithCustomError(
        vault,
        "VestingInvalidDeadline",
      );
    });
    it("should create the beneficiary's schedule from a valid proof, callable by anyone", async function () {
      const { vault, tree, leaves, asTerms, bob, alice, total } = await loadFixture(merkleFixture);
      const terms = asTerms(leaves[0]);
      const proof = tree.getProof(0);
      const leaf = await vault.merkleLeaf(0, terms);
      expect(leaf).to.equal(tree.leafHash(leaves[0]));
      const id = await vault.merkleScheduleId(0, leaf);
      await expect(vault.connect(bob).claimFromMerkle(0, 0, terms, proof))
        .to.emit(vault, "MerkleClaimed")
        .withArgs(0, id, alice.address, 0)
        .and.to.emit(vault, "ScheduleCreated");
      expect((await vault.getSchedule(id)).beneficiary).to.equal(alice.address);
      expect((await vault.getMerkleAllocation(0)).remaining).to.equal(total - terms.amount);
    });
    it("merkle double claim: should revert the second claim of a leaf", async function () {
      const { vault, tree, leaves, asTerms } = await loadFixture(merkleFixture);
      const terms = asTerms(leaves[1]);
      await vault.claimFromMerkle(0, 1, terms, tree.getProof(1));
      const id = await vault.merkleScheduleId(0, tree.leafHash(leaves[1]));
      await expect(vault.claimFromMerkle(0, 1, terms, tree.getProof(1)))
        .to.be.revertedWithCustomError(vault, "VestingAlreadyClaimed")
        .withArgs(0, id);
    });
    it("should revert a wrong proof, an altered leaf and an unknown allocation", async function () {
      const { vault, tree, leaves, asTerms, alice } = await loadFixture(merkleFixture);
      const terms = asTerms(leaves[0]);
      await expect(vault.claimFromMerkle(0, 0, { ...terms, amount: terms.amount * 2n }, tree.getProof(0)))
        .to.be.revertedWithCustomError(vault, "VestingInvalidProof")
        .withArgs(0, alice.address);
      await expect(vault.claimFromMerkle(0, 0, terms, tree.getProof(1))).to.be.revertedWithCustomError(
        vault,
        "VestingInvalidProof",
      );
      // The index is part of the leaf: the same terms under another index do not prove.
      await expect(vault.claimFromMerkle(0, 1, terms, tree.getProof(0)))
        .to.be.revertedWithCustomError(vault, "VestingInvalidProof")
        .withArgs(0, alice.address);
      await expect(vault.claimFromMerkle(9, 0, terms, tree.getProof(0)))
        .to.be.revertedWithCustomError(vault, "VestingUnknownAllocation")
        .withArgs(9);
    });
    it("should still enforce the category policy on a committed leaf", async function () {
      const { vault, tree, bad, asTerms } = await loadFixture(merkleFixture);
      await expect(vault.claimFromMerkle(0, 3, asTerms(bad), tree.getProof(3)))
        .to.be.revertedWithCustomError(vault, "VestingCliffTooShort")
        .withArgs(INVESTOR, MONTH, 12n * MONTH);
    });
    it("should stop a root whose leaves exceed the funded total", async function () {
      const { vault, deployer } = await loadFixture(merkleFixture);
      const now = BigInt(await time.latest());
      const values = [[0, deployer.address, 10n, INVESTOR, now + 10n, 12n * MONTH, 24n * MONTH]];
      const tree = StandardMerkleTree.of(values, LEAF_TYPES);
      await vault.createMerkleAllocation(tree.root, 9n, now + MONTH, now + 10n);
      await expect(
        vault.claimFromMerkle(
          1,
          0,
          {
            beneficiary: deployer.address,
            amount: 10n,
            category: INVESTOR,
            start: now + 10n,
            cliff: 12n * MONTH,
            duration: 24n * MONTH,
          },
          tree.getProof(0),
        ),
      )
        .to.be.revertedWithCustomError(vault, "VestingAllocationExhausted")
        .withArgs(1, 10n, 9n);
    });
    it("should close claims at the deadline and sweep the rest to the treasury", async function () {
      const { vault, token, tree, leaves, asTerms, deadline, timelock, total } = await loadFixture(merkleFixture);
      await vault.claimFromMerkle(0, 0, asTerms(leaves[0]), tree.getProof(0));
      await expect(vault.sweepMerkleAllocation(0))
        .to.be.revertedWithCustomError(vault, "VestingClaimStillOpen")
        .withArgs(0, deadline);
      await expect(vault.sweepMerkleAllocation(5)).to.be.revertedWithCustomError(vault, "VestingUnknownAllocation");
      await time.increaseTo(deadline + 1n);
      await expect(vault.claimFromMerkle(0, 1, asTerms(leaves[1]), tree.getProof(1)))
        .to.be.revertedWithCustomError(vault, "VestingClaimClosed")
        .withArgs(0, deadline);
      const rest = total - (leaves[0][2] as bigint);
      const tx = vault.sweepMerkleAllocation(0);
      await expect(tx).to.emit(vault, "MerkleSwept").withArgs(0, rest);
      await expect(tx).to.changeTokenBalance(token, timelock, rest);
      expect((await vault.getMerkleAllocation(0)).remaining).to.equal(0);
    });
  });
});
