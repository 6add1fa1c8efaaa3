import type { TopLevelSpec } from "vega-lite";
import { EQUALITY_LABEL } from "../report/charts/lorenz";
import { EQUALITY_LOOK, lookOf, seriesScales } from "../report/charts/palette";
import { BASE, LEGEND } from "../report/charts/render";
import type { AuditSummary } from "./summary";

/** A chart of the audit report: its file, title and spec (null: nothing to draw). */
export interface AuditChart {
  file: string;
  title: string;
  spec: TopLevelSpec | null;
}

/** Linear counting wears the OZ governor's look, √ counting Counterweight's (as in the simulator's charts). */
const LINEAR_ID = "oz-governor-simple";
const SQRT_ID = "counterweight";

/**
 * Lorenz curves of the holdings (token weight) and of the √ weights with one identity per address,
 * and with the most pessimistic merge of the sensitivity, against the diagonal of perfect equality.
 */
export function auditLorenzSpec(s: AuditSummary): TopLevelSpec {
  const base = s.models[0];
  const worst = s.models.length > 1 ? s.models[s.models.length - 1] : undefined;
  const curves = [
    { id: LINEAR_ID, label: `Token weight (Gini ${base.linear.gini.toFixed(2)})`, points: base.linear.lorenz },
    {
      id: SQRT_ID,
      label: `√ weight, one address one identity (Gini ${base.sqrt.gini.toFixed(2)})`,
      points: base.sqrt.lorenz,
    },
    ...(worst === undefined
      ? []
      : [
          {
            id: `audit-${worst.id}`,
            label: `√ weight, ${worst.label.toLowerCase()} (Gini ${worst.sqrt.gini.toFixed(2)})`,
            points: worst.sqrt.lorenz,
          },
        ]),
  ];
  const rows = [
    ...curves.flatMap((c) => c.points.map((p, i) => ({ series: c.label, order: i, ...p }))),
    { series: EQUALITY_LABEL, order: 0, population: 0, share: 0 },
    { series: EQUALITY_LABEL, order: 1, population: 1, share: 1 },
  ];
  const scales = seriesScales([...curves, { id: "equality", label: EQUALITY_LABEL, look: EQUALITY_LOOK }]);
  const axis = (title: string) => ({ title, format: ".0%" });
  const legend = { ...LEGEND, title: "Weight" };
  return {
    ...BASE,
    title: {
      text: "Lorenz curve of the holders' weight",
      subtitle: `${s.input.kept.toLocaleString("en-US")} holders; linear vs √ counting; the diagonal is perfect equality`,
    },
    data: { values: rows },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "population", type: "quantitative", axis: axis("Cumulative share of holders (smallest first)") },
      y: { field: "share", type: "quantitative", axis: axis("Cumulative share of the weight") },
      order: { field: "order", type: "quantitative" },
      color: { field: "series", type: "nominal", scale: scales.color, legend },
      strokeDash: { field: "series", type: "nominal", scale: scales.strokeDash, legend },
    },
  };
}

/** Grouped bars: the weight share of the top k holders under linear and √ counting (and the worst merge). */
export function auditWeightsSpec(s: AuditSummary): TopLevelSpec {
  const base = s.models[0];
  const worst = s.models.length > 1 ? s.models[s.models.length - 1] : undefined;
  const series = [
    { id: LINEAR_ID, label: "Linear (1 token, 1 vote)", top: base.linear.top },
    { id: SQRT_ID, label: "√ per identity, one address one identity", top: base.sqrt.top },
    ...(worst === undefined
      ? []
      : [{ id: `audit-${worst.id}`, label: `√ per identity, ${worst.label.toLowerCase()}`, top: worst.sqrt.top }]),
  ];
  const groups = base.linear.top.map((t) => `Top ${t.k.toLocaleString("en-US")}`);
  const rows = series.flatMap((x) =>
    x.top.map((t) => ({
      group: `Top ${t.k.toLocaleString("en-US")}`,
      counting: x.label,
      share: t.share,
      text: `${(t.share * 100).toFixed(1)}%`,
    })),
  );
  const domain = series.map((x) => x.label);
  const color = { domain, range: series.map((x) => lookOf(x.id).color) };
  const y = { field: "group", type: "nominal", sort: groups, title: null, axis: { labelLimit: 0 } } as const;
  return {
    ...BASE,
    height: { step: 22 },
    title: {
      text: "Weight share of the largest holders",
      subtitle: "share of all weight held by the top k identities, linear vs √ counting",
    },
    data: { values: rows },
    encoding: { y, yOffset: { field: "counting", type: "nominal", sort: domain } },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: {
            field: "share",
            type: "quantitative",
            title: "Share of the weight",
            axis: { format: ".0%" },
            scale: { domain: [0, 1] },
          },
          color: { field: "counting", type: "nominal", title: "Counting", scale: color, legend: { ...LEGEND } },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 3, fontSize: 10 },
        encoding: { x: { field: "share", type: "quantitative" }, text: { field: "text" } },
      },
    ],
  };
}

export function auditCharts(s: AuditSummary): AuditChart[] {
  return [
    { file: "audit-lorenz.svg", title: "Lorenz curve of the holders' weight, linear vs √", spec: auditLorenzSpec(s) },
    { file: "audit-weights.svg", title: "Weight share of the largest holders, linear vs √", spec: auditWeightsSpec(s) },
  ];
}
