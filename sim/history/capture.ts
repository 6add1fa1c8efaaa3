/**
 * Cost of capture for the history replays: the least an attacker must add to win a vote, given the
 * other side's votes as the case publishes (or assumes) them. Kept separate and small on purpose
 * (the simulator's own cost-of-capture lives with the model engine); whole-token figures, real
 * (not integer) square roots, as the post-mortems' figures are whole tokens.
 */

/** Linear counting (GovernorAlpha/Bravo, OZ GovernorCountingSimple): For > Against and For ≥ quorum. */
export function linearTokensToWin(forTokens: number, againstTokens: number, quorumTokens: number): number {
  return Math.max(0, Math.floor(againstTokens - forTokens) + 1, Math.ceil(quorumTokens - forTokens));
}

/** √ weight of each identity's tokens, summed. */
export const sqrtWeight = (tokensPerIdentity: readonly number[]): number =>
  tokensPerIdentity.reduce((a, t) => a + Math.sqrt(t), 0);

export interface QuadraticCapture {
  /** Identities needed when the attacker keeps its tokens (spread evenly over them). */
  identitiesAtOwnTokens: number;
  /** Extra tokens needed with the attacker's own identities (null: they cannot reach the quorum). */
  tokensAtOwnIdentities: number | null;
}

/**
 * √ per identity with a quorum in identities: m identities holding T tokens evenly weigh √(m·T);
 * they win when √(m·T) > W (the other side's weight) and m ≥ the quorum.
 */
export function quadraticToWin(
  attackerTokens: number,
  attackerIdentities: number,
  againstWeight: number,
  quorumIdentities: number,
): QuadraticCapture {
  const squared = againstWeight * againstWeight;
  const identitiesAtOwnTokens = Math.max(
    quorumIdentities,
    attackerIdentities,
    Math.floor(squared / attackerTokens) + 1,
  );
  const tokensAtOwnIdentities =
    attackerIdentities < quorumIdentities
      ? null
      : Math.max(0, Math.floor(squared / attackerIdentities) + 1 - attackerTokens);
  return { identitiesAtOwnTokens, tokensAtOwnIdentities };
}

export interface BribeSet {
  /** Indexes of the holders bribed to switch from Against to For. */
  bribed: number[];
  /** Token-votes bribed (bribe markets pay per vote, pro rata). */
  tokens: number;
}

/**
 * The cheapest set of Against holders to bribe into voting For, so For beats Against, when a bribe
 * costs the same per token-vote for everyone. `weight(t)` is a holder's weight (t for linear
 * counting, √t per identity). Exhaustive over subsets (the replay's round has a dozen holders).
 */
export function cheapestBribes(
  forWeight: number,
  against: readonly number[],
  weight: (tokens: number) => number,
): BribeSet | null {
  if (against.length > 20) throw new RangeError(`cheapestBribes: ${against.length} holders (at most 20)`);
  const total = against.reduce((a, t) => a + weight(t), 0);
  let best: BribeSet | null = null;
  for (let mask = 0; mask < 1 << against.length; mask++) {
    let moved = 0;
    let tokens = 0;
    const bribed: number[] = [];
    for (let i = 0; i < against.length; i++) {
      if ((mask >> i) & 1) {
        moved += weight(against[i]);
        tokens += against[i];
        bribed.push(i);
      }
    }
    if (forWeight + moved > total - moved && (best === null || tokens < best.tokens)) best = { bribed, tokens };
  }
  return best;
}
