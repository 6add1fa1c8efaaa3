import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployOpenStack, deployStack, E18, PARAMS, type Stack } from "./fixtures";
import {
  CounterweightGovernor__factory,
  FlashLoanPool__factory,
  FlashLoanVoter__factory,
  type CounterweightGovernor,
} from "../../typechain-types";
import { agentSigners } from "../../sim/chain/accounts";
import { asGovernor, endVoting, propose, startVoting, type ProposalCall } from "../../sim/chain/governor";

const iface = CounterweightGovernor__factory.createInterface();

async function quorumProposal(governor: CounterweightGovernor, tag: string): Promise<ProposalCall> {
  return {
    targets: [await governor.getAddress()],
    values: [0n],
    calldatas: [iface.encodeFunctionData("setQuorumIdentities", [4n])],
    description: `attack: ${tag}`,
  };
}

async function proposeOn(s: Stack, tag: string) {
  const gov = asGovernor(await s.governor.getAddress(), s.voters[0]);
  const p = await quorumProposal(s.governor, tag);
  const id = await propose(hre, gov, s.voters[0], p);
  return { gov, p, id };
}

const isqrt = (x: bigint) => {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
};

describe("Governance attacks", function () {
  describe("flash-loan vote", function () {
    async function flashFixture() {
      const s = await deployStack();
      const pool = await new FlashLoanPool__factory(s.deployer).deploy(await s.token.getAddress());
      await s.token.transfer(await pool.getAddress(), 300_000_000n * E18);
      const attacker = await new FlashLoanVoter__factory(s.deployer).deploy(
        await pool.getAddress(),
        await s.governor.getAddress(),
      );
      // The counterfactual where the attacker passes the identity check: a token over a registry
      // that verifies everyone, so only the snapshot stands between the loan and the tally.
      const open = await deployOpenStack(s);
      const openPool = await new FlashLoanPool__factory(s.deployer).deploy(await open.token.getAddress());
      await open.token.transfer(await openPool.getAddress(), 300_000_000n * E18);
      const openAttacker = await new FlashLoanVoter__factory(s.deployer).deploy(
        await openPool.getAddress(),
        await open.governor.getAddress(),
      );
      await open.token.sync(await openAttacker.getAddress());
      const { id, gov } = await proposeOn(s, "flash");
      const openGov = asGovernor(await open.governor.getAddress(), s.voters[0]);
      const openId = await propose(hre, openGov, s.voters[0], await quorumProposal(open.governor, "flash-open"));
      await startVoting(hre, gov, id);
      return { ...s, pool, attacker, id, open: open.governor, openAttacker, openId };
    }

    it("should revert a vote from borrowed tokens held by an account without identity", async function () {
      const { governor, attacker, id } = await loadFixture(flashFixture);
      await expect(attacker.attack(id, 300_000_000n * E18))
        .to.be.revertedWithCustomError(governor, "GovernanceUnverifiedVoter")
        .withArgs(await attacker.getAddress(), await governor.proposalSnapshot(id));
    });

    it("should give tokens borrowed and delegated in the block of the vote no weight, identity check bypassed", async function () {
      const { open, openAttacker, openId } = await loadFixture(flashFixture);
      // the attacker's (bypassed) identity is synced, but nothing was delegated to it at the snapshot
      await expect(openAttacker.attack(openId, 300_000_000n * E18))
        .to.be.revertedWithCustomError(open, "GovernanceUnverifiedVoter")
        .withArgs(await openAttacker.getAddress(), await open.proposalSnapshot(openId));
      expect(await open.proposalVotes(openId)).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("sybil split", function () {
    async function splitFixture() {
      const s = await deployStack();
      const whale = s.voters[0];
      const fresh = await agentSigners(hre, 10, 1, "sybil-test");
      const share = (await s.token.balanceOf(whale.address)) / 11n;
      const open = await deployOpenStack(s);
      for (const f of fresh) {
        await s.token.connect(whale).transfer(f.address, share);
        await s.token.connect(f).delegate(f.address);
        await s.token.sync(f.address); // no identity: caches nothing
        // The counterfactual: the same split on a token whose registry verifies everyone.
        await open.token.connect(whale).transfer(f.address, share);
        await open.token.connect(f).delegate(f.address);
        await open.token.sync(f.address);
      }
      const { id, gov } = await proposeOn(s, "sybil");
      const openGov = asGovernor(await open.governor.getAddress(), whale);
      const p = await quorumProposal(open.governor, "sybil-open");
      const openId = await propose(hre, openGov, whale, p);
      await startVoting(hre, gov, id);
      return { ...s, whale, fresh, share, id, open: open.governor, openToken: open.token, openId };
    }

    it("should reject every split address that has no identity and leave the whale √ of what it kept", async function () {
      const { governor, whale, fresh, id, token } = await loadFixture(splitFixture);
      const snapshot = await governor.proposalSnapshot(id);
      for (const f of fresh) {
        expect(await token.getPastQuadraticVotes(f.address, snapshot)).to.equal(0n);
        await expect(governor.connect(f).castVote(id, 1))
          .to.be.revertedWithCustomError(governor, "GovernanceUnverifiedVoter")
          .withArgs(f.address, snapshot);
      }
      await governor.connect(whale).castVote(id, 1);
      const kept = await token.getPastVotes(whale.address, snapshot);
      expect((await governor.proposalVotes(id))[1]).to.equal(isqrt(kept));
    });

    it("should give split tokens delegated back to the whale nothing quadratic", async function () {
      const s = await loadFixture(splitFixture);
      for (const f of s.fresh) await s.token.connect(f).delegate(s.whale.address);
      const { id, gov } = await proposeOn(s, "sybil-back");
      await startVoting(hre, gov, id);
      const snapshot = await s.governor.proposalSnapshot(id);
      const kept = await s.token.balanceOf(s.whale.address);
      expect(await s.token.getPastVotes(s.whale.address, snapshot)).to.equal(kept + 10n * s.share);
      expect(await s.token.getPastQuadraticVotes(s.whale.address, snapshot)).to.equal(isqrt(kept));
      expect(await s.token.getPastDelegatedIdentities(s.whale.address, snapshot)).to.equal(1n);
      await expect(s.governor.connect(s.whale).castVote(id, 1))
        .to.emit(s.governor, "VoteCast")
        .withArgs(s.whale.address, id, 1, isqrt(kept), "");
    });

    it("should show the √k gain the identity check prevents when the registry is bypassed", async function () {
      const { open, openToken, whale, fresh, openId, share } = await loadFixture(splitFixture);
      const snapshot = await open.proposalSnapshot(openId);
      for (const f of [whale, ...fresh]) await open.connect(f).castVote(openId, 1);
      const kept = await openToken.getPastVotes(whale.address, snapshot);
      const split = isqrt(kept) + 10n * isqrt(share);
      const whole = isqrt(kept + 10n * share);
      expect((await open.proposalVotes(openId))[1]).to.equal(split);
      // 11 near-equal parts: gain close to √11 ≈ 3.32
      expect(Number(split) / Number(whole)).to.be.greaterThan(3.2);
    });
  });

  describe("identity-rotation double vote", function () {
    it("should refuse the identity's new account after the old one voted", async function () {
      const s = await loadFixture(deployStack);
      const { id, gov } = await proposeOn(s, "rotation-after");
      await startVoting(hre, gov, id);
      const [old] = s.voters;
      const [fresh] = await agentSigners(hre, 1, 2, "rotation");
      await s.governor.connect(old).castVote(id, 1);
      const identity = s.identities.get(old.address) ?? 0n;
      await s.registry.connect(old).proposeRotation(fresh.address);
      await s.registry.connect(fresh).acceptRotation(identity); // the identity now lives at `fresh`
      await s.token.connect(old).transfer(fresh.address, await s.token.balanceOf(old.address));
      await s.token.connect(fresh).delegate(fresh.address);
      await s.token.sync(fresh.address);
      await expect(s.governor.connect(fresh).castVote(id, 1))
        .to.be.revertedWithCustomError(s.governor, "GovernanceUnverifiedVoter")
        .withArgs(fresh.address, await s.governor.proposalSnapshot(id));
      expect(await s.governor.hasVoted(id, old.address)).to.equal(true);
      expect(await s.governor.proposalQuorumIdentities(id)).to.equal(1n);
    });

    it("should let only the account the identity was synced to vote when the rotation happened before the snapshot", async function () {
      const s = await loadFixture(deployStack);
      const [old] = s.voters;
      const [fresh] = await agentSigners(hre, 1, 3, "rotation");
      await s.registry.connect(old).proposeRotation(fresh.address);
      await s.registry.connect(fresh).acceptRotation(s.identities.get(old.address) ?? 0n);
      await s.token.connect(fresh).delegate(fresh.address);
      await s.token.sync(fresh.address); // takes the identity's contribution away from `old`
      const { id, gov } = await proposeOn({ ...s, voters: s.voters.slice(1) }, "rotation-before");
      await startVoting(hre, gov, id);
      await expect(s.governor.connect(old).castVote(id, 1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernanceUnverifiedVoter",
      );
      await s.governor.connect(fresh).castVote(id, 1); // holds no tokens: weight 0, but the identity counts
      expect(await s.governor.hasVoted(id, fresh.address)).to.equal(true);
      expect(await s.governor.proposalQuorumIdentities(id)).to.equal(1n);
      await expect(s.governor.connect(fresh).castVote(id, 0))
        .to.be.revertedWithCustomError(s.governor, "GovernorAlreadyCastVote")
        .withArgs(fresh.address);
    });
  });

  describe("vote after identity revocation", function () {
    it("should revert for an identity revoked and synced before the snapshot", async function () {
      const s = await loadFixture(deployStack);
      await s.registry.connect(s.timelockSigner).revokeIdentity(s.identities.get(s.voters[1].address) ?? 0n);
      await expect(s.token.sync(s.voters[1].address))
        .to.emit(s.token, "IdentitySynced")
        .withArgs(s.voters[1].address, s.identities.get(s.voters[1].address) ?? 0n, 0n);
      const { id, gov } = await proposeOn(s, "revoked-before");
      await startVoting(hre, gov, id);
      await expect(s.governor.connect(s.voters[1]).castVote(id, 0))
        .to.be.revertedWithCustomError(s.governor, "GovernanceUnverifiedVoter")
        .withArgs(s.voters[1].address, await s.governor.proposalSnapshot(id));
    });

    it("should count a revoked identity until someone syncs it (the documented lag)", async function () {
      const s = await loadFixture(deployStack);
      await s.registry.connect(s.timelockSigner).revokeIdentity(s.identities.get(s.voters[1].address) ?? 0n);
      const { id, gov } = await proposeOn(s, "revoked-unsynced");
      await startVoting(hre, gov, id);
      const weight = isqrt(await s.token.balanceOf(s.voters[1].address));
      await expect(s.governor.connect(s.voters[1]).castVote(id, 0))
        .to.emit(s.governor, "VoteCast")
        .withArgs(s.voters[1].address, id, 0, weight, "");
    });

    it("should judge an identity revoked after the snapshot by the snapshot, like its token votes", async function () {
      const s = await loadFixture(deployStack);
      const { id, gov } = await proposeOn(s, "revoked-after");
      await startVoting(hre, gov, id);
      await s.registry.connect(s.timelockSigner).revokeIdentity(s.identities.get(s.voters[1].address) ?? 0n);
      await s.token.sync(s.voters[1].address);
      await expect(s.governor.connect(s.voters[1]).castVote(id, 0)).to.emit(s.governor, "VoteCast");
      const next = await proposeOn(s, "revoked-after-next");
      await startVoting(hre, next.gov, next.id);
      await expect(s.governor.connect(s.voters[1]).castVote(next.id, 0)).to.be.revertedWithCustomError(
        s.governor,
        "GovernanceUnverifiedVoter",
      );
    });
  });

  describe("late-quorum sniping", function () {
    it("should extend the deadline when quorum is reached in the last moments", async function () {
      const s = await loadFixture(deployStack);
      const { id, gov } = await proposeOn(s, "snipe");
      await startVoting(hre, gov, id);
      const deadline = await s.governor.proposalDeadline(id);
      await s.governor.connect(s.voters[3]).castVote(id, 0);
      await s.governor.connect(s.voters[1]).castVote(id, 1);
      await s.governor.connect(s.voters[2]).castVote(id, 1);
      await time.setNextBlockTimestamp(deadline);
      const extended = deadline + PARAMS.lateQuorumExtension;
      await expect(s.governor.connect(s.voters[4]).castVote(id, 1))
        .to.emit(s.governor, "ProposalExtended")
        .withArgs(id, extended);
      expect(await s.governor.proposalDeadline(id)).to.equal(extended);
      // the opposition still has time after the original deadline
      await time.increaseTo(deadline + 10n);
      await s.governor.connect(s.voters[0]).castVote(id, 0);
      await endVoting(hre, gov, id);
      expect(await s.governor.state(id)).to.equal(3n); // Defeated
    });
  });

  describe("proposal spam below threshold", function () {
    it("should refuse every proposer whose votes at the previous second are below the threshold", async function () {
      const s = await loadFixture(deployStack);
      const small = s.voters[7];
      const p = await quorumProposal(s.governor, "spam");
      await expect(s.governor.connect(small).propose(p.targets, p.values, p.calldatas, p.description))
        .to.be.revertedWithCustomError(s.governor, "GovernorInsufficientProposerVotes")
        .withArgs(small.address, 1_000n * E18, PARAMS.proposalThreshold);
      for (const v of [s.outsider, ...s.voters.slice(3)]) {
        await expect(
          s.governor.connect(v).propose(p.targets, p.values, p.calldatas, p.description),
        ).to.be.revertedWithCustomError(s.governor, "GovernorInsufficientProposerVotes");
      }
    });
  });
});
