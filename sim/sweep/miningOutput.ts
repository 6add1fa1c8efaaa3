import type { ScenarioConfig } from "../config/schema";
import type { TopLevelSpec } from "vega-lite";
import { formatAmount } from "../report/format";
import { renderSvg } from "../report/charts/render";
import { lookOf } from "../report/charts/palette";
import { FARMS, type FarmId, type FarmOutcome, type MiningRow } from "./mining";
import type { SweepOutput } from "./output";
import {
  cells,
  claimSentence,
  claimWhere,
  csvCell,
  fmt,
  heatmap,
  offGrid,
  stableIds,
  sweepJson,
  type HeatScale,
} from "./present";
import { recheckMarkdown } from "./recheck";

export const FARM_NAMES: Record<FarmId, string> = {
  counterweight: "Counterweight capped farm",
  "uniswap-staking-rewards": "StakingRewards",
};

/** "Counterweight raises retail's reward share over StakingRewards' by at least this much", in millionths. */
export const GAIN_PPM = 10_000;

/** Per point, over its seeds: how often the whales take half the rewards, the means, per farm. */
export interface MiningPointSummary {
  point: Record<string, number>;
  seeds: number;
  /** Seeds where Counterweight's retail reward share beats StakingRewards' by ≥ GAIN_PPM. */
  gainIn: number;
  meanRetailGainPpm: number;
  meanCappedWhales: number;
  meanCappedRetail: number;
  farms: Record<
    FarmId,
    {
      whaleWins: number;
      meanMarginPpm: number;
      meanRetailShare: number;
      meanGini: number;
      /** Mean cost of capture in tokens (0 where the whales already take half) when every seed is capturable within budget, else null. */
      meanCaptureTokens: number | null;
    }
  >;
  /** Seeds where capturing the capped farm costs more than capturing StakingRewards (beyond the budget counts as more than any spend). */
  dearerIn: number;
  /** Seeds where capturing the capped farm costs less than capturing StakingRewards (which the budget reaches and the whales do not already hold). */
  cheaperIn: number;
}

/** Token wei → whole tokens, 6 digits. */
const tokens = (wei: string): number => Number(BigInt(wei) / 10n ** 12n) / 1e6;

/** A capture's spend in tokens; null when not within budget. */
const captureTokens = (o: FarmOutcome): number | null =>
  o.capture.spendTokens === undefined ? null : tokens(o.capture.spendTokens);

/** Whether capturing the capped farm costs the whales less than capturing StakingRewards (a spend StakingRewards needs). */
function cheaper(r: MiningRow): boolean {
  const ours = r.farms.counterweight.capture.spendQuote;
  const theirs = r.farms["uniswap-staking-rewards"].capture.spendQuote;
  return ours !== undefined && theirs !== undefined && BigInt(ours) < BigInt(theirs);
}

/**
 * Whether capturing the capped farm costs the whales more than capturing StakingRewards: beyond
 * the budget counts as more than any spend, and two farms beyond it (or both already taken at no
 * spend) as neither dearer.
 */
function dearer(r: MiningRow): boolean {
  const ours = r.farms.counterweight.capture.spendQuote;
  const theirs = r.farms["uniswap-staking-rewards"].capture.spendQuote;
  if (theirs === undefined) return false;
  if (ours === undefined) return true;
  return BigInt(ours) > BigInt(theirs);
}

