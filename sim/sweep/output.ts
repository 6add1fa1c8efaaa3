import fs from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { BASE } from "../report/charts/render";
import { renderSvg } from "../report/charts/render";
import { lookOf } from "../report/charts/palette";
import { GOVERNORS, type GovernorId } from "./governance";
import type { Axis } from "./grid";
import type { SweepSpec } from "./plan";
import type { SweepRow } from "./run";
import { SweepError } from "./grid";

export const GOVERNOR_NAMES: Record<GovernorId, string> = {
  counterweight: "Counterweight",
  "oz-governor-simple": "OZ Governor",
  "uniswap-governor-alpha": "GovernorAlpha",
};

/** Everything a sweep writes that must be byte-identical for the same arguments. */
export interface SweepOutput {
  spec: SweepSpec;
  axes: Axis[];
  rows: SweepRow[];
}

/** A shard's rows, to be merged (`npm run sweep -- merge DIR...`). */
export interface ShardOutput extends SweepOutput {
  shard: { index: number; count: number };
  totalTasks: number;
}

/** Per point, over its seeds: how often the whale side wins and the mean margin, per governor. */
export interface PointSummary {
  point: Record<string, number>;
  governors: Record<
    GovernorId,
    {
      whaleWins: number;
      outvotedIn: number;
      seeds: number;
      meanMarginPpm: number;
      meanGini: number;
      /** Mean cost of capture by identity purchase (tokens) when every seed is capturable within budget, else null. */
      meanCaptureTokens: number | null;
    }
  >;
}

export function summarize(rows: readonly SweepRow[]): PointSummary[] {
  const byPoint = new Map<string, SweepRow[]>();
  for (const r of rows) {
    const key = JSON.stringify(r.point);
    byPoint.set(key, [...(byPoint.get(key) ?? []), r]);
  }
  return [...byPoint.values()].map((rs) => {
    const governors = {} as PointSummary["governors"];
    for (const g of GOVERNORS) {
      const outs = rs.map((r) => r.result.governors[g]);
      governors[g] = {
        whaleWins: outs.filter((o) => o.winner === "whale").length,
        outvotedIn: outs.filter((o) => o.outvoted).length,
        seeds: outs.length,
        meanMarginPpm: Math.round(outs.reduce((a, o) => a + o.marginPpm, 0) / outs.length),
        meanGini: Number((outs.reduce((a, o) => a + o.gini, 0) / outs.length).toFixed(6)),
        meanCaptureTokens: outs.every((o) => o.captureTokens !== null)
          ? Number((outs.reduce((a, o) => a + (o.captureTokens ?? 0), 0) / outs.length).toFixed(6))
          : null,
      };
    }
    return { point: rs[0].point, governors };
  });
}

function csvCell(v: string | number | boolean): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per point × seed × governor. */
export function toCsv(out: SweepOutput): string {
  const names = out.axes.map((a) => a.name);
  const header = [
    ...names,
    "seed",
    "governor",
    "winner",
    "margin_ppm",
    "quorum_reached",
    "gini",
    "for",
    "against",
    "retail_voters",
    "agents",
    "capture_tokens",
  ];
  const lines = [header.map(csvCell).join(",")];
  for (const r of out.rows)
    for (const g of GOVERNORS) {
      const o = r.result.governors[g];
      lines.push(
        [
          ...names.map((n) => r.point[n]),
          r.seed,
          g,
          o.winner,
          o.marginPpm,
          o.quorumReached,
          o.gini,
          o.for,
          o.against,
          r.result.retailVoters,
          r.result.agents,
          o.captureTokens ?? "",
        ]
          .map(csvCell)
          .join(","),
      );
    }
  return lines.join("\n") + "\n";
}

/** The heatmaps drawn per governor. */
const HEATMAP_METRICS = ["wins", "margin", "capture"] as const;
type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

