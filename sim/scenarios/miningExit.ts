import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { exitTimes, poolOnChain, retailSwapOnChain, tokenIsToken0 } from "../chain/farmExit";
import type { ScenarioConfig } from "../config/schema";
import type { FarmModelKind, MiningDeployment, MiningMechanism, MiningWorld } from "../mechanisms/mining";
import {
  PairModel,
  PPB,
  exitFarm,
  farmCaptureCost,
  leaves,
  lpAprPpb,
  midPeriodExit,
  retailSwap,
  rewardPeriod,
  startPeriod,
  type Capture,
  type CappedFarmModel,
  type StakingRewardsModel,
  type PeriodStaker,
  type PoolState,
} from "../model";
import type { Agent } from "../population";
import { READS_IN_FLIGHT, mapLimit } from "../pool";
import { configWei as wei, exitAtPpb, exitRuleOf, identityPriceQuote as identityPriceAt } from "./miningExitRule";
import { everyOf, formatAmount, formatShare, plural } from "../report/format";
import type { MetricValue } from "../types";

export { exitAtPpb, exitRuleOf } from "./miningExitRule";

export interface ExitStaker {
  agent: Agent;
  signer: HardhatEthersSigner;
  lp: bigint;
}

/** A farm of the run (a mechanism of the list) with its deployment: the exit runs on each. */
export interface ExitFarm {
  mechanism: MiningMechanism;
  deployed: MiningDeployment;
}

export interface ExitAndCapture {
  /** By mechanism id. */
  metrics: Record<string, Record<string, MetricValue>>;
  parameters: Record<string, MetricValue>;
  notes: Record<string, string>;
  reading: string;
}

const display = (x: bigint) => Number(x / 10n ** 12n) / 1e6;
const fromPpb = (x: bigint) => Number(x) / 1e9;

function ruleText(config: ScenarioConfig): string {
  const e = config.mining.whaleExit;
  if (e.rule === "below-outside-apr") return `leave below ${formatShare(e.outsideApr)} APR outside`;
  return e.rule === "always" ? "always leave" : "never leave";
}

/** The identities the farm credits, as the model engine needs them: a distinct id per verified staker. */
function periodStakers(stakers: readonly ExitStaker[]): PeriodStaker[] {
  return stakers.map((s, i) => ({
    account: s.signer.address,
    lp: s.lp,
    identity: s.agent.verified ? BigInt(i + 1) : 0n,
  }));
}

