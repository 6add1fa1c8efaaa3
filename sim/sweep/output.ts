import fs from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { cells, claimSentence, csvCell, heatmap, offGrid, stableIds, sweepJson, type HeatScale } from "./present";
import { renderSvg } from "../report/charts/render";
import { lookOf } from "../report/charts/palette";
import { GOVERNORS, type GovernanceRow, type GovernorId } from "./governance";
import { MINING_CLAIMS, miningFiles, summarizeMining } from "./miningOutput";
import { recheckMarkdown, type Recheck } from "./recheck";
import type { Axis } from "./grid";
import type { SweepSpec } from "./plan";
import type { SweepRow } from "./run";
import { SweepError } from "./grid";
import { bribeVotersConfig } from "../config/schema";

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
  /** The chain re-check of a sample of points (`--recheck N`), when asked for. */
  recheck?: Recheck;
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
      /** The bribed re-vote over the seeds (only when the whales bribe: strategy "bribe-voters"). */
      bribe?: {
        whaleWins: number;
        meanMarginPpm: number;
        meanSpendQuote: number;
        /** Mean cost of capture by vote buying (quote) when every seed is capturable, else null. */
        meanCaptureQuote: number | null;
      };
    }
  >;
}

/** Whether the sweep's rows carry the bribed re-vote (the whales' strategy is "bribe-voters"). */
export const hasBribes = (rows: readonly SweepRow[]): boolean =>
  rows.length > 0 && (rows[0].result as GovernanceRow).governors.counterweight.bribe !== undefined;

const mean6 = (xs: readonly number[]) => Number((xs.reduce((a, x) => a + x, 0) / xs.length).toFixed(6));

export function summarize(rows: readonly SweepRow[]): PointSummary[] {
  const byPoint = new Map<string, SweepRow[]>();
  for (const r of rows) {
    const key = JSON.stringify(r.point);
    byPoint.set(key, [...(byPoint.get(key) ?? []), r]);
  }
  return [...byPoint.values()].map((rs) => {
    const governors = {} as PointSummary["governors"];
    for (const g of GOVERNORS) {
      const outs = rs.map((r) => (r.result as GovernanceRow).governors[g]);
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
      const bribes = outs.flatMap((o) => (o.bribe === undefined ? [] : [o.bribe]));
      if (bribes.length === outs.length && bribes.length > 0)
        governors[g].bribe = {
          whaleWins: bribes.filter((b) => b.winner === "whale").length,
          meanMarginPpm: Math.round(bribes.reduce((a, b) => a + b.marginPpm, 0) / bribes.length),
          meanSpendQuote: mean6(bribes.map((b) => b.spendQuote)),
          meanCaptureQuote: bribes.every((b) => b.captureQuote !== null)
            ? mean6(bribes.map((b) => b.captureQuote ?? 0))
            : null,
        };
    }
    return { point: rs[0].point, governors };
  });
}

/** One line per point × seed × governor. */
export function toCsv(out: SweepOutput): string {
  const bribed = hasBribes(out.rows);
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
    ...(bribed
      ? ["bribe_winner", "bribe_margin_ppm", "bribe_votes_bought", "bribe_spend_quote", "bribe_capture_quote"]
      : []),
  ];
  const lines = [header.map(csvCell).join(",")];
  for (const r of out.rows)
    for (const g of GOVERNORS) {
      const result = r.result as GovernanceRow;
      const o = result.governors[g];
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
          result.retailVoters,
          result.agents,
          o.captureTokens ?? "",
          ...(o.bribe === undefined
            ? []
            : [o.bribe.winner, o.bribe.marginPpm, o.bribe.votesBought, o.bribe.spendQuote, o.bribe.captureQuote ?? ""]),
        ]
          .map(csvCell)
          .join(","),
      );
    }
  return lines.join("\n") + "\n";
}

