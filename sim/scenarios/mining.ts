import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { permitDigester, permitDomain } from "../chain/permit";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { SigningKey, computeAddress, solidityPackedKeccak256 } from "ethers";
import { sendAll } from "../chain/batch";
import { registerAgents } from "../chain/identity";
import { BASELINE_DURATION, WAD, deployMining, type FarmCaps, type MiningSetup } from "../chain/mining";
import { gini, topKShare } from "../metrics";
import type { ScenarioConfig } from "../config/schema";
import type { Agent, Population } from "../population";
import { formatAmount, formatShare, plural } from "../report/format";
import type { MechanismResult, MetricValue, Scenario, ScenarioContext, ScenarioResult } from "../types";
import { Disperse__factory } from "../../typechain-types";
import { whaleExitAndCapture } from "./miningExit";
import { POOL_TOKEN, POOL_WETH, REWARD, capsFor, chooseStakers, stakingRetail } from "./miningStakers";

const SYBIL_KS = [1, 10, 100] as const;
const SYBIL_RETAIL = 50;

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

async function disperseLp(s: MiningSetup, to: string[], amounts: bigint[]): Promise<void> {
  const disperse = await new Disperse__factory(s.deployer).deploy();
  const total = amounts.reduce((a, b) => a + b, 0n);
  await (await s.pool.pair.approve(await disperse.getAddress(), total)).wait();
  const pair = await s.pool.pair.getAddress();
  for (let i = 0; i < to.length; i += 200) {
    await (await disperse.disperse(pair, to.slice(i, i + 200), amounts.slice(i, i + 200))).wait();
  }
}

/** Every staker stakes at t0 in both farms; both are notified; one full period later all claim. */
async function runPeriod(
  hre: HardhatRuntimeEnvironment,
  s: MiningSetup,
  signers: HardhatEthersSigner[],
  lps: bigint[],
  verified: boolean[],
  label: string,
  claim: boolean,
): Promise<{ ours: bigint[]; theirs: bigint[] }> {
  await disperseLp(
    s,
    signers.map((x) => x.address),
    lps.map((l) => 2n * l),
  );
  const farmAddr = await s.farm.getAddress();
  const baseAddr = await s.baseline.getAddress();
  const permit = await permitSigner(hre, s);
  // Verified agents register in the real IdentityRegistry (one Merkle root, one proof each).
  await registerAgents(
    s.registry,
    s.governor,
    signers.filter((_, i) => verified[i]),
    label,
  );
  const batch = 100;
  const provider = hre.network.provider;
  for (let i = 0; i < signers.length; i += batch) {
    const part = signers.slice(i, i + batch);
    // Both farms take an EIP-2612 permit of the pair (pair nonce 0 for ours, 1 for the baseline),
    // as the Uniswap interface does; each agent has one transaction in flight per step, and the
    // transactions are mined in signer order.
    const sigs = part.map((x, j) => [permit(x, farmAddr, lps[i + j], 0n), permit(x, baseAddr, lps[i + j], 1n)]);
    await sendAll(
      provider,
      part.map((x, j) => ({ from: x, tx: s.farm.stakeWithPermit.populateTransaction(lps[i + j], MAX, ...sigs[j][0]) })),
      batch,
    );
    await sendAll(
      provider,
      part.map((x, j) => ({
        from: x,
        tx: s.baseline.stakeWithPermit.populateTransaction(lps[i + j], MAX, ...sigs[j][1]),
      })),
      batch,
    );
  }
  await (await s.farm.notifyRewardAmount(REWARD)).wait();
  await (await s.baseline.notifyRewardAmount(REWARD)).wait();
  await hre.network.provider.send("evm_increaseTime", [Number(BASELINE_DURATION) + 1]);
  await hre.network.provider.send("evm_mine", []);
  if (!claim) {
    const ours = await Promise.all(signers.map((x) => s.farm.earned(x.address)));
    const theirs = await Promise.all(signers.map((x) => s.baseline.earned(x.address)));
    return { ours, theirs };
  }
  for (let i = 0; i < signers.length; i += batch) {
    const part = signers.slice(i, i + batch);
    await sendAll(
      provider,
      part.map((x) => ({ from: x, tx: s.farm.getReward.populateTransaction() })),
      batch,
    );
    await sendAll(
      provider,
      part.map((x) => ({ from: x, tx: s.baseline.getReward.populateTransaction() })),
      batch,
    );
  }
  // Both farms pay in the same token, so each farm's payouts are read from its own RewardPaid events.
  const ours = paidBy(await s.farm.queryFilter(s.farm.filters.RewardPaid(), 0, "latest"), signers);
  const theirs = paidBy(await s.baseline.queryFilter(s.baseline.filters.RewardPaid(), 0, "latest"), signers);
  return { ours, theirs };
}

