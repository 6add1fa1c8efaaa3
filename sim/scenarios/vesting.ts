import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { MechanismResult, MetricValue, Scenario, ScenarioContext, ScenarioResult, SeriesPoint } from "../types";
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
/** Months simulated (0..24): the VCs' last tranche unlocks at month 24. */
const STEPS = 25;
const SUPPLY = 100_000_000n * E18;
const VC_SHARE_PPM = 200_000n; // 20% of supply
const POOL_TOKENS = 20_000_000n * E18;
const PUBLIC_PRICE = 1n; // quote per token at launch
const RETAIL_BUDGET = 40_000_000n * E18; // quote spent by retail over the run
const MAX_BUYERS = 240;
/** VCs paid the launch price divided by this (their cost basis). */
const VC_DISCOUNT = 10;
const CLIFF_MONTHS = 12;
const END_MONTHS = 24;

type MechanismId = "liquid-at-launch" | "uniswap-treasury-vester" | "counterweight";

interface Plan {
  vcAmounts: bigint[];
  buyers: { address: string; month: number; budget: bigint }[];
}

interface Outcome {
  result: MechanismResult;
  prices: SeriesPoint[];
}

const LABELS: Record<MechanismId, string> = {
  "liquid-at-launch": "VC tokens liquid at launch",
  "uniswap-treasury-vester": `Uniswap TreasuryVester per VC (cliff ${CLIFF_MONTHS} months, end ${END_MONTHS} months)`,
  counterweight: `Counterweight vault (cliff ${CLIFF_MONTHS} months, then monthly to ${END_MONTHS} months)`,
};

