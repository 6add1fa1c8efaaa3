import type { FarmCurve } from "./cappedFarm";
import { effectiveBalance, WAD } from "./effectiveBalance";
import type { PoolState } from "./exit";
import { rewardPeriod, type PeriodStaker } from "./period";

/**
 * The farm's cost of capture: the least spend at which the whale side takes at least half of a
 * period's rewards. The whales buy LP at the pool price (minting, both sides at the reserve ratio:
 * spend S quote buys ⌊S · supply ÷ (2 · reserveQuote)⌋ LP) and, for the capped farm, verified
 * identities at a fixed price each, each identity staking up to the cap. Caps, reward and the
 * other stakers stay as the period ran; spend in tokens is the quote spend at the pool price.
 */
export interface CaptureInput {
  /** The non-whale stakers, as in the period (identity 0 = none). */
  others: readonly PeriodStaker[];
  /** The whales' own LP, one verified identity each. */
  whaleLp: readonly bigint[];
  caps: FarmCurve;
  reward: bigint;
  duration: bigint;
  pool: PoolState;
  /** Price of one identity, in quote wei. */
  identityPriceQuote: bigint;
  /** The whales' budget, in quote wei. */
  budgetQuote: bigint;
}

export interface Capture {
  /** "already" (the whales hold half at no spend), "captured" (within budget) or "not-within-budget". */
  status: "already" | "captured" | "not-within-budget";
  /** The least spend in quote wei (undefined when not within budget). */
  spendQuote?: bigint;
  /** The same spend in tokens at the pool price. */
  spendTokens?: bigint;
  lpBought?: bigint;
  identitiesBought?: bigint;
  /** The whales' reward share at that spend (ppb); at the budget when not within it. */
  whaleRewardSharePpb: bigint;
  /** Reward-period evaluations the search ran (each a full period in the model engine). */
  evaluations: number;
}

/** What the whales buy: identities (capped farm only) and LP. */
export interface Plan {
  identities: bigint;
  lp: bigint;
}

const PPB = 1_000_000_000n;

function whaleAccount(i: number): string {
  return `0xc0ffee${i.toString(16).padStart(34, "0")}`;
}

/** LP minted at the pool price for `quote` quote wei (both sides deposited at the reserve ratio). */
export function lpForQuote(quote: bigint, pool: PoolState): bigint {
  return (quote * pool.lpSupply) / (2n * pool.reserveQuote);
}

/** Quote wei at the pool price worth `quote`… in tokens: quote · reserveToken ÷ reserveQuote. */
export function tokensForQuote(quote: bigint, pool: PoolState): bigint {
  return (quote * pool.reserveToken) / pool.reserveQuote;
}

/**
 * The whale side's stakers for a plan: its LP (own + bought) over its identities (own + bought),
 * each filled to the cap in order, the rest on the first (slope or no cap: splitting it further
 * changes nothing but rounding). Uniswap's farm has no cap: everything on the first whale.
 */
function whaleStakers(input: CaptureInput, plan: Plan, capped: boolean, firstIdentity: bigint): PeriodStaker[] {
  const n = input.whaleLp.length + Number(plan.identities);
  let rest = input.whaleLp.reduce((a, b) => a + b, 0n) + plan.lp;
  const lps: bigint[] = new Array<bigint>(n).fill(0n);
  if (capped && input.caps.cap > 0n) {
    for (let i = 0; i < n && rest > 0n; i++) {
      lps[i] = rest < input.caps.cap ? rest : input.caps.cap;
      rest -= lps[i];
    }
  }
  lps[0] += rest;
  return lps
    .map((lp, i) => ({ account: whaleAccount(i), lp, identity: firstIdentity + BigInt(i) }))
    .filter((x) => x.lp > 0n);
}

/** The whale side's share of the period's rewards (ppb) under `plan` (`shareEvaluator`'s). */
export function whaleShareUnder(input: CaptureInput, plan: Plan, mechanism: "capped" | "uniswap"): bigint {
  return shareEvaluator(input, mechanism === "capped")(plan);
}

/**
 * The period's stakers under `plan`, whales first: what `whaleShareUnder` pays (exported so a test
 * can run them through `rewardPeriod` itself).
 */
