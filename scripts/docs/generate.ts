/**
 * `npm run docs:generate`: rewrites every generated block of README.md and docs/*.md from the
 * committed reports (reports/reference/<run>/summary.json, reports/bench/*.json).
 * `npm run docs:generate -- --check`: changes nothing, exits 1 naming each stale document.
 */
import fs from "node:fs";
import path from "node:path";
import { documentStates, firstDifference } from "./docs";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const d of await documentStates(root)) {
    if (d.current === d.generated) {
      console.log(`${d.file}: ${d.blocks} generated block(s) up to date`);
      continue;
    }
    stale++;
    if (check) console.error(`${d.file}: stale, ${firstDifference(d.current, d.generated)}`);
    else {
      fs.writeFileSync(path.join(root, d.file), d.generated);
      console.log(`${d.file}: ${d.blocks} generated block(s) rewritten`);
    }
  }
  if (check && stale > 0) {
    console.error(`${stale} document(s) differ from the committed reports: run npm run docs:generate`);
    process.exit(1);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
