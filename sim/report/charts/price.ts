import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { BASE } from "./render";

/** The pool price per day, one line per mechanism (series). Null when there is no price series. */
export function priceSpec(scenario: SummaryScenario): TopLevelSpec | null {
  const points = scenario.series.price ?? [];
  if (points.length === 0) return null;
  // Series named after a mechanism id are shown with that mechanism's label.
  const label = (series: string) => scenario.mechanisms[series]?.label ?? series;
  return {
    ...BASE,
    title: {
      text: "Pool price under VC selling",
      subtitle: "Uniswap V2 spot price, retail buying while VC tokens unlock",
    },
    data: { values: points.map((p) => ({ mechanism: label(p.series), day: p.x, price: p.y })) },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "day", type: "quantitative", title: "Day since launch" },
      y: { field: "price", type: "quantitative", title: "Token price in the pool (quote per token)" },
      color: {
        field: "mechanism",
        type: "nominal",
        title: "Mechanism",
        legend: { orient: "bottom", columns: 1, labelLimit: 700 },
      },
    },
  };
}
