import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { BASE } from "./render";

/**
 * Lorenz curves of one distribution (vote weight, rewards) per mechanism, with the line of perfect
 * equality: the further a curve sags below the diagonal, the more concentrated the distribution.
 * Null when no mechanism of the scenario reported a distribution.
 */
export function lorenzSpec(scenario: SummaryScenario, what: string): TopLevelSpec | null {
  const rows = Object.values(scenario.mechanisms).flatMap((m) =>
    m.distribution === undefined
      ? []
      : m.distribution.lorenz.map((p) => ({
          mechanism: `${m.label} (Gini ${m.distribution?.gini.toFixed(2)})`,
          population: p.population,
          share: p.share,
        })),
  );
  if (rows.length === 0) return null;
  const equality = [
    { mechanism: "Perfect equality", population: 0, share: 0 },
    { mechanism: "Perfect equality", population: 1, share: 1 },
  ];
  const axis = (title: string) => ({ title, format: ".0%" });
  return {
    ...BASE,
    title: { text: `Lorenz curve of ${what}`, subtitle: "baseline vs Counterweight; the diagonal is perfect equality" },
    data: { values: [...rows, ...equality] },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "population", type: "quantitative", axis: axis("Cumulative share of holders (smallest first)") },
      y: { field: "share", type: "quantitative", axis: axis(`Cumulative share of ${what}`) },
      color: {
        field: "mechanism",
        type: "nominal",
        title: "Mechanism",
        legend: { orient: "bottom", columns: 1, labelLimit: 700 },
      },
      strokeDash: {
        condition: { test: "datum.mechanism === 'Perfect equality'", value: [4, 4] },
        value: [1, 0],
      },
    },
  };
}
