import { expect } from "chai";
import hre from "hardhat";
import type { Signer } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CounterweightGovernor__factory, type IGovernor } from "../../typechain-types";
import {
  ProposalState,
  endVoting,
  execute,
  propose,
  queueAndWait,
  startVoting,
  type ProposalCall,
} from "../../sim/chain/governor";

/** What the shared IGovernor life-cycle behaviour needs from a deployment. */
export interface GovernorUnderTest {
  governor: IGovernor;
  /** Holders able to propose and vote; [0..2] together reach quorum under any counting. */
  voters: Signer[];
  /** An account holding no votes. */
  outsider: Signer;
  proposalThreshold: bigint;
}

const settings = CounterweightGovernor__factory.createInterface();

/** A proposal asking the governor (through its timelock) to change its own voting delay. */
export async function setVotingDelayProposal(governor: IGovernor, delay: bigint, tag: string): Promise<ProposalCall> {
  return {
    targets: [await governor.getAddress()],
    values: [0n],
    calldatas: [settings.encodeFunctionData("setVotingDelay", [delay])],
    description: `Set the voting delay to ${delay} (${tag})`,
  };
}

/**
 * The IGovernor life cycle every OpenZeppelin-ABI governor offers: run against our governor and
 * the OZ baseline, so compatibility is a test, not a claim.
 */
export function shouldBehaveLikeGovernor(load: () => Promise<GovernorUnderTest>): void {
  async function proposed() {
    const ctx = await load();
    const p = await setVotingDelayProposal(ctx.governor, 120n, "behaviour");
    const id = await propose(hre, ctx.governor, ctx.voters[0], p);
    return { ...ctx, p, id };
  }

  describe("IGovernor life cycle", function () {
    describe("when proposing", function () {
      it("should revert for a proposer below the threshold", async function () {
        const { governor, outsider, proposalThreshold } = await load();
        const p = await setVotingDelayProposal(governor, 120n, "outsider");
        await expect(governor.connect(outsider).propose(p.targets, p.values, p.calldatas, p.description))
          .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
          .withArgs(await outsider.getAddress(), 0n, proposalThreshold);
      });

      it("should emit ProposalCreated and start Pending", async function () {
        const { governor, voters } = await load();
        const p = await setVotingDelayProposal(governor, 120n, "created");
        await expect(governor.connect(voters[0]).propose(p.targets, p.values, p.calldatas, p.description)).to.emit(
          governor,
          "ProposalCreated",
        );
        const id = await governor.getProposalId(p.targets, p.values, p.calldatas, hre.ethers.id(p.description));
        expect(await governor.state(id)).to.equal(ProposalState.Pending);
      });
    });

    describe("when voting", function () {
      it("should revert while the proposal is Pending", async function () {
        const { governor, voters, id } = await loadFixture(proposed);
        await expect(governor.connect(voters[0]).castVote(id, 1)).to.be.revertedWithCustomError(
          governor,
          "GovernorUnexpectedProposalState",
        );
      });

      it("should revert for an unknown support value", async function () {
        const { governor, voters, id } = await loadFixture(proposed);
        await startVoting(hre, governor, id);
        await expect(governor.connect(voters[0]).castVote(id, 3)).to.be.revertedWithCustomError(
          governor,
          "GovernorInvalidVoteType",
        );
      });

      it("should revert a second vote from the same account", async function () {
        const { governor, voters, id } = await loadFixture(proposed);
        await startVoting(hre, governor, id);
        await governor.connect(voters[1]).castVote(id, 1);
        await expect(governor.connect(voters[1]).castVote(id, 0))
          .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
          .withArgs(await voters[1].getAddress());
      });

      it("should emit VoteCast and record hasVoted", async function () {
        const { governor, voters, id } = await loadFixture(proposed);
        await startVoting(hre, governor, id);
        const voter = await voters[2].getAddress();
        expect(await governor.hasVoted(id, voter)).to.equal(false);
        await expect(governor.connect(voters[2]).castVoteWithReason(id, 2, "abstaining")).to.emit(governor, "VoteCast");
        expect(await governor.hasVoted(id, voter)).to.equal(true);
      });
    });

    describe("when the vote ends", function () {
      it("should be Defeated when Against outweighs For", async function () {
        const { governor, voters, id } = await loadFixture(proposed);
        await startVoting(hre, governor, id);
        await governor.connect(voters[0]).castVote(id, 0);
        await governor.connect(voters[1]).castVote(id, 0);
        await governor.connect(voters[2]).castVote(id, 1);
        await endVoting(hre, governor, id);
        expect(await governor.state(id)).to.equal(ProposalState.Defeated);
      });

      it("should queue and execute a succeeded proposal through the timelock", async function () {
        const { governor, voters, id, p } = await loadFixture(proposed);
        await startVoting(hre, governor, id);
        for (const v of voters.slice(0, 3)) await governor.connect(v).castVote(id, 1);
        await endVoting(hre, governor, id);
        expect(await governor.state(id)).to.equal(ProposalState.Succeeded);
        await queueAndWait(hre, governor, voters[3], p);
        expect(await governor.state(id)).to.equal(ProposalState.Queued);
        await execute(hre, governor, voters[3], p);
        expect(await governor.state(id)).to.equal(ProposalState.Executed);
        expect(await governor.votingDelay()).to.equal(120n);
      });
    });

    describe("when the proposer cancels", function () {
      it("should be Canceled while Pending", async function () {
        const { governor, voters, p, id } = await loadFixture(proposed);
        await governor.connect(voters[0]).cancel(p.targets, p.values, p.calldatas, hre.ethers.id(p.description));
        expect(await governor.state(id)).to.equal(ProposalState.Canceled);
      });
    });
  });
}
