import { identityQuorum, isqrt } from "../model";
import type { Identity } from "./identities";
import { concentration, fewestReaching, smallestCoalition, type Concentration } from "./metrics";

/** The governors' parameters the what-if counts with (quoted in the report). */
export interface GovernanceParams {
  /** OZ GovernorVotesQuorumFraction numerator over 100: quorum = ⌊supply × pct / 100⌋ tokens. */
  ozQuorumPercent: number;
  /** Counterweight's quorum as a share of the verified identities (at least 1 identity). */
  identityQuorumShare: number;
  /** Top-k shares reported. */
  topK: readonly number[];
}

/** Who could decide a proposal under one counting rule, from the holdings alone. */
export interface Power {
  /** The quorum: tokens (linear) or identities (√). */
  quorum: bigint;
  /** Holders that pass a proposal alone when nobody else votes (quorum reached, no opposition). */
  passAloneUnopposed: number;
  /** Fewest (largest) holders that pass it when nobody else votes; null if all together cannot. */
  smallestUnopposed: number | null;
  /** Holders that pass it alone against everyone else voting Against (full turnout). */
  passAloneAgainstAll: number;
  /** Fewest holders that pass it against everyone else (weight above the rest, and quorum). */
  smallestAgainstAll: number | null;
  /** Holders that defeat it alone when everyone else votes For (For must exceed Against). */
  blockAlone: number;
  /** Fewest holders that defeat it when everyone else votes For. */
  smallestBlock: number;
}

/** One identity model's what-if: its concentration and decision power, linear vs √. */
export interface GovernanceWhatIf {
  identities: number;
  linear: Concentration & { power: Power };
  sqrt: Concentration & { power: Power };
}

/** A share in parts per billion (exact for the decimals people type). */
const PPB = 1_000_000_000n;
const ppb = (x: number) => BigInt(Math.round(x * 1e9));

function countWhere(xs: readonly bigint[], pick: (x: bigint) => boolean): number {
  let c = 0;
  for (const x of xs) {
    if (!pick(x)) break; // sorted descending: the first miss ends the run
    c += 1;
  }
  return c;
}

/**
 * Linear counting as OpenZeppelin's GovernorCountingSimple + GovernorVotesQuorumFraction: weight =
 * tokens, quorum ⌊supply × pct / 100⌋ counted over For + Abstain, success iff For > Against.
 */
export function linearPower(desc: readonly bigint[], supply: bigint, quorumPercent: number): Power {
  let total = 0n;
  for (const x of desc) total += x;
  const quorum = (supply * ppb(quorumPercent)) / (100n * PPB);
  const bar = quorum > 0n ? quorum : 1n; // For > Against = 0 needs at least one vote
  const unopposed = fewestReaching(desc, bar);
  const majority = smallestCoalition(desc, total, true);
  return {
    quorum,
    passAloneUnopposed: countWhere(desc, (x) => x >= bar),
    smallestUnopposed: unopposed ?? null,
    passAloneAgainstAll: countWhere(desc, (x) => 2n * x > total && x >= bar),
    smallestAgainstAll: unopposed === undefined ? null : Math.max(majority, unopposed),
    blockAlone: countWhere(desc, (x) => 2n * x >= total),
    smallestBlock: smallestCoalition(desc, total, false),
  };
}

/**
 * √ counting as GovernorCountingQuadratic: each identity weighs ⌊√ votes⌋ (the model engine's isqrt,
 * the contract's rounding), quorum = max(1, ⌊identities × share⌋) identities voting For or Abstain,
 * success iff For > Against in √ weight. Every identity of the model is taken as verified.
 */
export function sqrtPower(sqrtDesc: readonly bigint[], quorumShare: number): Power {
  let total = 0n;
  for (const x of sqrtDesc) total += x;
  const n = sqrtDesc.length;
  const quorum = identityQuorum(BigInt(n), ppb(quorumShare), PPB);
  const q = Number(quorum);
  const positive = countWhere(sqrtDesc, (x) => x > 0n);
  const majority = smallestCoalition(sqrtDesc, total, true);
  return {
    quorum,
    passAloneUnopposed: q <= 1 ? positive : 0,
    smallestUnopposed: q <= positive ? Math.max(q, 1) : null,
    passAloneAgainstAll: q <= 1 ? countWhere(sqrtDesc, (x) => 2n * x > total) : 0,
    smallestAgainstAll: q <= n ? Math.max(majority, q) : null,
    blockAlone: countWhere(sqrtDesc, (x) => 2n * x >= total),
    smallestBlock: smallestCoalition(sqrtDesc, total, false),
  };
}

/** √ weights of identities sorted by amount descending (isqrt is monotone: the order holds). */
export function sqrtWeights(identities: readonly Identity[]): bigint[] {
  return identities.map((i) => isqrt(i.amount));
}

/**
 * The governance what-if of one identity model: concentration of token weight and of √ weight, and
 * who could pass or block a proposal. `supply` is the supply OZ's quorum fraction is taken of.
 */
export function governanceWhatIf(
  identities: readonly Identity[],
  supply: bigint,
  p: GovernanceParams,
  /** The identities' √ weights when already known (sqrtWeights(identities)). */
  known?: readonly bigint[],
): GovernanceWhatIf {
  const amounts = identities.map((i) => i.amount);
  const roots = known ?? sqrtWeights(identities);
  return {
    identities: identities.length,
    linear: { ...concentration(amounts, p.topK), power: linearPower(amounts, supply, p.ozQuorumPercent) },
    sqrt: { ...concentration(roots, p.topK), power: sqrtPower(roots, p.identityQuorumShare) },
  };
}
