import fs from "node:fs";
import path from "node:path";
import type { SimulationRun } from "../runner";
import { planCharts } from "./charts";
import { renderSvg } from "./charts/render";
import { renderMarkdown } from "./markdown";
import { buildSummary, buildTiming, type Summary } from "./summary";

export interface ReportFiles {
  summary: string;
  /** timing.json (wall times, tx/s), absent when re-rendering a summary. */
  timing?: string;
  markdown: string;
  charts: string[];
  skipped: string[];
}

/**
 * Writes summary.json, report.md, the SVG charts and timing.json of a run into `outDir` (created
 * if needed). Everything but timing.json is the same, byte for byte, for the same options.
 */
export async function writeReport(run: SimulationRun, outDir: string): Promise<ReportFiles> {
  const files = await writeSummaryReport(buildSummary(run), outDir);
  const timing = path.join(outDir, "timing.json");
  fs.writeFileSync(timing, JSON.stringify(buildTiming(run), null, 2) + "\n");
  return { ...files, timing };
}

/**
 * Writes the report of an existing summary (e.g. a committed reference run's summary.json): the
 * same files as writeReport, without running anything again.
 */
export async function writeSummaryReport(summary: Summary, outDir: string): Promise<ReportFiles> {
  fs.mkdirSync(outDir, { recursive: true });
  const plans = planCharts(summary);
  const charts: string[] = [];
  const skipped: string[] = [];
  for (const plan of plans) {
    const file = path.join(outDir, plan.def.file);
    if ("spec" in plan) {
      fs.writeFileSync(file, (await renderSvg(plan.spec)) + "\n");
      charts.push(file);
    } else {
      // A chart left over from an earlier run in the same directory would contradict this report.
      fs.rmSync(file, { force: true });
      skipped.push(`${plan.def.file}: ${plan.skipped}`);
    }
  }
  const summaryFile = path.join(outDir, "summary.json");
  fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + "\n");
  const markdownFile = path.join(outDir, "report.md");
  fs.writeFileSync(markdownFile, renderMarkdown(summary, plans));
  return { summary: summaryFile, markdown: markdownFile, charts, skipped };
}
