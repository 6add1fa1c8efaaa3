import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { seriesScales } from "./palette";
import { BASE, LEGEND } from "./render";

/**
 * The pool price per day, one line per mechanism (series = mechanism id), with markers on the
 * samples so lines that cross or overlap stay apart. The first sample is the launch price, before
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
  return {
    ...BASE,
    title: {
      text: "Pool price under VC selling",
      subtitle: "Uniswap V2 spot price from launch (before the first trade), retail buying while VC tokens unlock",
    },
    data: { values: points.map((p, order) => ({ mechanism: label.get(p.series), day: p.x, price: p.y, order })) },
    mark: { type: "line", strokeWidth: 2, point: { filled: true, size: 36 } },
    encoding: {
      x: {
        field: "day",
        type: "quantitative",
        title: "Day since launch",
        scale: { domain: [-15, lastDay + 15], nice: false, zero: false },
      },
      y: { field: "price", type: "quantitative", title: "Token price in the pool (quote per token)" },
      order: { field: "order", type: "quantitative" },
      color: { field: "mechanism", type: "nominal", scale: scales.color, legend },
      strokeDash: { field: "mechanism", type: "nominal", scale: scales.strokeDash, legend },
      shape: { field: "mechanism", type: "nominal", scale: scales.shape, legend },
    },
  };
}