/** The heatmaps drawn per governor. */
const HEATMAP_METRICS = ["wins", "margin", "gini", "capture"] as const;
/** The heatmaps added per governor when the whales bribe (the bribed re-vote). */
const BRIBE_HEATMAP_METRICS = ["bribe-wins", "bribe-margin", "bribe-spend", "bribe-capture"] as const;
type HeatmapMetric = (typeof HEATMAP_METRICS)[number] | (typeof BRIBE_HEATMAP_METRICS)[number];
const heatmapMetrics = (out: SweepOutput): HeatmapMetric[] =>
  hasBribes(out.rows) ? [...HEATMAP_METRICS, ...BRIBE_HEATMAP_METRICS] : [...HEATMAP_METRICS];

function heatmapSpec(out: SweepOutput, summary: PointSummary[], g: GovernorId, metric: HeatmapMetric): TopLevelSpec {
  const m = (s: PointSummary) => s.governors[g];
  const b = (s: PointSummary) => m(s).bribe;
  const value = (s: PointSummary): number | null => {
    switch (metric) {
      case "wins":
        return m(s).whaleWins / m(s).seeds;
      case "margin":
        return m(s).meanMarginPpm / 1_000_000;
      case "gini":
        return m(s).meanGini;
      case "capture":
        return m(s).meanCaptureTokens;
      case "bribe-wins":
        return (b(s)?.whaleWins ?? 0) / m(s).seeds;
      case "bribe-margin":
        return (b(s)?.meanMarginPpm ?? 0) / 1_000_000;
      case "bribe-spend":
        return b(s)?.meanSpendQuote ?? null;
      case "bribe-capture":
        return b(s)?.meanCaptureQuote ?? null;
    }
  };
  const values = cells(out.axes, summary, value);
  const title = {
    wins: `${GOVERNOR_NAMES[g]}: share of seeds the whale proposal passes`,
    margin: `${GOVERNOR_NAMES[g]}: mean margin (For − Against) / (For + Against)`,
    gini: `${GOVERNOR_NAMES[g]}: mean Gini of voting weight`,
    capture: `${GOVERNOR_NAMES[g]}: cost of capture by identity (or token) purchase, tokens; blank = not within budget`,
    "bribe-wins": `${GOVERNOR_NAMES[g]}, bribed: share of seeds the whale proposal passes`,
    "bribe-margin": `${GOVERNOR_NAMES[g]}, bribed: mean margin (For − Against) / (For + Against)`,
    "bribe-spend": `${GOVERNOR_NAMES[g]}, bribed: mean bribes paid (quote)`,
    "bribe-capture": `${GOVERNOR_NAMES[g]}: cost of capture by vote buying, quote; blank = not capturable`,
  }[metric];
  const most = Math.max(1, ...summary.map((s) => m(s).meanCaptureTokens ?? 0));
  const mostQuote = (f: (s: PointSummary) => number | null) => Math.max(1, ...summary.map((s) => f(s) ?? 0));
  const scale: HeatScale = {
    wins: { legend: "whale wins", domain: [0, 1], scheme: "blueorange" },
    margin: { legend: "margin", domain: [-1, 1], scheme: "redblue", reverse: true },
    gini: { legend: "Gini", domain: [0, 1], scheme: "greys" },
    capture: { legend: "tokens", domain: [0, most], scheme: "greens" },
    "bribe-wins": { legend: "whale wins", domain: [0, 1], scheme: "blueorange" },
    "bribe-margin": { legend: "margin", domain: [-1, 1], scheme: "redblue", reverse: true },
    "bribe-spend": { legend: "quote", domain: [0, mostQuote((s) => b(s)?.meanSpendQuote ?? null)], scheme: "purples" },
    "bribe-capture": {
      legend: "quote",
      domain: [0, mostQuote((s) => b(s)?.meanCaptureQuote ?? null)],
      scheme: "greens",
    },
  }[metric] as HeatScale;
  return heatmap(out.axes, values, title, lookOf(g).color, scale);
}

