import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeGovernor } from "./Governor.behavior";
import { deployStack, BALANCES, E18, PARAMS } from "./fixtures";
import {
  CounterweightGovernor__factory,
  SharedIdentityRegistry__factory,
  type CounterweightGovernor,
} from "../../typechain-types";
import {
  ProposalState,
  asGovernor,
  endVoting,
  execute,
  propose,
  queueAndWait,
  startVoting,
  type ProposalCall,
} from "../../sim/chain/governor";

const iface = CounterweightGovernor__factory.createInterface();

/**
 * A governor deployed straight from its factory over the fixture's token and timelock, with the
 * registry and quorum under test (one-block delay, ten-block period, no threshold otherwise):
 * the factory (for revertedWithCustomError) and the pending deployment.
 */
async function deployGovernorWith(
  { deployer, token, timelock }: Awaited<ReturnType<typeof deployStack>>,
  registry: string,
  quorumIdentities = 1n,
) {
  const factory = new CounterweightGovernor__factory(deployer);
  const deployment = factory.deploy(await token.getAddress(), registry, await timelock.getAddress(), {
    votingDelay: 1n,
    votingPeriod: 10n,
    proposalThreshold: 0n,
    quorumIdentities,
    lateQuorumExtension: 0n,
  });
  return { factory, deployment };
}

function selfCall(
  governor: CounterweightGovernor,
  fn: "setQuorumIdentities" | "setLateQuorumVoteExtension",
  arg: bigint,
  tag: string,
) {
  return governor.getAddress().then((target): ProposalCall => ({
    targets: [target],
    values: [0n],
    calldatas: [
      fn === "setQuorumIdentities"
        ? iface.encodeFunctionData("setQuorumIdentities", [arg])
        : iface.encodeFunctionData("setLateQuorumVoteExtension", [arg]),
    ],
    description: `${fn}(${arg}) ${tag}`,
  }));
}

