import { getAmountOut, type PairModel } from "../uniswapV2/pair";
import type { CappedFarmModel } from "./cappedFarm";
import type { StakingRewardsModel } from "./stakingRewards";

/** Parts per billion: APRs and shares in exact integers. */
export const PPB = 1_000_000_000n;
/** Parts per million: price impacts. */
export const PPM = 1_000_000n;
/** The year an APR is quoted over. */
export const YEAR_SECONDS = 365n * 86_400n;

/** When a whale leaves a farm after the period (and burns its LP out of the pool). */
export type FarmExitRule =
  | { rule: "never" }
  | { rule: "always" }
  /** Leave when the farm's APR on the whale's LP (at the pool price) is below an outside APR (ppb). */
  | { rule: "below-outside-apr"; outsideAprPpb: bigint };

/** The pool at one moment, in the project token (the farms' reward token) and the quote asset. */
export interface PoolState {
  reserveToken: bigint;
  reserveQuote: bigint;
  lpSupply: bigint;
}

/** The pair's reserves ordered (token, quote). */
export function poolState(pair: PairModel, tokenIsToken0: boolean): PoolState {
  return {
    reserveToken: tokenIsToken0 ? pair.reserve0 : pair.reserve1,
    reserveQuote: tokenIsToken0 ? pair.reserve1 : pair.reserve0,
    lpSupply: pair.totalSupply,
  };
}

/**
 * The APR (ppb, rounded down) of `lp` LP tokens that earned `reward` reward tokens over
 * `periodSeconds`, both valued at the pool price: an LP token is worth 2 · reserveQuote / supply
 * quote, a reward token reserveQuote / reserveToken, so APR = reward · supply · year /
 * (2 · lp · reserveToken · period). 0 for an empty stake.
 */
export function lpAprPpb(reward: bigint, lp: bigint, pool: PoolState, periodSeconds: bigint): bigint {
  if (lp === 0n || pool.reserveToken === 0n || periodSeconds === 0n) return 0n;
  return (reward * pool.lpSupply * YEAR_SECONDS * PPB) / (2n * lp * pool.reserveToken * periodSeconds);
}

export function leaves(rule: FarmExitRule, aprPpb: bigint): boolean {
  if (rule.rule === "always") return true;
  if (rule.rule === "never") return false;
  return aprPpb < rule.outsideAprPpb;
}

/** A fixed retail swap of `quoteIn` quote for tokens through the router, on reserves as they are. */
export interface RetailSwap {
  quoteIn: bigint;
  tokensOut: bigint;
  /** 1 − tokensOut ÷ (quoteIn at the spot price), in ppm rounded down: the 0.3 % fee plus slippage. */
  priceImpactPpm: bigint;
}

export function retailSwap(pool: PoolState, quoteIn: bigint): RetailSwap {
  const tokensOut = getAmountOut(quoteIn, pool.reserveQuote, pool.reserveToken);
  const ideal = quoteIn * pool.reserveToken;
  const priceImpactPpm = ((ideal - tokensOut * pool.reserveQuote) * PPM) / ideal;
  return { quoteIn, tokensOut, priceImpactPpm };
}

/** One whale of the exit, with what it staked and what the period paid it in the farm. */
export interface ExitCandidate {
  account: string;
  lp: bigint;
  reward: bigint;
}

/** What a farm's whale exit did: per candidate its APR and decision, per leaver what the burn returned. */
export interface ExitResult {
  aprPpb: bigint[];
  left: boolean[];
  /** (token, quote) returned by each burn, for the leavers in candidate order. */
  burnt: [bigint, bigint][];
  /** The reward each leaver's exit() paid, in the same order. */
  paid: bigint[];
  after: PoolState;
}

