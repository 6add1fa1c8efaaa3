import type { TopLevelSpec } from "vega-lite";
import { BASE } from "../report/charts/render";
import type { Axis } from "./grid";
import type { SweepOutput } from "./output";
import { recheckData } from "./recheck";

/** What every sweep's outputs share: CSV cells, number words, heatmaps and claim boundaries. */

export function csvCell(v: string | number | boolean): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const fmt = (x: number): string => String(Number(x.toFixed(6)));

/** A cell of a heatmap: the point's first two axis values and the metric there. */
export interface HeatCell {
  x: number;
  y: number;
  /** null draws a blank cell (e.g. not capturable within the budget). */
  value: number | null;
}

/** How a heatmap colours its cells: the legend title, domain and scheme. */
export interface HeatScale {
  legend: string;
  domain: [number, number];
  scheme: string;
  reverse?: boolean;
}

/** One heatmap over the first two axes (a single row when there is one axis). */
export function heatmap(
  axes: readonly Axis[],
  values: HeatCell[],
  title: string,
  color: string,
  scale: HeatScale,
): TopLevelSpec {
  const [xAxis, yAxis] = axes;
  return {
    ...BASE,
    title: { text: title, color },
    data: { values },
    mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "x", type: "ordinal", title: `${xAxis.name} (${xAxis.field})` },
      y: { field: "y", type: "ordinal", sort: "descending", title: yAxis ? `${yAxis.name} (${yAxis.field})` : "" },
      color: {
        field: "value",
        type: "quantitative",
        title: scale.legend,
        scale: { domain: scale.domain, scheme: scale.scheme, ...(scale.reverse ? { reverse: true } : {}) },
        legend: { orient: "right" },
      },
    },
  } as TopLevelSpec;
}

/** The cells of a heatmap: each point's first two axis values and `value(point)`. */
export function cells<T extends { point: Record<string, number> }>(
  axes: readonly Axis[],
  summary: readonly T[],
  value: (s: T) => number | null,
): HeatCell[] {
  const [xAxis, yAxis] = axes;
  return summary.map((s) => ({ x: s.point[xAxis.name], y: yAxis ? s.point[yAxis.name] : 0, value: value(s) }));
}

/**
 * Where a claim holds over the grid, in words (what follows "holds in every seed"): over one axis
 * the values where it holds; over two, for each value of the first axis (runs of equal words
 * joined), the range of the second axis where it holds: from a value up, or up to a value, or at
 * every or no value in the grid.
 */
export function claimWhere<T extends { point: Record<string, number> }>(
  axes: readonly Axis[],
  summary: readonly T[],
  holds: (s: T) => boolean,
): string {
  const [xAxis, yAxis] = axes;
  if (!yAxis) {
    const held = summary.filter(holds).map((s) => fmt(s.point[xAxis.name]));
    return held.length === 0 ? `at no ${xAxis.name} in the grid` : `at ${xAxis.name} ∈ {${held.join(", ")}}`;
  }
  const parts: { x: number; words: string }[] = [];
  for (const x of xAxis.values) {
    const col = summary
      .filter((s) => s.point[xAxis.name] === x)
      .sort((a, b) => a.point[yAxis.name] - b.point[yAxis.name]);
    const y = (s: T) => s.point[yAxis.name];
    let from: number | undefined;
    for (let i = col.length - 1; i >= 0 && holds(col[i]); i--) from = y(col[i]);
    let upTo: number | undefined;
    for (let i = 0; i < col.length && holds(col[i]); i++) upTo = y(col[i]);
    let words: string;
    if (from !== undefined && from === y(col[0])) words = `at every ${yAxis.name} in the grid (${fmt(from)} and up)`;
    else if (from !== undefined) {
      const also = col.some((s) => y(s) < (from as number) && holds(s));
      words = `when ${yAxis.name} ≥ ${fmt(from)}${also ? " (and at some lower values)" : ""}`;
    } else if (upTo !== undefined) {
      const also = col.some((s) => y(s) > (upTo as number) && holds(s));
      words = `when ${yAxis.name} ≤ ${fmt(upTo)}${also ? " (and at some higher values)" : ""}`;
    } else {
      const held = col.filter(holds).map((s) => fmt(y(s)));
      words = held.length === 0 ? `at no ${yAxis.name} in the grid` : `only at ${yAxis.name} ∈ {${held.join(", ")}}`;
    }
    parts.push({ x, words });
  }
  // Runs of x values with the same words read as one phrase.
  const runs: string[] = [];
  for (let i = 0; i < parts.length;) {
    let j = i;
    while (j + 1 < parts.length && parts[j + 1].words === parts[i].words) j++;
    const at = i === j ? fmt(parts[i].x) : `${fmt(parts[i].x)}–${fmt(parts[j].x)}`;
    runs.push(`at ${xAxis.name} ${at}: ${parts[i].words}`);
    i = j + 1;
  }
  return runs.join("; ");
}

/** Vega numbers gradients with a process-wide counter: renumber them per file so the bytes depend only on the data. */
export function stableIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/gradient_\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `gradient_${ids.size}`);
    return ids.get(id) as string;
  });
}

/** sweep.json: the spec, axes, rows, per-point summary and the re-check's data (no wall times). */
export function sweepJson(out: SweepOutput, summary: unknown): string {
  const recheck = out.recheck === undefined ? undefined : recheckData(out.recheck);
  return JSON.stringify({ ...out, recheck, summary }, null, 2) + "\n";
}

/** The values a sweep holds fixed, in words: each `[axis, words]` whose axis is not on the grid. */
export function offGrid(out: SweepOutput, items: readonly [string, string][]): string {
  const on = new Set(out.axes.map((a) => a.name));
  return items
    .filter(([axis]) => !on.has(axis))
    .map(([, words]) => words)
    .join(", ");
}

/** `claimWhere` and how many grid points it fails at: "…; it breaks at 12 of 56 grid points". */
export function claimSentence<T extends { point: Record<string, number> }>(
  axes: readonly Axis[],
  summary: readonly T[],
  holds: (s: T) => boolean,
): string {
  const broken = summary.filter((s) => !holds(s)).length;
  const tail =
    broken === 0 ? "; it holds at every grid point" : `; it breaks at ${broken} of ${summary.length} grid points`;
  return claimWhere(axes, summary, holds) + tail;
}
