import { isqrt } from "../math";
import { governancePoint, NO_VOTE, type GovernancePoint, type GovernancePointInput } from "./point";
import { Support } from "./quadratic";

/** The governors a capture is computed for, by the ids the report uses everywhere. */
export const CAPTURE_GOVERNORS = ["counterweight", "oz-governor-simple", "uniswap-governor-alpha"] as const;
export type CaptureGovernor = (typeof CAPTURE_GOVERNORS)[number];

/** Whether the whale-backed proposal succeeds under `governor` on a point. */
export function whaleSideWins(point: GovernancePoint, governor: CaptureGovernor): boolean {
  const t =
    governor === "counterweight" ? point.counterweight : governor === "oz-governor-simple" ? point.oz : point.alpha;
  return t.outcome === "Succeeded";
}

/** The running tally of one governor while votes are bought one at a time (exact integers). */
interface Running {
  for: bigint;
  against: bigint;
  /** Counterweight: identities For + Abstain; OZ: For + Abstain votes; GovernorAlpha: For votes. */
  quorumCounted: bigint;
  quorum: bigint;
}

function running(point: GovernancePoint, governor: CaptureGovernor): Running {
  if (governor === "counterweight") {
    const t = point.counterweight;
    return { for: t.for, against: t.against, quorumCounted: t.identities, quorum: t.quorum };
  }
  if (governor === "oz-governor-simple") {
    const t = point.oz;
    return { for: t.for, against: t.against, quorumCounted: t.for + t.abstain, quorum: t.quorum };
  }
  const t = point.alpha;
  return { for: t.for, against: t.against, quorumCounted: t.for, quorum: t.quorum };
}

/** The contracts' success rule on a running tally (GovernorAlpha: For > Against and For ≥ quorum). */
const wins = (r: Running) => r.for > r.against && r.quorumCounted >= r.quorum;

/** What one bought vote changes under a governor: the weight it moves and whether it adds to the quorum. */
interface Flip {
  agent: number;
  /** For − Against gain (2w for an Against vote turned For, w otherwise). */
  gain: bigint;
  forAdd: bigint;
  againstSub: bigint;
  quorumAdd: bigint;
}

function flipOf(input: GovernancePointInput, governor: CaptureGovernor, i: number): Flip | null {
  const s = input.support[i];
  if (s === Support.For) return null;
  let w: bigint;
  if (governor === "counterweight") {
    if (input.verified[i] !== 1) return null; // no identity: the governor refuses the vote
    w = isqrt(input.votes[i]);
  } else w = governor === "oz-governor-simple" ? input.votes[i] : input.alphaVotes[i];
  if (w === 0n && governor !== "counterweight") return null;
  const against = s === Support.Against;
  let quorumAdd: bigint;
  if (governor === "counterweight") quorumAdd = s === Support.Abstain ? 0n : 1n;
  else if (governor === "oz-governor-simple") quorumAdd = s === Support.Abstain ? 0n : w;
  else quorumAdd = w;
  return { agent: i, gain: against ? 2n * w : w, forAdd: w, againstSub: against ? w : 0n, quorumAdd };
}

/** The result of a vote-buying search under one governor. */
export interface BribeCapture {
  governor: CaptureGovernor;
  /** Whether the whale side wins with no bribe at all. */
  alreadyWins: boolean;
  /** The least number of bought votes with which the whale side wins; null if all candidates do not suffice. */
  votes: number | null;
  /** The agents bribed, in buying order (the least set when `votes` is found, else every useful candidate). */
  bribed: number[];
  /** Candidates whose vote changes this governor's tally at all. */
  useful: number;
}

/**
 * Vote buying under one governor: among `candidates` (agents who accept the bribe), buy votes one
 * at a time in decreasing order of what each moves in this governor's tally (its weight, twice for
 * an Against vote turned For; ties by agent index), every bought vote cast For, and stop at the
 * first exact integer tally that wins. With one price per vote, buying the largest gains first is
 * the cheapest way to move the margin. Monotone: a bought vote never lowers For or raises Against.
 */
export function leastVotesToBuy(
  input: GovernancePointInput,
  point: GovernancePoint,
  governor: CaptureGovernor,
  candidates: readonly number[],
): BribeCapture {
  const flips = candidates
    .map((i) => flipOf(input, governor, i))
    .filter((f): f is Flip => f !== null)
    .sort((a, b) => (a.gain > b.gain ? -1 : a.gain < b.gain ? 1 : a.agent - b.agent));
  const r = running(point, governor);
  if (wins(r)) return { governor, alreadyWins: true, votes: 0, bribed: [], useful: flips.length };
  const bribed: number[] = [];
  for (const f of flips) {
    r.for += f.forAdd;
    r.against -= f.againstSub;
    r.quorumCounted += f.quorumAdd;
    bribed.push(f.agent);
    if (wins(r)) return { governor, alreadyWins: false, votes: bribed.length, bribed, useful: flips.length };
  }
  return { governor, alreadyWins: false, votes: null, bribed, useful: flips.length };
}