/**
 * The whales' exit from one farm, as `exitFarm` in sim/chain/farmExit.ts sends it: each candidate
 * (in order) whose APR the rule rejects calls the farm's `exit()`, transfers the LP it withdrew to
 * the pair and burns it. The APRs are all taken at the pool price before the first burn. `pair`
 * must hold the leavers' LP as the farms' (any account: only balances move); it and `farm` change.
 * `now` is the time of every exit, or one time per leaver (in order).
 */
export function exitFarm(
  farm: CappedFarmModel | StakingRewardsModel,
  pair: PairModel,
  tokenIsToken0: boolean,
  holder: string,
  candidates: readonly ExitCandidate[],
  rule: FarmExitRule,
  periodSeconds: bigint,
  now: bigint | readonly bigint[],
): ExitResult {
  const before = poolState(pair, tokenIsToken0);
  const aprPpb = candidates.map((c) => lpAprPpb(c.reward, c.lp, before, periodSeconds));
  const left = aprPpb.map((apr) => leaves(rule, apr));
  const burnt: [bigint, bigint][] = [];
  const paid: bigint[] = [];
  candidates.forEach((c, i) => {
    if (!left[i]) return;
    const at = typeof now === "bigint" ? now : now[burnt.length];
    const [withdrawn, reward] = farm.exit(c.account, at);
    paid.push(reward);
    pair.transfer(holder, c.account, withdrawn);
    const [a0, a1] = pair.burn(c.account, withdrawn);
    burnt.push(tokenIsToken0 ? [a0, a1] : [a1, a0]);
  });
  return { aprPpb, left, burnt, paid, after: poolState(pair, tokenIsToken0) };
}

/** A whale exit in the middle of the period, on a farm `startPeriod` staked and notified. */
export interface MidPeriodExitInput {
  farm: CappedFarmModel | StakingRewardsModel;
  /** When the farm was notified (the model's clock). */
  notifiedAt: bigint;
  /** When the whales read their rewards so far and decide: their APR is over decideAt − notifiedAt. */
  decideAt: bigint;
  /** When each leaver (in candidate order) calls exit(), at or after decideAt. */
  exitAt: readonly bigint[];
  /** When the rewards of everyone are read, at or after the period's end. */
  endAt: bigint;
  pair: PairModel;
  tokenIsToken0: boolean;
  holder: string;
  /** The whales (candidates), with their LP stake. */
  whales: readonly { account: string; lp: bigint }[];
  /** Every staker of the period, whose rewards are read. */
  accounts: readonly string[];
  rule: FarmExitRule;
}

export interface MidPeriodExitResult extends ExitResult {
  /** Each whale's reward earned by decideAt (what its APR is taken on). */
  earnedAtDecision: bigint[];
  /** Per account of `accounts`: what the period gave it, paid at its exit or earned by `endAt`. */
  rewards: bigint[];
}

/**
 * The mid-period exit as the mining scenario sends it on the chain: at `decideAt` each whale's APR
 * on what it has earned so far (over the time since the notification) meets the rule, the leavers
 * exit (reward paid) and burn their LP at `exitAt`, the others stay to the end, when every account's
 * reward of the period is read.
 */
export function midPeriodExit(input: MidPeriodExitInput): MidPeriodExitResult {
  const { farm, decideAt } = input;
  const earnedAtDecision = input.whales.map((w) => farm.earned(w.account, decideAt));
  const candidates = input.whales.map((w, i) => ({ ...w, reward: earnedAtDecision[i] }));
  const exit = exitFarm(
    farm,
    input.pair,
    input.tokenIsToken0,
    input.holder,
    candidates,
    input.rule,
    decideAt - input.notifiedAt,
    input.exitAt,
  );
  const paidAtExit = new Map<string, bigint>();
  candidates.filter((_, i) => exit.left[i]).forEach((c, j) => paidAtExit.set(c.account, exit.paid[j]));
  const rewards = input.accounts.map((a) => paidAtExit.get(a) ?? farm.earned(a, input.endAt));
  return { ...exit, earnedAtDecision, rewards };
}
