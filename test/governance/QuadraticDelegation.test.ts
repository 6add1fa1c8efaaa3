import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { solidityPacked } from "ethers";
import { deployStack, BALANCES, E18, type Stack } from "./fixtures";
import { CounterweightGovernor__factory, type CounterweightGovernor } from "../../typechain-types";
import { agentSigners } from "../../sim/chain/accounts";
import { asGovernor, propose, startVoting, type ProposalCall } from "../../sim/chain/governor";

const iface = CounterweightGovernor__factory.createInterface();
const FRACTIONAL = 255;

function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
}
const root = (i: number) => isqrt(BALANCES[i] * E18);
const split = (against: bigint, forW: bigint, abstain: bigint) =>
  solidityPacked(["uint128", "uint128", "uint128"], [against, forW, abstain]);

async function quorumCall(governor: CounterweightGovernor, tag: string): Promise<ProposalCall> {
  return {
    targets: [await governor.getAddress()],
    values: [0n],
    calldatas: [iface.encodeFunctionData("setQuorumIdentities", [4n])],
    description: `delegation: ${tag}`,
  };
}

async function activeProposal(s: Stack, tag: string) {
  const gov = asGovernor(await s.governor.getAddress(), s.voters[0]);
  const id = await propose(hre, gov, s.voters[0], await quorumCall(s.governor, tag));
  await startVoting(hre, gov, id);
  return id;
}

