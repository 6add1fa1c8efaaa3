import { splitReport } from "../../../sim/chain/providerTime";
import { parseOptions, type RawOptions } from "../../../sim/cli/options";
import { buildPopulation, type SimulationRun } from "../../../sim/runner";
import type { ScenarioResult } from "../../../sim/types";

/**
 * TEST FIXTURE — synthetic ScenarioResults, hand-written to exercise the report writer. These
 * numbers come from no chain and are not simulation results.
 */
const votes = (whale: number, n: number) => [whale, whale * 0.9, ...Array.from({ length: n }, (_, i) => 1 + (i % 7))];

export const SYNTHETIC_RESULTS: Record<"governance" | "mining" | "vesting", ScenarioResult> = {
  governance: {
    scenario: "governance",
    mechanisms: [
      {
        id: "oz-governor-simple",
        label: "OZ Governor (simple counting)",
        baseline: true,
        metrics: {
          outcome: "passed",
          forWeight: 360e6,
          againstWeight: 180e6,
          margin: 0.3333,
          whaleWeightShare: 0.64,
          vcWeightShare: 0.16,
          retailWeightShare: 0.2,
          nakamotoWeight: 2,
          giniWeight: 0.93,
          top3WeightShare: 0.64,
          herfindahlWeight: 0.14,
          voters: 62,
        },
        distribution: { what: "vote weight", values: votes(1000, 60) },
      },
      {
        id: "counterweight",
        label: "Counterweight (quadratic)",
        baseline: false,
        metrics: {
          outcome: "defeated",
          forWeight: 41_000,
          againstWeight: 96_000,
          margin: -0.4,
          whaleWeightShare: 0.21,
          vcWeightShare: 0.09,
          retailWeightShare: 0.7,
          nakamotoWeight: 17,
          giniWeight: 0.41,
          voters: 62,
          extraMetric: 1.5,
        },
        distribution: { what: "vote weight", values: votes(31, 60) },
      },
    ],
    variants: [
      {
        id: "sybil-k10-no-identity",
        label: "Whale split over 10 addresses, registry bypassed",
        metrics: { k: 10, sybilGain: 3.16 },
      },
      {
        id: "sybil-k10-identity",
        label: "Whale split over 10 addresses, one identity",
        metrics: { k: 10, sybilGain: 1 },
      },
      { id: "flash-loan", label: "Flash loan after the snapshot", metrics: { flashLoanWeightGained: 0 } },
    ],
    reading:
      "Synthetic fixture: the whales pass the proposal under linear counting and lose it under quadratic counting.",
  },
  mining: {
    scenario: "mining",
    mechanisms: [
      {
        id: "uniswap-staking-rewards",
        label: "Uniswap StakingRewards",
        baseline: true,
        metrics: {
          rewardGini: 0.9,
          top3RewardShare: 0.6,
          whaleStakeShare: 0.7,
          whaleRewardShare: 0.7,
          retailStakeShare: 0.3,
          retailRewardShare: 0.3,
          retailRewardOverStake: 1,
          whaleYieldPerToken: 0.01,
          retailYieldPerToken: 0.01,
          whaleOverRetailYield: 1,
          rewardsFunded: 1e6,
          rewardsPaid: 999_999.98,
        },
        distribution: { what: "rewards", values: votes(500, 40) },
      },
      {
        id: "counterweight",
        label: "Counterweight capped farm",
        baseline: false,
        metrics: {
          rewardGini: 0.5,
          top3RewardShare: 0.2,
          whaleStakeShare: 0.7,
          whaleRewardShare: 0.38,
          retailStakeShare: 0.3,
          retailRewardShare: 0.62,
          retailRewardOverStake: 2.07,
          whaleYieldPerToken: 0.004,
          retailYieldPerToken: 0,
          whaleOverRetailYield: Infinity,
          rewardsFunded: 1e6,
          rewardsPaid: 1e6,
        },
        distribution: { what: "rewards", values: votes(40, 40) },
      },
    ],
    variants: [{ id: "sybil-k10", label: "Whale split over 10 addresses", metrics: { k: 10, sybilGain: 1 } }],
    parameters: { cap: 1137.5, slope: 0.1, unverifiedCap: 1.1375, rewardPeriodDays: 60 },
    reading: "Synthetic fixture: the cap moves rewards from whales to retail.",
  },
  vesting: {
    scenario: "vesting",
    mechanisms: [
      {
        id: "liquid-at-launch",
        label: "Liquid at launch",
        baseline: true,
        metrics: {
          maxDrawdown: 0.72,
          finalPrice: 0.31,
          retailAvgPnlPct: -48.2,
          vcProceeds: 9e6,
          vcVotingWeightFirstYearMax: 2e8,
        },
      },
      {
        id: "uniswap-treasury-vester",
        label: "Uniswap TreasuryVester",
        baseline: true,
        metrics: {
          maxDrawdown: 0.4,
          finalPrice: 0.6,
          retailAvgPnlPct: -12,
          vcProceeds: 6e6,
          vcVotingWeightFirstYearMax: 2e8,
        },
      },
      {
        id: "counterweight",
        label: "Counterweight vesting vault",
        baseline: false,
        metrics: {
          maxDrawdown: 0.2,
          finalPrice: 0.8,
          retailAvgPnlPct: 4.5,
          vcProceeds: 4e6,
          vcVotingWeightFirstYearMax: 0,
        },
      },
    ],
    series: {
      price: ["liquid-at-launch", "uniswap-treasury-vester", "counterweight"].flatMap((series, s) =>
        Array.from({ length: 30 }, (_, day) => ({ series, x: day * 12, y: 1 / (1 + (day * (3 - s)) / 20) })),
      ),
    },
    reading: "Synthetic fixture: vesting spreads the VC sell pressure over time.",
  },
};

/** A run of the chosen synthetic results on a small real population, with made-up timing. */
export function syntheticRun(which: ("governance" | "mining" | "vesting")[], raw: RawOptions = {}): SimulationRun {
  const options = parseOptions({ agents: "60", scenario: "all", ...raw });
  return {
    options: { ...options, scenarios: which },
    network: "hardhat",
    population: buildPopulation(options),
    results: which.map((w) => SYNTHETIC_RESULTS[w]),
    timing: which.map((scenario, i) => ({
      scenario,
      wallSeconds: 1.5 + i,
      transactions: 100 * (i + 1),
      blocks: 110 * (i + 1),
      transactionsPerSecond: 66.7,
      split: splitReport({ execution: 1 + i, calls: 0.1, queries: 0.1, js: 0.3 }),
    })),
  };
}
