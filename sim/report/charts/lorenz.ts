import type { TopLevelSpec } from "vega-lite";
import type { SummaryScenario } from "../summary";
import { EQUALITY_LOOK, seriesScales } from "./palette";
import { BASE, LEGEND } from "./render";

export const EQUALITY_LABEL = "Perfect equality";

/**
 * Lorenz curves of one distribution (vote weight, rewards) per mechanism, with the line of perfect
 * equality: the further a curve sags below the diagonal, the more concentrated the distribution.
 * Each mechanism keeps its colour and dash pattern of every chart; the diagonal is grey and dotted.
 * Null when no mechanism of the scenario reported a distribution.
 */
export function lorenzSpec(scenario: SummaryScenario, what: string): TopLevelSpec | null {
  const curves = Object.entries(scenario.mechanisms).flatMap(([id, m]) =>
    m.distribution === undefined
      ? []
      : [{ id, label: `${m.label} (Gini ${m.distribution.gini.toFixed(2)})`, points: m.distribution.lorenz }],
  );
  if (curves.length === 0) return null;
  const rows = [
    ...curves.flatMap((c) => c.points.map((p, i) => ({ mechanism: c.label, order: i, ...p }))),
    { mechanism: EQUALITY_LABEL, order: 0, population: 0, share: 0 },
    { mechanism: EQUALITY_LABEL, order: 1, population: 1, share: 1 },
  ];
  const scales = seriesScales([...curves, { id: "equality", label: EQUALITY_LABEL, look: EQUALITY_LOOK }]);
  const axis = (title: string) => ({ title, format: ".0%" });
  const legend = { ...LEGEND, title: "Mechanism" };
  return {
    ...BASE,
    title: {
      text: `Lorenz curve of ${what}`,
      subtitle: "baselines vs Counterweight; the diagonal is perfect equality",
    },
    data: { values: rows },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "population", type: "quantitative", axis: axis("Cumulative share of holders (smallest first)") },
      y: { field: "share", type: "quantitative", axis: axis(`Cumulative share of ${what}`) },
      order: { field: "order", type: "quantitative" },
      color: { field: "mechanism", type: "nominal", scale: scales.color, legend },
      strokeDash: { field: "mechanism", type: "nominal", scale: scales.strokeDash, legend },
    },
  };
}
