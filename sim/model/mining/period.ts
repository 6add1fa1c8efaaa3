import { CappedFarmModel, type Binding, type FarmCurve } from "./cappedFarm";
import { StakingRewardsModel } from "./stakingRewards";

/** One staker of a reward period: its LP stake and the identity it is bound to (0 = none). */
export interface PeriodStaker {
  account: string;
  lp: bigint;
  identity: bigint;
}

export interface PeriodInput {
  stakers: readonly PeriodStaker[];
  caps: FarmCurve;
  /** Reward notified to (and funded in) each farm. */
  reward: bigint;
  /** The capped farm's rewardsDuration (the baseline's is fixed by its artifact). */
  duration: bigint;
  /** The baseline's rewardsDuration (default: the capped farm's). */
  baselineDuration?: bigint;
}

/** Both farms after the period, every staker's reward claimed, for an exit to continue from. */
export interface PeriodResult {
  farm: CappedFarmModel;
  baseline: StakingRewardsModel;
  /** Rewards paid per staker, in `stakers` order. */
  capped: bigint[];
  uniswap: bigint[];
  /** The timestamp after the claims (any later action runs at or after it). */
  now: bigint;
}

const NONE: Binding = { identityId: 0n, registrant: "0x0000000000000000000000000000000000000000" };

/** Both farms staked and notified, at `notifiedAt` (the model's clock; only differences to it matter). */
export interface StartedPeriod {
  farm: CappedFarmModel;
  baseline: StakingRewardsModel;
  notifiedAt: bigint;
}

/**
 * The start of the simulator's reward period in the model engine: every staker stakes in both
 * farms (staker order), then both farms are notified at the same model time. Either farm may be
 * skipped (`which`) to halve the work.
 */
export function startPeriod(input: PeriodInput, which: "both" | "capped" | "uniswap" = "both"): StartedPeriod {
  const byAccount = new Map<string, Binding>();
  for (const s of input.stakers) {
    byAccount.set(
      s.account.toLowerCase(),
      s.identity === 0n ? NONE : { identityId: s.identity, registrant: s.account },
    );
  }
  const farm = new CappedFarmModel(input.caps, input.duration, (a) => byAccount.get(a.toLowerCase()) ?? NONE);
  const baseline = new StakingRewardsModel(input.baselineDuration ?? input.duration);
  farm.fund(input.reward);
  baseline.fund(input.reward);
  const doCapped = which !== "uniswap";
  const doUniswap = which !== "capped";
  const t = 1n;
  for (const s of input.stakers) {
    if (s.lp === 0n) continue;
    if (doCapped) farm.stake(s.account, s.lp, t);
    if (doUniswap) baseline.stake(s.account, s.lp, t);
  }
  if (doCapped) farm.notifyRewardAmount(input.reward, t + 1n);
  if (doUniswap) baseline.notifyRewardAmount(input.reward, t + 1n);
  return { farm, baseline, notifiedAt: t + 1n };
}

/**
 * The simulator's reward period in the model engine: `startPeriod`, the period runs out, every
 * staker claims. Nothing accrues before the notification and nothing after the period's end, so
 * the integers do not depend on the timestamps the chain used (only on the order): the same
 * rewards, accumulator and remainders as `runPeriod` in sim/scenarios/mining.ts.
 */
export function rewardPeriod(input: PeriodInput, which: "both" | "capped" | "uniswap" = "both"): PeriodResult {
  const { farm, baseline, notifiedAt } = startPeriod(input, which);
  const t =
    notifiedAt +
    (farm.rewardsDuration > baseline.rewardsDuration ? farm.rewardsDuration : baseline.rewardsDuration) +
    1n;
  const capped = input.stakers.map((s) => (which !== "uniswap" ? farm.getReward(s.account, t) : 0n));
  const uniswap = input.stakers.map((s) => (which !== "capped" ? baseline.getReward(s.account, t) : 0n));
  return { farm, baseline, capped, uniswap, now: t + 1n };
}
