import { CappedFarmModel, FarmRevert, StakingRewardsModel, UNISWAP_REWARDS_DURATION, WAD } from "../model";
import type { Identity } from "./identities";
import { concentration, ratio } from "./metrics";

/** The capped farm's parameters, from the scenario config's `mining` section (quoted in the report). */
export interface FarmParams {
  capOverMeanStake: number;
  slope: number;
  /** Reward tokens (raw units) emitted over one period; shares do not depend on it. */
  reward: bigint;
  topK: readonly number[];
}

export interface FarmMechanism {
  /** Rewards earned per identity at the end of the period, sorted descending. */
  rewardsPaid: bigint;
  gini: number;
  nakamoto: number;
  top: { k: number; share: number }[];
  /** Share of the rewards earned by identities staking above the cap. */
  aboveCapRewardShare: number;
}

export interface FarmWhatIf {
  identities: number;
  cap: bigint;
  slope: bigint;
  /** Identities staking more than the cap, and their share of the stake. */
  aboveCap: number;
  aboveCapStakeShare: number;
  stakeTop: { k: number; share: number }[];
  counterweight: FarmMechanism;
  uniswap: FarmMechanism;
}

const PPB = 1_000_000_000n;
const ppb = (x: number) => BigInt(Math.round(x * 1e9));

function summarise(earned: bigint[], above: Uint8Array, topK: readonly number[]): FarmMechanism {
  let paid = 0n;
  let aboveRewards = 0n;
  for (let i = 0; i < earned.length; i++) {
    paid += earned[i];
    if (above[i] === 1) aboveRewards += earned[i];
  }
  const c = concentration(
    [...earned].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)),
    topK,
    2,
  );
  return {
    rewardsPaid: paid,
    gini: c.gini,
    nakamoto: c.nakamoto,
    top: c.top,
    aboveCapRewardShare: ratio(aboveRewards, paid),
  };
}

/**
 * The farm what-if for an LP token's holders: every identity stakes its LP balance at the start of
 * one reward period, then the rewards each has earned at its end, under Uniswap's StakingRewards
 * (pro rata) and Counterweight's CappedStakingRewards (per-identity cap `capOverMeanStake` × the mean
 * stake, `slope` above it), both through the model engine (integer for integer the contracts).
 * Each identity is verified (its own binding), so the cap applies per identity of the model.
 * Returns a reason instead when the amounts do not fit the farm's uint96 stake.
 */
export function farmWhatIf(identities: readonly Identity[], p: FarmParams): FarmWhatIf | string {
  const n = identities.length;
  let total = 0n;
  for (const i of identities) total += i.amount;
  const mean = total / BigInt(n);
  const cap = (mean * ppb(p.capOverMeanStake)) / PPB;
  const slope = (WAD * ppb(p.slope)) / PPB;
  const start = 1_000_000n;
  const end = start + UNISWAP_REWARDS_DURATION;
  const account = (i: number) => `identity-${i}`;
  const farm = new CappedFarmModel({ cap, slope, unverifiedCap: 0n }, UNISWAP_REWARDS_DURATION, (a) => ({
    identityId: BigInt(Number(a.slice(9)) + 1),
    registrant: a,
  }));
  const baseline = new StakingRewardsModel(UNISWAP_REWARDS_DURATION);
  const above = new Uint8Array(n);
  let aboveCount = 0;
  let aboveStake = 0n;
  try {
    for (let i = 0; i < n; i++) {
      const amount = identities[i].amount;
      if (amount === 0n) continue;
      if (amount > cap) {
        above[i] = 1;
        aboveCount += 1;
        aboveStake += amount;
      }
      farm.stake(account(i), amount, start);
      baseline.stake(account(i), amount, start);
    }
    farm.fund(p.reward);
    farm.notifyRewardAmount(p.reward, start);
    baseline.fund(p.reward);
    baseline.notifyRewardAmount(p.reward, start);
  } catch (e) {
    if (e instanceof FarmRevert) return `the farm refuses these amounts (${e.error}): they exceed its uint96 stake`;
    throw e;
  }
  const cw: bigint[] = new Array<bigint>(n);
  const uni: bigint[] = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    cw[i] = farm.earned(account(i), end);
    uni[i] = baseline.earned(account(i), end);
  }
  const stake = concentration(
    identities.map((i) => i.amount),
    p.topK,
    2,
  );
  return {
    identities: n,
    cap,
    slope,
    aboveCap: aboveCount,
    aboveCapStakeShare: ratio(aboveStake, total),
    stakeTop: stake.top,
    counterweight: summarise(cw, above, p.topK),
    uniswap: summarise(uni, above, p.topK),
  };
}
