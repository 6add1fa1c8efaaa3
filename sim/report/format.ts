import type { MetricValue } from "../types";

export type MetricUnit =
  | "share"
  | "signedShare"
  | "ratio"
  | "count"
  | "coefficient"
  | "tokens"
  | "price"
  | "percent"
  | "seconds"
  | "rate"
  | "text";

/** What the report knows about a metric: a header for tables and how to print its value. */
export interface MetricInfo {
  label: string;
  unit: MetricUnit;
  /** Metrics of a group get their own table in report.md (e.g. "exit", "capture"); none: the main table. */
  group?: string;
}

/** Titles of the metric groups' tables. */
export const METRIC_GROUPS: Record<string, string> = {
  exit: "Whale exit from the farm",
  capture: "Cost of capture: half the rewards",
};

/** Known metrics (docs/report.md explains each); unknown ones are still shown, formatted by type. */
export const METRICS: Record<string, MetricInfo> = {
  outcome: { label: "Outcome", unit: "text" },
  forWeight: { label: "For weight", unit: "tokens" },
  againstWeight: { label: "Against weight", unit: "tokens" },
  abstainWeight: { label: "Abstain weight", unit: "tokens" },
  margin: { label: "Margin (for − against) ÷ (for + against)", unit: "signedShare" },
  whaleWeightShare: { label: "Whale weight share", unit: "share" },
  vcWeightShare: { label: "VC weight share", unit: "share" },
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
  whaleAprAtPoolPrice: { label: "Whale APR (pool price)", unit: "share", group: "exit" },
  whalesExited: { label: "Whales that left", unit: "count", group: "exit" },
  lpSupplyAfterExit: { label: "LP supply after", unit: "tokens", group: "exit" },
  poolTokenReserveAfterExit: { label: "CWT reserve after", unit: "tokens", group: "exit" },
  poolQuoteReserveAfterExit: { label: "WETH reserve after", unit: "tokens", group: "exit" },
  liquidityLeftShare: { label: "Liquidity left (share of start)", unit: "share", group: "exit" },
  retailSwapTokensOut: { label: "Retail swap: CWT out", unit: "tokens", group: "exit" },
  retailSwapPriceImpact: { label: "Retail swap price impact", unit: "share", group: "exit" },
  retailRewardShareAfterExit: { label: "Retail reward share after", unit: "share", group: "exit" },
  captureStatus: { label: "Capture", unit: "text", group: "capture" },
  captureSpendQuote: { label: "Spend (WETH)", unit: "tokens", group: "capture" },
  captureSpendTokens: { label: "Spend (CWT at pool price)", unit: "tokens", group: "capture" },
  captureLpBought: { label: "LP bought", unit: "tokens", group: "capture" },
  captureIdentitiesBought: { label: "Identities bought", unit: "count", group: "capture" },
  whaleRewardShareAtCapture: { label: "Whale reward share there", unit: "share", group: "capture" },
  maxDrawdown: { label: "Max drawdown", unit: "share" },
  finalPrice: { label: "Final price", unit: "price" },
  retailAvgPnlPct: { label: "Retail avg P&L", unit: "percent" },
  vcProceeds: { label: "VC proceeds", unit: "tokens" },
  vcVotingWeightFirstYearMax: { label: "VC votes in year 1 (max)", unit: "tokens" },
  vcCostBasis: { label: "VC cost basis", unit: "tokens" },
  vcVotingShareFirstYearMax: { label: "VC vote share in year 1 (max)", unit: "share" },
  retailBuyers: { label: "Retail buyers", unit: "count" },
  whaleStakeShare: { label: "Whale stake share", unit: "share" },
  whaleRewardShare: { label: "Whale reward share", unit: "share" },
  flashLoanVotesHeld: { label: "Votes held during the loan", unit: "tokens" },
  registry: { label: "Registry", unit: "text" },
  rewardsBefore: { label: "Rewards before split", unit: "tokens" },
  rewardsAfter: { label: "Rewards after split", unit: "tokens" },
  wallSeconds: { label: "Wall time (s)", unit: "seconds" },
  transactions: { label: "Transactions", unit: "count" },
  blocks: { label: "Blocks", unit: "count" },
  txPerSecond: { label: "Transactions per second", unit: "rate" },
  // Cost of capture (governance: model engine) and the on-chain adversaries.
  costOfCaptureQuote: { label: "Cost of capture (quote)", unit: "tokens" },
  costOfCaptureTokens: { label: "Cost of capture (tokens)", unit: "tokens" },
  identitiesBought: { label: "Identities bought", unit: "count" },
  tokensBought: { label: "Tokens bought", unit: "tokens" },
  votesBought: { label: "Votes bought", unit: "count" },
  votersAccepting: { label: "Voters accepting the bribe", unit: "count" },
  bribePerVoteAtCapture: { label: "Bribe per vote at capture (quote)", unit: "tokens" },
  costAtConfiguredBribeQuote: { label: "Cost at the configured bribe (quote)", unit: "tokens" },
  capturedWithinBudget: { label: "Captured within budget", unit: "text" },
  verdict: { label: "Verdict", unit: "text" },
  bribePerVoteQuote: { label: "Bribe per vote (quote)", unit: "tokens" },
  budgetQuote: { label: "Budget (quote)", unit: "tokens" },
  leastVotesToBuy: { label: "Least votes to buy", unit: "count" },
  votesBoughtOnChain: { label: "Votes bought on chain", unit: "count" },
  spendQuote: { label: "Spend (quote)", unit: "tokens" },
  spendTokens: { label: "Spend (tokens)", unit: "tokens" },
  chainPassed: { label: "Passed on chain", unit: "text" },
  chainMatchesModel: { label: "Chain tally = model", unit: "text" },
  // Delegation scenario (mechanisms, variants, parameters).
  delegatedWeightShare: { label: "Weight cast by delegates", unit: "share" },
  delegationKept: { label: "Delegators keep (× direct weight)", unit: "ratio" },
  holders: { label: "Holders", unit: "count" },
  tokensEach: { label: "Tokens each", unit: "tokens" },
  todaysSqrtWeight: { label: "Today's √ weight", unit: "tokens" },
  quadraticWeight: { label: "Quadratic delegation weight (Σ√)", unit: "tokens" },
  delegationCostTimes: { label: "Quadratic ÷ today's √ (×)", unit: "ratio" },
  delegators: { label: "Delegators", unit: "count" },
  delegatedTokens: { label: "Tokens delegated", unit: "tokens" },
  delegatedIdentities: { label: "Identities delegating", unit: "count" },
  keeperInterval: { label: "Keeper interval", unit: "text" },
  revokedIdentities: { label: "Identities revoked", unit: "count" },
  staleSqrtWeight: { label: "Stale √ weight at the snapshot", unit: "tokens" },
  staleSqrtWei: { label: "Stale √ weight (√-wei, exact)", unit: "text" },
  staleSeats: { label: "Stale seats at the snapshot", unit: "count" },
  staleWeightShare: { label: "Stale ÷ valid delegated Σ√", unit: "share" },
  keeperRuns: { label: "Keeper runs", unit: "count" },
  keeperTransactions: { label: "Keeper transactions", unit: "count" },
  delegates: { label: "Delegates", unit: "count" },
  retailDelegateShare: { label: "Retail delegating (config)", unit: "share" },
  retailDirectShare: { label: "Retail voting directly (config)", unit: "share" },
  retailAbstainShare: { label: "Retail abstaining (config)", unit: "share" },
  delegateChoice: { label: "How delegators choose", unit: "text" },
  delegateVotes: { label: "Delegates' votes (delegate 0, 1, …)", unit: "text" },
  splitDelegates: { label: "Custodians splitting their vote", unit: "count" },
  delegatorsDrawn: { label: "Delegators (drawn)", unit: "count" },
  directRetailDrawn: { label: "Retail voting directly (drawn)", unit: "count" },
  syncLagRevoked: { label: "Delegators revoked before the snapshot", unit: "count" },
  syncLagWindowSeconds: { label: "Revocation window before the snapshot (s)", unit: "count" },
  keeperIntervals: { label: "Keeper intervals measured", unit: "text" },
  keeperBatch: { label: "Syncs per keeper transaction", unit: "count" },
  // Scenario parameters (summary.json `parameters`).
  votingDelaySeconds: { label: "Voting delay (s)", unit: "count" },
  votingPeriodDays: { label: "Voting period (days)", unit: "count" },
  proposalThresholdTokens: { label: "Proposal threshold (tokens)", unit: "tokens" },
  quorumIdentities: { label: "Quorum (identities, Counterweight)", unit: "count" },
  lateQuorumExtensionDays: { label: "Late-quorum extension (days)", unit: "count" },
  ozQuorumPercent: { label: "Quorum (% of supply, OZ baseline)", unit: "count" },
  cap: { label: "Cap (LP per identity)", unit: "tokens" },
  slope: { label: "Slope above the cap", unit: "share" },
  unverifiedCap: { label: "Cap without identity (LP)", unit: "tokens" },
  capOverMeanRetailStake: { label: "Cap ÷ mean retail stake", unit: "ratio" },
  retailStakers: { label: "Retail stakers", unit: "count" },
  rewardPeriodDays: { label: "Reward period (days)", unit: "count" },
  rewardsPerFarm: { label: "Rewards per farm (tokens)", unit: "tokens" },
  supplyTokens: { label: "Token supply", unit: "tokens" },
  vcSupplyShare: { label: "VC share of the supply", unit: "share" },
  vcTokens: { label: "VC allocations (tokens)", unit: "tokens" },
  vcPriceOverLaunch: { label: "VC price ÷ launch price", unit: "ratio" },
  launchPrice: { label: "Launch price (quote per token)", unit: "price" },
  poolTokens: { label: "Tokens seeded in the pool", unit: "tokens" },
  retailBudget: { label: "Retail budget (quote)", unit: "tokens" },
  retailBuyersMax: { label: "Retail buyers (at most)", unit: "count" },
  months: { label: "Months simulated", unit: "count" },
  cliffMonths: { label: "Cliff (months)", unit: "count" },
  vestingMonths: { label: "Vesting end (months)", unit: "count" },
  trancheMonths: { label: "Months between vault tranches", unit: "count" },
  vcSelling: { label: "VC selling", unit: "text" },
  whaleExitRule: { label: "Whale exit rule", unit: "text" },
  retailSwapQuote: { label: "Retail swap (WETH)", unit: "tokens" },
  poolTokenReserveStart: { label: "CWT reserve before the exit", unit: "tokens" },
  poolQuoteReserveStart: { label: "WETH reserve before the exit", unit: "tokens" },
  lpSupplyStart: { label: "LP supply before the exit", unit: "tokens" },
  retailSwapPriceImpactFullPool: { label: "Retail swap impact, full pool", unit: "share" },
  identityPriceTokens: { label: "Identity price (tokens)", unit: "tokens" },
  identityPriceQuote: { label: "Identity price (WETH at the pool price)", unit: "tokens" },
  captureBudgetQuote: { label: "Capture budget (WETH)", unit: "tokens" },
  captureIdentityPriceTokens: { label: "Identity price (tokens, cost of capture)", unit: "tokens" },
  captureIdentityBudgetTokens: { label: "Identity budget (tokens, cost of capture)", unit: "tokens" },
  captureBribePerVoteQuote: { label: "Bribe per vote (quote, cost of capture)", unit: "tokens" },
  captureBribeBudgetQuote: { label: "Bribe budget (quote, cost of capture)", unit: "tokens" },
  captureBribeAcceptAllAtValueShare: { label: "Bribe ÷ balance value all accept at", unit: "share" },
  captureQuotePerToken: { label: "Pool price for identity costs (quote per token)", unit: "price" },
  captureBribeQuotePerToken: { label: "Pool price for bribes (quote per token)", unit: "price" },
};

