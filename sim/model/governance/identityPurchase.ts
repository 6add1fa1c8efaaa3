import { isqrt } from "../math";

/** How far a search for the least number of bought identities goes (beyond any budget). */
export const IDENTITY_SEARCH_LIMIT = 1_000_000;

/**
 * Identity purchase under the Counterweight governor: the whales buy real identities, move a part
 * of their tokens to each, and every bought identity votes For. The exact integer arithmetic of
 * that attack (the governor's ⌊√⌋ per identity, its identity quorum), which the chain run of
 * sim/scenarios/adversaries/buyIdentities.ts must equal.
 */

/** Σ√ of `balance` split over `parts` identities: equal parts, the remainder on the last (as sent on chain). */
export function splitWeight(balance: bigint, parts: number): bigint {
  const k = BigInt(parts);
  const part = balance / k;
  return (k - 1n) * isqrt(part) + isqrt(balance - part * (k - 1n));
}

/** One vote of the scenario's Counterweight tally at its snapshot. */
export interface SnapshotVote {
  account: string;
  support: 0 | 1 | 2;
  /** Votes (token wei) at the snapshot. */
  votes: bigint;
  /** A whale voting For: the strategy splits its tokens over bought identities. */
  splits: boolean;
}

/** The tally the arithmetic search predicts for a number of identities per splitting whale. */
export interface PredictedTally {
  forWeight: bigint;
  againstWeight: bigint;
  quorumCounted: bigint;
  wins: boolean;
}

export function predictTally(
  votes: readonly SnapshotVote[],
  extra: ReadonlyMap<string, number>,
  quorum: bigint,
): PredictedTally {
  let forWeight = 0n;
  let againstWeight = 0n;
  let quorumCounted = 0n;
  for (const v of votes) {
    const k = extra.get(v.account) ?? 0;
    const w = k > 0 ? splitWeight(v.votes, k + 1) : isqrt(v.votes);
    if (v.support === 0) againstWeight += w;
    else {
      if (v.support === 1) forWeight += w;
      quorumCounted += BigInt(1 + k);
    }
  }
  return { forWeight, againstWeight, quorumCounted, wins: forWeight > againstWeight && quorumCounted >= quorum };
}

/** The splitting whale whose Σ√ gains most from one more identity. */
function bestSplitter(splitters: readonly SnapshotVote[], allocation: ReadonlyMap<string, number>) {
  let best = splitters[0];
  let bestGain = -1n;
  for (const s of splitters) {
    const m = allocation.get(s.account) ?? 0;
    const gain = splitWeight(s.votes, m + 2) - splitWeight(s.votes, m + 1);
    if (gain > bestGain) [best, bestGain] = [s, gain];
  }
  return { best, gain: bestGain };
}

/**
 * The least number of bought identities (and how the whales share them) with which the whale side
 * wins, searched up to `kMax`: identities go one at a time to the splitting whale whose Σ√ gains
 * most from one more (each whale's Σ√ is concave in its count up to rounding), and the exact
 * integer tally is updated after each (each bought identity votes For and counts for quorum).
 * Null if none ≤ kMax wins.
 */
export function leastIdentitiesToWin(
  votes: readonly SnapshotVote[],
  quorum: bigint,
  kMax: number,
): { k: number; allocation: Map<string, number>; tally: PredictedTally } | null {
  const allocation = new Map<string, number>();
  const splitters = votes.filter((v) => v.splits && v.votes > 0n);
  const tally = predictTally(votes, allocation, quorum);
  for (let k = 0; ; k++) {
    tally.wins = tally.forWeight > tally.againstWeight && tally.quorumCounted >= quorum;
    if (tally.wins) return { k, allocation, tally };
    if (k >= kMax || splitters.length === 0) return null;
    const { best, gain } = bestSplitter(splitters, allocation);
    allocation.set(best.account, (allocation.get(best.account) ?? 0) + 1);
    tally.forWeight += gain;
    tally.quorumCounted += 1n;
  }
}

/** The greedy allocation of exactly k identities (when fewer than k do not win). */
export function greedyAllocation(votes: readonly SnapshotVote[], k: number): Map<string, number> {
  const allocation = new Map<string, number>();
  const splitters = votes.filter((v) => v.splits && v.votes > 0n);
  if (splitters.length === 0) return allocation;
  for (let i = 0; i < k; i++) {
    const { best } = bestSplitter(splitters, allocation);
    allocation.set(best.account, (allocation.get(best.account) ?? 0) + 1);
  }
  return allocation;
}
