import type { TopLevelSpec } from "vega-lite";
import type { Summary, SummaryScenario } from "../summary";
import { lorenzSpec } from "./lorenz";
import { priceSpec } from "./price";
import { sharesSpec } from "./shares";

type ScenarioKey = keyof Summary["scenarios"];

/** One chart of the report: its file, the scenario it reads, and how to build it. */
export interface ChartDef {
  file: string;
  title: string;
  scenario: ScenarioKey;
  /** The spec; null when the scenario holds no data for it; a string says why it must not be drawn. */
  build(scenario: SummaryScenario): TopLevelSpec | string | null;
}

export const CHARTS: readonly ChartDef[] = [
  {
    file: "governance-lorenz.svg",
    title: "Lorenz curve of vote weight",
    scenario: "governance",
    build: (s) => lorenzSpec(s, "vote weight"),
  },
  {
    file: "governance-shares.svg",
    title: "Whales, VCs and retail: share of the vote weight cast",
    scenario: "governance",
    build: (s) => sharesSpec(s, "Whales, VCs and retail: share of the vote weight cast"),
  },
  {
    file: "mining-lorenz.svg",
    title: "Lorenz curve of rewards",
    scenario: "mining",
    build: (s) => lorenzSpec(s, "rewards"),
  },
  {
    file: "mining-shares.svg",
    title: "Whales and retail: share of the stake and of the rewards",
    scenario: "mining",
    build: (s) => sharesSpec(s, "Whales and retail: share of the stake and of the rewards"),
  },
  { file: "vesting-price.svg", title: "Pool price under VC selling", scenario: "vesting", build: priceSpec },
];

/** A chart that was drawn, or skipped with the reason. */
export type ChartOutcome = { def: ChartDef; spec: TopLevelSpec } | { def: ChartDef; skipped: string };

export function planCharts(summary: Summary): ChartOutcome[] {
  return CHARTS.map((def) => {
    const scenario = summary.scenarios[def.scenario];
    if (scenario === undefined) return { def, skipped: `the ${def.scenario} scenario was not run` };
    const spec = def.build(scenario);
    if (spec === null) return { def, skipped: `the ${def.scenario} results hold no data for it` };
    return typeof spec === "string" ? { def, skipped: spec } : { def, spec };
  });
}