/** The bribe at which an agent accepts (quote wei): the least b with `acceptsBribe(b, …)`. */
export function reservationBribe(valueWei: bigint, uPpm: bigint, acceptAllAtPpm: bigint): bigint {
  const scaled = uPpm * acceptAllAtPpm * valueWei;
  const d = 1_000_000n * 1_000_000n;
  return (scaled + d - 1n) / d;
}

/** The least total bribe at which the whale side wins under one governor, and how it is paid. */
export interface LeastBribeSpend {
  /** The bribe per vote (quote wei): the reservation price of the dearest vote bought. */
  bribe: bigint;
  votes: number;
  /** bribe × votes (quote wei). */
  spend: bigint;
}

/**
 * The least spend over every bribe level: at a bribe b the briber can buy any of the votes whose
 * reservation bribe is ≤ b, each at b, so the least spend is min over b of b × (least votes to buy
 * among those), and only the candidates' reservation bribes need trying. Levels are tried upwards
 * and the search stops once b × (the least votes with every candidate accepting) reaches the best
 * spend found, which no higher level can beat. Null when buying every candidate does not win;
 * spend 0 when the whale side already wins.
 */
export function leastBribeSpend(
  input: GovernancePointInput,
  point: GovernancePoint,
  governor: CaptureGovernor,
  candidates: readonly number[],
  reservation: readonly bigint[],
): LeastBribeSpend | null {
  const flips = candidates
    .map((i) => flipOf(input, governor, i))
    .filter((f): f is Flip => f !== null)
    .sort((a, b) => (a.gain > b.gain ? -1 : a.gain < b.gain ? 1 : a.agent - b.agent));
  const start = running(point, governor);
  if (wins(start)) return { bribe: 0n, votes: 0, spend: 0n };
  const leastAt = (level: bigint | null): number | null => {
    const r = { ...start };
    let n = 0;
    for (const f of flips) {
      if (level !== null && reservation[f.agent] > level) continue;
      r.for += f.forAdd;
      r.against -= f.againstSub;
      r.quorumCounted += f.quorumAdd;
      n++;
      if (wins(r)) return n;
    }
    return null;
  };
  const fewest = leastAt(null);
  if (fewest === null) return null;
  const levels = [...new Set(flips.map((f) => reservation[f.agent]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let best: LeastBribeSpend | null = null;
  for (const level of levels) {
    if (best !== null && level * BigInt(fewest) >= best.spend) break;
    const n = leastAt(level);
    if (n === null) continue;
    const spend = level * BigInt(n);
    if (best === null || spend < best.spend) best = { bribe: level, votes: n, spend };
  }
  return best;
}

/** The ballots after bribing: every bribed agent votes For (the input of `governancePoint`). */
export function bribedSupport(support: Uint8Array, bribed: readonly number[]): Uint8Array {
  const out = Uint8Array.from(support);
  for (const i of bribed) out[i] = Support.For;
  return out;
}

/** `governancePoint` after bribing `bribed` (the model's prediction of the chain tally). */
export function bribedPoint(input: GovernancePointInput, bribed: readonly number[]): GovernancePoint {
  return governancePoint({ ...input, support: bribedSupport(input.support, bribed) });
}

/**
 * Whether an agent accepts a bribe: it does when bribe ≥ u × acceptAllAt × value, with u its seeded
 * uniform draw in [0, 1) and value its balance at the pool price, so the chance of accepting is
 * bribe ÷ (acceptAllAt × value), capped at 1: it rises with the bribe and falls with what the
 * agent holds. Compared in integers (bribe, value in wei of the quote asset; u and acceptAllAt in
 * millionths) so the same seed gives the same set on every run.
 */
export function acceptsBribe(bribeWei: bigint, valueWei: bigint, uPpm: bigint, acceptAllAtPpm: bigint): boolean {
  return bribeWei * 1_000_000n * 1_000_000n >= uPpm * acceptAllAtPpm * valueWei;
}

/** Tokens a linear governor's whale side must add (bought from holders who do not vote) to win, in its own units. */
export function linearTokensToWin(point: GovernancePoint, governor: Exclude<CaptureGovernor, "counterweight">): bigint {
  const r = running(point, governor);
  if (wins(r)) return 0n;
  const margin = r.against - r.for + 1n;
  const quorum = r.quorum - r.quorumCounted;
  return margin > quorum ? (margin > 0n ? margin : 0n) : quorum > 0n ? quorum : 0n;
}

export { NO_VOTE };
