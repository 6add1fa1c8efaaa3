import type { CounterweightGovernor, IdentityRegistry } from "../../typechain-types";
import { followUp } from "./display";
import { formatTime, isoTime } from "./display";
import { isqrt } from "./isqrt";
import { TaskError } from "./inputErrors";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** IGovernor.ProposalState names, by value. */
export const STATE_NAMES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

/** Where a voter stands on a proposal. */
export interface VoterStatus {
  /** The voter's identity at the proposal snapshot (0: none, cannot vote). */
  identityId: bigint;
  /** Token votes at the snapshot and the √ weight a vote would count. */
  votes: bigint;
  weight: bigint;
  /** The identity has voted already (from this or another of its accounts). */
  voted: boolean;
}

/**
 * Refuses a proposal that is not open for votes, saying when it opens or closed and what to run.
 */
export async function requireActive(
  hre: HardhatRuntimeEnvironment,
  governor: CounterweightGovernor,
  proposalId: bigint,
  deploymentId: string,
): Promise<void> {
  const state = STATE_NAMES[Number(await governor.state(proposalId))];
  if (state === "Active") return;
  const now = await governor.clock();
  if (state === "Pending") {
    const snapshot = await governor.proposalSnapshot(proposalId);
    throw new TaskError(
      `proposal ${proposalId} is Pending: voting opens after ${formatTime(snapshot, now)}; on a dev chain: ` +
        followUp(hre, "dev:advance", { past: "voting-delay", proposalId: proposalId.toString() }, deploymentId),
    );
  }
  const deadline = await governor.proposalDeadline(proposalId);
  throw new TaskError(`proposal ${proposalId} is ${state}: voting closed at ${formatTime(deadline, now)}`);
}

export async function voterStatus(
  governor: CounterweightGovernor,
  registry: IdentityRegistry,
  proposalId: bigint,
  voter: string,
): Promise<VoterStatus> {
  const snapshot = await governor.proposalSnapshot(proposalId);
  const identityId = await registry.identityAt(voter, snapshot);
  const votes = await governor.getVotes(voter, snapshot);
  return { identityId, votes, weight: isqrt(votes), voted: await governor.hasVoted(proposalId, voter) };
}

/** A voter who has no identity at the snapshot cannot vote: the error says why and when. */
export function unverifiedVoterError(voter: string, proposalId: bigint, snapshot: bigint): Error {
  return new TaskError(
    `${voter} had no verified identity at proposal ${proposalId}'s snapshot (${isoTime(snapshot)}): ` +
      "an identity registered after the snapshot counts from the next proposal on",
  );
}