function plan(ctx: ScenarioContext): Plan {
  const rng = ctx.rng.fork("vesting");
  const vcs = ctx.population.agents.filter((a) => a.kind === "vc");
  const vcWeights =
    vcs.length > 0 ? vcs.map((a) => a.amount) : Array.from({ length: 5 }, () => BigInt(rng.int(80, 120)));
  const vcTotal = (SUPPLY * VC_SHARE_PPM) / 1_000_000n;
  const wSum = vcWeights.reduce((a, b) => a + b, 0n);
  const vcAmounts = vcWeights.map((w) => (vcTotal * w) / wSum);
  const retail = ctx.population.agents.filter((a) => a.kind === "retail");
  // A seeded sample of buyers keeps the tx count low; each buys once, in a seeded month.
  const sample = [...retail];
  for (let i = sample.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [sample[i], sample[j]] = [sample[j], sample[i]];
  }
  const picked = sample.slice(0, Math.min(MAX_BUYERS, sample.length));
  const rSum = picked.reduce((a, b) => a + b.amount, 0n);
  const buyers = picked.map((a) => {
    const h = BigInt(a.index) * 0x9e3779b97f4a7c15n;
    const address = "0x" + ((h % 2n ** 150n) + 2n ** 155n).toString(16).padStart(40, "0");
    return { address, month: rng.int(0, STEPS - 1), budget: rSum === 0n ? 0n : (RETAIL_BUDGET * a.amount) / rSum };
  });
  return { vcAmounts, buyers };
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
    SUPPLY,
    [{ recipient: deployer.address, amount: SUPPLY }],
  );
  const quote = await new TestERC20__factory(deployer).deploy("Quote USD", "QUSD");
  const tokenAddr = await token.getAddress();
  await (await quote.mint(deployer.address, POOL_TOKENS * PUBLIC_PRICE)).wait();
  const pool = await deployV2Pool(deployer, tokenAddr, await quote.getAddress());
  await addLiquidity(pool, deployer, token, POOL_TOKENS, quote, POOL_TOKENS * PUBLIC_PRICE);
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
        launch + CLIFF_MONTHS * MONTH,
        launch + END_MONTHS * MONTH,
      );
      await (await token.transfer(await v.getAddress(), p.vcAmounts[i])).wait();
      vesters.push(v);
      holders.push(await v.getAddress());
    }
    release = async () => {
      const t = await now(ctx);
      if (t < launch + CLIFF_MONTHS * MONTH) return;
      for (const v of vesters) await (await v.claim()).wait();
    };
  } else {
    const vault = await new VestingVault__factory(deployer).deploy(tokenAddr, deployer.address, deployer.address, [
      { minCliff: CLIFF_MONTHS * MONTH, minDuration: END_MONTHS * MONTH, revocable: false },
    ]);
    await (await token.approve(await vault.getAddress(), ethers.MaxUint256)).wait();
    const ids: bigint[] = [];
    for (let i = 0; i < vcs.length; i++) {
      // 13 equal monthly tranches from month 12 to month 24: cliff 12 months, then linear by month.
      const each = p.vcAmounts[i] / 13n;
      const tranches = Array.from({ length: 13 }, (_, k) => ({
        time: launch + (12 + k) * MONTH,
        amount: k === 12 ? p.vcAmounts[i] - each * 12n : each,
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
  for (let m = 0; m < STEPS; m++) {
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
    if (m < 12) sampleTimes.push(await now(ctx));
    await release();
    for (const vc of vcs) {
      const bal = await token.balanceOf(vc.address);
      if (bal > 0n) await swapExactIn(pool, vc, token, bal);
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
  const vcCost = (p.vcAmounts.reduce((a, b) => a + b, 0n) * PUBLIC_PRICE) / BigInt(VC_DISCOUNT);
  return {
    prices,
    result: {
      id,
      label: LABELS[id],
      baseline: id !== "counterweight",
      metrics: {
        maxDrawdown: round(maxDrawdown),
        finalPrice: round(finalPrice),
        retailAvgPnlPct: round(n > 0 ? pnlSum / n : 0),
        vcProceeds: round(Number(vcProceeds) / 1e18),
        vcCostBasis: round(Number(vcCost) / 1e18),
        vcVotingWeightFirstYearMax: round(Number(vcVotesMax) / 1e18),
        vcVotingShareFirstYearMax: round(Number(vcVotesMax) / Number(SUPPLY)),
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
    const parameters = {
      vcSupplyShare: Number(VC_SHARE_PPM) / 1e6,
      vcPriceOverLaunch: 1 / VC_DISCOUNT,
      launchPrice: Number(PUBLIC_PRICE),
      poolTokens: Number(POOL_TOKENS / E18),
      retailBudget: Number(RETAIL_BUDGET / E18),
      retailBuyersMax: MAX_BUYERS,
      months: STEPS - 1,
      cliffMonths: CLIFF_MONTHS,
      vestingMonths: END_MONTHS,
    };
    const vestedAtCliff = CLIFF_MONTHS / END_MONTHS;
    const reading =
      `With VCs holding ${formatShare(parameters.vcSupplyShare, 0)} of the supply, bought at ${fraction(VC_DISCOUNT)} of the launch price, and selling everything they can into a real ` +
      `Uniswap V2 pool, tokens liquid at launch drew the price down by ${formatShare(num(liquid.maxDrawdown))} ` +
      `(retail average P&L ${formatSignedPercent(num(liquid.retailAvgPnlPct))}, VC proceeds ${formatAmount(num(liquid.vcProceeds))}); ` +
      `Uniswap's TreasuryVester, whose cliff releases ${formatShare(vestedAtCliff, 0)} at month ${CLIFF_MONTHS}, gave a drawdown of ${formatShare(num(tv.maxDrawdown))} ` +
      `(retail ${formatSignedPercent(num(tv.retailAvgPnlPct))}); Counterweight's vault with monthly unlocks after a ${CLIFF_MONTHS}-month cliff ` +
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
    steps: (population: Population) =>
      3 * (2 * Math.min(MAX_BUYERS, population.agents.filter((a) => a.kind === "retail").length) + 140),
  },
);

/** 10 → "a tenth", 4 → "a quarter", otherwise "1/n". */
function fraction(n: number): string {
  const names: Record<number, string> = { 2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 10: "a tenth" };
  return names[n] ?? `1/${n}`;
}
