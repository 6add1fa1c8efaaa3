import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { MechanismResult, MetricValue, Scenario, ScenarioContext, ScenarioResult, SeriesPoint } from "../types";
import type { ScenarioConfig } from "../config/schema";
import type { Population } from "../population";
import { formatAmount, formatShare, formatSignedPercent } from "../report/format";
import { agentSigners } from "../chain/accounts";
import { addLiquidity, deployV2Pool, getAmountOut, reservesFor, spotPrice, swapExactIn } from "../chain/uniswapV2";
import type { V2Pool } from "../chain/uniswapV2";
import { CounterweightToken__factory, TestERC20__factory, VestingVault__factory } from "../../typechain-types";
import type { CounterweightToken, TestERC20 } from "../../typechain-types";
import { TreasuryVester__factory } from "../../typechain-types/baselines";
import type { TreasuryVester } from "../../typechain-types/baselines";

const E18 = 10n ** 18n;
const DAY = 86_400;
const MONTH = 30 * DAY;
const PUBLIC_PRICE = 1n; // quote per token at launch
/** Months of year one, over which the VCs' peak voting weight is read. */
const FIRST_YEAR_MONTHS = 12;
const PPB = 1_000_000_000n;
const ppb = (x: number) => BigInt(Math.round(x * 1e9));

type MechanismId = "liquid-at-launch" | "uniswap-treasury-vester" | "counterweight";

/**
 * Everything the scenario uses, derived from the population and the config before any chain work:
 * the token's supply is the population's distributed supply and the VCs' allocations are the
 * population's VC agents' amounts (so `--vc-share` is the share actually vested and sold).
 */
interface Plan {
  supply: bigint;
  vcAmounts: bigint[];
  poolTokens: bigint;
  retailBudget: bigint;
  cliffMonths: number;
  durationMonths: number;
  trancheMonths: number;
  /** Months simulated are 0..durationMonths. */
  steps: number;
  buyers: { address: string; month: number; budget: bigint }[];
  selling: ScenarioConfig["vesting"]["vcSelling"];
  vcPriceOverLaunch: number;
}

/** The vault's tranches for one VC: equal, every trancheMonths from the cliff to the end (the rest in the last). */
function tranchesFor(amount: bigint, v: { cliffMonths: number; durationMonths: number; trancheMonths: number }) {
  const n = (v.durationMonths - v.cliffMonths) / v.trancheMonths + 1;
  const each = amount / BigInt(n);
  return Array.from({ length: n }, (_, k) => ({
    month: v.cliffMonths + k * v.trancheMonths,
    amount: k === n - 1 ? amount - each * BigInt(n - 1) : each,
  }));
}

/**
 * Why the vesting scenario cannot run (checked before any chain work): no VCs, a tranche of zero,
 * or a schedule the vault's policy (nothing before the cliff, at most total·elapsed/duration
 * vested before the end) would refuse.
 */
function validateVesting(population: Population, config: ScenarioConfig): string[] {
  const vcs = population.agents.filter((a) => a.kind === "vc");
  if (vcs.length === 0) return ["needs at least one VC (--vcs ≥ 1, --vc-share > 0)"];
  const v = config.vesting;
  const reasons: string[] = [];
  const duration = BigInt(v.durationMonths);
  for (const vc of vcs) {
    const tranches = tranchesFor(vc.amount, v);
    if (tranches.some((t) => t.amount === 0n)) {
      reasons.push(`VC ${vc.index} holds too little for ${tranches.length} tranches`);
      break;
    }
    let vested = 0n;
    const bad = tranches.find((t) => {
      vested += t.amount;
      return t.month < v.durationMonths && vested * duration > vc.amount * BigInt(t.month);
    });
    if (bad !== undefined) {
      reasons.push(
        `vesting.cliffMonths ${v.cliffMonths} / trancheMonths ${v.trancheMonths}: the tranche at month ${bad.month} ` +
          `would unlock more than the policy's linear bound (elapsed ÷ ${v.durationMonths} months); use a longer cliff or shorter tranches`,
      );
      break;
    }
  }
  return reasons;
}

interface Outcome {
  result: MechanismResult;
  prices: SeriesPoint[];
}

function label(id: MechanismId, p: Plan): string {
  if (id === "liquid-at-launch") return "VC tokens liquid at launch";
  if (id === "uniswap-treasury-vester")
    return `Uniswap TreasuryVester per VC (cliff ${p.cliffMonths} months, end ${p.durationMonths} months)`;
  const every = p.trancheMonths === 1 ? "monthly" : `every ${p.trancheMonths} months`;
  return `Counterweight vault (cliff ${p.cliffMonths} months, then ${every} to ${p.durationMonths} months)`;
}