function heatmapSpec(out: SweepOutput, summary: PointSummary[], g: GovernorId, metric: HeatmapMetric): TopLevelSpec {
  const [xAxis, yAxis] = out.axes;
  const values = summary.map((s) => ({
    x: s.point[xAxis.name],
    y: yAxis ? s.point[yAxis.name] : 0,
    value:
      metric === "wins"
        ? s.governors[g].whaleWins / s.governors[g].seeds
        : metric === "margin"
          ? s.governors[g].meanMarginPpm / 1_000_000
          : s.governors[g].meanCaptureTokens,
  }));
  const title =
    metric === "wins"
      ? `${GOVERNOR_NAMES[g]}: share of seeds the whale proposal passes`
      : metric === "margin"
        ? `${GOVERNOR_NAMES[g]}: mean margin (For − Against) / (For + Against)`
        : `${GOVERNOR_NAMES[g]}: cost of capture by identity (or token) purchase, tokens; blank = not within budget`;
  return {
    ...BASE,
    title: { text: title, color: lookOf(g).color },
    data: { values },
    mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "x", type: "ordinal", title: `${xAxis.name} (${xAxis.field})` },
      y: { field: "y", type: "ordinal", sort: "descending", title: yAxis ? `${yAxis.name} (${yAxis.field})` : "" },
      color: {
        field: "value",
        type: "quantitative",
        title: metric === "wins" ? "whale wins" : metric === "margin" ? "margin" : "tokens",
        scale:
          metric === "wins"
            ? { domain: [0, 1], scheme: "blueorange" }
            : metric === "margin"
              ? { domain: [-1, 1], scheme: "redblue", reverse: true }
              : { scheme: "greens" },
        legend: { orient: "right" },
      },
    },
  } as TopLevelSpec;
}

const fmt = (x: number): string => String(Number(x.toFixed(6)));

/**
 * "Where each claim holds", in words, from the data: for each value of the first axis, the
 * smallest value of the second axis from which the governor defeats the whale proposal in every
 * seed (and stays defeated above it), or that no value in the grid does.
 */
export function boundaryLines(out: SweepOutput, summary: PointSummary[]): string[] {
  const [xAxis, yAxis] = out.axes;
  const lines: string[] = [];
  const claims: [string, (s: PointSummary, g: GovernorId) => boolean][] = [
    ["defeats the whale proposal", (s, g) => s.governors[g].whaleWins === 0],
    [
      "has retail outvote the whales (Against ≥ For, whatever the quorum)",
      (s, g) => s.governors[g].outvotedIn === s.governors[g].seeds,
    ],
  ];
  for (const g of GOVERNORS) {
    const name = GOVERNOR_NAMES[g];
    for (const [claim, holds] of claims) {
      if (!yAxis) {
        const held = summary.filter((s) => holds(s, g)).map((s) => fmt(s.point[xAxis.name]));
        lines.push(
          held.length === 0
            ? `- ${name} ${claim} in every seed at no ${xAxis.name} in the grid.`
            : `- ${name} ${claim} in every seed at ${xAxis.name} ∈ {${held.join(", ")}}.`,
        );
        continue;
      }
      const parts: { x: number; words: string }[] = [];
      for (const x of xAxis.values) {
        const col = summary
          .filter((s) => s.point[xAxis.name] === x)
          .sort((a, b) => a.point[yAxis.name] - b.point[yAxis.name]);
        let from: number | undefined;
        for (let i = col.length - 1; i >= 0 && holds(col[i], g); i--) from = col[i].point[yAxis.name];
        const below = col.some((s) => from !== undefined && s.point[yAxis.name] < from && holds(s, g));
        const words =
          from === undefined
            ? `at no ${yAxis.name} in the grid${col.some((s) => holds(s, g)) ? " (from the top)" : ""}`
            : from === col[0].point[yAxis.name]
              ? `at every ${yAxis.name} in the grid (${fmt(from)} and up)`
              : `when ${yAxis.name} ≥ ${fmt(from)}${below ? " (and at some lower values)" : ""}`;
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
      lines.push(`- ${name} ${claim} in every seed ${runs.join("; ")}.`);
    }
  }
  return lines;
}

export function reportMarkdown(out: SweepOutput, summary: PointSummary[]): string {
  const s = out.spec;
  const p = s.config.population;
  const pref = s.config.preferences;
  const lines = [
    `# Sweep: ${s.scenario}`,
    "",
    `Model engine (exact integer tallies of the three governors), ${out.rows.length} runs: grid \`${s.grid}\`, ` +
      `${s.seeds} seed(s) from ${s.firstSeed}, ${s.agents} retail agents per point, config \`${s.configFile}\`.`,
    "",
    `Values not on the grid: ${p.whales} whales, whale share ${p.whaleShare}, ${p.vcs} VCs holding ${p.vcShare}, ` +
      `retail verified rate ${s.config.retail.verifiedRate}, retail turnout ${JSON.stringify(s.config.retail.turnout)}, ` +
      `retail votes For/Against/Abstain ${pref.retail.for}/${pref.retail.against}/${pref.retail.abstain}, ` +
      `whales For ${pref.whale.for}, VCs For ${pref.vc.for}; Counterweight quorum 10 % of verified identities, ` +
      `OZ quorum 4 % of supply, GovernorAlpha quorum 40M UNI (the governance scenario's parameters).`,
    "",
    "## Where each claim holds",
    "",
    ...boundaryLines(out, summary),
    "",
    "Where a governor defeats the proposal but retail does not outvote the whales, only the quorum stops it " +
      "(Counterweight: 10 % of verified identities must vote For or Abstain), which a whale that buys identities " +
      "can meet: not yet simulated (issue 15 item 2).",
    "",
    "Cost of capture (heatmap-<governor>-capture.svg): the least spend in tokens at which the whale side wins by " +
      "identity purchase (Counterweight: bought identities × whales.buyIdentities.priceTokens, searched up to the " +
      "budget's identities) or token purchase (the linear governors, at the pool price without slippage); blank where " +
      "some seed is not capturable within whales.buyIdentities.budgetTokens. Vote buying is priced per run in report.md.",
    "",
    "## Heatmaps",
    "",
    ...GOVERNORS.flatMap((g) => [
      `![${GOVERNOR_NAMES[g]} wins](heatmap-${g}-wins.svg) ![${GOVERNOR_NAMES[g]} margin](heatmap-${g}-margin.svg) ` +
        `![${GOVERNOR_NAMES[g]} cost of capture](heatmap-${g}-capture.svg)`,
      "",
    ]),
    "Data: `sweep.json` (every point × seed) and `sweep.csv` (one line per point × seed × governor).",
    "",
  ];
  return lines.join("\n");
}

/** Vega numbers gradients with a process-wide counter: renumber them per file so the bytes depend only on the data. */
function stableIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/gradient_\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `gradient_${ids.size}`);
    return ids.get(id) as string;
  });
}

