import type { MetricValue } from "../types";

export type MetricUnit = "share" | "ratio" | "count" | "coefficient" | "tokens" | "price" | "percent" | "text";

/** What the report knows about a metric: a header for tables and how to print its value. */
export interface MetricInfo {
  label: string;
  unit: MetricUnit;
}

/** Known metrics (docs/report.md explains each); unknown ones are still shown, formatted by type. */
export const METRICS: Record<string, MetricInfo> = {
  outcome: { label: "Outcome", unit: "text" },
  forWeight: { label: "For weight", unit: "tokens" },
  againstWeight: { label: "Against weight", unit: "tokens" },
  abstainWeight: { label: "Abstain weight", unit: "tokens" },
  margin: { label: "Margin (for − against) / total", unit: "share" },
  whaleWeightShare: { label: "Whale weight share", unit: "share" },
  retailWeightShare: { label: "Retail weight share", unit: "share" },
  nakamotoWeight: { label: "Nakamoto coefficient", unit: "count" },
  giniWeight: { label: "Gini of weight", unit: "coefficient" },
  top3WeightShare: { label: "Top-3 weight share", unit: "share" },
  herfindahlWeight: { label: "Herfindahl of weight", unit: "coefficient" },
  voters: { label: "Voters", unit: "count" },
  k: { label: "Addresses (k)", unit: "count" },
  sybilGain: { label: "Sybil gain (×)", unit: "ratio" },
  flashLoanWeightGained: { label: "Flash-loan weight gained", unit: "tokens" },
  rewardGini: { label: "Gini of rewards", unit: "coefficient" },
  top3RewardShare: { label: "Top-3 reward share", unit: "share" },
  retailStakeShare: { label: "Retail stake share", unit: "share" },
  retailRewardShare: { label: "Retail reward share", unit: "share" },
  retailRewardOverStake: { label: "Retail reward ÷ stake share", unit: "ratio" },
  whaleYieldPerToken: { label: "Whale yield / token", unit: "coefficient" },
  retailYieldPerToken: { label: "Retail yield / token", unit: "coefficient" },
  whaleOverRetailYield: { label: "Whale ÷ retail yield", unit: "ratio" },
  rewardsFunded: { label: "Rewards funded", unit: "tokens" },
  rewardsPaid: { label: "Rewards paid", unit: "tokens" },
  maxDrawdown: { label: "Max drawdown", unit: "share" },
  finalPrice: { label: "Final price", unit: "price" },
  retailAvgPnlPct: { label: "Retail avg P&L", unit: "percent" },
  vcProceeds: { label: "VC proceeds", unit: "tokens" },
  vcVotingWeightFirstYearMax: { label: "VC votes in year 1 (max)", unit: "tokens" },
  vcCostBasis: { label: "VC cost basis", unit: "tokens" },
  vcVotingShareFirstYearMax: { label: "VC vote share in year 1 (max)", unit: "share" },
  retailBuyers: { label: "Retail buyers", unit: "count" },
};

/** A header for an unknown metric: `retailFooBar` → "Retail foo bar". */
function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function metricInfo(name: string): MetricInfo {
  return METRICS[name] ?? { label: humanize(name), unit: /Share$/.test(name) ? "share" : "coefficient" };
}

const grouped = (x: number, digits: number) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function significant(x: number): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1000) return grouped(x, 0);
  if (abs >= 1) return grouped(x, 3);
  return Number(x.toPrecision(4)).toString();
}

/** A metric value as the Markdown tables show it (units in the value: %, ×, thousands separators). */
export function formatMetric(name: string, value: MetricValue | null | undefined): string {
  if (value === undefined) return "";
  if (value === null) return "n/a";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "n/a" : value > 0 ? "∞" : "−∞";
  switch (metricInfo(name).unit) {
    case "share":
      return `${grouped(value * 100, 1)}%`;
    case "percent":
      return `${value > 0 ? "+" : ""}${grouped(value, 1)}%`;
    case "ratio":
      return `${grouped(value, 2)}×`;
    case "count":
      return Number.isInteger(value) ? grouped(value, 0) : grouped(value, 2);
    case "tokens":
      return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
    default:
      return significant(value);
  }
}