function same(a: readonly bigint[], b: readonly bigint[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface ChainExit {
  aprPpb: bigint[];
  left: boolean[];
  burnt: [bigint, bigint][];
  after: PoolState;
  /** The farm's effective (capped) or plain total after the exit, and the whales' part of it. */
  total: bigint;
  whales: bigint;
  swapOut: bigint;
}

/** A farm's whale exit in the middle of its period, on the chain, with the times it ran at. */
interface MidChainExit extends ChainExit {
  notifiedAt: bigint;
  decideAt: bigint;
  exitAt: bigint[];
  endAt: bigint;
  earnedAtDecision: bigint[];
  /** Per staker: the reward its exit paid (a leaver) or what it earned by endAt (everyone else). */
  rewards: bigint[];
}

/** Each farm's mid-period whale exit by mechanism id (see `midPeriodExits`). */
export type MidPeriodExits = Map<string, MidChainExit>;

/** A farm of the model engine, with the stake that earns in it (effective in the capped farm). */
interface ModelView {
  farm: CappedFarmModel | StakingRewardsModel;
  total: () => bigint;
  of: (account: string) => bigint;
}

function modelView(kind: FarmModelKind, started: { farm: CappedFarmModel; baseline: StakingRewardsModel }): ModelView {
  if (kind.kind === "capped") {
    const f = started.farm;
    return { farm: f, total: () => f.totalEffective, of: (a) => f.position(a).effective };
  }
  const b = started.baseline;
  return { farm: b, total: () => b.totalSupply, of: (a) => b.balanceOf(a) };
}

/** Which of the model's two farms `kind` is (`startPeriod`'s and `rewardPeriod`'s `which`). */
const which = (kind: FarmModelKind) => (kind.kind === "capped" ? "capped" : "uniswap");

/** How the reading names the two farms of the default list; any other farm by its label. */
const SHORT_NAMES: Record<string, string> = {
  "uniswap-staking-rewards": "StakingRewards",
  counterweight: "the capped farm",
};
const shortName = (m: MiningMechanism) => SHORT_NAMES[m.id] ?? m.label;

async function latestTimestamp(hre: HardhatRuntimeEnvironment): Promise<bigint> {
  const block = (await hre.network.provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
  return BigInt(block.timestamp);
}

/**
 * The whales' exit at `mining.whaleExit.atFraction` of the period, per farm on a chain snapshot
 * taken right after every farm was notified (and reverted afterwards, so the period itself runs
 * on untouched): at notification + fraction × rewardsDuration each whale reads what it has earned
 * so far and the rule meets its APR on that (at the pool price, over the time since the
 * notification); the leavers exit and burn their LP (at pinned timestamps right after), the others
 * stay to the period's end, when every staker's reward and the retail swap are read. Undefined
 * (nothing sent) when the field is absent: the exit then runs after the period.
 */
export async function midPeriodExits(
  world: MiningWorld,
  farms: readonly ExitFarm[],
  stakers: readonly ExitStaker[],
  config: ScenarioConfig,
): Promise<MidPeriodExits | undefined> {
  const fraction = exitAtPpb(config);
  if (fraction === undefined) return undefined;
  const { hre, setup: s } = world;
  const rule = exitRuleOf(config);
  const quoteIn = wei(config.mining.retailSwapQuote);
  const start = await poolOnChain(s);
  const provider = hre.network.provider;
  const whaleIdx = stakers.map((x, i) => (x.agent.kind === "whale" ? i : -1)).filter((i) => i >= 0);
  const out: MidPeriodExits = new Map();
  for (const { mechanism, deployed: d } of farms) {
    const farm = d.farm;
    const snapshot = (await provider.send("evm_snapshot", [])) as string;
    const duration = await farm.rewardsDuration();
    const finish = await farm.periodFinish();
    const notifiedAt = finish - duration;
    const earliest = (await latestTimestamp(hre)) + 1n;
    const planned = notifiedAt + (duration * fraction) / PPB;
    const decideAt = planned < earliest ? earliest : planned;
    await provider.send("evm_setNextBlockTimestamp", [Number(decideAt)]);
    await provider.send("evm_mine", []);
    const earnedAtDecision = await Promise.all(whaleIdx.map((i) => farm.earned(stakers[i].signer.address)));
    const aprPpb = whaleIdx.map((i, j) => lpAprPpb(earnedAtDecision[j], stakers[i].lp, start, decideAt - notifiedAt));
    const left = aprPpb.map((apr) => leaves(rule, apr));
    const leavers = whaleIdx.filter((_, j) => left[j]).map((i) => stakers[i].signer);
    const fromBlock = (await hre.ethers.provider.getBlockNumber()) + 1;
    const burnsBefore = d.burns.length;
    await mechanism.act(world, d, { kind: "exit", leavers, at: decideAt + 1n });
    const burnt = d.burns.splice(burnsBefore);
    const after = await poolOnChain(s);
    const remaining = whaleIdx.filter((_, j) => !left[j]).map((i) => stakers[i].signer.address);
    const total = await d.earning.total();
    let whales = 0n;
    for (const a of remaining) whales += await d.earning.of(a);
    const last = (await latestTimestamp(hre)) + 1n;
    const endAt = finish + 1n > last ? finish + 1n : last;
    await provider.send("evm_setNextBlockTimestamp", [Number(endAt)]);
    await provider.send("evm_mine", []);
    const events = await farm.queryFilter(farm.filters.RewardPaid(), fromBlock, "latest");
    const paidAtExit = new Map(events.map((e) => [e.args.user.toLowerCase(), e.args.reward] as const));
    const rewards = await mapLimit(
      stakers,
      READS_IN_FLIGHT,
      async (x) => paidAtExit.get(x.signer.address.toLowerCase()) ?? (await farm.earned(x.signer.address)),
    );
    const swapOut = await retailSwapOnChain(s, quoteIn);
    await provider.send("evm_revert", [snapshot]);
    out.set(mechanism.id, {
      aprPpb,
      left,
      burnt,
      after,
      total,
      whales,
      swapOut,
      notifiedAt,
      decideAt,
      exitAt: exitTimes(decideAt + 1n, leavers.length),
      endAt,
      earnedAtDecision,
      rewards,
    });
  }
  return out;
}

/**
 * Whale exit and cost of capture of the mining scenario, after its period (every reward claimed):
 * per farm of `farms`, on a chain snapshot reverted afterwards, the whales the rule lets go exit
 * (the mechanism's `exit` action) and burn their LP out of the real pair, the retail swap runs on
 * what is left; the model engine replays the same period and exit on the farm the deployment names
 * (`model`) and must give the same integers (checked here on every run), then searches the cost of
 * capture. `paid` is each farm's rewards per staker, by mechanism id; with `mid` the exit ran in the
 * middle of the period (`midPeriodExits`) and is checked instead.
 */
export async function whaleExitAndCapture(
  world: MiningWorld,
  farms: readonly ExitFarm[],
  stakers: readonly ExitStaker[],
  paid: ReadonlyMap<string, readonly bigint[]>,
  config: ScenarioConfig,
  duration: bigint,
  poolSeed: { token: bigint; quote: bigint },
  mid?: MidPeriodExits,
): Promise<ExitAndCapture> {
  const { hre, setup: s, reward } = world;
  const rule = exitRuleOf(config);
  const quoteIn = wei(config.mining.retailSwapQuote);
  const start = await poolOnChain(s);
  const whaleIdx = stakers.map((x, i) => (x.agent.kind === "whale" ? i : -1)).filter((i) => i >= 0);
  const rewardsOf = (f: ExitFarm) => {
    const r = paid.get(f.mechanism.id);
    if (r === undefined) throw new Error(`mining: no rewards for farm ${f.mechanism.id}`);
    return r;
  };
  const capsOf = (f: ExitFarm) => (f.deployed.model.kind === "capped" ? f.deployed.model.caps : world.caps);

  // The chain: each farm's exit on the same starting state (after the period, unless it ran mid-period).
  const chain = new Map<string, ChainExit>(mid ?? []);
  for (const f of mid === undefined ? farms : []) {
    const { mechanism, deployed: d } = f;
    const own = rewardsOf(f);
    const aprPpb = whaleIdx.map((i) => lpAprPpb(own[i], stakers[i].lp, start, duration));
    const left = aprPpb.map((apr) => leaves(rule, apr));
    const leavers = whaleIdx.filter((_, j) => left[j]).map((i) => stakers[i].signer);
    const remaining = whaleIdx.filter((_, j) => !left[j]).map((i) => stakers[i].signer.address);
    const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
    const burnsBefore = d.burns.length;
    await mechanism.act(world, d, { kind: "exit", leavers });
    const burnt = d.burns.splice(burnsBefore);
    const after = await poolOnChain(s);
    const total = await d.earning.total();
    let whales = 0n;
    for (const a of remaining) whales += await d.earning.of(a);
    const swapOut = await retailSwapOnChain(s, quoteIn);
    await hre.network.provider.send("evm_revert", [snapshot]);
    chain.set(mechanism.id, { aprPpb, left, burnt, after, total, whales, swapOut });
  }

  // The model engine: the same period and exits, which must give the chain's integers.
  const ps = periodStakers(stakers);
  const zero = await tokenIsToken0(s);
  const holder = s.deployer.address;
  for (const f of farms) {
    const { id } = f.mechanism;
    const kind = f.deployed.model;
    const input = { stakers: ps, caps: capsOf(f), reward, duration };
    const period = rewardPeriod(input, which(kind));
    if (!same(kind.kind === "capped" ? period.capped : period.uniswap, [...rewardsOf(f)])) {
      throw new Error(
        `mining: the model engine's rewards in ${id} differ from the chain's (model and contracts disagree)`,
      );
    }
    const pair = new PairModel();
    pair.mint(holder, zero ? poolSeed.token : poolSeed.quote, zero ? poolSeed.quote : poolSeed.token);
    const c = mid?.get(id);
    if (c !== undefined) {
      const midStart = startPeriod(input, which(kind));
      const at = (t: bigint) => midStart.notifiedAt + (t - c.notifiedAt);
      const view = modelView(kind, midStart);
      const exit = midPeriodExit({
        farm: view.farm,
        notifiedAt: midStart.notifiedAt,
        decideAt: at(c.decideAt),
        exitAt: c.exitAt.map(at),
        endAt: at(c.endAt),
        pair,
        tokenIsToken0: zero,
        holder,
        whales: whaleIdx.map((i) => ({ account: ps[i].account, lp: ps[i].lp })),
        accounts: ps.map((x) => x.account),
        rule,
      });
      const remaining = whaleIdx.filter((_, j) => !exit.left[j]).map((i) => ps[i].account);
      const whales = remaining.reduce((a, acc) => a + view.of(acc), 0n);
      const ok =
        same(c.earnedAtDecision, exit.earnedAtDecision) &&
        same(c.aprPpb, exit.aprPpb) &&
        c.left.every((x, i) => x === exit.left[i]) &&
        same(c.burnt.flat(), exit.burnt.flat()) &&
        same(c.rewards, exit.rewards) &&
        same(
          [c.after.reserveToken, c.after.reserveQuote, c.after.lpSupply, c.total, c.whales, c.swapOut],
          [
            exit.after.reserveToken,
            exit.after.reserveQuote,
            exit.after.lpSupply,
            view.total(),
            whales,
            retailSwap(exit.after, quoteIn).tokensOut,
          ],
        );
      if (!ok) throw new Error(`mining: the model engine's mid-period whale exit from ${id} differs from the chain's`);
      continue;
    }
    const own = kind.kind === "capped" ? period.capped : period.uniswap;
    const candidates = whaleIdx.map((i) => ({ account: ps[i].account, lp: ps[i].lp, reward: own[i] }));
    const view = modelView(kind, period);
    const exit = exitFarm(view.farm, pair, zero, holder, candidates, rule, duration, period.now);
    const remaining = whaleIdx.filter((_, j) => !exit.left[j]).map((i) => ps[i].account);
    const whales = remaining.reduce((a, acc) => a + view.of(acc), 0n);
    const cc = chain.get(id) as ChainExit;
    const swapOut = retailSwap(exit.after, quoteIn).tokensOut;
    const ok =
      same(cc.aprPpb, exit.aprPpb) &&
      cc.left.every((x, i) => x === exit.left[i]) &&
      same(cc.burnt.flat(), exit.burnt.flat()) &&
      same(
        [cc.after.reserveToken, cc.after.reserveQuote, cc.after.lpSupply, cc.total, cc.whales, cc.swapOut],
        [exit.after.reserveToken, exit.after.reserveQuote, exit.after.lpSupply, view.total(), whales, swapOut],
      );
    if (!ok) throw new Error(`mining: the model engine's whale exit from ${id} differs from the chain's`);
  }

  // Cost of capture, in the model engine (its period equals the chain's, checked above). The one
  // identity price (identity.priceTokens) in WETH at the pool price the capture starts from.
  const identityPriceQuote = identityPriceAt(config, start);
  const captureInput = {
    others: ps.filter((_, i) => stakers[i].agent.kind !== "whale"),
    whaleLp: whaleIdx.map((i) => ps[i].lp),
    reward,
    duration,
    pool: start,
    identityPriceQuote,
    budgetQuote: wei(config.mining.captureBudgetQuote),
  };
  const captures = new Map<string, Capture>(
    farms.map((f) => [f.mechanism.id, farmCaptureCost({ ...captureInput, caps: capsOf(f) }, which(f.deployed.model))]),
  );

  const full = retailSwap(start, quoteIn);
  const metrics: Record<string, Record<string, MetricValue>> = {};
  for (const f of farms) {
    const { id } = f.mechanism;
    const c = chain.get(id) as ChainExit;
    const whaleLp = whaleIdx.reduce((a, i) => a + stakers[i].lp, 0n);
    const own = rewardsOf(f);
    const whaleReward = whaleIdx.reduce((a, i) => a + own[i], 0n);
    const swap = retailSwap(c.after, quoteIn);
    const cap = captures.get(id) as Capture;
    const m = mid?.get(id);
    const whaleApr =
      m === undefined
        ? lpAprPpb(whaleReward, whaleLp, start, duration)
        : lpAprPpb(
            m.earnedAtDecision.reduce((a, x) => a + x, 0n),
            whaleLp,
            start,
            m.decideAt - m.notifiedAt,
          );
    metrics[id] = {
      whaleAprAtPoolPrice: fromPpb(whaleApr),
      whalesExited: c.left.filter((x) => x).length,
      lpSupplyAfterExit: display(c.after.lpSupply),
      poolTokenReserveAfterExit: display(c.after.reserveToken),
      poolQuoteReserveAfterExit: display(c.after.reserveQuote),
      liquidityLeftShare: fromPpb((c.after.lpSupply * PPB) / start.lpSupply),
      retailSwapTokensOut: display(c.swapOut),
      retailSwapPriceImpact: Number(swap.priceImpactPpm) / 1e6,
      retailRewardShareAfterExit: c.total === 0n ? 0 : fromPpb(((c.total - c.whales) * PPB) / c.total),
      captureStatus: captureText(cap, config),
      captureSpendQuote: cap.spendQuote === undefined ? NaN : display(cap.spendQuote),
      captureSpendTokens: cap.spendTokens === undefined ? NaN : display(cap.spendTokens),
      captureLpBought: cap.lpBought === undefined ? NaN : display(cap.lpBought),
      captureIdentitiesBought: cap.identitiesBought === undefined ? NaN : Number(cap.identitiesBought),
      whaleRewardShareAtCapture: fromPpb(cap.whaleRewardSharePpb),
      ...(m === undefined ? {} : periodWithExit(m, stakers)),
    };
  }

  const parameters: Record<string, MetricValue> = {
    whaleExitRule: ruleText(config),
    retailSwapQuote: config.mining.retailSwapQuote,
    poolTokenReserveStart: display(start.reserveToken),
    poolQuoteReserveStart: display(start.reserveQuote),
    lpSupplyStart: display(start.lpSupply),
    retailSwapPriceImpactFullPool: Number(full.priceImpactPpm) / 1e6,
    identityPriceTokens: config.identity.priceTokens,
    identityPriceQuote: display(identityPriceQuote),
    captureBudgetQuote: config.mining.captureBudgetQuote,
  };
  const atFraction = config.mining.whaleExit.atFraction;
  // The exit day reported is the first of our farms' (the baselines are notified after it).
  const ourFirst = farms.find((f) => !f.mechanism.baseline) ?? farms[0];
  const midOurs = ourFirst === undefined ? undefined : mid?.get(ourFirst.mechanism.id);
  if (atFraction !== undefined && midOurs !== undefined) {
    parameters.whaleExitAtFraction = atFraction;
    parameters.whaleExitDay = Number(midOurs.decideAt - midOurs.notifiedAt) / 86_400;
  }
  const price = Number(start.reserveQuote) / Number(start.reserveToken);
  const allFarms = everyOf(farms.length, "farm");
  const others = farms.length === 2 ? "the other farm's stake" : "the other farms' stakes";
  const notes = {
    exit:
      (atFraction === undefined || midOurs === undefined
        ? `After the period (every reward claimed) each whale compares the farm's APR on its LP — its reward ÷ its LP, both valued at the pool price, over ${formatAmount(Number(duration) / 86_400)} days, annualised — with the rule (${ruleText(config)}); ` +
          `a leaver withdraws its stake and burns it out of the real CWT/WETH pair. The same rule runs in ${allFarms}, each on the same starting chain. `
        : `At ${formatShare(atFraction)} of the period (mining.whaleExit.atFraction = ${atFraction}; day ${formatAmount(Number(midOurs.decideAt - midOurs.notifiedAt) / 86_400, 2)} of ${formatAmount(Number(duration) / 86_400)}) each whale compares the farm's APR on its LP — what it has earned so far ÷ its LP, both valued at the pool price, over the days since the notification, annualised — with the rule (${ruleText(config)}); ` +
          `a leaver exits (its reward so far paid, its stake withdrawn) and burns its LP out of the real CWT/WETH pair; everyone else stays to the period's end. The same rule runs in ${allFarms}, each on the same chain right after the notification. ` +
          "Nothing trades between the exit and the end, so the liquidity left and the retail swap are the same at the exit moment and at the end; the period's rewards with the exit are what each leaver was paid at its exit plus what the stayers earned by the end. ") +
      `${allFarms.charAt(0).toUpperCase()}${allFarms.slice(1)} staked the same LP, so the pool also holds ${others}: the share left is of the whole pool. ` +
      `The retail swap is ${formatAmount(config.mining.retailSwapQuote, 6)} WETH for CWT through the pair after the exit (price impact = 1 − output ÷ the spot-price output, the 0.3 % fee included; ${formatShare(Number(full.priceImpactPpm) / 1e6, 2)} on the full pool). ` +
      "Retail reward share after the exit is retail's share of the stake that earns next period (effective stake in the capped farm). " +
      "The model engine replays the period and the exit and gives the same integers (checked in every run).",
    capture:
      "The least spend at which the whale side takes at least half of a period's rewards, found by bisection to the wei in the model engine. " +
      `Assumptions: the whales buy LP at the pool price (minting both sides at the reserve ratio; ${formatAmount(price, 6)} WETH per CWT, so spend in tokens = spend ÷ price) ` +
      `and, in the capped farm, verified identities at ${formatAmount(config.identity.priceTokens, 6)} CWT each (identity.priceTokens), ${formatAmount(display(identityPriceQuote), 6)} WETH at the pool price, each identity staking up to the cap; ` +
      "caps, rewards and every other staker stay as in the period; the identities come without a rotation cooldown and nobody reacts. " +
      `Budget: ${formatAmount(config.mining.captureBudgetQuote, 6)} WETH (mining.captureBudgetQuote); beyond it the farm is reported not capturable within the budget.`,
  };
  const line = (f: ExitFarm) => {
    const m = metrics[f.mechanism.id];
    return (
      `under ${shortName(f.mechanism)}: ${plural(Number(m.whalesExited), "whale")} left (whale APR ${formatShare(Number(m.whaleAprAtPoolPrice))}), the pool keeps ${formatShare(Number(m.liquidityLeftShare))} of its liquidity ` +
      `and a ${formatAmount(config.mining.retailSwapQuote, 6)} WETH retail swap moves the price ${formatShare(Number(m.retailSwapPriceImpact), 2)}${withExit(f.mechanism.id)}`
    );
  };
  const when =
    atFraction === undefined ? "" : `, at ${formatShare(atFraction)} of the period (mining.whaleExit.atFraction)`;
  const withExit = (id: string) =>
    atFraction === undefined
      ? ""
      : ` (retail then takes ${formatShare(Number(metrics[id].retailRewardShareWithExit))} of the period's rewards)`;
  const reading =
    `Whale exit (${ruleText(config)}${when}): ${farms.map(line).join("; ")}. ` +
    `Cost of capture (half the rewards): ${farms.map((f) => `${shortName(f.mechanism)} ${captureText(captures.get(f.mechanism.id) as Capture, config)}`).join("; ")}.`;
  return { metrics, parameters, notes, reading };
}

/** The period's rewards with a mid-period exit: what the leavers were paid at their exit and the stayers earned. */
function periodWithExit(m: MidChainExit, stakers: readonly ExitStaker[]): Record<string, MetricValue> {
  const sum = (pick: (x: ExitStaker) => boolean) => m.rewards.reduce((a, r, i) => (pick(stakers[i]) ? a + r : a), 0n);
  const total = sum(() => true);
  const retail = sum((x) => x.agent.kind !== "whale");
  return {
    rewardsWithExit: display(total),
    whaleRewardsWithExit: display(total - retail),
    retailRewardShareWithExit: total === 0n ? 0 : fromPpb((retail * PPB) / total),
  };
}

/** The capture in words: "already captured (spend 0)", "12,345 WETH (…)", "not capturable within budget X WETH". */
function captureText(c: Capture, config: ScenarioConfig): string {
  if (c.status === "already") return "already captured at no spend";
  if (c.status === "not-within-budget")
    return `not capturable within budget ${formatAmount(config.mining.captureBudgetQuote, 6)} WETH`;
  const ids = c.identitiesBought ?? 0n;
  return (
    `${formatAmount(display(c.spendQuote ?? 0n), 2)} WETH = ${formatAmount(display(c.spendTokens ?? 0n), 0)} CWT at the pool price ` +
    `(${formatAmount(display(c.lpBought ?? 0n), 2)} LP${ids > 0n ? ` and ${plural(Number(ids), "identity", "identities")}` : ""})`
  );
}