/** The governance claims "Where each claim holds" states, per governor. */
export const GOVERNANCE_CLAIMS: readonly [string, (s: PointSummary, g: GovernorId) => boolean][] = [
  ["defeats the whale proposal", (s, g) => s.governors[g].whaleWins === 0],
  [
    "has retail outvote the whales (Against ≥ For, whatever the quorum)",
    (s, g) => s.governors[g].outvotedIn === s.governors[g].seeds,
  ],
];

/**
 * "Where each claim holds", in words, from the data: for each value of the first axis, the values
 * of the second axis where the governor defeats the whale proposal in every seed (and where retail
 * outvotes the whales), or that no value in the grid does.
 */
export function boundaryLines(out: SweepOutput, summary: PointSummary[]): string[] {
  const lines: string[] = [];
  const claims = hasBribes(out.rows) ? [...GOVERNANCE_CLAIMS, ...BRIBE_CLAIMS] : GOVERNANCE_CLAIMS;
  for (const g of GOVERNORS)
    for (const [claim, holds] of claims)
      lines.push(
        `- ${GOVERNOR_NAMES[g]} ${claim} in every seed ${claimSentence(out.axes, summary, (s) => holds(s, g))}.`,
      );
  return lines;
}

/** The claim stated when the whales bribe: the proposal is still defeated after the bribed re-vote. */
export const BRIBE_CLAIMS: readonly [string, (s: PointSummary, g: GovernorId) => boolean][] = [
  [
    "defeats the whale proposal after vote buying (the bribed re-vote, at the configured bribe and budget)",
    (s, g) => s.governors[g].bribe?.whaleWins === 0,
  ],
];

/** What the bribed re-vote is, with the bribe values the grid does not vary. */
function bribeParagraph(out: SweepOutput): string[] {
  const c = bribeVotersConfig(out.spec.config);
  const fixed = offGrid(out, [
    ["bribe-per-vote", `bribe ${c.bribePerVoteQuote} quote per vote`],
    ["bribe-budget", `budget ${c.budgetQuote} quote`],
    ["bribe-accept-all", `every voter accepts at a bribe of ${c.acceptAllAtValueShare} × its balance value`],
  ]);
  return [
    `Vote buying (whale strategy "bribe-voters"${fixed === "" ? "" : `, ${fixed}`}, pool price ${c.quotePerToken} quote per token): ` +
      "per governor the briber buys the least set of accepting retail votes that wins (or as many as the budget pays for) " +
      "and every voter of the main vote re-casts on a fresh whale-backed proposal, the bribed ones For — the same " +
      "computation the chain's adversary (sim/scenarios/adversaries/bribeVoters.ts) runs and checks against the real " +
      "governors. heatmap-<governor>-bribe-wins/-margin/-spend.svg show that re-vote; -bribe-capture.svg the least spend " +
      "over every bribe level at which the whale side wins (blank where some seed cannot be captured).",
    "",
  ];
}