const MAX = 2n ** 256n - 1n;

/** Agents' permit keys by address (derived deterministically from the run label and index). */
const agentKeys = new Map<string, SigningKey>();

/**
 * Agent accounts with known keys: transactions go through the node as impersonated accounts (fast),
 * the keys only sign EIP-2612 permits off-chain.
 */
async function keyedAgents(
  hre: HardhatRuntimeEnvironment,
  count: number,
  label: string,
): Promise<HardhatEthersSigner[]> {
  const signers: HardhatEthersSigner[] = [];
  for (let i = 0; i < count; i++) {
    const key = new SigningKey(
      solidityPackedKeccak256(["string", "string", "uint256"], ["counterweight-mining", label, i]),
    );
    const address = computeAddress(key.publicKey);
    await hre.network.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
    await hre.network.provider.request({ method: "hardhat_setBalance", params: [address, "0x3635c9adc5dea00000"] });
    signers.push(await hre.ethers.getSigner(address));
    agentKeys.set(address, key);
  }
  return signers;
}

/** Signs Uniswap V2 pair permits (owner → spender, value, nonce, no deadline) with the agents' keys. */
async function permitSigner(hre: HardhatRuntimeEnvironment, s: MiningSetup) {
  const digest = permitDigester(await permitDomain(s.pool.pair, (await hre.ethers.provider.getNetwork()).chainId));
  return (owner: HardhatEthersSigner, spender: string, value: bigint, nonce: bigint): [number, string, string] => {
    const key = agentKeys.get(owner.address);
    if (key === undefined) throw new Error(`no key for ${owner.address}`);
    const sig = key.sign(digest({ owner: owner.address, spender, value, nonce, deadline: MAX }));
    return [sig.v, sig.r, sig.s];
  };
}

/** Rewards paid per signer, from a farm's RewardPaid(user, reward) events (same event in both farms). */
function paidBy(
  events: readonly { args: { user: string; reward: bigint } }[],
  signers: HardhatEthersSigner[],
): bigint[] {
  const byUser = new Map<string, bigint>();
  for (const e of events) {
    const user = e.args.user.toLowerCase();
    byUser.set(user, (byUser.get(user) ?? 0n) + e.args.reward);
  }
  return signers.map((x) => byUser.get(x.address.toLowerCase()) ?? 0n);
}

