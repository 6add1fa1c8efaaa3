import fs from "node:fs";
import path from "node:path";
import { renderSvg } from "../report/charts/render";
import { auditCharts } from "./charts";
import { renderAuditMarkdown } from "./markdown";
import type { AuditResult } from "./run";
import { buildAuditSummary, type AuditSummary } from "./summary";

export interface AuditFiles {
  summary: string;
  markdown: string;
  charts: string[];
  timing: string;
}

/**
 * Writes summary.json, report.md, the SVG charts and timing.json into `outDir`. Everything is rendered
 * in memory first, so a failure leaves nothing half-written; all but timing.json is the same, byte for
 * byte, for the same input.
 */
export async function writeAudit(
  result: AuditResult,
  outDir: string,
): Promise<AuditFiles & { summaryData: AuditSummary }> {
  const t0 = process.hrtime.bigint();
  const summary = buildAuditSummary(result);
  const charts = auditCharts(summary);
  const svgs = await Promise.all(charts.map(async (c) => (c.spec === null ? null : (await renderSvg(c.spec)) + "\n")));
  const markdown = renderAuditMarkdown(summary, charts);
  const json = JSON.stringify(summary, null, 2) + "\n";
  fs.mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  charts.forEach((c, i) => {
    const file = path.join(outDir, c.file);
    const svg = svgs[i];
    if (svg === null) fs.rmSync(file, { force: true });
    else {
      fs.writeFileSync(file, svg);
      files.push(file);
    }
  });
  const summaryFile = path.join(outDir, "summary.json");
  fs.writeFileSync(summaryFile, json);
  const markdownFile = path.join(outDir, "report.md");
  fs.writeFileSync(markdownFile, markdown);
  const timing = path.join(outDir, "timing.json");
  const seconds = { ...result.seconds, write: Number(process.hrtime.bigint() - t0) / 1e9 };
  fs.writeFileSync(
    timing,
    JSON.stringify(
      {
        version: summary.version,
        holders: summary.input.holders,
        seconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
      },
      null,
      2,
    ) + "\n",
  );
  return { summary: summaryFile, markdown: markdownFile, charts: files, timing, summaryData: summary };
}
