import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { registerAgents } from "../chain/identity";
import { WAD, deployMining, type FarmCaps } from "../chain/mining";
import { gini, topKShare } from "../metrics";
import type { ScenarioConfig } from "../config/schema";
import type { Agent, Population } from "../population";
import { everyOf, formatAmount, formatShare, plural } from "../report/format";
import type { MechanismResult, MetricValue, Scenario, ScenarioContext, ScenarioResult } from "../types";
import { inOrder } from "../mechanisms/mechanism";
import {
  COUNTERWEIGHT_FARM,
  MINING_MECHANISMS,
  STAKE_BATCH,
  UNISWAP_STAKING_REWARDS,
  disperseLp,
  keyedAgents,
  miningWorld,
  type MiningDeployment,
  type MiningMechanism,
  type MiningReading,
  type MiningWorld,
} from "../mechanisms/mining";
import { midPeriodExits, whaleExitAndCapture, type ExitFarm } from "./miningExit";
import { FARM_ORDER, POOL_TOKEN, POOL_WETH, REWARD, capsFor, chooseStakers, stakingRetail } from "./miningStakers";

const SYBIL_KS = [1, 10, 100] as const;
const SYBIL_RETAIL = 50;
/**
 * The reference run stakes, notifies and claims in FARM_ORDER (sim/scenarios/miningStakers.ts, the
 * model sweep replays it); it deploys StakingRewards first and ends the periods in the reverse of
 * the notification order, so the last farm notified warps the chain past every period at once.
 */
const DEPLOY_ORDER = [UNISWAP_STAKING_REWARDS.id, COUNTERWEIGHT_FARM.id];
const FARMS = BigInt(MINING_MECHANISMS.length);

interface Staker {
  agent: Agent;
  signer: HardhatEthersSigner;
  lp: bigint;
}

