import { Support, type Outcome } from "./quadratic";

/** A vote under a one-token-one-vote governor: the account and its snapshot votes. */
export interface LinearBallot {
  account: string;
  votes: bigint;
  support: Support;
}

/** The result of casting: the weight counted, or the named refusal. */
export type LinearCast = { ok: true; weight: bigint } | { ok: false; error: "GovernorAlreadyCastVote" };

/**
 * OpenZeppelin `GovernorCountingSimple` + `GovernorVotesQuorumFraction` on one proposal: weight =
 * snapshot votes, one vote per account; quorum = ⌊pastTotalSupply × numerator / 100⌋ (`Math.mulDiv`,
 * rounding down) reached when For + Abstain ≥ quorum; success iff For > Against.
 */
export class OzSimpleTally {
  againstVotes = 0n;
  forVotes = 0n;
  abstainVotes = 0n;
  /** The quorum at the snapshot, in token votes. */
  readonly quorum: bigint;
  private readonly voted = new Set<string>();

  /**
   * @param pastTotalSupply The token's total supply at the proposal snapshot.
   * @param quorumNumerator The fraction's numerator over `quorumDenominator` (OZ: 100).
   */
  constructor(pastTotalSupply: bigint, quorumNumerator: bigint, quorumDenominator = 100n) {
    if (quorumNumerator < 0n || quorumNumerator > quorumDenominator) {
      throw new RangeError(`quorum numerator must be in [0, ${quorumDenominator}], got ${quorumNumerator}`);
    }
    this.quorum = (pastTotalSupply * quorumNumerator) / quorumDenominator;
  }

  /** `_countVote`: refuses a second vote from the same account. */
  cast(b: LinearBallot): LinearCast {
    const key = b.account.toLowerCase();
    if (this.voted.has(key)) return { ok: false, error: "GovernorAlreadyCastVote" };
    this.voted.add(key);
    if (b.support === Support.Against) this.againstVotes += b.votes;
    else if (b.support === Support.For) this.forVotes += b.votes;
    else this.abstainVotes += b.votes;
    return { ok: true, weight: b.votes };
  }

  quorumReached(): boolean {
    return this.quorum <= this.forVotes + this.abstainVotes;
  }

  voteSucceeded(): boolean {
    return this.forVotes > this.againstVotes;
  }

  outcome(): Outcome {
    return this.quorumReached() && this.voteSucceeded() ? "Succeeded" : "Defeated";
  }
}

/** Uniswap GovernorAlpha's fixed quorum: 40,000,000 UNI (4 % of the 1B supply). */
export const ALPHA_QUORUM_VOTES = 40_000_000n * 10n ** 18n;
/** Uniswap GovernorAlpha's proposal threshold: a proposer needs strictly more than 10,000,000 UNI. */
export const ALPHA_PROPOSAL_THRESHOLD = 10_000_000n * 10n ** 18n;

/**
 * Uniswap `GovernorAlpha` on one proposal: For or Against only (`support` is a bool), weight =
 * `getPriorVotes(voter, startBlock)`, one receipt per account; after the end block the proposal is
 * Defeated if For ≤ Against or For < `quorumVotes()` (abstention does not exist).
 */
export class AlphaTally {
  forVotes = 0n;
  againstVotes = 0n;
  private readonly voted = new Set<string>();

  constructor(readonly quorumVotes: bigint = ALPHA_QUORUM_VOTES) {}

  /** `_castVote`: a second vote from the account reverts ("voter already voted"). */
  cast(
    account: string,
    support: boolean,
    votes: bigint,
  ): { ok: true; weight: bigint } | { ok: false; error: "voter already voted" } {
    const key = account.toLowerCase();
    if (this.voted.has(key)) return { ok: false, error: "voter already voted" };
    this.voted.add(key);
    if (support) this.forVotes += votes;
    else this.againstVotes += votes;
    return { ok: true, weight: votes };
  }

  quorumReached(): boolean {
    return this.forVotes >= this.quorumVotes;
  }

  outcome(): Outcome {
    return this.forVotes <= this.againstVotes || this.forVotes < this.quorumVotes ? "Defeated" : "Succeeded";
  }
}
