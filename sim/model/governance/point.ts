import { isqrt, isqrtNumber } from "../math";
import { ALPHA_QUORUM_VOTES } from "./linear";
import { Support, type Outcome } from "./quadratic";

export { identityQuorum } from "./quadratic";

/** Votes below this have a √ weight below 2^52, taken as a Number. */
const SQRT_AS_NUMBER = 1n << 104n;
/** A Number partial sum of √ weights is flushed into its bigint total at 2^52 (two such terms stay below 2^53). */
const FLUSH = 2 ** 52;

/** Support code for an agent that does not vote. */
export const NO_VOTE = 255;

/**
 * One governance point: every agent's snapshot votes under the Counterweight token (and under UNI
 * for GovernorAlpha), whether it holds a verified identity of its own, and how it votes.
 */
export interface GovernancePointInput {
  /** Snapshot votes per agent (CWT, delegated to itself). */
  votes: readonly bigint[];
  /** Snapshot votes per agent under UNI (GovernorAlpha's token). */
  alphaVotes: readonly bigint[];
  /** 1 if the agent is bound to its own verified identity at the snapshot, else 0. */
  verified: Uint8Array;
  /** Support per agent: 0 Against, 1 For, 2 Abstain, NO_VOTE for none. */
  support: Uint8Array;
  /** Counterweight's quorum in identities at the snapshot. */
  quorumIdentities: bigint;
  /** The CWT total supply at the snapshot (OZ's quorum fraction is taken of it). */
  totalSupply: bigint;
  /** OZ `GovernorVotesQuorumFraction` numerator over 100. */
  ozQuorumPercent: bigint;
  /** GovernorAlpha's `quorumVotes()` (Uniswap: 40M UNI). */
  alphaQuorumVotes?: bigint;
}

interface Tally {
  against: bigint;
  for: bigint;
  abstain: bigint;
  quorum: bigint;
  quorumReached: boolean;
  outcome: Outcome;
}

/** The three governors' tallies on one point, as their contracts would record them. */
export interface GovernancePoint {
  /** Σ⌊√votes⌋ per side; `quorum` counts identities (For + Abstain). */
  counterweight: Tally & { identities: bigint };
  /** Linear votes per side; `quorum` in votes. */
  oz: Tally;
  /** GovernorAlpha: abstainers do not vote (the support is a bool); `abstain` is always 0. */
  alpha: Tally;
}

/**
 * Counts one point in a single pass, the same sums `QuadraticTally`, `OzSimpleTally` and
 * `AlphaTally` make ballot by ballot (each agent is its own account and identity, so no ballot is
 * refused): unverified agents vote only under the linear governors, abstainers skip GovernorAlpha.
 */
export function governancePoint(input: GovernancePointInput): GovernancePoint {
  const n = input.votes.length;
  if (input.alphaVotes.length !== n || input.verified.length !== n || input.support.length !== n) {
    throw new RangeError(
      `governancePoint: ${n} votes, ${input.alphaVotes.length} alphaVotes, ${input.verified.length} verified, ${input.support.length} support`,
    );
  }
  const q = [0n, 0n, 0n];
  // √ weights (< 2^52 each below 2^104 votes) summed as Numbers and flushed into `q` before a
  // partial sum could pass 2^53: exact, and no bigint per verified ballot.
  const qPartial = [0, 0, 0];
  const lin = [0n, 0n, 0n];
  const alpha = [0n, 0n];
  let identities = 0;
  for (let i = 0; i < n; i++) {
    const s = input.support[i];
    if (s === NO_VOTE) continue;
    if (s > Support.Abstain) throw new RangeError(`governancePoint: agent ${i} has support ${s}`);
    const v = input.votes[i];
    lin[s] += v;
    if (s !== Support.Abstain) alpha[s] += input.alphaVotes[i];
    if (input.verified[i] === 1) {
      if (v < SQRT_AS_NUMBER) {
        const p = qPartial[s] + isqrtNumber(v);
        if (p >= FLUSH) {
          q[s] += BigInt(p);
          qPartial[s] = 0;
        } else {
          qPartial[s] = p;
        }
      } else {
        q[s] += isqrt(v);
      }
      if (s !== Support.Against) identities++;
    }
  }
  for (let s = 0; s < 3; s++) q[s] += BigInt(qPartial[s]);
  const cwReached = BigInt(identities) >= input.quorumIdentities;
  const ozQuorum = (input.totalSupply * input.ozQuorumPercent) / 100n;
  const ozReached = ozQuorum <= lin[Support.For] + lin[Support.Abstain];
  const alphaQuorum = input.alphaQuorumVotes ?? ALPHA_QUORUM_VOTES;
  const alphaFor = alpha[Support.For];
  const alphaAgainst = alpha[Support.Against];
  return {
    counterweight: {
      against: q[0],
      for: q[1],
      abstain: q[2],
      identities: BigInt(identities),
      quorum: input.quorumIdentities,
      quorumReached: cwReached,
      outcome: cwReached && q[1] > q[0] ? "Succeeded" : "Defeated",
    },
    oz: {
      against: lin[0],
      for: lin[1],
      abstain: lin[2],
      quorum: ozQuorum,
      quorumReached: ozReached,
      outcome: ozReached && lin[1] > lin[0] ? "Succeeded" : "Defeated",
    },
    alpha: {
      against: alphaAgainst,
      for: alphaFor,
      abstain: 0n,
      quorum: alphaQuorum,
      quorumReached: alphaFor >= alphaQuorum,
      outcome: alphaFor <= alphaAgainst || alphaFor < alphaQuorum ? "Defeated" : "Succeeded",
    },
  };
}
