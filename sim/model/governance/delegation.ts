import { isqrt } from "../math";
import { Support, type Outcome } from "./quadratic";

/** A token holder at the snapshot, as CounterweightToken sees it. */
export interface DelegationHolder {
  account: string;
  balance: bigint;
  /** The account its votes go to (itself when self-delegated); null: never delegated (counted nowhere). */
  delegatee: string | null;
  /** Whether the token's cache (refreshed by `sync`) counts an identity for the account at the snapshot. */
  contributes: boolean;
}

/** A delegate's checkpointed figures: linear votes (IVotes), Σ√ (quadratic votes) and identities. */
export interface DelegatePower {
  linear: bigint;
  quadratic: bigint;
  identities: bigint;
}

const key = (a: string) => a.toLowerCase();

/**
 * CounterweightToken's per-delegate sums at a timepoint: linear votes = Σ balances delegated;
 * quadratic votes = Σ ⌊√balance⌋ over the contributing accounts delegating to it; identities = how
 * many contributing accounts delegate to it. Keys are lower-case addresses; delegates without any
 * delegated account are absent.
 */
export function delegatedPower(holders: readonly DelegationHolder[]): Map<string, DelegatePower> {
  const out = new Map<string, DelegatePower>();
  const seen = new Set<string>();
  for (const h of holders) {
    if (seen.has(key(h.account))) throw new Error(`delegatedPower: ${h.account} listed twice`);
    seen.add(key(h.account));
    if (h.delegatee === null) continue;
    const d = out.get(key(h.delegatee)) ?? { linear: 0n, quadratic: 0n, identities: 0n };
    d.linear += h.balance;
    if (h.contributes) {
      d.quadratic += isqrt(h.balance);
      d.identities += 1n;
    }
    out.set(key(h.delegatee), d);
  }
  return out;
}

/** The power of one delegate (zero when nothing is delegated to it). */
export function powerOf(power: ReadonlyMap<string, DelegatePower>, account: string): DelegatePower {
  return power.get(key(account)) ?? { linear: 0n, quadratic: 0n, identities: 0n };
}

/**
 * "Today's √", the counting before issue 18: a voter weighs ⌊√(linear votes delegated to it)⌋, so
 * delegated tokens are summed before the root is taken.
 */
export function todaysSqrtWeight(linearVotes: bigint): bigint {
  return isqrt(linearVotes);
}

/** A split ballot in √ units (GovernorCountingFractional's layout: against, for, abstain). */
export interface SplitBallot {
  against: bigint;
  for: bigint;
  abstain: bigint;
}

export type DelegatedRefusal =
  | "GovernanceUnverifiedVoter"
  | "GovernorAlreadyCastVote"
  | "GovernorInvalidVoteParams"
  | "GovernorExceedRemainingWeight";

export type DelegatedCast =
  { ok: true; against: bigint; for: bigint; abstain: bigint } | { ok: false; error: DelegatedRefusal };

/**
 * `GovernorCountingQuadratic`'s tally of one proposal over delegated power: a voter weighs its
 * quadratic votes at the snapshot and casts them whole (a Support) or split (a SplitBallot, never
 * more than what remains, possibly over several calls; a split of 0 + 0 + 0 is refused). A voter of
 * weight W > 0 carrying n identities seats ⌈n · (For + Abstain weight cast so far) / W⌉ of them
 * for quorum, the count adding only the increase; a voter of weight 0 seats all n by a nominal
 * For / Abstain vote. Succeeds iff quorum is reached and For > Against.
 */
export class DelegatedQuadraticTally {
  againstWeight = 0n;
  forWeight = 0n;
  abstainWeight = 0n;
  quorumIdentities = 0n;
  private readonly voters = new Map<string, { used: bigint; seats: bigint; quorumWeight: bigint }>();

  constructor(readonly required: bigint) {
    if (required < 1n) throw new RangeError(`quorum must be ≥ 1 identity, got ${required}`);
  }

  /** Counts one call exactly as `_countVote`; a refused call changes nothing. */
  cast(account: string, power: DelegatePower, ballot: Support | SplitBallot): DelegatedCast {
    if (power.identities === 0n) return { ok: false, error: "GovernanceUnverifiedVoter" };
    const record = this.voters.get(key(account));
    const used = record?.used ?? 0n;
    const remaining = power.quadratic - used;
    if (record !== undefined && remaining === 0n) return { ok: false, error: "GovernorAlreadyCastVote" };
    let split: SplitBallot;
    let towardsQuorum: boolean;
    if (typeof ballot === "object") {
      if (ballot.against + ballot.for + ballot.abstain === 0n) return { ok: false, error: "GovernorInvalidVoteParams" };
      if (ballot.against + ballot.for + ballot.abstain > remaining)
        return { ok: false, error: "GovernorExceedRemainingWeight" };
      split = ballot;
      towardsQuorum = ballot.for + ballot.abstain !== 0n;
    } else {
      split = {
        against: ballot === Support.Against ? remaining : 0n,
        for: ballot === Support.For ? remaining : 0n,
        abstain: ballot === Support.Abstain ? remaining : 0n,
      };
      towardsQuorum = ballot !== Support.Against;
    }
    this.againstWeight += split.against;
    this.forWeight += split.for;
    this.abstainWeight += split.abstain;
    const seats = record?.seats ?? 0n;
    const towards = split.for + split.abstain;
    const quorumWeight = (record?.quorumWeight ?? 0n) + towards;
    let added = 0n;
    if (power.quadratic === 0n) {
      if (towardsQuorum) added = power.identities;
    } else if (towards !== 0n) {
      added = (power.identities * quorumWeight + power.quadratic - 1n) / power.quadratic - seats;
    }
    this.quorumIdentities += added;
    this.voters.set(key(account), {
      used: used + split.against + split.for + split.abstain,
      seats: seats + added,
      quorumWeight,
    });
    return { ok: true, ...split };
  }

  outcome(): Outcome {
    return this.quorumIdentities >= this.required && this.forWeight > this.againstWeight ? "Succeeded" : "Defeated";
  }
}

/**
 * Issue 18's worked figure: `holders` accounts of `tokens` whole tokens each (18 decimals) delegating
 * to one delegate. Returns the delegate's weight under today's √ (⌊√(Σ balances)⌋) and under
 * quadratic delegation (Σ ⌊√balance⌋ = what they would weigh voting themselves), in √-wei (10^9 per √token).
 */
export function delegationWorkedExample(holders: bigint, tokens: bigint): { todaysSqrt: bigint; quadratic: bigint } {
  const balance = tokens * 10n ** 18n;
  return { todaysSqrt: isqrt(holders * balance), quadratic: holders * isqrt(balance) };
}