export function reportMarkdown(out: SweepOutput, summary: PointSummary[]): string {
  const bribed = hasBribes(out.rows);
  const s = out.spec;
  const p = s.config.population;
  const pref = s.config.preferences;
  const lines = [
    `# Sweep: ${s.scenario}`,
    "",
    `Model engine (exact integer tallies of the three governors), ${out.rows.length} runs: grid \`${s.grid}\`, ` +
      `${s.seeds} seed(s) from ${s.firstSeed}, ${s.agents} retail agents per point, config \`${s.configFile}\`.`,
    "",
    `Values not on the grid: ${offGrid(out, [
      ["whales", `${p.whales} whales`],
      ["whale-share", `whale share ${p.whaleShare}`],
      ["vc-share", `${p.vcs} VCs holding ${p.vcShare}`],
      ["verified-rate", `retail verified rate ${s.config.retail.verifiedRate}`],
      ["turnout", `retail turnout ${JSON.stringify(s.config.retail.turnout)}`],
    ])}, ` +
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
      "can meet: heatmap-<governor>-capture.svg prices that purchase.",
    "",
    "Cost of capture (heatmap-<governor>-capture.svg): the least spend in tokens at which the whale side wins by " +
      "identity purchase (Counterweight: bought identities × identity.priceTokens, searched up to the " +
      "budget's identities) or token purchase (the linear governors, at the pool price without slippage); blank where " +
      "some seed is not capturable within whales.buyIdentities.budgetTokens. Vote buying is priced per run in report.md.",
    "",
    ...(bribed ? bribeParagraph(out) : []),
    "## Heatmaps",
    "",
    ...GOVERNORS.flatMap((g) => [
      `![${GOVERNOR_NAMES[g]} wins](heatmap-${g}-wins.svg) ![${GOVERNOR_NAMES[g]} margin](heatmap-${g}-margin.svg) ` +
        `![${GOVERNOR_NAMES[g]} Gini](heatmap-${g}-gini.svg) ![${GOVERNOR_NAMES[g]} cost of capture](heatmap-${g}-capture.svg)`,
      "",
      ...(bribed
        ? [
            `![${GOVERNOR_NAMES[g]} bribed wins](heatmap-${g}-bribe-wins.svg) ` +
              `![${GOVERNOR_NAMES[g]} bribed margin](heatmap-${g}-bribe-margin.svg) ` +
              `![${GOVERNOR_NAMES[g]} bribes paid](heatmap-${g}-bribe-spend.svg) ` +
              `![${GOVERNOR_NAMES[g]} cost of capture by vote buying](heatmap-${g}-bribe-capture.svg)`,
            "",
          ]
        : []),
    ]),
    "Data: `sweep.json` (every point × seed) and `sweep.csv` (one line per point × seed × governor).",
    "",
    ...(out.recheck ? recheckMarkdown(out.recheck) : []),
  ];
  return lines.join("\n");
}

/**
 * The claims at each point, from the model's results, whose boundaries the chain re-check samples:
 * every claim "Where each claim holds" states for Counterweight (governance: it defeats the whale
 * proposal, retail outvotes the whales; mining: every mining claim), first claim first.
 */
export function headlineClaims(out: SweepOutput): ((point: Readonly<Record<string, number>>) => boolean)[] {
  const lookup = <T extends { point: Record<string, number> }>(summary: T[], holds: (s: T) => boolean) => {
    const held = new Map(summary.map((x) => [JSON.stringify(x.point), holds(x)]));
    return (point: Readonly<Record<string, number>>) => held.get(JSON.stringify(point)) ?? false;
  };
  if (out.spec.scenario === "mining") {
    const summary = summarizeMining(out);
    return MINING_CLAIMS.map((c) => lookup(summary, c.holds));
  }
  const summary = summarize(out.rows);
  const claims = hasBribes(out.rows) ? [...GOVERNANCE_CLAIMS, ...BRIBE_CLAIMS] : GOVERNANCE_CLAIMS;
  return claims.map(([, holds]) => lookup(summary, (x) => holds(x, "counterweight")));
}

/** The files of a governance sweep: name → contents. */
async function governanceFiles(out: SweepOutput): Promise<[string, string][]> {
  const summary = summarize(out.rows);
  const files: [string, string][] = [
    ["sweep.json", sweepJson(out, summary)],
    ["sweep.csv", toCsv(out)],
    ["report.md", reportMarkdown(out, summary)],
  ];
  for (const g of GOVERNORS)
    for (const metric of heatmapMetrics(out))
      files.push([`heatmap-${g}-${metric}.svg`, stableIds(await renderSvg(heatmapSpec(out, summary, g, metric)))]);
  return files;
}

/** Writes sweep.json, sweep.csv, the heatmaps and report.md into `dir`. */
export async function writeSweep(dir: string, out: SweepOutput): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files = out.spec.scenario === "mining" ? await miningFiles(out) : await governanceFiles(out);
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