/** Writes sweep.json, sweep.csv, the heatmaps and report.md into `dir`. */
export async function writeSweep(dir: string, out: SweepOutput): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const summary = summarize(out.rows);
  const files: [string, string][] = [
    ["sweep.json", JSON.stringify({ ...out, summary }, null, 2) + "\n"],
    ["sweep.csv", toCsv(out)],
    ["report.md", reportMarkdown(out, summary)],
  ];
  for (const g of GOVERNORS)
    for (const metric of HEATMAP_METRICS)
      files.push([`heatmap-${g}-${metric}.svg`, stableIds(await renderSvg(heatmapSpec(out, summary, g, metric)))]);
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  return files.map(([name]) => name);
}

export function writeShard(dir: string, shard: ShardOutput): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "shard.json"), JSON.stringify(shard, null, 2) + "\n");
}

/** Merges shard directories into one run's output; refuses shards of different sweeps, overlaps or gaps. */
export function mergeShards(dirs: readonly string[]): SweepOutput {
  if (dirs.length === 0) throw new SweepError("merge: give the shard directories");
  const shards = dirs.map((d) => {
    const file = path.join(d, "shard.json");
    if (!fs.existsSync(file)) throw new SweepError(`merge: ${file} does not exist (run with --shard i/N --out ${d})`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as ShardOutput;
  });
  const key = JSON.stringify({ spec: shards[0].spec, axes: shards[0].axes });
  const rows: SweepRow[] = [];
  const seen = new Set<number>();
  shards.forEach((sh, i) => {
    if (JSON.stringify({ spec: sh.spec, axes: sh.axes }) !== key)
      throw new SweepError(`merge: ${dirs[i]} is a shard of a different sweep than ${dirs[0]}`);
    for (const r of sh.rows) {
      if (seen.has(r.index)) throw new SweepError(`merge: task ${r.index} appears twice (${dirs[i]})`);
      seen.add(r.index);
      rows.push(r);
    }
  });
  const total = shards[0].totalTasks;
  if (rows.length !== total) {
    const counts = [...new Set(shards.map((s) => s.shard.count))];
    throw new SweepError(
      `merge: ${rows.length} of ${total} tasks present (shards of ${counts.join("/")}: some missing)`,
    );
  }
  rows.sort((a, b) => a.index - b.index);
  return { spec: shards[0].spec, axes: shards[0].axes, rows };
}
