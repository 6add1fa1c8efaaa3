import { isqrt } from "../math";

/** Governor Bravo support values, as `GovernorCountingQuadratic.VoteType`. */
export enum Support {
  Against = 0,
  For = 1,
  Abstain = 2,
}

/** Why the Counterweight governor refuses a vote (the contract's custom errors). */
export type QuadraticRefusal =
  "GovernanceUnverifiedVoter" | "GovernorAlreadyCastVote" | "GovernanceIdentityAlreadyVoted";

/** A vote as the governor sees it: the account, its identity at the snapshot (0 = none), its snapshot votes. */
export interface QuadraticBallot {
  account: string;
  identityId: bigint;
  votes: bigint;
  support: Support;
}

/** The result of casting a ballot: the √ weight counted (and emitted), or the named refusal. */
export type QuadraticCast = { ok: true; weight: bigint } | { ok: false; error: QuadraticRefusal };

/**
 * `GovernorCountingQuadratic`'s tally of one proposal: each verified identity votes once, weighing
 * ⌊√(snapshot votes)⌋; quorum is the number of distinct identities voting For or Abstain, compared
 * with the quorum in force at the snapshot; a proposal succeeds iff For > Against (√ weights).
 */
export class QuadraticTally {
  againstWeight = 0n;
  forWeight = 0n;
  abstainWeight = 0n;
  /** Distinct identities that voted For or Abstain. */
  quorumIdentities = 0n;
  private readonly voterOf = new Map<bigint, string>();

  /** @param required Identities the proposal needs (the governor's `quorum(snapshot)`, ≥ 1). */
  constructor(readonly required: bigint) {
    if (required < 1n) throw new RangeError(`quorum must be ≥ 1 identity, got ${required}`);
  }

  /** Counts one ballot exactly as `_countVote`; a refused ballot changes nothing. */
  cast(b: QuadraticBallot): QuadraticCast {
    if (b.identityId === 0n) return { ok: false, error: "GovernanceUnverifiedVoter" };
    const previous = this.voterOf.get(b.identityId);
    if (previous !== undefined) {
      return {
        ok: false,
        error:
          previous.toLowerCase() === b.account.toLowerCase()
            ? "GovernorAlreadyCastVote"
            : "GovernanceIdentityAlreadyVoted",
      };
    }
    this.voterOf.set(b.identityId, b.account);
    const weight = isqrt(b.votes);
    if (b.support === Support.Against) {
      this.againstWeight += weight;
    } else if (b.support === Support.For) {
      this.forWeight += weight;
      this.quorumIdentities += 1n;
    } else {
      this.abstainWeight += weight;
      this.quorumIdentities += 1n;
    }
    return { ok: true, weight };
  }

  /** `_quorumReached`: counted ≥ required. */
  quorumReached(): boolean {
    return this.quorumIdentities >= this.required;
  }

  /** `_voteSucceeded`: For strictly above Against. */
  voteSucceeded(): boolean {
    return this.forWeight > this.againstWeight;
  }

  /** The state after the deadline: Succeeded iff quorum is reached and the vote succeeded. */
  outcome(): Outcome {
    return this.quorumReached() && this.voteSucceeded() ? "Succeeded" : "Defeated";
  }
}

/** A proposal's state once voting has ended (before queueing). */
export type Outcome = "Succeeded" | "Defeated";

/**
 * The identity quorum a simulation deploys with: ⌊verified × numerator / denominator⌋, at least 1
 * (`_setQuorumIdentities` refuses 0). The governance scenario uses 1/10 of the verified identities.
 */
export function identityQuorum(verified: bigint, numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n || numerator < 0n || numerator > denominator || verified < 0n) {
    throw new RangeError(
      `quorum share must be in [0, 1] of ≥ 0 identities, got ${numerator}/${denominator} of ${verified}`,
    );
  }
  const q = (verified * numerator) / denominator;
  return q < 1n ? 1n : q;
}
