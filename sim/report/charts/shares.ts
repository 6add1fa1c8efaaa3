import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { GROUP_LOOKS } from "./palette";
import { BASE, LEGEND } from "./render";

type Group = keyof typeof GROUP_LOOKS;
const GROUPS: readonly Group[] = ["whale", "vc", "retail"];
/** How far the groups' shares may sum from 100% (rounding) before the chart refuses to draw. */
export const SHARE_TOLERANCE = 1e-3;

/** One stacked bar: a mechanism's split of one quantity (vote weight, stake, rewards) among the groups. */
export interface ShareBar {
  bar: string;
  quantity: string;
  segments: { group: Group; value: number }[];
}

const words = (camel: string) => camel.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/**
 * The bars of a scenario: per mechanism and quantity, the whale / VC / retail shares it reported
 * (`whaleWeightShare`, `vcWeightShare`, `retailWeightShare`, …). A group a mechanism did not report
 * holds 0 of that quantity (VCs do not stake in the mining scenario).
 */
export function shareBars(scenario: SummaryScenario): ShareBar[] {
  const perMechanism = Object.values(scenario.mechanisms).map((m) => {
    const byQuantity = new Map<string, Map<Group, number>>();
    for (const [metric, value] of Object.entries(m.metrics)) {
      const match = /^(whale|retail|vc)([A-Z][A-Za-z]*)Share$/.exec(metric);
      if (match === null || typeof value !== "number") continue;
      const quantity = words(match[2]);
      const groups = byQuantity.get(quantity) ?? new Map<Group, number>();
      groups.set(match[1] as Group, value);
      byQuantity.set(quantity, groups);
    }
    return { label: m.label, byQuantity };
  });
  const several = perMechanism.some((m) => m.byQuantity.size > 1);
  return perMechanism.flatMap((m) =>
    [...m.byQuantity].map(([quantity, groups]) => ({
      bar: several ? `${m.label} · ${quantity}` : m.label,
      quantity,
      segments: GROUPS.map((group) => ({ group, value: groups.get(group) ?? 0 })),
    })),
  );
}

/**
 * Stacked horizontal bars that add up to 100%: for every mechanism (and quantity), how the total
 * splits among whales, VCs and retail, each segment labelled with its percentage. Null when the
 * scenario reported no group shares; a reason (string) when a bar's shares do not sum to 100%,
 * because such a chart would hide part of the total.
 */
export function sharesSpec(scenario: SummaryScenario, title: string): TopLevelSpec | string | null {
  const bars = shareBars(scenario);
  if (bars.length === 0) return null;
  for (const b of bars) {
    const sum = b.segments.reduce((a, s) => a + s.value, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE)
      return `the whale, VC and retail shares of "${b.bar}" sum to ${(sum * 100).toFixed(1)}%, not 100%`;
  }
  const shown = GROUPS.filter((g) => bars.some((b) => b.segments.some((s) => s.group === g && s.value > 0)));
  const rows = bars.flatMap((b) => {
    let start = 0;
    return b.segments
      .filter((s) => shown.includes(s.group))
      .map((s) => {
        const row = {
          bar: b.bar,
          group: GROUP_LOOKS[s.group].label,
          value: s.value,
          start,
          end: start + s.value,
          mid: start + s.value / 2,
          text: s.value >= 0.05 ? `${(s.value * 100).toFixed(1)}%` : "",
          ink: GROUP_LOOKS[s.group].text,
        };
        start += s.value;
        return row;
      });
  });
  const order = bars.map((b) => b.bar);
  const y = { field: "bar", type: "nominal", sort: order, title: null, axis: { labelLimit: 0 } } as const;
  return {
    ...BASE,
    height: { step: 36 },
    title: { text: title, subtitle: "each bar adds up to 100%; same population" },
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar", stroke: "white", strokeWidth: 1 },
        encoding: {
          y,
          x: {
            field: "start",
            type: "quantitative",
            title: "Share of the total",
            axis: { format: ".0%" },
            scale: { domain: [0, 1] },
          },
          x2: { field: "end" },
          color: {
            field: "group",
            type: "nominal",
            title: "Group",
            scale: { domain: shown.map((g) => GROUP_LOOKS[g].label), range: shown.map((g) => GROUP_LOOKS[g].color) },
            legend: { ...LEGEND, direction: "horizontal", columns: shown.length },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          y,
          x: { field: "mid", type: "quantitative" },
          text: { field: "text" },
          color: { field: "ink", type: "nominal", scale: null },
        },
      },
    ],
  };
}