function display(x: bigint): number {
  return Number(x / 10n ** 12n) / 1e6;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** A new pool, registry and pair of farms with `caps` (deployMining), and the world over it. */
async function newWorld(hre: HardhatRuntimeEnvironment, caps: FarmCaps): Promise<MiningWorld> {
  const setup = await deployMining(hre, {
    caps,
    liquidityToken: POOL_TOKEN,
    liquidityWeth: POOL_WETH,
    farmRewards: REWARD,
  });
  return miningWorld(hre, setup, caps, REWARD);
}

/** A period whose farms are staked and notified (`startPeriod`), for `finishPeriod` to run out. */
interface StartedPeriod {
  world: MiningWorld;
  signers: HardhatEthersSigner[];
  /** Every farm of the list with its deployment, in list (report) order. */
  farms: ExitFarm[];
}

const FARM_STEP_ORDER = () => inOrder(MINING_MECHANISMS, FARM_ORDER);

async function phase(
  p: StartedPeriod,
  list: readonly MiningMechanism[],
  step: (m: MiningMechanism, d: MiningDeployment) => Promise<void>,
): Promise<void> {
  for (const m of list) await step(m, (p.farms.find((f) => f.mechanism === m) as ExitFarm).deployed);
}

/** The first staker of each batch of `count` (stakes and claims go batch by batch over the farms). */
const batchStarts = (count: number) =>
  Array.from({ length: Math.ceil(count / STAKE_BATCH) }, (_, b) => b * STAKE_BATCH);

/**
 * The start of one reward period on every farm of the list: the farms are deployed, each staker
 * receives its LP once per farm and registers if verified, stakes at t0 in each farm, and each farm
 * is notified. A mid-period exit runs from here (sim/scenarios/miningExit.ts), then `finishPeriod`.
 */
async function startPeriod(
  world: MiningWorld,
  signers: HardhatEthersSigner[],
  lps: bigint[],
  verified: boolean[],
  label: string,
): Promise<StartedPeriod> {
  const s = world.setup;
  const deployments = new Map<string, MiningDeployment>();
  for (const m of inOrder(MINING_MECHANISMS, DEPLOY_ORDER)) deployments.set(m.id, await m.deploy(world));
  const p: StartedPeriod = {
    world,
    signers,
    farms: MINING_MECHANISMS.map((m) => ({ mechanism: m, deployed: deployments.get(m.id) as MiningDeployment })),
  };
  await disperseLp(
    s,
    signers.map((x) => x.address),
    lps.map((l) => FARMS * l),
  );
  const order = FARM_STEP_ORDER();
  // Verified agents register in the real IdentityRegistry (one Merkle root, one proof each).
  await registerAgents(
    s.registry,
    s.governor,
    signers.filter((_, i) => verified[i]),
    label,
  );
  // Stakes and claims go batch by batch over the farms; each agent has one transaction in flight
  // per step and the transactions are mined in signer order.
  for (const i of batchStarts(signers.length)) {
    const holdings = { signers: signers.slice(i, i + STAKE_BATCH), lps: lps.slice(i, i + STAKE_BATCH) };
    await phase(p, order, (m, d) => m.distribute(world, d, holdings));
  }
  await phase(p, order, (m, d) => m.act(world, d, { kind: "notify" }));
  return p;
}

/** The chain passes every period's end and (if `claim`) all claim. The readings by id. */
async function finishPeriod(p: StartedPeriod, claim: boolean): Promise<Map<string, MiningReading>> {
  const { world, signers } = p;
  const order = FARM_STEP_ORDER();
  await phase(p, [...order].reverse(), (m, d) => m.act(world, d, { kind: "end" }));
  if (claim) {
    for (const i of batchStarts(signers.length)) {
      const part = signers.slice(i, i + STAKE_BATCH);
      await phase(p, order, (m, d) => m.act(world, d, { kind: "claim", signers: part }));
    }
  }
  const readings = new Map<string, MiningReading>();
  await phase(p, MINING_MECHANISMS, async (m, d) => void readings.set(m.id, await m.read(world, d)));
  return readings;
}

/** One reward period on every farm of the list, with nothing between the notification and the end. */
async function runPeriod(
  world: MiningWorld,
  signers: HardhatEthersSigner[],
  lps: bigint[],
  verified: boolean[],
  label: string,
  claim: boolean,
): Promise<Map<string, MiningReading>> {
  return finishPeriod(await startPeriod(world, signers, lps, verified, label), claim);
}

const rewardsOf = (readings: Map<string, MiningReading>, id: string) => (readings.get(id) as MiningReading).rewards;

function mechanism(m: MiningMechanism, stakers: Staker[], reading: MiningReading): MechanismResult {
  const rewards = reading.rewards;
  const isWhale = stakers.map((s) => s.agent.kind === "whale");
  const sum = (xs: bigint[], pick: (i: number) => boolean) => xs.reduce((a, x, i) => (pick(i) ? a + x : a), 0n);
  const lps = stakers.map((s) => s.lp);
  const totalStake = sum(lps, () => true);
  const totalReward = sum(rewards, () => true);
  const whaleStake = sum(lps, (i) => isWhale[i]);
  const whaleReward = sum(rewards, (i) => isWhale[i]);
  const retailStakeShare = ratio(display(totalStake - whaleStake), display(totalStake));
  const retailRewardShare = ratio(display(totalReward - whaleReward), display(totalReward));
  const whaleYield = ratio(display(whaleReward), display(whaleStake));
  const retailYield = ratio(display(totalReward - whaleReward), display(totalStake - whaleStake));
  const values = rewards.map(display);
  const metrics: Record<string, MetricValue> = {
    rewardGini: gini(values),
    top3RewardShare: topKShare(values, 3),
    whaleStakeShare: ratio(display(whaleStake), display(totalStake)),
    whaleRewardShare: ratio(display(whaleReward), display(totalReward)),
    retailStakeShare,
    retailRewardShare,
    retailRewardOverStake: ratio(retailRewardShare, retailStakeShare),
    whaleYieldPerToken: whaleYield,
    retailYieldPerToken: retailYield,
    whaleOverRetailYield: ratio(whaleYield, retailYield),
    rewardsFunded: display(reading.funded),
    rewardsPaid: display(totalReward),
  };
  return { id: m.id, label: m.label, baseline: m.baseline, metrics, distribution: { what: "rewards", values } };
}

/**
 * Whale `whale` alone (one verified account) vs split over k identity-less accounts, next to the
 * other whales and `SYBIL_RETAIL` retail stakers; sybilGain = rewards after ÷ rewards before.
 */
async function sybilVariants(
  hre: HardhatRuntimeEnvironment,
  stakers: Staker[],
  caps: FarmCaps,
): Promise<{ id: string; label: string; metrics: Record<string, MetricValue> }[]> {
  const whale = stakers.find((s) => s.agent.kind === "whale");
  if (whale === undefined) return [];
  const others = [
    ...stakers.filter((s) => s.agent.kind === "whale" && s !== whale),
    ...stakers.filter((s) => s.agent.kind !== "whale").slice(0, SYBIL_RETAIL),
  ];
  const run = async (k: number, label: string) => {
    const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
    const world = await newWorld(hre, caps);
    const split = await keyedAgents(hre, k, `mining-sybil-${label}`);
    const rest = await keyedAgents(hre, others.length, "mining-sybil-rest");
    const parts = Array.from({ length: k }, (_, i) => whale.lp / BigInt(k) + (i === 0 ? whale.lp % BigInt(k) : 0n));
    const verified = [...split.map(() => label === "before"), ...others.map((o) => o.agent.verified)];
    const r = await runPeriod(
      world,
      [...split, ...rest],
      [...parts, ...others.map((o) => o.lp)],
      verified,
      `mining-sybil-${label}`,
      false,
    );
    const pick = (id: string) =>
      rewardsOf(r, id)
        .slice(0, k)
        .reduce((a, b) => a + b, 0n);
    await hre.network.provider.send("evm_revert", [snapshot]); // each variant on the same starting chain
    return new Map(MINING_MECHANISMS.map((m) => [m.id, pick(m.id)]));
  };
  const before = await run(1, "before");
  const rows: { id: string; label: string; metrics: Record<string, MetricValue> }[] = [];
  for (const k of SYBIL_KS) {
    const after = await run(k, `k${k}`);
    for (const m of inOrder(MINING_MECHANISMS, FARM_ORDER)) {
      const [b, a] = [before.get(m.id) ?? 0n, after.get(m.id) ?? 0n];
      rows.push({
        id: `sybil-k${k}-${m.id}`,
        label: `${m.label}: whale split over ${plural(k, "address", "addresses")} without identity`,
        metrics: { k, rewardsBefore: display(b), rewardsAfter: display(a), sybilGain: ratio(display(a), display(b)) },
      });
    }
  }
  return rows;
}

/**
 * Mining: whales and heavy-tailed retail stake LP tokens of the real CWT/WETH Uniswap V2 pair in
 * Uniswap's StakingRewards and in the Counterweight capped farm, through one full reward period.
 */
const runMining = async (ctx: ScenarioContext): Promise<ScenarioResult> => {
  const { hre, population } = ctx;
  const world = await newWorld(hre, { cap: 0n, slope: 0n, unverifiedCap: 0n });
  const s = world.setup;
  const agents = chooseStakers(ctx);
  // 90% of the pool's LP, split over the farms: each agent receives its LP once per farm.
  const forAgents = (s.lp * 9n) / 10n / FARMS;
  const signers = await keyedAgents(hre, agents.length, "mining");
  const stakers: Staker[] = agents.map((agent, i) => ({
    agent,
    signer: signers[i],
    lp: (agent.amount * forAgents) / population.total,
  }));
  // The capped farm's admin (the timelock) sets the caps for this population when it is deployed.
  const caps = capsFor(stakers, ctx.config);
  world.caps = caps;

  const period = await startPeriod(
    world,
    signers,
    stakers.map((x) => x.lp),
    stakers.map((x) => x.agent.verified),
    "mining-population",
  );
  // The mid-period whale exit, if any, on a snapshot it reverts (sim/scenarios/miningExit.ts).
  const mid = await midPeriodExits(world, period.farms, stakers, ctx.config);
  const readings = await finishPeriod(period, true);
  const results = MINING_MECHANISMS.map((m) => mechanism(m, stakers, readings.get(m.id) as MiningReading));
  const resultOf = (id: string) => results.find((x) => x.id === id) as MechanismResult;
  const baseline = resultOf(UNISWAP_STAKING_REWARDS.id);
  const ours = resultOf(COUNTERWEIGHT_FARM.id);
  // The values the farm actually ran with, read back from the chain (not the constants above).
  const onChain = await s.farm.caps();
  const duration = await s.farm.rewardsDuration();
  // The whale exit and cost of capture, on every farm of the list (sim/scenarios/miningExit.ts).
  const paid = new Map(MINING_MECHANISMS.map((m) => [m.id, rewardsOf(readings, m.id)]));
  const exit = await whaleExitAndCapture(
    world,
    period.farms,
    stakers,
    paid,
    ctx.config,
    duration,
    { token: POOL_TOKEN, quote: POOL_WETH },
    mid,
  );
  for (const x of results) Object.assign(x.metrics, exit.metrics[x.id] ?? {});
  const variants = ctx.variants === false ? [] : await sybilVariants(hre, stakers, caps);

  const m = (x: MechanismResult, k: string) => Number(x.metrics[k]);
  const gainAt = (k: number, id: string) =>
    Number(variants.find((v) => v.id === `sybil-k${k}-${id}`)?.metrics.sybilGain ?? NaN);
  const pct = (x: number) => formatShare(x);
  const whales = agents.filter((a) => a.kind === "whale").length;
  const periodDays = Number(duration) / 86_400;
  const parameters = {
    rewardPeriodDays: periodDays,
    rewardsPerFarm: display(REWARD),
    cap: display(onChain.cap),
    slope: Number(onChain.slope) / Number(WAD),
    unverifiedCap: display(onChain.unverifiedCap),
    capOverMeanRetailStake: ctx.config.mining.capOverMeanStake,
    retailStakers: agents.length - agents.filter((a) => a.kind === "whale").length,
    ...exit.parameters,
  };
  const reading =
    `${plural(whales, "whale")} and ${plural(agents.length - whales, "retail staker")} put LP tokens of the real CWT/WETH pair in ${everyOf(MINING_MECHANISMS.length, "farm")} for one ` +
    `${formatAmount(periodDays)}-day period. Under Uniswap's StakingRewards retail holds ${pct(m(baseline, "retailStakeShare"))} ` +
    `of the stake and receives ${pct(m(baseline, "retailRewardShare"))} of the rewards (×${m(baseline, "retailRewardOverStake").toFixed(2)}); ` +
    `a whale earns ${m(baseline, "whaleOverRetailYield").toFixed(2)}× retail's reward per LP token and the top 3 take ${pct(m(baseline, "top3RewardShare"))}. ` +
    `Under the Counterweight farm (cap ${formatAmount(parameters.cap)} LP per identity, ${formatAmount(parameters.capOverMeanRetailStake, 2)}× the mean retail stake; slope ${formatShare(parameters.slope, 0)} above it; ` +
    `${formatAmount(parameters.unverifiedCap, 2)} LP for an account without identity) retail receives ${pct(m(ours, "retailRewardShare"))} ` +
    `(×${m(ours, "retailRewardOverStake").toFixed(2)} its stake share), a whale earns ${m(ours, "whaleOverRetailYield").toFixed(2)}× retail's reward per LP ` +
    `and the reward Gini falls from ${m(baseline, "rewardGini").toFixed(3)} to ${m(ours, "rewardGini").toFixed(3)}. ` +
    `Splitting a whale over 100 identity-less addresses yields ×${gainAt(100, "counterweight").toFixed(3)} its rewards in the capped farm ` +
    `(×${gainAt(100, "uniswap-staking-rewards").toFixed(3)} in StakingRewards, where splitting is pointless because reward is already ∝ stake). ` +
    exit.reading;

  return { scenario: "mining", mechanisms: results, variants, parameters, reading, notes: exit.notes };
};

/**
 * About the transactions the scenario sends (for the progress bar): 5 per staker, the sybil runs,
 * and the whale exit exactly when every whale leaves (at most otherwise): per farm of the list, 3
 * per leaver (exit, LP to the pair, burn) and 3 for the retail swap (WETH mint, transfer, swap),
 * the same after the period and mid-period (its block mines are no transactions).
 */
function miningSteps(population: Population, config: ScenarioConfig): number {
  const whales = population.agents.filter((a) => a.kind === "whale").length;
  const retail = population.agents.filter((a) => a.kind === "retail").length;
  return 5 * (whales + stakingRetail(retail, config)) + 950 + exitSteps(whales, config);
}

/** The whale exit's transactions (see `miningSteps`): none leaves under "never". */
export function exitSteps(whales: number, config: ScenarioConfig): number {
  const leavers = config.mining.whaleExit.rule === "never" ? 0 : whales;
  return MINING_MECHANISMS.length * (3 * leavers + 3);
}

export const miningScenario: Scenario = Object.assign(runMining, { steps: miningSteps });
