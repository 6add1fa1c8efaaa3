import type { MechanismResult, MetricValue, Scenario, ScenarioContext, ScenarioResult, SeriesPoint } from "../types";
import type { ScenarioConfig } from "../config/schema";
import type { Population } from "../population";
import { formatAmount, formatShare, formatSignedPercent } from "../report/format";
import { agentSigners } from "../chain/accounts";
import { runMechanism } from "../mechanisms/mechanism";
import {
  COUNTERWEIGHT_VAULT,
  LIQUID_AT_LAUNCH,
  UNISWAP_TREASURY_VESTER,
  VESTING_MECHANISMS,
  tranchesFor,
  type VestingAction,
  type VestingMechanism,
  type VestingReading,
  type VestingTypes,
  type VestingWorld,
} from "../mechanisms/vesting";

const E18 = 10n ** 18n;
const PUBLIC_PRICE = 1n; // quote per token at launch
/** Months of year one, over which the VCs' peak voting weight is read. */
const FIRST_YEAR_MONTHS = 12;
const PPB = 1_000_000_000n;
const ppb = (x: number) => BigInt(Math.round(x * 1e9));

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

/** The scenario's agents' steps, the same for every mechanism: the launch, then each month's buys and sales. */
function actionsFor(p: Plan): VestingAction[] {
  const months: VestingAction[] = Array.from({ length: p.steps }, (_, m) => ({
    kind: "month",
    month: m,
    buys: p.buyers.filter((x) => x.month === m),
    selling: p.selling,
    sampleVotes: m < FIRST_YEAR_MONTHS,
  }));
  return [{ kind: "launch" }, ...months];
}

/** A mechanism's row and price series from its reading. */
function outcomeOf(m: VestingMechanism, world: VestingWorld, p: Plan, r: VestingReading) {
  const prices: SeriesPoint[] = r.prices.map((pt) => ({ series: m.id, x: pt.day, y: pt.price }));
  let peak = 0;
  let maxDrawdown = 0;
  for (const pt of prices) {
    peak = Math.max(peak, pt.y);
    maxDrawdown = Math.max(maxDrawdown, peak > 0 ? (peak - pt.y) / peak : 0);
  }
  let pnlSum = 0;
  let n = 0;
  for (const b of r.buyers) {
    const held = Number(b.held) / 1e18;
    const cost = Number(b.spent) / 1e18;
    if (cost > 0) {
      pnlSum += ((held * r.finalPrice - cost) / cost) * 100;
      n++;
    }
  }
  const vcCost = (p.vcAmounts.reduce((a, b) => a + b, 0n) * PUBLIC_PRICE * ppb(p.vcPriceOverLaunch)) / PPB;
  const result: MechanismResult = {
    id: m.id,
    label: m.describe(world.schedule),
    baseline: m.baseline,
    metrics: {
      maxDrawdown: round(maxDrawdown),
      finalPrice: round(r.finalPrice),
      retailAvgPnlPct: round(n > 0 ? pnlSum / n : 0),
      vcProceeds: round(Number(r.vcProceeds) / 1e18),
      vcCostBasis: round(Number(vcCost) / 1e18),
      vcVotingWeightFirstYearMax: round(Number(r.vcVotesMax) / 1e18),
      vcVotingShareFirstYearMax: round(Number(r.vcVotesMax) / Number(p.supply)),
      retailBuyers: n,
    },
  };
  return { result, prices };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export const vestingScenario: Scenario = Object.assign(
  async (ctx: ScenarioContext): Promise<ScenarioResult> => {
    const p = plan(ctx);
    const vcs = await agentSigners(ctx.hre, p.vcAmounts.length, 6, "vesting-vc");
    const [deployer] = await ctx.hre.ethers.getSigners();
    const world: VestingWorld = {
      hre: ctx.hre,
      deployer,
      population: ctx.population,
      market: { supply: p.supply, poolTokens: p.poolTokens, launchPrice: PUBLIC_PRICE },
      schedule: { cliffMonths: p.cliffMonths, durationMonths: p.durationMonths, trancheMonths: p.trancheMonths },
    };
    const actions = actionsFor(p);
    const outcomes: ReturnType<typeof outcomeOf>[] = [];
    for (const m of VESTING_MECHANISMS) {
      const { reading } = await runMechanism<VestingTypes>(m, world, { vcs, amounts: p.vcAmounts }, actions);
      outcomes.push(outcomeOf(m, world, p, reading));
    }
    const metricsOf = (id: string) => {
      const o = outcomes.find((x) => x.result.id === id);
      if (o === undefined) throw new Error(`VESTING_MECHANISMS has no ${id}`);
      return o.result.metrics;
    };
    const liquid = metricsOf(LIQUID_AT_LAUNCH.id);
    const tv = metricsOf(UNISWAP_TREASURY_VESTER.id);
    const cw = metricsOf(COUNTERWEIGHT_VAULT.id);
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
      VESTING_MECHANISMS.length *
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