describe("Quadratic delegation", function () {
  /** Retail voters 4..7 delegate to voter 3, a delegate who keeps its own tokens self-delegated. */
  async function delegatedFixture() {
    const s = await deployStack();
    const delegate = s.voters[3];
    for (const v of s.voters.slice(4)) await s.token.connect(v).delegate(delegate.address);
    const id = await activeProposal(s, "retail delegates");
    const weight = [3, 4, 5, 6, 7].reduce((a, i) => a + root(i), 0n);
    return { ...s, delegate, id, weight };
  }

  describe("when voting with split params", function () {
    it("should revert with GovernorInvalidVoteParams for params of the wrong length or params on a nominal vote", async function () {
      const { governor, delegate, id } = await loadFixture(delegatedFixture);
      await expect(
        governor.connect(delegate).castVoteWithReasonAndParams(id, FRACTIONAL, "", "0x1234"),
      ).to.be.revertedWithCustomError(governor, "GovernorInvalidVoteParams");
      await expect(
        governor.connect(delegate).castVoteWithReasonAndParams(id, 1, "", split(0n, 1n, 0n)),
      ).to.be.revertedWithCustomError(governor, "GovernorInvalidVoteParams");
    });

    it("should revert with GovernorExceedRemainingWeight above the weight (attack: split vote above weight)", async function () {
      const { governor, delegate, id, weight } = await loadFixture(delegatedFixture);
      const g = governor.connect(delegate);
      await expect(g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(weight, 1n, 0n)))
        .to.be.revertedWithCustomError(governor, "GovernorExceedRemainingWeight")
        .withArgs(delegate.address, weight + 1n, weight);
      // over two calls: the second may only use what is left
      await g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(0n, weight - 10n, 0n));
      await expect(g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(0n, 0n, 11n)))
        .to.be.revertedWithCustomError(governor, "GovernorExceedRemainingWeight")
        .withArgs(delegate.address, 11n, 10n);
      await g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(10n, 0n, 0n));
      await expect(g.castVote(id, 1))
        .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
        .withArgs(delegate.address);
      expect(await governor.proposalVotes(id)).to.deep.equal([10n, weight - 10n, 0n]);
    });

    it("should split the delegate's Σ√ across Against, For and Abstain over several calls and emit VoteCastWithParams", async function () {
      const { governor, delegate, id, weight } = await loadFixture(delegatedFixture);
      const g = governor.connect(delegate);
      const first = split(weight / 4n, weight / 4n, 0n);
      await expect(g.castVoteWithReasonAndParams(id, FRACTIONAL, "custodian", first))
        .to.emit(governor, "VoteCastWithParams")
        .withArgs(delegate.address, id, FRACTIONAL, weight / 4n + weight / 4n, "custodian", first);
      expect(await governor.usedVotes(id, delegate.address)).to.equal(weight / 4n + weight / 4n);
      expect(await governor.hasVoted(id, delegate.address)).to.equal(true);
      const rest = weight - 2n * (weight / 4n);
      await expect(g.castVote(id, 2)) // a nominal vote casts what remains
        .to.emit(governor, "VoteCast")
        .withArgs(delegate.address, id, 2, rest, "");
      expect(await governor.proposalVotes(id)).to.deep.equal([weight / 4n, weight / 4n, rest]);
    });
  });

  describe("when a delegate votes", function () {
    it("should revert with GovernanceUnverifiedVoter for an account no verified identity delegated to", async function () {
      const s = await loadFixture(deployStack);
      // linear votes but no identity behind them: nothing quadratic to cast
      const [fresh] = await agentSigners(hre, 1, 9, "delegation");
      await s.token.connect(s.voters[0]).transfer(fresh.address, 10n * E18);
      await s.token.connect(fresh).delegate(s.outsider.address);
      const id = await activeProposal(s, "unverified");
      const snapshot = await s.governor.proposalSnapshot(id);
      expect(await s.token.getPastVotes(s.outsider.address, snapshot)).to.equal(10n * E18);
      await expect(s.governor.connect(s.outsider).castVote(id, 1))
        .to.be.revertedWithCustomError(s.governor, "GovernanceUnverifiedVoter")
        .withArgs(s.outsider.address, snapshot);
    });

    it("should weigh Σ√ of its delegators' balances, not √ of their sum, and seat them for quorum in proportion to its For/Abstain weight", async function () {
      const { governor, token, delegate, id, weight } = await loadFixture(delegatedFixture);
      const snapshot = await governor.proposalSnapshot(id);
      expect(await token.getPastQuadraticVotes(delegate.address, snapshot)).to.equal(weight);
      expect(await token.getPastDelegatedIdentities(delegate.address, snapshot)).to.equal(5n);
      const linear = [3, 4, 5, 6, 7].reduce((a, i) => a + BALANCES[i] * E18, 0n);
      expect(await token.getPastVotes(delegate.address, snapshot)).to.equal(linear);
      expect(weight).to.be.greaterThan(isqrt(linear));
      const g = governor.connect(delegate);
      await g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(weight / 2n, 0n, 0n));
      expect(await governor.proposalQuorumIdentities(id)).to.equal(0n); // Against does not count
      // seats = ⌈5 · (For + Abstain cast so far) / weight⌉, cumulative over the calls
      await g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(0n, 1n, 0n));
      expect(await governor.proposalQuorumIdentities(id)).to.equal(1n); // ⌈5 · 1 / weight⌉
      await g.castVoteWithReasonAndParams(id, FRACTIONAL, "", split(0n, 0n, 1n));
      expect(await governor.proposalQuorumIdentities(id)).to.equal(1n); // ⌈5 · 2 / weight⌉: no new seat
      expect(await governor.quorumSeats(id, delegate.address)).to.deep.equal([1n, 2n]);
      await g.castVote(id, 1); // the rest For: For + Abstain = weight − ⌊weight / 2⌋
      const towards = weight - weight / 2n;
      expect((5n * towards + weight - 1n) / weight).to.equal(3n);
      expect(await governor.quorumSeats(id, delegate.address)).to.deep.equal([3n, towards]);
      expect(await governor.proposalQuorumIdentities(id)).to.equal(3n); // never more than the 5 it carries
    });

    it("should let a delegate without identity of its own (a custodian) vote its delegators' Σ√", async function () {
      const s = await loadFixture(deployStack);
      for (const v of s.voters.slice(5)) await s.token.connect(v).delegate(s.outsider.address);
      const id = await activeProposal(s, "custodian");
      const weight = root(5) + root(6) + root(7);
      await expect(s.governor.connect(s.outsider).castVote(id, 1))
        .to.emit(s.governor, "VoteCast")
        .withArgs(s.outsider.address, id, 1, weight, "");
      expect(await s.governor.proposalQuorumIdentities(id)).to.equal(3n);
      await expect(s.governor.connect(s.voters[5]).castVote(id, 1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernanceUnverifiedVoter",
      ); // its weight went to the custodian
    });

    it("should keep the proposal threshold linear: a delegate of linear votes proposes without identity", async function () {
      const s = await loadFixture(deployStack);
      await s.token.connect(s.voters[0]).delegate(s.outsider.address);
      const now = BigInt(await hre.ethers.provider.getBlock("latest").then((b) => b?.timestamp ?? 0));
      await hre.network.provider.send("evm_mine", []);
      expect(await s.governor.getVotes(s.outsider.address, now)).to.equal(BALANCES[0] * E18);
      const p = await quorumCall(s.governor, "linear threshold");
      await expect(s.governor.connect(s.outsider).propose(p.targets, p.values, p.calldatas, p.description)).to.emit(
        s.governor,
        "ProposalCreated",
      );
    });
  });

  describe("attacks", function () {
    it("delegate-then-transfer double count: tokens moved after delegating count once, where they are at the snapshot", async function () {
      const s = await loadFixture(deployStack);
      const [a, b, d, e] = [s.voters[4], s.voters[5], s.voters[2], s.voters[1]];
      await s.token.connect(a).delegate(d.address);
      await s.token.connect(b).delegate(e.address);
      const moved = BALANCES[4] * E18;
      await s.token.connect(a).transfer(b.address, moved); // before the snapshot
      const id = await activeProposal(s, "double count");
      const snapshot = await s.governor.proposalSnapshot(id);
      expect(await s.token.getPastQuadraticVotes(d.address, snapshot)).to.equal(root(2)); // a holds 0 now
      expect(await s.token.getPastQuadraticVotes(e.address, snapshot)).to.equal(
        root(1) + isqrt(BALANCES[5] * E18 + moved),
      );
      // and after the snapshot: moving them again changes nothing for this proposal
      await s.token.connect(b).transfer(a.address, moved);
      await s.governor.connect(d).castVote(id, 1);
      await s.governor.connect(e).castVote(id, 1);
      const [, forW] = await s.governor.proposalVotes(id);
      expect(forW).to.equal(root(2) + root(1) + isqrt(BALANCES[5] * E18 + moved));
      expect(await s.governor.proposalQuorumIdentities(id)).to.equal(4n); // d, e, a (through d), b (through e)
    });

    it("delegate-then-rotate: a rotated identity contributes through its new account only, once synced", async function () {
      const s = await loadFixture(deployStack);
      const [old, d, e] = [s.voters[4], s.voters[2], s.voters[1]];
      const [fresh] = await agentSigners(hre, 1, 7, "delegate-rotate");
      await s.token.connect(old).delegate(d.address);
      const identity = s.identities.get(old.address) ?? 0n;
      await s.registry.connect(old).proposeRotation(fresh.address);
      await s.registry.connect(fresh).acceptRotation(identity);
      await s.token.connect(fresh).delegate(e.address);
      // not synced yet: the old account still contributes (the documented lag), the new one nothing
      expect(await s.token.getDelegatedIdentities(d.address)).to.equal(2n);
      expect(await s.token.getDelegatedIdentities(e.address)).to.equal(1n);
      await expect(s.token.sync(fresh.address))
        .to.emit(s.token, "IdentitySynced")
        .withArgs(old.address, identity, 0n)
        .and.to.emit(s.token, "IdentitySynced")
        .withArgs(fresh.address, 0n, identity);
      await s.token.connect(old).transfer(fresh.address, BALANCES[4] * E18);
      expect(await s.token.contributorOf(identity)).to.equal(fresh.address);
      const id = await activeProposal(s, "rotate");
      await s.governor.connect(d).castVote(id, 1);
      await s.governor.connect(e).castVote(id, 1);
      expect(await s.governor.proposalVotes(id)).to.deep.equal([0n, root(2) + root(1) + root(4), 0n]);
      expect(await s.governor.proposalQuorumIdentities(id)).to.equal(3n); // d, e, the rotated identity once
    });

    it("self-delegation loops: A → B and B → A give each the other's √, no recursion and no double count", async function () {
      const s = await loadFixture(deployStack);
      const [a, b] = [s.voters[3], s.voters[4]];
      await s.token.connect(a).delegate(b.address);
      await s.token.connect(b).delegate(a.address);
      const id = await activeProposal(s, "loop");
      await expect(s.governor.connect(a).castVote(id, 1))
        .to.emit(s.governor, "VoteCast")
        .withArgs(a.address, id, 1, root(4), "");
      await expect(s.governor.connect(b).castVote(id, 1))
        .to.emit(s.governor, "VoteCast")
        .withArgs(b.address, id, 1, root(3), "");
      expect(await s.governor.proposalQuorumIdentities(id)).to.equal(2n);
    });

    it("delegate-then-rotate inside a cooldown: the new key's first sync ends the old key's contribution with no sync of the old key", async function () {
      const s = await loadFixture(deployStack);
      await s.registry.connect(s.timelockSigner).setRotationCooldown(86_400n);
      const [old, d, e] = [s.voters[4], s.voters[2], s.voters[1]];
      const [fresh] = await agentSigners(hre, 1, 8, "delegate-rotate-cooldown");
      await s.token.connect(old).delegate(d.address);
      const identity = s.identities.get(old.address) ?? 0n;
      await s.registry.connect(old).proposeRotation(fresh.address);
      await s.registry.connect(fresh).acceptRotation(identity);
      await s.token.connect(fresh).delegate(e.address);
      await s.token.connect(old).transfer(fresh.address, BALANCES[4] * E18);
      // In the cooldown the identity counts on no account: the new key's sync (by anyone) ends the
      // old key's contribution and adds none.
      await expect(s.token.connect(s.outsider).sync(fresh.address))
        .to.emit(s.token, "IdentitySynced")
        .withArgs(old.address, identity, 0n);
      expect(await s.token.getDelegatedIdentities(d.address)).to.equal(1n);
      expect(await s.token.getDelegatedIdentities(e.address)).to.equal(1n);
      const during = await activeProposal(s, "rotate in the cooldown");
      await s.governor.connect(d).castVote(during, 1);
      expect(await s.governor.proposalVotes(during)).to.deep.equal([0n, root(2), 0n]);
      await time.increase(86_400n);
      await s.token.sync(fresh.address);
      const after = await activeProposal(s, "rotate after the cooldown");
      await s.governor.connect(d).castVote(after, 1);
      await s.governor.connect(e).castVote(after, 1);
      expect(await s.governor.proposalVotes(after)).to.deep.equal([0n, root(2) + root(1) + root(4), 0n]);
      expect(await s.governor.proposalQuorumIdentities(after)).to.equal(3n);
    });
  });

  describe("keeper (cw:sync)", function () {
    it("should refuse a bad --batch or --token before reading or sending anything", async function () {
      const s = await loadFixture(deployStack);
      const token = await s.token.getAddress();
      await expect(hre.run("cw:sync", { token, batch: "0" })).to.be.rejectedWith(/batch/);
      await expect(hre.run("cw:sync", { token, batch: "501" })).to.be.rejectedWith(/between 1 and 500/);
      await expect(hre.run("cw:sync", { token: "0x1234" })).to.be.rejectedWith(/not an address/);
    });

    it("should send nothing on a dry run, then sync every account out of date in batches, and find nothing the second time", async function () {
      const s = await loadFixture(deployStack);
      const token = await s.token.getAddress();
      const [a, b, c] = [s.voters[3], s.voters[4], s.voters[5]];
      for (const v of [a, b, c])
        await s.registry.connect(s.timelockSigner).revokeIdentity(s.identities.get(v.address) ?? 0n);
      await hre.run("cw:sync", { token, batch: "2", dryRun: true });
      for (const v of [a, b, c]) expect(await s.token.getDelegatedIdentities(v.address)).to.equal(1n);
      const before = await hre.ethers.provider.getBlockNumber();
      await hre.run("cw:sync", { token, batch: "2" });
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before + 2); // two batches: 2 + 1
      for (const v of [a, b, c]) expect(await s.token.getDelegatedIdentities(v.address)).to.equal(0n);
      await hre.run("cw:sync", { token, batch: "2" });
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before + 2);
    });
  });
});