/**
 * The margin of a vote, one definition for the code, the tables and the docs: (for − against) ÷
 * (for + against). Abstentions are left out because they decide nothing (a proposal succeeds when
 * For > Against); positive means For won, by that share of the decisive vote. 0 when nobody voted
 * For or Against.
 */
export function margin(forWeight: number, againstWeight: number): number {
  const decisive = forWeight + againstWeight;
  return decisive === 0 ? 0 : (forWeight - againstWeight) / decisive;
}

/** A header for an unknown metric: `retailFooBar` → "Retail foo bar". */
function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function metricInfo(name: string): MetricInfo {
  return METRICS[name] ?? { label: humanize(name), unit: /Share$/.test(name) ? "share" : "coefficient" };
}

/** Typographic minus (U+2212) instead of the hyphen toLocaleString writes. */
const minus = (s: string) => s.replace(/^-/, "−");

const grouped = (x: number, digits: number) =>
  minus(x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** A number with thousands separators and at most `digits` decimals: 12640004.87 → "12,640,005" (digits 0). */
export function formatAmount(x: number, digits = 0): string {
  return minus(x.toLocaleString("en-US", { maximumFractionDigits: digits }));
}

/** A share as a percentage: 0.7081 → "70.8%". */
export function formatShare(x: number, digits = 1): string {
  return `${grouped(x * 100, digits)}%`;
}

/** A signed percentage: 263.8 → "+263.8%", −16 → "−16.0%" (input already in percent). */
export function formatSignedPercent(x: number, digits = 1): string {
  const s = grouped(x, digits);
  return `${x > 0 && s !== grouped(0, digits) ? "+" : ""}${s}%`;
}

/** "1 whale", "3 whales", "1,000 retail agents": a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatAmount(n)} ${n === 1 ? one : many}`;
}

/** "the farm", "both farms", "all 3 farms": every one of `n` things, for a sentence about all of them. */
export function everyOf(n: number, one: string, many = `${one}s`): string {
  if (n === 1) return `the ${one}`;
  return n === 2 ? `both ${many}` : `all ${formatAmount(n)} ${many}`;
}

function significant(x: number): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1000) return grouped(x, 0);
  if (abs >= 1) return grouped(x, 3);
  return minus(Number(x.toPrecision(4)).toString());
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
      return formatShare(value);
    case "signedShare":
      return formatSignedPercent(value * 100);
    case "percent":
      return formatSignedPercent(value);
    case "seconds":
      return grouped(value, 1);
    case "rate":
      return grouped(value, 0);
    case "ratio":
      return `${grouped(value, 2)}×`;
    case "count":
      return Number.isInteger(value) ? grouped(value, 0) : grouped(value, 2);
    case "tokens":
      return formatAmount(value, 2);
    default:
      return significant(value);
  }
}