export function planStakers(input: CaptureInput, plan: Plan, mechanism: "capped" | "uniswap"): PeriodStaker[] {
  return [...whaleStakers(input, plan, mechanism === "capped", firstWhaleIdentity(input)), ...input.others];
}

function firstWhaleIdentity(input: CaptureInput): bigint {
  return input.others.reduce((a, s) => (s.identity > a ? s.identity : a), 0n) + 1n;
}

/** The reference: a full model period (`rewardPeriod`) over every staker of the plan. */
function periodShare(input: CaptureInput, plan: Plan, capped: boolean): bigint {
  const whales = whaleStakers(input, plan, capped, firstWhaleIdentity(input));
  const r = rewardPeriod(
    { stakers: [...whales, ...input.others], caps: input.caps, reward: input.reward, duration: input.duration },
    capped ? "capped" : "uniswap",
  );
  const paid = capped ? r.capped : r.uniswap;
  const total = paid.reduce((a, b) => a + b, 0n);
  const whale = paid.slice(0, whales.length).reduce((a, b) => a + b, 0n);
  return total === 0n ? 0n : (whale * PPB) / total;
}

const SCALE = 10n ** 18n;
const U96 = (1n << 96n) - 1n;
const U104 = (1n << 104n) - 1n;

/** What a staker earns in the farm: its effective stake in the capped farm, its LP in StakingRewards. */
function earningStake(lp: bigint, identity: bigint, caps: FarmCurve, capped: boolean): bigint {
  if (!capped) return lp;
  if (identity === 0n) return effectiveBalance(lp, caps.unverifiedCap, 0n);
  return lp > caps.cap ? effectiveBalance(lp, caps.cap, caps.slope) : lp;
}

/**
 * Whether `rewardPeriod` reduces to its closed form for these inputs: every staker stakes once
 * before the one notification, its own identity (no eviction), nothing reverts. Otherwise the
 * evaluator runs the full period (which reverts where the contracts would).
 */
function closedFormHolds(input: CaptureInput): boolean {
  if (input.duration <= 0n || input.reward > U96 || input.caps.slope > WAD) return false;
  if (input.caps.cap > U96 || input.caps.unverifiedCap > U96) return false;
  const accounts = new Set<string>();
  const identities = new Set<bigint>();
  for (const s of input.others) {
    const a = s.account.toLowerCase();
    if (accounts.has(a) || a.startsWith("0xc0ffee") || s.lp > U96) return false;
    accounts.add(a);
    if (s.identity !== 0n) {
      if (identities.has(s.identity)) return false;
      identities.add(s.identity);
    }
  }
  return true;
}

/**
 * The whale side's share (ppb) as a function of the plan. A period where every stake lands before
 * the single notification and every claim after its end pays each staker ⌊e · rpt ÷ 1e18⌋, with
 * e its earning stake and rpt = ⌊duration · rate · 1e18 ÷ Σe⌋, rate = ⌊reward ÷ duration⌋ (the
 * capped farm's accumulator has no remainder yet; StakingRewards drops none in one update): the
 * same integers as `rewardPeriod`, which a test checks, at O(others) per plan without building
 * the farms. The others' earning stakes do not depend on the plan and are computed once.
 */
export function shareEvaluator(input: CaptureInput, capped: boolean): (plan: Plan) => bigint {
  if (!closedFormHolds(input)) return (plan) => periodShare(input, plan, capped);
  const others = input.others.filter((s) => s.lp > 0n).map((s) => earningStake(s.lp, s.identity, input.caps, capped));
  const othersEarning = others.reduce((a, b) => a + b, 0n);
  const othersStaked = input.others.reduce((a, s) => a + s.lp, 0n);
  const emitted = (input.reward / input.duration) * input.duration;
  const first = firstWhaleIdentity(input);
  return (plan) => {
    const whales = whaleStakers(input, plan, capped, first);
    const staked = whales.reduce((a, w) => a + w.lp, othersStaked);
    if (whales.some((w) => w.lp > U96) || (capped && staked > U104)) return periodShare(input, plan, capped);
    const earning = whales.map((w) => earningStake(w.lp, w.identity, input.caps, capped));
    const totalEarning = earning.reduce((a, b) => a + b, othersEarning);
    if (totalEarning === 0n || emitted === 0n) return 0n;
    const rpt = (emitted * SCALE) / totalEarning;
    const whale = earning.reduce((a, e) => a + (e * rpt) / SCALE, 0n);
    const total = others.reduce((a, e) => a + (e * rpt) / SCALE, whale);
    return total === 0n ? 0n : (whale * PPB) / total;
  };
}