const mean = (xs: readonly number[], digits = 6) =>
  Number((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(digits));

export function summarizeMining(out: SweepOutput): MiningPointSummary[] {
  const byPoint = new Map<string, { point: Record<string, number>; rows: MiningRow[] }>();
  for (const r of out.rows) {
    const key = JSON.stringify(r.point);
    const entry = byPoint.get(key) ?? { point: r.point, rows: [] };
    entry.rows.push(r.result as MiningRow);
    byPoint.set(key, entry);
  }
  return [...byPoint.values()].map(({ point, rows }) => {
    const farms = {} as MiningPointSummary["farms"];
    for (const f of FARMS) {
      const outs = rows.map((r) => r.farms[f]);
      farms[f] = {
        whaleWins: outs.filter((o) => o.winner === "whale").length,
        meanMarginPpm: Math.round(mean(outs.map((o) => o.marginPpm))),
        meanRetailShare: mean(outs.map((o) => o.retailRewardShare)),
        meanGini: mean(outs.map((o) => o.gini)),
        meanCaptureTokens: outs.every((o) => captureTokens(o) !== null)
          ? mean(outs.map((o) => captureTokens(o) ?? 0))
          : null,
      };
    }
    return {
      point,
      seeds: rows.length,
      gainIn: rows.filter((r) => r.retailGainPpm >= GAIN_PPM).length,
      meanRetailGainPpm: Math.round(mean(rows.map((r) => r.retailGainPpm))),
      meanCappedWhales: mean(
        rows.map((r) => r.cappedWhales),
        3,
      ),
      meanCappedRetail: mean(
        rows.map((r) => r.cappedRetail),
        3,
      ),
      farms,
      dearerIn: rows.filter(dearer).length,
      cheaperIn: rows.filter(cheaper).length,
    };
  });
}

/** One line per point × seed × farm. */
export function miningCsv(out: SweepOutput): string {
  const names = out.axes.map((a) => a.name);
  const header = [
    ...names,
    "seed",
    "farm",
    "winner",
    "margin_ppm",
    "retail_reward_share",
    "gini",
    "retail_rewards",
    "whale_rewards",
    "capture_status",
    "capture_spend_quote",
    "capture_spend_tokens",
    "capture_identities_bought",
    "retail_gain_ppm",
    "whale_stake_share",
    "cap",
    "capped_whales",
    "capped_retail",
    "stakers",
    "agents",
  ];
  const lines = [header.map(csvCell).join(",")];
  for (const r of out.rows) {
    const m = r.result as MiningRow;
    for (const f of FARMS) {
      const o = m.farms[f];
      lines.push(
        [
          ...names.map((n) => r.point[n]),
          r.seed,
          f,
          o.winner,
          o.marginPpm,
          o.retailRewardShare,
          o.gini,
          o.retailRewards,
          o.whaleRewards,
          o.capture.status,
          o.capture.spendQuote ?? "",
          o.capture.spendTokens ?? "",
          o.capture.identitiesBought ?? "",
          m.retailGainPpm,
          m.whaleStakeShare,
          m.cap,
          m.cappedWhales,
          m.cappedRetail,
          m.stakers,
          m.agents,
        ]
          .map(csvCell)
          .join(","),
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** The mining claims "Where each claim holds" states. */
export const MINING_CLAIMS: readonly { id: string; words: string; holds: (s: MiningPointSummary) => boolean }[] = [
  {
    id: "counterweight-retail-majority",
    words: `${FARM_NAMES.counterweight} keeps most rewards with retail (whales take less than half)`,
    holds: (s) => s.farms.counterweight.whaleWins === 0,
  },
  {
    id: "counterweight-beats-baseline",
    words: `${FARM_NAMES.counterweight} gives retail at least ${GAIN_PPM / 10_000} percentage point more of the rewards than StakingRewards`,
    holds: (s) => s.gainIn === s.seeds,
  },
  {
    id: "staking-rewards-retail-majority",
    words: `${FARM_NAMES["uniswap-staking-rewards"]} keeps most rewards with retail`,
    holds: (s) => s.farms["uniswap-staking-rewards"].whaleWins === 0,
  },
  {
    id: "counterweight-dearer-capture",
    words: `Taking half of the ${FARM_NAMES.counterweight}'s rewards costs the whales more than taking half of StakingRewards'`,
    holds: (s) => s.dearerIn === s.seeds,
  },
];

export function miningBoundaryLines(out: SweepOutput, summary: MiningPointSummary[]): string[] {
  return MINING_CLAIMS.map((c) => `- ${c.words} in every seed ${claimSentence(out.axes, summary, c.holds)}.`);
}

type MiningMetric = "wins" | "margin" | "gini" | "share" | "capture";
const MINING_METRICS = ["wins", "margin", "gini", "share", "capture"] as const;

function farmHeatmap(out: SweepOutput, summary: MiningPointSummary[], f: FarmId, metric: MiningMetric): TopLevelSpec {
  const m = (s: MiningPointSummary) => s.farms[f];
  const values = cells(out.axes, summary, (s) =>
    metric === "wins"
      ? m(s).whaleWins / s.seeds
      : metric === "margin"
        ? m(s).meanMarginPpm / 1_000_000
        : metric === "gini"
          ? m(s).meanGini
          : metric === "share"
            ? m(s).meanRetailShare
            : m(s).meanCaptureTokens,
  );
  const most = Math.max(1, ...summary.map((s) => m(s).meanCaptureTokens ?? 0));
  const title = {
    wins: `${FARM_NAMES[f]}: share of seeds the whales take half the rewards`,
    margin: `${FARM_NAMES[f]}: mean margin (retail − whale share of rewards)`,
    gini: `${FARM_NAMES[f]}: mean Gini of rewards`,
    share: `${FARM_NAMES[f]}: mean retail share of rewards`,
    capture: `${FARM_NAMES[f]}: cost of capture (half the rewards), tokens; blank = not within budget`,
  }[metric];
  const scale: HeatScale = {
    wins: { legend: "whale wins", domain: [0, 1], scheme: "blueorange" },
    margin: { legend: "margin", domain: [-1, 1], scheme: "redblue", reverse: true },
    gini: { legend: "Gini", domain: [0, 1], scheme: "greys" },
    share: { legend: "retail share", domain: [0, 1], scheme: "blues" },
    capture: { legend: "tokens", domain: [0, most], scheme: "greens" },
  }[metric] as HeatScale;
  return heatmap(out.axes, values, title, lookOf(f).color, scale);
}

function gainHeatmap(out: SweepOutput, summary: MiningPointSummary[]): TopLevelSpec {
  return heatmap(
    out.axes,
    cells(out.axes, summary, (s) => s.meanRetailGainPpm / 1_000_000),
    "Retail share of rewards: Counterweight minus StakingRewards (mean)",
    lookOf("counterweight").color,
    { legend: "gain", domain: [-1, 1], scheme: "redblue", reverse: true },
  );
}

const range = (xs: number[]): string => {
  const lo = fmt(Math.min(...xs));
  const hi = fmt(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
};

/** The config values a mining sweep does not vary. */
function miningOffGrid(out: SweepOutput): string {
  const c = out.spec.config;
  const p = c.population;
  return offGrid(out, [
    ["whales", `${p.whales} whales`],
    ["whale-share", `whale share ${p.whaleShare}`],
    ["vc-share", `${p.vcs} VCs holding ${p.vcShare} (VCs do not stake)`],
    ["pareto-alpha", `retail Pareto α ${p.paretoAlpha}`],
    ["verified-rate", `retail verified rate ${c.retail.verifiedRate}`],
    ["farm-participation", `retail farm participation ${c.retail.farmParticipation}`],
    ["cap-multiple", `cap ${c.mining.capOverMeanStake}× the mean retail stake per identity`],
    ["slope", `slope ${c.mining.slope} above the cap`],
    ["unverified-cap", `cap without identity ${c.mining.unverifiedCapOverCap}× the cap`],
    ["identity-price", `identities bought at ${formatAmount(c.identity.priceTokens)} tokens each`],
    ["capture-budget", `capture budget ${formatAmount(c.mining.captureBudgetQuote)} WETH`],
  ]);
}

/** With a mid-period whale exit (the exit-at axis or mining.whaleExit.atFraction): its rule and time, in words. */
function exitLines(out: SweepOutput): string[] {
  // A sweep.json written before the field existed has no whaleExit (and no exit).
  const e = (out.spec.config.mining as Partial<ScenarioConfig["mining"]>).whaleExit;
  const onGrid = out.axes.some((a) => a.name === "exit-at");
  if (e === undefined || (!onGrid && e.atFraction === undefined)) return [];
  const rule =
    e.rule === "below-outside-apr"
      ? `a whale leaves when its APR at the pool price is below ${e.outsideApr} outside`
      : e.rule === "always"
        ? "every whale leaves"
        : "no whale leaves";
  const when = onGrid ? "at the exit-at fraction of the period" : `at ${e.atFraction} of the period`;
  return [
    "",
    `Whale exit (mining.whaleExit): ${rule}, deciding ${when} on what it has earned so far, the same in both farms; ` +
      "each farm's rewards are the period's with the exit (a leaver's paid at its exit, the others' earned by the end).",
  ];
}

const onGrid = (out: Pick<SweepOutput, "axes">, axis: string): boolean => out.axes.some((a) => a.name === axis);

/** The identity price the captures used: the config's, or the grid's axis where it varies. */
function identityPriceWords(out: Pick<SweepOutput, "axes" | "spec">): string {
  return onGrid(out, "identity-price")
    ? "each point's identity-price (tokens each)"
    : `${formatAmount(out.spec.config.identity.priceTokens)} tokens each`;
}

/** The capture budget the searches used: the config's, or the grid's axis where it varies. */
function captureBudgetWords(out: Pick<SweepOutput, "axes" | "spec">): string {
  return onGrid(out, "capture-budget")
    ? "each point's capture-budget (WETH)"
    : `${formatAmount(out.spec.config.mining.captureBudgetQuote)} WETH`;
}

/**
 * Where bought identities make the capped farm cheaper to take than StakingRewards, in words, with
 * both farms' mean cost there (the README quotes the same sentence).
 */
export function cheaperSentence(
  out: Pick<SweepOutput, "axes" | "spec">,
  summary: readonly MiningPointSummary[],
): string {
  const at = summary.filter((s) => s.cheaperIn === s.seeds);
  const terms = `identities at ${identityPriceWords(out)}`;
  if (at.length === 0)
    return `With ${terms}, taking half of the ${FARM_NAMES.counterweight}'s rewards is cheaper than taking half of StakingRewards' at no grid point.`;
  const cost = (f: FarmId) => tokenRange(at.map((s) => s.farms[f].meanCaptureTokens ?? 0));
  return (
    `With ${terms}, taking half of the ${FARM_NAMES.counterweight}'s rewards is cheaper than taking half of StakingRewards' ` +
    `in every seed ${claimWhere(out.axes, summary, (s) => s.cheaperIn === s.seeds)} ` +
    `(${at.length} of ${summary.length} grid points): ${cost("counterweight")} tokens on average against ${cost("uniswap-staking-rewards")}, ` +
    `because an identity costs less than the LP it lets count at full weight` +
    (onGrid(out, "identity-price") ? "." : " (the identity-price axis moves this boundary).")
  );
}

/** A range of token amounts in whole tokens: "4,500–31,500,000". */
const tokenRange = (xs: number[]): string => {
  const lo = formatAmount(Math.min(...xs));
  const hi = formatAmount(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
};

/**
 * The cost of capture in words: what the whales buy, at what price, and the spend over the grid
 * per farm (heatmap-<farm>-capture.svg).
 */
function captureLines(out: SweepOutput, summary: MiningPointSummary[]): string[] {
  const spend = (f: FarmId) => {
    const costs = summary.map((s) => s.farms[f].meanCaptureTokens).filter((x): x is number => x !== null);
    const free = costs.filter((x) => x === 0).length;
    const paid = costs.filter((x) => x > 0);
    return (
      `${FARM_NAMES[f]}: already taken at no spend at ${free} of ${summary.length} points` +
      (paid.length === 0 ? "" : `, ${tokenRange(paid)} tokens on average at ${paid.length}`) +
      `, beyond the budget in some seed at ${summary.length - costs.length}`
    );
  };
  return [
    `Cost of capture (heatmap-<farm>-capture.svg): the least spend at which the whale side takes at least half of a ` +
      `period's rewards, the chain scenario's search (the model engine, to the wei): the whales buy LP at the pool price ` +
      `and, in the capped farm, verified identities at ${identityPriceWords(out)} (identity.priceTokens), ` +
      `each identity staking up to the cap, up to ${captureBudgetWords(out)} (mining.captureBudgetQuote); ` +
      `spend in tokens at the pool price; no rotation cooldown and nobody reacts. ${FARMS.map(spend).join("; ")}.`,
    "",
    `- ${cheaperSentence(out, summary)}`,
  ];
}

export function miningReportMarkdown(out: SweepOutput, summary: MiningPointSummary[]): string {
  const s = out.spec;
  const lines = [
    `# Sweep: ${s.scenario}`,
    "",
    `Model engine (CappedStakingRewards and Uniswap's StakingRewards, exact integer rewards), ${out.rows.length} runs: ` +
      `grid \`${s.grid}\`, ${s.seeds} seed(s) from ${s.firstSeed}, ${s.agents} retail agents per point, config \`${s.configFile}\`.`,
    "",
    `Values not on the grid: ${miningOffGrid(out)}; both farms pay 6,000,000 CWT over one 60-day period ` +
      `to LP tokens of the CWT/WETH pair (the mining scenario's parameters). The whales "win" a farm when they take at ` +
      `least half of its rewards.`,
    ...exitLines(out),
    "",
    "## Where each claim holds",
    "",
    ...miningBoundaryLines(out, summary),
    "",
    ...captureLines(out, summary),
    "",
    "## Heatmaps",
    "",
    ...FARMS.flatMap((f) => [
      `![${FARM_NAMES[f]} wins](heatmap-${f}-wins.svg) ![${FARM_NAMES[f]} margin](heatmap-${f}-margin.svg) ` +
        `![${FARM_NAMES[f]} Gini](heatmap-${f}-gini.svg) ![${FARM_NAMES[f]} retail share](heatmap-${f}-share.svg) ` +
        `![${FARM_NAMES[f]} cost of capture](heatmap-${f}-capture.svg)`,
      "",
    ]),
    "![Retail gain over StakingRewards](heatmap-retail-gain.svg)",
    "",
    `Stakers above the cap (mean per point, over the grid): whales ${range(summary.map((x) => x.meanCappedWhales))}, ` +
      `retail ${range(summary.map((x) => x.meanCappedRetail))}.`,
    "",
    "Data: `sweep.json` (every point × seed) and `sweep.csv` (one line per point × seed × farm).",
    "",
    ...(out.recheck ? recheckMarkdown(out.recheck) : []),
  ];
  return lines.join("\n");
}

/** The files of a mining sweep: name → contents. */
export async function miningFiles(out: SweepOutput): Promise<[string, string][]> {
  const summary = summarizeMining(out);
  const files: [string, string][] = [
    ["sweep.json", sweepJson(out, summary)],
    ["sweep.csv", miningCsv(out)],
    ["report.md", miningReportMarkdown(out, summary)],
  ];
  for (const f of FARMS)
    for (const metric of MINING_METRICS)
      files.push([`heatmap-${f}-${metric}.svg`, stableIds(await renderSvg(farmHeatmap(out, summary, f, metric)))]);
  files.push(["heatmap-retail-gain.svg", stableIds(await renderSvg(gainHeatmap(out, summary)))]);
  return files;
}
