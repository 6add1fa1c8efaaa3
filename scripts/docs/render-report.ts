/**
 * `npm run report:render -- SUMMARY [OUT_DIR]`: writes report.md and the SVG charts of an existing
 * summary.json again (default OUT_DIR: the summary's directory), without running the simulation;
 * used after a change to the report or the charts, e.g. on the committed reference runs.
 */
import fs from "node:fs";
import path from "node:path";
import type { Summary } from "../../sim/report/summary";
import { writeSummaryReport } from "../../sim/report/write";

async function main(): Promise<void> {
  const [file, out] = process.argv.slice(2);
  if (file === undefined) throw new Error("usage: npm run report:render -- SUMMARY.json [OUT_DIR]");
  if (!fs.existsSync(file)) throw new Error(`file not found: ${file}`);
  const summary = JSON.parse(fs.readFileSync(file, "utf8")) as Summary;
  const files = await writeSummaryReport(summary, out ?? path.dirname(file));
  console.log(`${files.markdown} (+ ${files.charts.length} charts)`);
  for (const s of files.skipped) console.log(`chart skipped: ${s}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