/** Whether the whales hold at least half: 2 · whale ≥ total (exact, not via the rounded share). */
function captured(sharePpb: bigint): boolean {
  return 2n * sharePpb >= PPB;
}

/**
 * The best plan for a spend: Uniswap's farm, all LP. The capped farm: k identities and the rest in
 * LP, where k is 0, the most the spend buys, or next to the balance point where the LP just fills
 * every identity to the cap (below it each identity adds (1 − slope) · cap effective stake, above
 * it an identity only takes LP away), whichever gives the whales the largest share.
 */
function bestPlan(
  input: CaptureInput,
  spend: bigint,
  capped: boolean,
  shareOf: (plan: Plan) => bigint,
  count: () => void,
): [Plan, bigint] {
  const candidates: bigint[] = [0n];
  if (capped) {
    const p = input.identityPriceQuote;
    const cap = input.caps.cap;
    const own = input.whaleLp.reduce((a, b) => a + b, 0n);
    // More identities than the LP can fill hold nothing (and cost): at most ⌈LP ÷ cap⌉ in all.
    const w = BigInt(input.whaleLp.length);
    const fill = cap > 0n ? (own + lpForQuote(spend, input.pool) + cap - 1n) / cap - w : 0n;
    const affordable = p === 0n ? fill : spend / p;
    const maxK = affordable < fill ? affordable : fill > 0n ? fill : 0n;
    candidates.push(maxK);
    if (cap > 0n) {
      // W + (spend − k·p)·S/(2R) = (w + k)·cap, in LP wei: k = (W + spend·S/(2R) − w·cap) ÷ (cap + p·S/(2R)).
      const num = own + lpForQuote(spend, input.pool) - BigInt(input.whaleLp.length) * cap;
      const den = cap + lpForQuote(p, input.pool);
      if (num > 0n && den > 0n) {
        const k = num / den;
        for (const c of [k - 1n, k, k + 1n]) if (c > 0n && c <= maxK) candidates.push(c);
      }
    }
  }
  let best: [Plan, bigint] | undefined;
  for (const k of [...new Set(candidates)]) {
    const plan = { identities: k, lp: lpForQuote(spend - k * input.identityPriceQuote, input.pool) };
    count();
    const share = shareOf(plan);
    if (best === undefined || share > best[1]) best = [plan, share];
  }
  return best as [Plan, bigint];
}

/**
 * The least spend (quote wei, exact) at which the whale side takes half the rewards, by bisection
 * over the spend: more budget never leaves the whales worse off (every plan of a smaller spend stays
 * affordable), so the predicate is monotone. The plans tried per spend are those of `bestPlan` (the
 * optimum of the linear curve, not every k), so the spend found is the least for those plans.
 */
export function farmCaptureCost(input: CaptureInput, mechanism: "capped" | "uniswap"): Capture {
  const capped = mechanism === "capped";
  let evaluations = 0;
  const count = () => {
    evaluations++;
  };
  const shareOf = shareEvaluator(input, capped);
  const [, atZero] = bestPlan(input, 0n, capped, shareOf, count);
  if (captured(atZero)) {
    return {
      status: "already",
      spendQuote: 0n,
      spendTokens: 0n,
      lpBought: 0n,
      identitiesBought: 0n,
      whaleRewardSharePpb: atZero,
      evaluations,
    };
  }
  const [, atBudget] = bestPlan(input, input.budgetQuote, capped, shareOf, count);
  if (!captured(atBudget)) return { status: "not-within-budget", whaleRewardSharePpb: atBudget, evaluations };
  let lo = 0n; // does not capture
  let hi = input.budgetQuote; // captures
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (captured(bestPlan(input, mid, capped, shareOf, count)[1])) hi = mid;
    else lo = mid;
  }
  const [plan, share] = bestPlan(input, hi, capped, shareOf, count);
  return {
    status: "captured",
    spendQuote: hi,
    spendTokens: tokensForQuote(hi, input.pool),
    lpBought: plan.lp,
    identitiesBought: plan.identities,
    whaleRewardSharePpb: share,
    evaluations,
  };
}
