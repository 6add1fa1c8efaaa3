/**
 * The committed reference runs the docs quote (scripts/docs/sources.ts lists them).
 *
 *   npm run reference:update                  re-run each (npm run simulate -- <args> --out
 *                                             reports/reference/<name>), copy the README's chart
 *                                             to docs/img/, then regenerate the docs' blocks
 *   npm run reference:update -- --only NAME   the same for the named reference runs only
 *   npm run reference:check                   re-run each into a temporary directory and compare
 *                                             its summary.json with the committed one
 *   npm run reference:check -- --summary F    compare an existing run's summary.json F (e.g. CI's
 *                                             reports/simulation/summary.json) with the reference
 *                                             that has the same options, without re-running it
 *
 * Every field is compared; wall times live in timing.json, which is not committed.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Summary } from "../../sim/report/summary";
import { summaryDifferences } from "./compare";
import { REFERENCES, referenceSummaryPath } from "./sources";

const root = path.resolve(__dirname, "../..");

function simulate(args: readonly string[], out: string): void {
  const r = spawnSync("npx", ["hardhat", "simulate", "--quiet", ...args, "--out", out], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error(`npx hardhat simulate ${args.join(" ")} failed (exit ${r.status})`);
}

const readSummary = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Summary;

function compare(name: string, file: string): boolean {
  const expected = readSummary(path.join(root, referenceSummaryPath(name)));
  const diffs = summaryDifferences(expected, readSummary(file));
  if (diffs.length === 0) {
    console.log(`${name}: ${path.relative(root, file)} matches ${referenceSummaryPath(name)}`);
    return true;
  }
  console.error(`${name}: ${path.relative(root, file)} differs from ${referenceSummaryPath(name)}:`);
  for (const d of diffs.slice(0, 20)) console.error(`  ${d}`);
  if (diffs.length > 20) console.error(`  … and ${diffs.length - 20} more`);
  console.error("If the change is intended: npm run reference:update, and commit reports/reference/ and the docs.");
  return false;
}

function update(only: readonly string[]): void {
  const unknown = only.filter((n) => !REFERENCES.some((r) => r.name === n));
  if (unknown.length > 0)
    throw new Error(
      `unknown reference run(s): ${unknown.join(", ")} (known: ${REFERENCES.map((r) => r.name).join(", ")})`,
    );
  for (const ref of REFERENCES.filter((r) => only.length === 0 || only.includes(r.name))) {
    const out = path.join(root, "reports/reference", ref.name);
    fs.rmSync(out, { recursive: true, force: true });
    console.log(`reference ${ref.name} (${ref.what}): npm run simulate -- ${ref.args.join(" ")}`);
    simulate(ref.args, out);
    // Wall times differ on every run: a committed copy would change with every update.
    fs.rmSync(path.join(out, "timing.json"), { force: true });
  }
  fs.copyFileSync(
    path.join(root, "reports/reference/seed-42/governance-lorenz.svg"),
    path.join(root, "docs/img/governance-lorenz.svg"),
  );
  const r = spawnSync("npx", ["ts-node", "--transpile-only", "scripts/docs/generate.ts"], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function check(summaries: string[]): boolean {
  let ok = true;
  if (summaries.length > 0) {
    for (const file of summaries) {
      if (!fs.existsSync(file)) throw new Error(`file not found: ${file}`);
      const options = JSON.stringify(readSummary(file).options);
      const ref = REFERENCES.find(
        (r) => JSON.stringify(readSummary(path.join(root, referenceSummaryPath(r.name))).options) === options,
      );
      if (ref === undefined) throw new Error(`${file}: no reference run has the options ${options}`);
      ok = compare(ref.name, path.resolve(file)) && ok;
    }
    return ok;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-reference-"));
  try {
    for (const ref of REFERENCES) {
      const out = path.join(tmp, ref.name);
      simulate(ref.args, out);
      ok = compare(ref.name, path.join(out, "summary.json")) && ok;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return ok;
}

function main(): void {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "update") {
    const only: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--only" && rest[i + 1] !== undefined) only.push(rest[++i]);
      else throw new Error(`unknown argument: ${rest[i]} (reference:update [--only NAME]…)`);
    }
    return update(only);
  }
  if (command === "check") {
    const files: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--summary" && rest[i + 1] !== undefined) files.push(rest[++i]);
      else throw new Error(`unknown argument: ${rest[i]} (reference:check [--summary FILE]…)`);
    }
    if (!check(files)) process.exit(1);
    return;
  }
  throw new Error("usage: reference.ts update [--only NAME]… | check [--summary FILE]…");
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