describe("CounterweightGovernor", function () {
  async function ours() {
    const s = await deployStack();
    return {
      governor: asGovernor(await s.governor.getAddress(), s.deployer),
      voters: s.voters,
      outsider: s.outsider,
      proposalThreshold: PARAMS.proposalThreshold,
    };
  }
  shouldBehaveLikeGovernor(() => loadFixture(ours));

  async function activeProposal() {
    const s = await deployStack();
    const p = await selfCall(s.governor, "setQuorumIdentities", 5n, "active");
    const id = await propose(hre, asGovernor(await s.governor.getAddress(), s.voters[0]), s.voters[0], p);
    await startVoting(hre, asGovernor(await s.governor.getAddress(), s.deployer), id);
    return { ...s, p, id };
  }

  describe("when deployed", function () {
    it("should wire token, registry, timelock and settings", async function () {
      const { governor, token, registry, timelock } = await loadFixture(deployStack);
      expect(await governor.token()).to.equal(await token.getAddress());
      expect(await governor.identityRegistry()).to.equal(await registry.getAddress());
      expect(await token.identityRegistry()).to.equal(await registry.getAddress()); // wired by the Identity module
      expect(await governor.timelock()).to.equal(await timelock.getAddress());
      expect(await governor.votingDelay()).to.equal(PARAMS.votingDelay);
      expect(await governor.votingPeriod()).to.equal(PARAMS.votingPeriod);
      expect(await governor.proposalThreshold()).to.equal(PARAMS.proposalThreshold);
      expect(await governor.quorumIdentities()).to.equal(PARAMS.quorumIdentities);
      expect(await governor.lateQuorumVoteExtension()).to.equal(PARAMS.lateQuorumExtension);
      expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
    });

    it("should describe its counting honestly", async function () {
      const { governor } = await loadFixture(deployStack);
      const mode = new URLSearchParams(await governor.COUNTING_MODE());
      expect(mode.get("support")).to.equal("bravo,fractional");
      expect(mode.get("quorum")).to.equal("for,abstain");
      expect(mode.get("params")).to.equal("fractional");
      expect(mode.get("weight")).to.equal("sqrt-delegated");
      expect(mode.get("quorumunit")).to.equal("identities");
    });

    it("should revert when the registry is not a contract", async function () {
      const stack = await loadFixture(deployStack);
      const { deployer } = stack;
      const { factory, deployment } = await deployGovernorWith(stack, deployer.address);
      await expect(deployment)
        .to.be.revertedWithCustomError(factory, "GovernanceInvalidRegistry")
        .withArgs(deployer.address);
    });

    it("should revert for a zero quorum", async function () {
      const stack = await loadFixture(deployStack);
      const { factory, deployment } = await deployGovernorWith(stack, await stack.registry.getAddress(), 0n);
      await expect(deployment).to.be.revertedWithCustomError(factory, "GovernanceZeroQuorum");
    });
  });

  describe("when deployed by the Governance module", function () {
    it("should leave the timelock as the only admin: governor proposes and cancels, deployer holds nothing", async function () {
      const { deployer, governor, timelock, registry } = await loadFixture(deployStack);
      const g = await governor.getAddress();
      const t = await timelock.getAddress();
      const admin = await timelock.DEFAULT_ADMIN_ROLE();
      expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), g)).to.equal(true);
      expect(await timelock.hasRole(await timelock.CANCELLER_ROLE(), g)).to.equal(true);
      expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), hre.ethers.ZeroAddress)).to.equal(true);
      expect(await timelock.hasRole(admin, t)).to.equal(true);
      for (const role of [admin, await timelock.PROPOSER_ROLE(), await timelock.CANCELLER_ROLE()]) {
        expect(await timelock.hasRole(role, deployer.address)).to.equal(false);
      }
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), t)).to.equal(true);
      expect(await registry.hasRole(await registry.GOVERNOR_ROLE(), t)).to.equal(true);
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
    });

    it("should run propose → vote → queue → execute through the timelock to set the registry's Merkle root", async function () {
      const { governor, registry, voters } = await loadFixture(deployStack);
      const root = hre.ethers.id("next admission list");
      const p: ProposalCall = {
        targets: [await registry.getAddress()],
        values: [0n],
        calldatas: [registry.interface.encodeFunctionData("setMerkleRoot", [root])],
        description: "Admit the next list of humans",
      };
      const gov = asGovernor(await governor.getAddress(), voters[0]);
      const id = await propose(hre, gov, voters[0], p);
      expect(await governor.state(id)).to.equal(ProposalState.Pending);
      await startVoting(hre, gov, id);
      // One whale against (√40M ≈ 6,325) is outweighed by five smaller identities for (≈ 6,641).
      await governor.connect(voters[0]).castVote(id, 0);
      for (const v of voters.slice(1, 6)) await governor.connect(v).castVote(id, 1);
      await endVoting(hre, gov, id);
      expect(await governor.state(id)).to.equal(ProposalState.Succeeded);
      await queueAndWait(hre, gov, voters[6], p);
      expect(await governor.state(id)).to.equal(ProposalState.Queued);
      const previous = await registry.merkleRoot();
      await expect(gov.connect(voters[6]).execute(p.targets, p.values, p.calldatas, hre.ethers.id(p.description)))
        .to.emit(registry, "MerkleRootSet")
        .withArgs(previous, root);
      expect(await registry.merkleRoot()).to.equal(root);
      expect(await governor.state(id)).to.equal(ProposalState.Executed);
    });
  });

  describe("castVote", function () {
    describe("when the account had no identity at the snapshot", function () {
      it("should revert with GovernanceUnverifiedVoter", async function () {
        const { governor, outsider, id } = await loadFixture(activeProposal);
        const snapshot = await governor.proposalSnapshot(id);
        await expect(governor.connect(outsider).castVote(id, 0))
          .to.be.revertedWithCustomError(governor, "GovernanceUnverifiedVoter")
          .withArgs(outsider.address, snapshot);
      });
    });

    describe("when the account is verified", function () {
      it("should count √(snapshot votes) and emit it as the VoteCast weight", async function () {
        const { governor, voters, id } = await loadFixture(activeProposal);
        const votes = BALANCES[1] * E18;
        const weight = BigInt(Math.floor(Math.sqrt(Number(votes))));
        await expect(governor.connect(voters[1]).castVoteWithReason(id, 1, "yes"))
          .to.emit(governor, "VoteCast")
          .withArgs(voters[1].address, id, 1, weight, "yes");
        expect(await governor.proposalVotes(id)).to.deep.equal([0n, weight, 0n]);
      });

      it("should tally Against, For and Abstain separately and count For/Abstain identities", async function () {
        const { governor, voters, id } = await loadFixture(activeProposal);
        await governor.connect(voters[0]).castVote(id, 0);
        await governor.connect(voters[1]).castVote(id, 1);
        await governor.connect(voters[2]).castVote(id, 2);
        const sq = (i: number) => BigInt(Math.floor(Math.sqrt(Number(BALANCES[i] * E18))));
        expect(await governor.proposalVotes(id)).to.deep.equal([sq(0), sq(1), sq(2)]);
        expect(await governor.proposalQuorumIdentities(id)).to.equal(2n);
        expect(await governor.hasVoted(id, voters[1].address)).to.equal(true);
        expect(await governor.hasVoted(id, voters[4].address)).to.equal(false);
      });
    });

    describe("when the token is wired to another registry than the governor's", function () {
      it("should refuse to deploy with GovernanceRegistryMismatch", async function () {
        const stack = await loadFixture(deployStack);
        const { deployer, registry } = stack;
        const other = await new SharedIdentityRegistry__factory(deployer).deploy();
        const { factory, deployment } = await deployGovernorWith(stack, await other.getAddress());
        await expect(deployment)
          .to.be.revertedWithCustomError(factory, "GovernanceRegistryMismatch")
          .withArgs(await registry.getAddress(), await other.getAddress());
      });
    });
  });

  describe("hasVoted", function () {
    it("should be false before the snapshot and for unknown proposals", async function () {
      const { governor, voters } = await loadFixture(deployStack);
      const p = await selfCall(governor, "setQuorumIdentities", 4n, "pending");
      const id = await propose(hre, asGovernor(await governor.getAddress(), voters[0]), voters[0], p);
      expect(await governor.hasVoted(id, voters[0].address)).to.equal(false);
      expect(await governor.hasVoted(12345n, voters[0].address)).to.equal(false);
    });

    it("should be false for an account without identity at the snapshot", async function () {
      const { governor, outsider, id } = await loadFixture(activeProposal);
      expect(await governor.hasVoted(id, outsider.address)).to.equal(false);
    });
  });

  describe("quorum", function () {
    it("should need quorumIdentities distinct For/Abstain identities, whatever their weight", async function () {
      const { governor, voters, id } = await loadFixture(activeProposal);
      await governor.connect(voters[0]).castVote(id, 1);
      await governor.connect(voters[1]).castVote(id, 2);
      await endVoting(hre, asGovernor(await governor.getAddress(), voters[0]), id);
      expect(await governor.state(id)).to.equal(ProposalState.Defeated);
    });

    it("should be Defeated when nobody voted", async function () {
      const { governor, voters, id } = await loadFixture(activeProposal);
      await endVoting(hre, asGovernor(await governor.getAddress(), voters[0]), id);
      expect(await governor.state(id)).to.equal(ProposalState.Defeated);
    });

    it("should read the quorum in force at the proposal snapshot", async function () {
      const { governor, id } = await loadFixture(activeProposal);
      expect(await governor.quorum(await governor.proposalSnapshot(id))).to.equal(PARAMS.quorumIdentities);
    });

    describe("when quorum is reached long before the deadline", function () {
      it("should report the plain deadline before, at and after quorum, extend it only once, and close on it", async function () {
        const { governor, voters, id } = await loadFixture(activeProposal);
        const plain = (await governor.proposalSnapshot(id)) + PARAMS.votingPeriod;
        expect(await governor.proposalDeadline(id)).to.equal(plain); // before any vote
        await governor.connect(voters[7]).castVote(id, 0);
        await governor.connect(voters[1]).castVote(id, 1);
        await governor.connect(voters[2]).castVote(id, 2);
        expect(await governor.proposalDeadline(id)).to.equal(plain); // below quorum
        const reaching = governor.connect(voters[0]).castVote(id, 1);
        const extension = BigInt((await time.latest()) + 1) + PARAMS.lateQuorumExtension;
        expect(extension).to.be.lessThan(plain);
        await expect(reaching).to.emit(governor, "VoteCast"); // quorum reached: extension recorded, not later
        await expect(reaching).not.to.emit(governor, "ProposalExtended");
        expect(await governor.proposalDeadline(id)).to.equal(plain);
        await expect(governor.connect(voters[6]).castVote(id, 0)).not.to.emit(governor, "ProposalExtended");
        await expect(governor.connect(voters[5]).castVote(id, 1)).not.to.emit(governor, "ProposalExtended");
        expect(await governor.proposalDeadline(id)).to.equal(plain);
        await time.increaseTo(plain);
        expect(await governor.state(id)).to.equal(ProposalState.Active);
        await time.increase(1);
        expect(await governor.state(id)).to.equal(ProposalState.Succeeded);
      });
    });

    describe("when a quorum wider than the tally's 40-bit identity counter is proposed", function () {
      it("should refuse it with SafeCastOverflowedUintDowncast even from governance", async function () {
        const { governor, voters } = await loadFixture(deployStack);
        const tooWide = 2n ** 40n;
        const p = await selfCall(governor, "setQuorumIdentities", tooWide, "too wide");
        const gov = asGovernor(await governor.getAddress(), voters[0]);
        const id = await propose(hre, gov, voters[0], p);
        await startVoting(hre, gov, id);
        for (const v of voters.slice(0, 4)) await governor.connect(v).castVote(id, 1);
        await endVoting(hre, gov, id);
        await queueAndWait(hre, gov, voters[5], p);
        await expect(execute(hre, gov, voters[5], p))
          .to.be.revertedWithCustomError(governor, "SafeCastOverflowedUintDowncast")
          .withArgs(40, tooWide);
      });
    });
  });

  describe("settings", function () {
    describe("when called directly rather than through governance", function () {
      it("should revert every setter with GovernorOnlyExecutor", async function () {
        const { governor, voters } = await loadFixture(deployStack);
        const v = governor.connect(voters[0]);
        for (const call of [
          () => v.setQuorumIdentities(1n),
          () => v.setVotingDelay(1n),
          () => v.setVotingPeriod(100n),
          () => v.setProposalThreshold(0n),
          () => v.setLateQuorumVoteExtension(1n),
          () => v.updateTimelock(voters[0].address),
        ]) {
          await expect(call())
            .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
            .withArgs(voters[0].address);
        }
      });
    });

    describe("when a proposal passes (full life cycle through the timelock)", function () {
      it("should change the quorum, emit QuorumIdentitiesUpdated and keep past snapshots", async function () {
        const { governor, voters, p, id } = await loadFixture(activeProposal);
        const gov = asGovernor(await governor.getAddress(), voters[0]);
        for (const v of voters.slice(0, 4)) await governor.connect(v).castVote(id, 1);
        await endVoting(hre, gov, id);
        await queueAndWait(hre, gov, voters[5], p);
        const snapshot = await governor.proposalSnapshot(id);
        await expect(
          governor.connect(voters[5]).execute(p.targets, p.values, p.calldatas, hre.ethers.id(p.description)),
        )
          .to.emit(governor, "QuorumIdentitiesUpdated")
          .withArgs(PARAMS.quorumIdentities, 5n);
        expect(await governor.quorumIdentities()).to.equal(5n);
        expect(await governor.quorum(snapshot)).to.equal(PARAMS.quorumIdentities);
      });

      it("should refuse a zero quorum even from governance", async function () {
        const { governor, voters } = await loadFixture(deployStack);
        const p = await selfCall(governor, "setQuorumIdentities", 0n, "zero");
        const gov = asGovernor(await governor.getAddress(), voters[0]);
        const id = await propose(hre, gov, voters[0], p);
        await startVoting(hre, gov, id);
        for (const v of voters.slice(0, 4)) await governor.connect(v).castVote(id, 1);
        await endVoting(hre, gov, id);
        await queueAndWait(hre, gov, voters[5], p);
        await expect(execute(hre, gov, voters[5], p)).to.be.revertedWithCustomError(governor, "GovernanceZeroQuorum");
      });
    });
  });
});