function mechanism(
  id: string,
  label: string,
  baseline: boolean,
  stakers: Staker[],
  rewards: bigint[],
  funded: bigint,
): MechanismResult {
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
    rewardsFunded: display(funded),
    rewardsPaid: display(totalReward),
  };
  return { id, label, baseline, metrics, distribution: { what: "rewards", values } };
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
    const s = await deployMining(hre, {
      caps,
      liquidityToken: POOL_TOKEN,
      liquidityWeth: POOL_WETH,
      farmRewards: REWARD,
    });
    const split = await keyedAgents(hre, k, `mining-sybil-${label}`);
    const rest = await keyedAgents(hre, others.length, "mining-sybil-rest");
    const parts = Array.from({ length: k }, (_, i) => whale.lp / BigInt(k) + (i === 0 ? whale.lp % BigInt(k) : 0n));
    const verified = [...split.map(() => label === "before"), ...others.map((o) => o.agent.verified)];
    const r = await runPeriod(
      hre,
      s,
      [...split, ...rest],
      [...parts, ...others.map((o) => o.lp)],
      verified,
      `mining-sybil-${label}`,
      false,
    );
    const pick = (xs: bigint[]) => xs.slice(0, k).reduce((a, b) => a + b, 0n);
    await hre.network.provider.send("evm_revert", [snapshot]); // each variant on the same starting chain
    return { ours: pick(r.ours), theirs: pick(r.theirs) };
  };
  const before = await run(1, "before");
  const rows: { id: string; label: string; metrics: Record<string, MetricValue> }[] = [];
  for (const k of SYBIL_KS) {
    const after = await run(k, `k${k}`);
    for (const [id, label, b, a] of [
      ["counterweight", "Counterweight capped farm", before.ours, after.ours],
      ["uniswap-staking-rewards", "Uniswap StakingRewards", before.theirs, after.theirs],
    ] as const) {
      rows.push({
        id: `sybil-k${k}-${id}`,
        label: `${label}: whale split over ${plural(k, "address", "addresses")} without identity`,
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
  const s = await deployMining(hre, {
    caps: { cap: 0n, slope: 0n, unverifiedCap: 0n },
    liquidityToken: POOL_TOKEN,
    liquidityWeth: POOL_WETH,
    farmRewards: REWARD,
  });
  const agents = chooseStakers(ctx);
  const forAgents = (s.lp * 9n) / 10n / 2n; // half of 90%: each agent receives its LP twice (one per farm)
  const signers = await keyedAgents(hre, agents.length, "mining");
  const stakers: Staker[] = agents.map((agent, i) => ({
    agent,
    signer: signers[i],
    lp: (agent.amount * forAgents) / population.total,
  }));
  const caps = capsFor(stakers, ctx.config);
  // The timelock (farm admin) sets the caps for this population, as a governance proposal would.
  await (await s.farm.connect(s.governor).setCaps(caps.cap, caps.slope, caps.unverifiedCap)).wait();

  const r = await runPeriod(
    hre,
    s,
    signers,
    stakers.map((x) => x.lp),
    stakers.map((x) => x.agent.verified),
    "mining-population",
    true,
  );
  const baseline = mechanism("uniswap-staking-rewards", "Uniswap StakingRewards", true, stakers, r.theirs, REWARD);
  const ours = mechanism("counterweight", "Counterweight capped farm", false, stakers, r.ours, REWARD);
  // The values the farm actually ran with, read back from the chain (not the constants above).
  const onChain = await s.farm.caps();
  const duration = await s.farm.rewardsDuration();
  const exit = await whaleExitAndCapture(hre, s, stakers, caps, r, ctx.config, duration, REWARD, {
    token: POOL_TOKEN,
    quote: POOL_WETH,
  });
  Object.assign(baseline.metrics, exit.metrics["uniswap-staking-rewards"]);
  Object.assign(ours.metrics, exit.metrics.counterweight);
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
    `${plural(whales, "whale")} and ${plural(agents.length - whales, "retail staker")} put LP tokens of the real CWT/WETH pair in both farms for one ` +
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

  return { scenario: "mining", mechanisms: [baseline, ours], variants, parameters, reading, notes: exit.notes };
};

/** About the transactions the scenario sends (for the progress bar): 5 per staker, the sybil runs, the exits. */
function miningSteps(population: Population, config: ScenarioConfig): number {
  const whales = population.agents.filter((a) => a.kind === "whale").length;
  const retail = population.agents.filter((a) => a.kind === "retail").length;
  return 5 * (whales + stakingRetail(retail, config)) + 950 + 2 * (3 * whales + 3);
}

export const miningScenario: Scenario = Object.assign(runMining, { steps: miningSteps });