function plan(ctx: ScenarioContext): Plan {
  const rng = ctx.rng.fork("vesting");
  const v = ctx.config.vesting;
  const supply = ctx.population.total;
  const vcAmounts = ctx.population.agents.filter((a) => a.kind === "vc").map((a) => a.amount);
  if (vcAmounts.length === 0) throw new RangeError("the vesting scenario needs at least one VC");
  const steps = v.durationMonths + 1;
  const retailBudget = (supply * PUBLIC_PRICE * ppb(v.retailBudgetShare)) / PPB;
  const retail = ctx.population.agents.filter((a) => a.kind === "retail");
  // A seeded sample of buyers keeps the tx count low; each buys once, in a seeded month.
  const sample = [...retail];
  for (let i = sample.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [sample[i], sample[j]] = [sample[j], sample[i]];
  }
  const picked = sample.slice(0, Math.min(v.retailBuyersMax, sample.length));
  const rSum = picked.reduce((a, b) => a + b.amount, 0n);
  const buyers = picked.map((a) => {
    const h = BigInt(a.index) * 0x9e3779b97f4a7c15n;
    const address = "0x" + ((h % 2n ** 150n) + 2n ** 155n).toString(16).padStart(40, "0");
    return { address, month: rng.int(0, steps - 1), budget: rSum === 0n ? 0n : (retailBudget * a.amount) / rSum };
  });
  return {
    supply,
    vcAmounts,
    poolTokens: (supply * ppb(v.poolShare)) / PPB,
    retailBudget,
    cliffMonths: v.cliffMonths,
    durationMonths: v.durationMonths,
    trancheMonths: v.trancheMonths,
    steps,
    buyers,
    selling: v.vcSelling,
    vcPriceOverLaunch: v.vcPriceOverLaunch,
  };
}

/** What a VC sells this month from a liquid balance, under the config's selling strategy. */
function toSell(balance: bigint, selling: Plan["selling"]): bigint {
  if (selling.mode === "hold") return 0n;
  if (selling.mode === "sell-at-unlock") return balance;
  return (balance * ppb(selling.fraction)) / PPB;
}

/** A retail buy as the router does it: quote into the pair, then swap out to the buyer. */
async function buy(pool: V2Pool, quote: TestERC20, token: string, buyer: string, budget: bigint): Promise<void> {
  const [rToken, rQuote] = await reservesFor(pool, token);
  const out = getAmountOut(budget, rQuote, rToken);
  if (out === 0n) return;
  await (await quote.mint(await pool.pair.getAddress(), budget)).wait();
  const tokenIs0 = (await pool.pair.token0()).toLowerCase() === token.toLowerCase();
  await (await pool.pair.swap(tokenIs0 ? out : 0n, tokenIs0 ? 0n : out, buyer, "0x")).wait();
}

async function now(ctx: ScenarioContext): Promise<number> {
  const b = await ctx.hre.ethers.provider.getBlock("latest");
  return b?.timestamp ?? 0;
}

