import { CounterweightToken__factory, type CounterweightGovernor, type IdentityRegistry } from "../../typechain-types";
import { followUp } from "./display";
import { formatTime, isoTime } from "./display";
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
  /** The voter's own identity at the proposal snapshot (0: none; a delegate need not have one). */
  identityId: bigint;
  /** Verified identities delegating to the voter at the snapshot, as the token had synced them (0: cannot vote). */
  identities: bigint;
  /** Linear token votes at the snapshot and the quadratic weight (Σ√ of the delegators' balances) a vote counts. */
  votes: bigint;
  weight: bigint;
  /** The voter has voted already. */
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
  const token = CounterweightToken__factory.connect(await governor.token(), governor.runner);
  const votes = await governor.getVotes(voter, snapshot);
  const [weight, identities] = await token.getPastQuadraticPower(voter, snapshot);
  return { identityId, identities, votes, weight, voted: await governor.hasVoted(proposalId, voter) };
}

/** A voter no synced identity delegated to at the snapshot cannot vote: the error says why and when. */
export function unverifiedVoterError(voter: string, proposalId: bigint, snapshot: bigint): Error {
  return new TaskError(
    `${voter} had no verified identity delegating to it at proposal ${proposalId}'s snapshot (${isoTime(snapshot)}): ` +
      "an identity counts once registered, synced into the token (identity:register does both) and delegated " +
      "(token:delegate), from the next proposal on",
  );
}
