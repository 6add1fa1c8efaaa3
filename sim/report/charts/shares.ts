import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { BASE } from "./render";

const GROUPS: Record<string, string> = { whale: "Whales", retail: "Retail", vc: "VCs" };

/** `retailRewardShare` → "Retail · reward"; null for metrics that are not a group's share. */
function shareLabel(metric: string): string | null {
  const m = /^(whale|retail|vc)([A-Z][A-Za-z]*)Share$/.exec(metric);
  if (m === null) return null;
  return `${GROUPS[m[1]]} · ${m[2].replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`;
}

/**
 * Grouped bars: per mechanism, every whale / retail / VC share metric it reported (share of vote
 * weight, of stake, of rewards). Null when none exists.
 */
export function sharesSpec(scenario: SummaryScenario, title: string): TopLevelSpec | null {
  const rows = Object.values(scenario.mechanisms).flatMap((m) =>
    Object.entries(m.metrics).flatMap(([metric, value]) => {
      const label = shareLabel(metric);
      return label === null || typeof value !== "number" ? [] : [{ mechanism: m.label, share: label, value }];
    }),
  );
  if (rows.length === 0) return null;
  return {
    ...BASE,
    title: { text: title, subtitle: "one bar per mechanism, same population" },
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "share", type: "nominal", title: "Group · quantity", axis: { labelAngle: 0 } },
      xOffset: { field: "mechanism", type: "nominal" },
      y: { field: "value", type: "quantitative", title: "Share of the total", axis: { format: ".0%" } },
      color: {
        field: "mechanism",
        type: "nominal",
        title: "Mechanism",
        legend: { orient: "bottom", columns: 1, labelLimit: 700 },
      },
    },
  };
}
