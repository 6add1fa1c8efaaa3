import type { ScenarioConfig } from "../config/schema";
import { gini } from "../metrics";
import { isqrt } from "../model/math";
import { CappedFarmModel, type Binding, type FarmCurve } from "../model/mining/cappedFarm";
import { StakingRewardsModel, UNISWAP_REWARDS_DURATION } from "../model/mining/stakingRewards";
import { PPB, midPeriodExit, type PoolState } from "../model/mining/exit";
import { farmCaptureCost, type Capture } from "../model/mining/capture";
import type { PeriodStaker } from "../model/mining/period";
import { MINIMUM_LIQUIDITY, PairModel } from "../model/uniswapV2/pair";
import { Rng } from "../random";
import { configWei, exitAtPpb, exitRuleOf, identityPriceQuote } from "../scenarios/miningExitRule";
import { POOL_TOKEN, POOL_WETH, REWARD, capsFor, chooseStakers, notifiedAfterStakes } from "../scenarios/miningStakers";
import { sweepPopulation } from "./governance";

/** The farms a mining sweep compares, by the ids the report uses everywhere. */
export const FARMS = ["counterweight", "uniswap-staking-rewards"] as const;
export type FarmId = (typeof FARMS)[number];

const PPM = 1_000_000n;

/** One farm's outcome at one point × seed. */
export interface FarmOutcome {
  /** "whale": the whales take at least half of the rewards paid; "retail": retail takes more. */
  winner: "whale" | "retail";
  /** Retail's share of the rewards minus the whales' share, in millionths (signed). */
  marginPpm: number;
  /** Retail's share of the rewards, as the chain scenario reports it (`retailRewardShare`), 6 digits. */
  retailRewardShare: number;
  /** Gini of the rewards of every staker, 6 digits. */
  gini: number;
  retailRewards: string;
  whaleRewards: string;
  /** With a mid-period exit (mining.whaleExit.atFraction): the whales that left (absent otherwise). */
  whalesExited?: number;
  /** The farm's cost of capture (the chain scenario's, `farmCaptureCost`): half a period's rewards. */
  capture: FarmCapture;
}

/** The least spend at which the whale side takes half of a (full, exit-free) period's rewards. */
export interface FarmCapture {
  /** "already": the whales hold half at no spend; "not-within-budget": mining.captureBudgetQuote is too little. */
  status: Capture["status"];
  /** Quote wei and the same in token wei at the pool price (absent when not within budget). */
  spendQuote?: string;
  spendTokens?: string;
  identitiesBought?: string;
}

/** Farm outcomes of one point × seed, and the stakers and caps they ran with. */
export interface MiningRow {
  agents: number;
  stakers: number;
  retailStakers: number;
  /** The whales' share of the stake, as the chain scenario reports it (`whaleStakeShare`), 6 digits. */
  whaleStakeShare: number;
  /** The capped farm's cap per identity, in LP wei. */
  cap: string;
  /** Verified stakers above the cap (the cap binds on them), by side. */
  cappedWhales: number;
  cappedRetail: number;
  /** Counterweight's retail reward share minus StakingRewards', in millionths (signed). */
  retailGainPpm: number;
  farms: Record<FarmId, FarmOutcome>;
}

/** The chain scenario's display units (sim/scenarios/mining.ts): 18 decimals → 6 digits. */
const display = (x: bigint): number => Number(x / 10n ** 12n) / 1e6;
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const round6 = (x: number): number => Number(x.toFixed(6));

/** LP the deployer holds after seeding the pool (the pair's first mint: √(x·y) − MINIMUM_LIQUIDITY). */
export const DEPLOYER_LP = isqrt(POOL_TOKEN * POOL_WETH) - MINIMUM_LIQUIDITY;

function outcome(
  rewards: readonly bigint[],
  isWhale: readonly boolean[],
  capture: FarmCapture,
  whalesExited?: number,
): FarmOutcome {
  let total = 0n;
  let whale = 0n;
  rewards.forEach((r, i) => {
    total += r;
    if (isWhale[i]) whale += r;
  });
  const retail = total - whale;
  return {
    winner: 2n * whale >= total && total > 0n ? "whale" : "retail",
    marginPpm: total === 0n ? 0 : Number(((retail - whale) * PPM) / total),
    retailRewardShare: round6(ratio(display(retail), display(total))),
    gini: round6(gini(rewards.map(display))),
    retailRewards: retail.toString(),
    whaleRewards: whale.toString(),
    ...(whalesExited === undefined ? {} : { whalesExited }),
    capture,
  };
}

