import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { FeeOnTransferToken__factory, VestingVault__factory } from "../../typechain-types";
import { LEAF_TYPES } from "../../scripts/lib/vestingMerkle";
import { ADVISOR, E18, INVESTOR, MONTH, TEAM, deployVault, salt, termsFor } from "./fixture";

/** The policies the Ignition module deploys: [minCliff, minDuration] per category. */
const POLICY: Record<number, [bigint, bigint]> = {
  [INVESTOR]: [12n * MONTH, 24n * MONTH],
  [TEAM]: [12n * MONTH, 36n * MONTH],
  [ADVISOR]: [6n * MONTH, 12n * MONTH],
};
const MAX32 = 2n ** 32n - 1n;

/** Findings of the independent review of the vault (issue 13, vault section), one block each. */
describe("VestingVault: review findings (issue 13)", function () {
  async function fixture() {
    const f = await deployVault();
    const start = BigInt(await time.latest()) + 1000n;
    return { ...f, start };
  }

  describe("tranches bypass the minimum-duration policy", function () {
    it("tranches bypass the minimum-duration policy: should refuse a schedule that unlocks (almost) everything at the minimum cliff, in every category", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      const total = 1000n * E18;
      for (const category of [INVESTOR, TEAM, ADVISOR]) {
        const [minCliff, minDuration] = POLICY[category];
        // The review's example: everything but 1 wei at the minimum cliff, 1 wei at the minimum duration.
        const tranches = [
          { time: start + minCliff, amount: total - 1n },
          { time: start + minDuration, amount: 1n },
        ];
        await expect(
          vault.createTrancheSchedule({ beneficiary: alice.address, category, start, tranches, salt: salt(category) }),
        )
          .to.be.revertedWithCustomError(vault, "VestingTrancheAboveBound")
          .withArgs(0, total - 1n, (total * minCliff) / minDuration);
      }
    });

    it("tranches bypass the minimum-duration policy: should name the first tranche over the bound, even past the first one", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      // Advisor 6/12 months; 100 wei: bound 50 at 6 months, 75 at 9 months; 10 + 80 = 90 > 75.
      const tranches = [
        { time: start + 6n * MONTH, amount: 10n },
        { time: start + 9n * MONTH, amount: 80n },
        { time: start + 12n * MONTH, amount: 10n },
      ];
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: ADVISOR, start, tranches, salt: salt(1) }),
      )
        .to.be.revertedWithCustomError(vault, "VestingTrancheAboveBound")
        .withArgs(1, 90n, 75n);
      // One wei over the bound at a single tranche is enough.
      const over = [
        { time: start + 6n * MONTH, amount: 51n },
        { time: start + 12n * MONTH, amount: 49n },
      ];
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: ADVISOR,
          start,
          tranches: over,
          salt: salt(2),
        }),
      )
        .to.be.revertedWithCustomError(vault, "VestingTrancheAboveBound")
        .withArgs(0, 51n, 50n);
    });

    it("tranches bypass the minimum-duration policy: should accept a schedule exactly at the bound, and never vest more than a cliff + linear schedule under the same policy", async function () {
      const { vault, alice, deployer, start } = await loadFixture(fixture);
      const total = 100n;
      const tranches = [
        { time: start + 12n * MONTH, amount: 50n },
        { time: start + 18n * MONTH, amount: 25n },
        { time: start + 24n * MONTH, amount: 25n },
      ];
      await vault.createTrancheSchedule({
        beneficiary: alice.address,
        category: INVESTOR,
        start,
        tranches,
        salt: salt(3),
      });
      await vault.createSchedule({
        terms: {
          beneficiary: alice.address,
          amount: total,
          category: INVESTOR,
          start,
          cliff: 12n * MONTH,
          duration: 24n * MONTH,
        },
        salt: salt(4),
      });
      const trancheId = await vault.directScheduleId(deployer.address, salt(3));
      const linearId = await vault.directScheduleId(deployer.address, salt(4));
      for (let m = 0n; m <= 25n; m++) {
        for (const t of [start + m * MONTH - 1n, start + m * MONTH]) {
          const v = await vault.vestedAmount(trancheId, t);
          expect(v).to.be.lte(await vault.vestedAmount(linearId, t));
        }
      }
      expect(await vault.vestedAmount(trancheId, start + 12n * MONTH - 1n)).to.equal(0n);
      expect(await vault.vestedAmount(trancheId, start + 12n * MONTH)).to.equal(50n);
    });
  });

  describe("identical rows on the Merkle path", function () {
    it("identical rows on the Merkle path: should make every identical row a distinct, claimable schedule and sweep nothing", async function () {
      const { vault, token, alice, bob, start, timelock } = await loadFixture(fixture);
      const row = [alice.address, 1000n * E18, INVESTOR, start, 12n * MONTH, 24n * MONTH];
      const values = [
        [0, ...row],
        [1, ...row],
      ];
      const tree = StandardMerkleTree.of(values, [...LEAF_TYPES]);
      const deadline = start + MONTH;
      await vault.createMerkleAllocation(tree.root, 2000n * E18, deadline, start);
      const terms = {
        beneficiary: alice.address,
        amount: 1000n * E18,
        category: INVESTOR,
        start,
        cliff: 12n * MONTH,
        duration: 24n * MONTH,
      };
      const ids: bigint[] = [];
      for (const [i] of tree.entries()) {
        const id = await vault.merkleScheduleId(0, await vault.merkleLeaf(i, terms));
        await expect(vault.connect(bob).claimFromMerkle(0, i, terms, tree.getProof(i)))
          .to.emit(vault, "MerkleClaimed")
          .withArgs(0, id, alice.address, i);
        ids.push(id);
      }
      expect(ids[0]).to.not.equal(ids[1]);
      for (const id of ids) expect((await vault.getSchedule(id)).total).to.equal(1000n * E18);
      expect((await vault.getMerkleAllocation(0)).remaining).to.equal(0n);
      await time.increaseTo(deadline + 1n);
      await expect(vault.sweepMerkleAllocation(0))
        .to.be.revertedWithCustomError(vault, "VestingNothingToSweep")
        .withArgs(0);
      await time.increaseTo(start + 24n * MONTH);
      await expect(vault.releaseMany(ids)).to.changeTokenBalances(token, [alice, timelock], [2000n * E18, 0n]);
    });
  });

  describe("fee-on-transfer and deflationary tokens", function () {
    async function feeFixture() {
      const [deployer, alice] = await hre.ethers.getSigners();
      const fee = await new FeeOnTransferToken__factory(deployer).deploy(100); // 1% burnt per transfer
      const free = await new FeeOnTransferToken__factory(deployer).deploy(0);
      const policies = [{ minCliff: 0, minDuration: 1, revocable: true }];
      const vault = await new VestingVault__factory(deployer).deploy(fee, deployer.address, deployer.address, policies);
      const fair = await new VestingVault__factory(deployer).deploy(free, deployer.address, deployer.address, policies);
      for (const [t, v] of [
        [fee, vault],
        [free, fair],
      ] as const) {
        await t.mint(deployer.address, 10n ** 24n);
        await t.approve(await v.getAddress(), hre.ethers.MaxUint256);
      }
      const start = BigInt(await time.latest()) + 1000n;
      return { deployer, alice, fee, free, vault, fair, start };
    }

    it("fee-on-transfer tokens make the vault insolvent: should revert every deposit that arrives short", async function () {
      const { vault, alice, start } = await loadFixture(feeFixture);
      const terms = { beneficiary: alice.address, amount: 1000n, category: 0, start, cliff: 0n, duration: 100n };
      await expect(vault.createSchedule({ terms, salt: salt(1) }))
        .to.be.revertedWithCustomError(vault, "VestingFeeOnTransfer")
        .withArgs(1000n, 990n);
      await expect(
        vault.createSchedules([
          { terms, salt: salt(1) },
          { terms, salt: salt(2) },
        ]),
      )
        .to.be.revertedWithCustomError(vault, "VestingFeeOnTransfer")
        .withArgs(2000n, 1980n);
      await expect(
        vault.createTrancheSchedule({
          beneficiary: alice.address,
          category: 0,
          start,
          tranches: [{ time: start + 10n, amount: 1000n }],
          salt: salt(3),
        }),
      )
        .to.be.revertedWithCustomError(vault, "VestingFeeOnTransfer")
        .withArgs(1000n, 990n);
      await expect(vault.createMerkleAllocation(hre.ethers.id("root"), 1000n, start + 100n, start))
        .to.be.revertedWithCustomError(vault, "VestingFeeOnTransfer")
        .withArgs(1000n, 990n);
      expect(await vault.allocationCount()).to.equal(0n);
    });

    it("fee-on-transfer tokens make the vault insolvent: should check the delta, not the balance (a vault already holding tokens)", async function () {
      const { vault, fee, alice, start } = await loadFixture(feeFixture);
      // Tokens sent to the vault outside any deposit must not cover a short deposit.
      await fee.mint(await vault.getAddress(), 10n ** 20n);
      const terms = { beneficiary: alice.address, amount: 1000n, category: 0, start, cliff: 0n, duration: 100n };
      await expect(vault.createSchedule({ terms, salt: salt(1) }))
        .to.be.revertedWithCustomError(vault, "VestingFeeOnTransfer")
        .withArgs(10n ** 20n + 1000n, 10n ** 20n + 990n);
    });

    it("fee-on-transfer tokens make the vault insolvent: should accept the same token without a fee and pay every schedule in full", async function () {
      const { fair, free, alice, start } = await loadFixture(feeFixture);
      const terms = { beneficiary: alice.address, amount: 1000n, category: 0, start, cliff: 0n, duration: 100n };
      await expect(
        fair.createSchedules([
          { terms, salt: salt(1) },
          { terms, salt: salt(2) },
        ]),
      ).to.changeTokenBalance(free, fair, 2000n);
      await time.increaseTo(start + 100n);
      const [deployer] = await hre.ethers.getSigners();
      const ids = [salt(1), salt(2)].map((s) => fair.directScheduleId(deployer.address, s));
      await expect(fair.releaseMany(await Promise.all(ids))).to.changeTokenBalance(free, alice, 2000n);
    });
  });

  describe("a Merkle file can be unclaimable by the time it is funded", function () {
    it("a Merkle file can be unclaimable by the time it is funded: should refuse funding after fundBefore", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      const values = [[0, alice.address, 10n, INVESTOR, start, 12n * MONTH, 24n * MONTH]];
      const tree = StandardMerkleTree.of(values, [...LEAF_TYPES]);
      const fundBefore = start - 100n;
      await time.setNextBlockTimestamp(fundBefore + 1n);
      await expect(vault.createMerkleAllocation(tree.root, 10n, start + MONTH, fundBefore))
        .to.be.revertedWithCustomError(vault, "VestingFundingClosed")
        .withArgs(fundBefore, fundBefore + 1n);
      expect(await vault.allocationCount()).to.equal(0n);
    });

    it("a Merkle file can be unclaimable by the time it is funded: should fund up to fundBefore inclusive, and then every leaf is claimable", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      const values = [[0, alice.address, 10n, INVESTOR, start, 12n * MONTH, 24n * MONTH]];
      const tree = StandardMerkleTree.of(values, [...LEAF_TYPES]);
      await time.setNextBlockTimestamp(start);
      await expect(vault.createMerkleAllocation(tree.root, 10n, start + MONTH, start))
        .to.emit(vault, "MerkleAllocationCreated")
        .withArgs(0, (await hre.ethers.getSigners())[0].address, tree.root, 10n, start + MONTH);
      const terms = {
        beneficiary: alice.address,
        amount: 10n,
        category: INVESTOR,
        start,
        cliff: 12n * MONTH,
        duration: 24n * MONTH,
      };
      await expect(vault.claimFromMerkle(0, 0, terms, tree.getProof(0))).to.emit(vault, "ScheduleCreated");
    });
  });

  describe("a tranche schedule's cliff is truncated to uint32 in storage", function () {
    it("a tranche schedule's cliff is truncated to uint32 in storage: should refuse a first tranche 2^32 s or more after start", async function () {
      const { vault, alice, start } = await loadFixture(fixture);
      const tranches = [{ time: start + MAX32 + 1n, amount: E18 }];
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: ADVISOR, start, tranches, salt: salt(1) }),
      )
        .to.be.revertedWithCustomError(vault, "VestingCliffOverflow")
        .withArgs(MAX32 + 1n, MAX32);
    });

    it("a tranche schedule's cliff is truncated to uint32 in storage: should store and emit the same cliff at the widest one", async function () {
      const { vault, alice, deployer, start } = await loadFixture(fixture);
      const tranches = [{ time: start + MAX32, amount: E18 }];
      const id = await vault.directScheduleId(deployer.address, salt(2));
      await expect(
        vault.createTrancheSchedule({ beneficiary: alice.address, category: ADVISOR, start, tranches, salt: salt(2) }),
      )
        .to.emit(vault, "ScheduleCreated")
        .withArgs(id, alice.address, ADVISOR, E18, start, start + MAX32, start + MAX32, true);
      const s = await vault.getSchedule(id);
      expect(s.start + s.cliff).to.equal(start + MAX32);
      expect(await vault.vestedAmount(id, start + MAX32 - 1n)).to.equal(0n);
      expect(await vault.vestedAmount(id, start + MAX32)).to.equal(E18);
    });
  });

  describe("self-inflicted strands", function () {
    async function strandFixture() {
      const f = await fixture();
      const terms = await termsFor(f.alice.address, 100n * E18, INVESTOR, 12n * MONTH, 24n * MONTH);
      await f.vault.createSchedule({ terms, salt: salt(1) });
      return { ...f, terms, id: await f.vault.directScheduleId(f.deployer.address, salt(1)) };
    }

    it("self-inflicted strands: transferBeneficiary should refuse the vault itself, the token and zero", async function () {
      const { vault, token, alice, id } = await loadFixture(strandFixture);
      const v = await vault.getAddress();
      const t = await token.getAddress();
      await expect(vault.connect(alice).transferBeneficiary(id, v))
        .to.be.revertedWithCustomError(vault, "VestingBeneficiaryNotAllowed")
        .withArgs(v);
      await expect(vault.connect(alice).transferBeneficiary(id, t))
        .to.be.revertedWithCustomError(vault, "VestingBeneficiaryNotAllowed")
        .withArgs(t);
      await expect(vault.connect(alice).transferBeneficiary(id, hre.ethers.ZeroAddress)).to.be.revertedWithCustomError(
        vault,
        "VestingZeroBeneficiary",
      );
      expect((await vault.getSchedule(id)).beneficiary).to.equal(alice.address);
    });

    it("self-inflicted strands: no schedule may be created for the vault or the token, on any path", async function () {
      const { vault, token, start } = await loadFixture(fixture);
      for (const who of [await vault.getAddress(), await token.getAddress()]) {
        const terms = {
          beneficiary: who,
          amount: E18,
          category: INVESTOR,
          start,
          cliff: 12n * MONTH,
          duration: 24n * MONTH,
        };
        await expect(vault.createSchedule({ terms, salt: salt(1) }))
          .to.be.revertedWithCustomError(vault, "VestingBeneficiaryNotAllowed")
          .withArgs(who);
        await expect(
          vault.createTrancheSchedule({
            beneficiary: who,
            category: ADVISOR,
            start,
            tranches: [{ time: start + 12n * MONTH, amount: E18 }],
            salt: salt(2),
          }),
        )
          .to.be.revertedWithCustomError(vault, "VestingBeneficiaryNotAllowed")
          .withArgs(who);
      }
    });

    it("self-inflicted strands: a second sweepMerkleAllocation should revert instead of emitting MerkleSwept(id, 0)", async function () {
      const { vault, token, alice, start, timelock } = await loadFixture(fixture);
      const values = [[0, alice.address, 10n, INVESTOR, start, 12n * MONTH, 24n * MONTH]];
      const tree = StandardMerkleTree.of(values, [...LEAF_TYPES]);
      const deadline = start + MONTH;
      await vault.createMerkleAllocation(tree.root, 10n, deadline, start);
      await time.increaseTo(deadline + 1n);
      const first = vault.sweepMerkleAllocation(0);
      await expect(first).to.emit(vault, "MerkleSwept").withArgs(0, 10n);
      await expect(first).to.changeTokenBalance(token, timelock, 10n);
      await expect(vault.sweepMerkleAllocation(0))
        .to.be.revertedWithCustomError(vault, "VestingNothingToSweep")
        .withArgs(0);
    });
  });
});
