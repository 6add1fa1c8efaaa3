import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { seriesScales } from "./palette";
import { BASE, LEGEND } from "./render";

/**
 * The pool price per day, one line per mechanism (series = mechanism id), with each mechanism's
 * marker shape on the samples so lines that cross or overlap stay apart (dashes would garble the
 * markers). The first sample is the launch price, before
 * any trade, so the launch crash shows as a drop. Null when there is no price series.
 */
export function priceSpec(scenario: SummaryScenario): TopLevelSpec | null {
  const points = scenario.series.price ?? [];
  if (points.length === 0) return null;
  // Mechanisms in the scenario's order, then any series that is no mechanism (shown by its name).
  const ids = [...new Set([...Object.keys(scenario.mechanisms), ...points.map((p) => p.series)])].filter((id) =>
    points.some((p) => p.series === id),
  );
  const series = ids.map((id) => ({ id, label: scenario.mechanisms[id]?.label ?? id }));
  const label = new Map(series.map((s) => [s.id, s.label]));
  const scales = seriesScales(series);
  const legend = { ...LEGEND, title: "Mechanism" };
  const lastDay = Math.max(...points.map((p) => p.x));
  const widths = series.map((_, i) => 1.5 + 1.25 * (series.length - 1 - i));
  const sizes = series.map((_, i) => 25 + 30 * (series.length - 1 - i));
  const encoding = {
    x: {
      field: "day",
      type: "quantitative" as const,
      title: "Day since launch",
      scale: { domain: [-15, lastDay + 15], nice: false, zero: false },
    },
    y: { field: "price", type: "quantitative" as const, title: "Token price in the pool (quote per token)" },
    order: { field: "order", type: "quantitative" as const },
    color: { field: "mechanism", type: "nominal" as const, scale: scales.color, legend },
  };
  return {
    ...BASE,
    title: {
      text: "Pool price under VC selling",
      subtitle: "Uniswap V2 spot price, day 0 = launch before any trade",
    },
    data: { values: points.map((p, order) => ({ mechanism: label.get(p.series), day: p.x, price: p.y, order })) },
    encoding,
    // One layer per mechanism, drawn in legend order: lines that coincide (TreasuryVester and the
    // vault before the cliff) stay visible because each later one is thinner, with smaller markers.
    layer: series.flatMap((x, i) => {
      const only = [{ filter: { field: "mechanism", equal: x.label } }];
      return [
        { transform: only, mark: { type: "line" as const, strokeWidth: widths[i] } },
        {
          transform: only,
          mark: { type: "point" as const, filled: true, opacity: 1, size: sizes[i] },
          encoding: { shape: { field: "mechanism", type: "nominal" as const, scale: scales.shape, legend } },
        },
      ];
    }),
  };
}