/** The seeded CWT/WETH pool every farm's LP comes from, as the chain's pair holds it during the period. */
export const SEED_POOL: PoolState = {
  reserveToken: POOL_TOKEN,
  reserveQuote: POOL_WETH,
  lpSupply: DEPLOYER_LP + MINIMUM_LIQUIDITY,
};

/**
 * The chain scenario's cost of capture (sim/scenarios/miningExit.ts) on the same stakers: the
 * whales buy LP at the seeded pool's price and, in the capped farm, identities at
 * identity.priceTokens each, up to mining.captureBudgetQuote.
 */
function captureOf(
  others: readonly PeriodStaker[],
  whaleLp: readonly bigint[],
  caps: FarmCurve,
  config: ScenarioConfig,
  mechanism: "capped" | "uniswap",
): FarmCapture {
  const c = farmCaptureCost(
    {
      others,
      whaleLp,
      caps,
      reward: REWARD,
      duration: UNISWAP_REWARDS_DURATION,
      pool: SEED_POOL,
      identityPriceQuote: identityPriceQuote(config, SEED_POOL),
      budgetQuote: configWei(config.mining.captureBudgetQuote),
    },
    mechanism,
  );
  return {
    status: c.status,
    ...(c.spendQuote === undefined ? {} : { spendQuote: c.spendQuote.toString() }),
    ...(c.spendTokens === undefined ? {} : { spendTokens: c.spendTokens.toString() }),
    ...(c.identitiesBought === undefined ? {} : { identitiesBought: c.identitiesBought.toString() }),
  };
}

/**
 * The mid-period whale exit of the chain scenario (sim/scenarios/miningExit.ts) on one farm of the
 * model, notified at `notifiedAt`: at notifiedAt + fraction × duration the whales decide on what
 * they earned, the leavers exit and burn at the chain's pinned times (decideAt + 1 + 3j) on the
 * scenario's seeded pool, and every account's reward of the period is read at the period's end.
 */
function withMidPeriodExit(
  farm: CappedFarmModel | StakingRewardsModel,
  notifiedAt: bigint,
  /** The first block after every notification: the chain decides no earlier (tiny fractions). */
  earliest: bigint,
  fraction: bigint,
  config: ScenarioConfig,
  accounts: readonly string[],
  stakers: readonly { agent: { kind: string }; lp: bigint }[],
): { rewards: bigint[]; exited: number } {
  const holder = "deployer";
  const pair = new PairModel();
  pair.mint(holder, POOL_TOKEN, POOL_WETH);
  const duration = farm.rewardsDuration;
  const planned = notifiedAt + (duration * fraction) / PPB;
  const decideAt = planned < earliest ? earliest : planned;
  const whales = stakers.flatMap((s, i) => (s.agent.kind === "whale" ? [{ account: accounts[i], lp: s.lp }] : []));
  const r = midPeriodExit({
    farm,
    notifiedAt,
    decideAt,
    exitAt: whales.map((_, j) => decideAt + 1n + 3n * BigInt(j)),
    endAt: notifiedAt + duration + 1n,
    pair,
    tokenIsToken0: true,
    holder,
    whales,
    accounts,
    rule: exitRuleOf(config),
  });
  return { rewards: r.rewards, exited: r.left.filter((x) => x).length };
}

/**
 * One mining point × seed through the model engine: the chain scenario's stakers, LP and caps
 * (sim/scenarios/miningStakers.ts) staked in CappedStakingRewards and StakingRewards before both
 * are notified, one full 60-day period, then every staker claims; each farm's exact rewards. With
 * mining.whaleExit.atFraction the whales exit mid-period as on the chain (`withMidPeriodExit`) and
 * the rewards are the period's with the exit: paid at a leaver's exit, earned by the end otherwise.
 */