async function runMechanism(
  ctx: ScenarioContext,
  id: MechanismId,
  p: Plan,
  vcs: HardhatEthersSigner[],
): Promise<Outcome> {
  const { ethers } = ctx.hre;
  const [deployer] = await ethers.getSigners();
  const token: CounterweightToken = await new CounterweightToken__factory(deployer).deploy(
    "Counterweight",
    "CWT",
    p.supply,
    [{ recipient: deployer.address, amount: p.supply }],
  );
  const quote = await new TestERC20__factory(deployer).deploy("Quote USD", "QUSD");
  const tokenAddr = await token.getAddress();
  await (await quote.mint(deployer.address, p.poolTokens * PUBLIC_PRICE)).wait();
  const pool = await deployV2Pool(deployer, tokenAddr, await quote.getAddress());
  await addLiquidity(pool, deployer, token, p.poolTokens, quote, p.poolTokens * PUBLIC_PRICE);
  const launch = (await now(ctx)) + 3600;
  const holders: string[] = [];
  let release: () => Promise<void> = async () => undefined;

  if (id === "liquid-at-launch") {
    for (let i = 0; i < vcs.length; i++) await (await token.transfer(vcs[i].address, p.vcAmounts[i])).wait();
  } else if (id === "uniswap-treasury-vester") {
    const vesters: TreasuryVester[] = [];
    for (let i = 0; i < vcs.length; i++) {
      const v = await new TreasuryVester__factory(deployer).deploy(
        tokenAddr,
        vcs[i].address,
        p.vcAmounts[i],
        launch,
        launch + p.cliffMonths * MONTH,
        launch + p.durationMonths * MONTH,
      );
      await (await token.transfer(await v.getAddress(), p.vcAmounts[i])).wait();
      vesters.push(v);
      holders.push(await v.getAddress());
    }
    release = async () => {
      const t = await now(ctx);
      if (t < launch + p.cliffMonths * MONTH) return;
      for (const v of vesters) await (await v.claim()).wait();
    };
  } else {
    const vault = await new VestingVault__factory(deployer).deploy(tokenAddr, deployer.address, deployer.address, [
      { minCliff: p.cliffMonths * MONTH, minDuration: p.durationMonths * MONTH, revocable: false },
    ]);
    await (await token.approve(await vault.getAddress(), ethers.MaxUint256)).wait();
    const ids: bigint[] = [];
    for (let i = 0; i < vcs.length; i++) {
      // Equal tranches every trancheMonths from the cliff to the end (by default 13 monthly ones
      // from month 12 to month 24: cliff 12 months, then linear by month).
      const tranches = tranchesFor(p.vcAmounts[i], p).map((t) => ({
        time: launch + t.month * MONTH,
        amount: t.amount,
      }));
      const salt = ethers.id(`vc-${i}`);
      await (
        await vault.createTrancheSchedule({ beneficiary: vcs[i].address, category: 0, start: launch, tranches, salt })
      ).wait();
      ids.push(await vault.directScheduleId(deployer.address, salt));
    }
    holders.push(await vault.getAddress());
    release = async () => {
      const due: bigint[] = [];
      for (const sid of ids) if ((await vault.releasable(sid)) > 0n) due.push(sid);
      if (due.length > 0) await (await vault.releaseMany(due)).wait();
    };
  }
  // Every VC delegates to itself at launch: whatever it holds votes.
  for (const vc of vcs) await (await token.connect(vc).delegate(vc.address)).wait();
  await ctx.hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [launch] });
  await ctx.hre.network.provider.request({ method: "evm_mine", params: [] });

  // The first sample is the launch price, before any trade: the chart starts before the launch crash.
  const prices: SeriesPoint[] = [{ series: id, x: 0, y: await spotPrice(pool, tokenAddr) }];
  const sampleTimes: number[] = [launch];
  const spent = new Map<string, bigint>();
  for (let m = 0; m < p.steps; m++) {
    const t = launch + m * MONTH + 1;
    const cur = await now(ctx);
    if (t > cur) {
      await ctx.hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [t] });
      await ctx.hre.network.provider.request({ method: "evm_mine", params: [] });
    }
    for (const b of p.buyers.filter((x) => x.month === m)) {
      await buy(pool, quote, tokenAddr, b.address, b.budget);
      spent.set(b.address, (spent.get(b.address) ?? 0n) + b.budget);
    }
    if (m < FIRST_YEAR_MONTHS) sampleTimes.push(await now(ctx));
    await release();
    for (const vc of vcs) {
      const sell = toSell(await token.balanceOf(vc.address), p.selling);
      if (sell > 0n) await swapExactIn(pool, vc, token, sell);
    }
    prices.push({ series: id, x: (m * MONTH) / DAY, y: await spotPrice(pool, tokenAddr) });
  }
  // Votes are read at past timepoints from the token's checkpoints.
  await ctx.hre.network.provider.request({ method: "evm_mine", params: [] });
  let vcVotesMax = 0n;
  for (const ts of sampleTimes) {
    let v = 0n;
    for (const a of [...vcs.map((x) => x.address), ...holders]) v += await token.getPastVotes(a, ts);
    if (v > vcVotesMax) vcVotesMax = v;
  }
  const finalPrice = await spotPrice(pool, tokenAddr);
  let peak = 0;
  let maxDrawdown = 0;
  for (const pt of prices) {
    peak = Math.max(peak, pt.y);
    maxDrawdown = Math.max(maxDrawdown, peak > 0 ? (peak - pt.y) / peak : 0);
  }
  let pnlSum = 0;
  let n = 0;
  for (const [addr, s] of spent) {
    const held = Number(await token.balanceOf(addr)) / 1e18;
    const cost = Number(s) / 1e18;
    if (cost > 0) {
      pnlSum += ((held * finalPrice - cost) / cost) * 100;
      n++;
    }
  }
  let vcProceeds = 0n;
  for (const vc of vcs) vcProceeds += await quote.balanceOf(vc.address);
  const vcCost = (p.vcAmounts.reduce((a, b) => a + b, 0n) * PUBLIC_PRICE * ppb(p.vcPriceOverLaunch)) / PPB;
  return {
    prices,
    result: {
      id,
      label: label(id, p),
      baseline: id !== "counterweight",
      metrics: {
        maxDrawdown: round(maxDrawdown),
        finalPrice: round(finalPrice),
        retailAvgPnlPct: round(n > 0 ? pnlSum / n : 0),
        vcProceeds: round(Number(vcProceeds) / 1e18),
        vcCostBasis: round(Number(vcCost) / 1e18),
        vcVotingWeightFirstYearMax: round(Number(vcVotesMax) / 1e18),
        vcVotingShareFirstYearMax: round(Number(vcVotesMax) / Number(p.supply)),
        retailBuyers: n,
      },
    },
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export const vestingScenario: Scenario = Object.assign(
  async (ctx: ScenarioContext): Promise<ScenarioResult> => {
    const p = plan(ctx);
    const vcs = await agentSigners(ctx.hre, p.vcAmounts.length, 6, "vesting-vc");
    const ids: MechanismId[] = ["liquid-at-launch", "uniswap-treasury-vester", "counterweight"];
    const outcomes: Outcome[] = [];
    for (const id of ids) outcomes.push(await runMechanism(ctx, id, p, vcs));
    const [liquid, tv, cw] = outcomes.map((o) => o.result.metrics);
    const num = (x: MetricValue) => Number(x);
    const vcTotal = p.vcAmounts.reduce((a, b) => a + b, 0n);
    const parameters = {
      supplyTokens: Number(p.supply / E18),
      vcSupplyShare: round(Number(vcTotal) / Number(p.supply)),
      vcTokens: Number(vcTotal / E18),
      vcPriceOverLaunch: p.vcPriceOverLaunch,
      launchPrice: Number(PUBLIC_PRICE),
      poolTokens: Number(p.poolTokens / E18),
      retailBudget: Number(p.retailBudget / E18),
      retailBuyersMax: ctx.config.vesting.retailBuyersMax,
      months: p.steps - 1,
      cliffMonths: p.cliffMonths,
      vestingMonths: p.durationMonths,
      trancheMonths: p.trancheMonths,
      vcSelling: sellingText(p.selling),
    };
    const vestedAtCliff = p.cliffMonths / p.durationMonths;
    const reading =
      `With VCs holding ${formatShare(parameters.vcSupplyShare, 0)} of the supply, bought at ${fraction(p.vcPriceOverLaunch)} of the launch price, and ${sellingReading(p.selling)} into a real ` +
      `Uniswap V2 pool, tokens liquid at launch drew the price down by ${formatShare(num(liquid.maxDrawdown))} ` +
      `(retail average P&L ${formatSignedPercent(num(liquid.retailAvgPnlPct))}, VC proceeds ${formatAmount(num(liquid.vcProceeds))}); ` +
      `Uniswap's TreasuryVester, whose cliff releases ${formatShare(vestedAtCliff, 0)} at month ${p.cliffMonths}, gave a drawdown of ${formatShare(num(tv.maxDrawdown))} ` +
      `(retail ${formatSignedPercent(num(tv.retailAvgPnlPct))}); Counterweight's vault with ${p.trancheMonths === 1 ? "monthly" : `${p.trancheMonths}-monthly`} unlocks after a ${p.cliffMonths}-month cliff ` +
      `gave ${formatShare(num(cw.maxDrawdown))} (retail ${formatSignedPercent(num(cw.retailAvgPnlPct))}, final price ` +
      `${num(cw.finalPrice).toFixed(3)} vs ${num(liquid.finalPrice).toFixed(3)} liquid). VC voting weight in year one ` +
      `peaked at ${formatAmount(num(liquid.vcVotingWeightFirstYearMax))} tokens when liquid, ` +
      `${formatAmount(num(tv.vcVotingWeightFirstYearMax))} under TreasuryVester and ` +
      `${formatAmount(num(cw.vcVotingWeightFirstYearMax))} in the vault, which never delegates.`;
    return {
      scenario: "vesting",
      mechanisms: outcomes.map((o) => o.result),
      series: { price: outcomes.flatMap((o) => o.prices) },
      parameters,
      reading,
    };
  },
  {
    /** About the transactions sent (for the progress bar): per mechanism, ~2 per buyer and the monthly sells. */
    steps: (population: Population, config: ScenarioConfig) =>
      3 *
      (2 * Math.min(config.vesting.retailBuyersMax, population.agents.filter((a) => a.kind === "retail").length) + 140),
    validate: validateVesting,
  },
);

/** 0.1 → "a tenth", 0.25 → "a quarter", otherwise the percentage. */
function fraction(x: number): string {
  const names: Record<number, string> = { 2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 10: "a tenth" };
  const n = Math.round(1 / x);
  return Math.abs(1 / n - x) < 1e-12 && names[n] !== undefined ? names[n] : formatShare(x);
}

function sellingText(s: Plan["selling"]): string {
  return s.mode === "sell-fraction" ? `sell-fraction ${s.fraction}` : s.mode;
}

function sellingReading(s: Plan["selling"]): string {
  if (s.mode === "hold") return "never selling";
  if (s.mode === "sell-at-unlock") return "selling everything they can";
  return `selling ${formatShare(s.fraction)} of what they hold each month`;
}
