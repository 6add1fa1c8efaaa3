import fs from "node:fs";
import path from "node:path";
import type { Summary } from "../../sim/report/summary";
import type { SweepOutput } from "../../sim/sweep/output";
import type { HistorySummary } from "../../sim/history/report";

/** The committed history replay the docs quote (`npm run history` rewrites it). */
export const HISTORY_SUMMARY = "reports/history/summary.json";

/**
 * The committed runs the docs quote. Each is `npm run simulate -- <args>` written to
 * reports/reference/<name>/ by `npm run reference:update`; `npm run reference:check` (and a test)
 * prove a fresh run still gives the same summary.json.
 */
export const REFERENCES = [
  { name: "seed-42", args: [] as string[], what: "the default run (README, docs/report.md)" },
  { name: "vesting-seed-1", args: ["--scenario", "vesting", "--seed", "1"], what: "docs/vesting.md" },
  {
    name: "delegation-seed-42",
    args: ["--scenario", "delegation"],
    what: "the opt-in delegation scenario (README, docs/report.md)",
  },
] as const;

export type ReferenceName = (typeof REFERENCES)[number]["name"];

/** A comparison row of reports/bench/*.json (ours vs a baseline for one operation). */
export interface BenchComparison {
  operation: string;
  ours: number;
  baseline: number;
  baselineName: string;
  ratio: number;
  target?: number;
  meetsTarget?: boolean;
}

/** The committed bench reports the docs read, `reports/bench/<name>.json`. */
export type BenchName = "governance" | "mining" | "vesting" | "simulation" | "scale";

interface BenchFile {
  comparisons?: BenchComparison[];
  operations?: BenchComparison[];
  [key: string]: unknown;
}

/** Everything the generated blocks read: reference summaries and bench reports, loaded once. */
export class Sources {
  private readonly summaries = new Map<string, Summary>();
  private readonly benches = new Map<string, BenchFile>();
  private readonly sweeps = new Map<string, CommittedSweep>();
  private historySummary: HistorySummary | undefined;

  constructor(readonly root: string) {}

  private read<T>(rel: string): T {
    const file = path.join(this.root, rel);
    if (!fs.existsSync(file)) throw new Error(`file not found: ${rel}`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  }

  summary(name: ReferenceName): Summary {
    const rel = referenceSummaryPath(name);
    let s = this.summaries.get(rel);
    if (s === undefined) this.summaries.set(rel, (s = this.read<Summary>(rel)));
    return s;
  }

  /** A committed sweep, `reports/sweep/<name>/sweep.json` (written by `npm run sweep:readme`). */
  sweep(name: "governance" | "mining" | "bribe" | "capture"): CommittedSweep {
    const rel = sweepPath(name);
    let s = this.sweeps.get(rel);
    if (s === undefined) this.sweeps.set(rel, (s = this.read<CommittedSweep>(rel)));
    return s;
  }

  /** The wall times of a committed sweep, `reports/sweep/<name>/timing.json`. */
  sweepTiming(name: "governance" | "mining" | "capture"): SweepTiming {
    return this.read<SweepTiming>(`reports/sweep/${name}/timing.json`);
  }

  bench(name: BenchName): BenchFile {
    const rel = `reports/bench/${name}.json`;
    let b = this.benches.get(rel);
    if (b === undefined) this.benches.set(rel, (b = this.read<BenchFile>(rel)));
    return b;
  }

  /** reports/history/summary.json, written by `npx hardhat history` (the attack replays). */
  history(): HistorySummary {
    if (this.historySummary === undefined) this.historySummary = this.read<HistorySummary>(HISTORY_SUMMARY);
    return this.historySummary;
  }

  /** The row of `reports/bench/<file>.json` for an operation (and baseline, when several). */
  comparison(file: "governance" | "mining" | "vesting", operation: string, baselineName?: string): BenchComparison {
    const rows = [...(this.bench(file).comparisons ?? []), ...(this.bench(file).operations ?? [])];
    const row = rows.find(
      (r) => r.operation === operation && (baselineName === undefined || r.baselineName === baselineName),
    );
    if (row === undefined)
      throw new Error(
        `reports/bench/${file}.json: no comparison "${operation}"${baselineName ? ` against "${baselineName}"` : ""}`,
      );
    return row;
  }

  /** A field of a bench file by dotted path, e.g. ("vesting", "figures.releaseSteady.ours"). */
  benchValue(file: BenchName, dotted: string): number {
    let v: unknown = this.bench(file);
    for (const k of dotted.split("."))
      v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
    if (typeof v !== "number") throw new Error(`reports/bench/${file}.json: no number at "${dotted}"`);
    return v;
  }
}

export function referenceSummaryPath(name: string): string {
  return `reports/reference/${name}/summary.json`;
}

/** A sweep.json as committed: the sweep's output, its per-point summary and the chain re-check's data. */
export type CommittedSweep = Omit<SweepOutput, "recheck"> & {
  summary: unknown[];
  recheck?: { asked: number; agents: number; points: { match: boolean }[] };
};

export function sweepPath(name: string): string {
  return `reports/sweep/${name}/sweep.json`;
}

/** timing.json of a sweep (sim/sweep/cli.ts). */
export interface SweepTiming {
  tasks: number;
  workers: number;
  cpus: number;
  runSeconds: number;
  recheckSeconds: number;
  totalSeconds: number;
}