export function runMiningPoint(config: ScenarioConfig, seed: number): MiningRow {
  const population = sweepPopulation(config, seed);
  const agents = chooseStakers({ population, config, rng: new Rng(seed).fork("mining") });
  const forAgents = (DEPLOYER_LP * 9n) / 10n / 2n;
  const stakers = agents.map((agent) => ({ agent, lp: (agent.amount * forAgents) / population.total }));
  const caps = capsFor(stakers, config);
  const accounts = stakers.map((s) => `a${s.agent.index}`);
  const bindings = new Map<string, Binding>();
  stakers.forEach((s, i) => {
    if (s.agent.verified) bindings.set(accounts[i], { identityId: BigInt(i + 1), registrant: accounts[i] });
  });
  const none: Binding = { identityId: 0n, registrant: "" };
  const farm = new CappedFarmModel(caps, UNISWAP_REWARDS_DURATION, (a) => bindings.get(a) ?? none);
  const baseline = new StakingRewardsModel(UNISWAP_REWARDS_DURATION);
  farm.fund(REWARD);
  baseline.fund(REWARD);
  // Every stake lands before either farm is notified, so the rewards do not depend on when.
  const t0 = 1_000_000n;
  stakers.forEach((s, i) => {
    if (s.lp === 0n) return;
    farm.stake(accounts[i], s.lp, t0);
    baseline.stake(accounts[i], s.lp, t0);
  });
  // Notified as on the chain: in FARM_ORDER, one second apart, right after the stakes.
  const oursAt = t0 + notifiedAfterStakes("counterweight");
  const theirsAt = t0 + notifiedAfterStakes("uniswap-staking-rewards");
  const afterAll = t0 + notifiedAfterStakes(undefined);
  farm.notifyRewardAmount(REWARD, oursAt);
  baseline.notifyRewardAmount(REWARD, theirsAt);
  const end = afterAll + UNISWAP_REWARDS_DURATION;
  const fraction = exitAtPpb(config);
  const mid =
    fraction === undefined
      ? undefined
      : {
          ours: withMidPeriodExit(farm, oursAt, afterAll, fraction, config, accounts, stakers),
          theirs: withMidPeriodExit(baseline, theirsAt, afterAll, fraction, config, accounts, stakers),
        };
  const ours = mid?.ours.rewards ?? accounts.map((a) => farm.getReward(a, end));
  const theirs = mid?.theirs.rewards ?? accounts.map((a) => baseline.getReward(a, end));
  const isWhale = stakers.map((s) => s.agent.kind === "whale");
  let whaleStake = 0n;
  let totalStake = 0n;
  let cappedWhales = 0;
  let cappedRetail = 0;
  stakers.forEach((s, i) => {
    totalStake += s.lp;
    if (isWhale[i]) whaleStake += s.lp;
    if (s.agent.verified && s.lp > caps.cap) {
      if (isWhale[i]) cappedWhales++;
      else cappedRetail++;
    }
  });
  // Cost of capture over the full period without an exit, as the chain scenario prices it.
  const periodStakers: PeriodStaker[] = stakers.map((s, i) => ({
    account: accounts[i],
    lp: s.lp,
    identity: s.agent.verified ? BigInt(i + 1) : 0n,
  }));
  const others = periodStakers.filter((_, i) => !isWhale[i]);
  const whaleLp = stakers.filter((_, i) => isWhale[i]).map((s) => s.lp);
  const farms = {
    counterweight: outcome(ours, isWhale, captureOf(others, whaleLp, caps, config, "capped"), mid?.ours.exited),
    "uniswap-staking-rewards": outcome(
      theirs,
      isWhale,
      captureOf(others, whaleLp, caps, config, "uniswap"),
      mid?.theirs.exited,
    ),
  };
  const share = (o: FarmOutcome) => {
    const r = BigInt(o.retailRewards);
    const t = r + BigInt(o.whaleRewards);
    return t === 0n ? 0n : (r * PPM) / t;
  };
  return {
    agents: population.agents.length,
    stakers: stakers.length,
    retailStakers: stakers.length - isWhale.filter(Boolean).length,
    whaleStakeShare: round6(ratio(display(whaleStake), display(totalStake))),
    cap: caps.cap.toString(),
    cappedWhales,
    cappedRetail,
    retailGainPpm: Number(share(farms.counterweight) - share(farms["uniswap-staking-rewards"])),
    farms,
  };
}
