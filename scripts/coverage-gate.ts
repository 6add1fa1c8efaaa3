import fs from "node:fs";

/** Fails the build when Solidity coverage (test-only contracts excluded) drops below the gate. */
const GATE = { lines: 100, branches: 95 } as const;

interface Summary {
  total: Record<"lines" | "branches" | "statements" | "functions", { pct: number }>;
}

const file = "coverage/coverage-summary.json";
if (!fs.existsSync(file)) {
  console.error(`${file} not found: run \`npx hardhat coverage\` first`);
  process.exit(1);
}
const summary = JSON.parse(fs.readFileSync(file, "utf8")) as Summary;
const { lines, branches } = summary.total;
console.log(`coverage: lines ${lines.pct}% (gate ${GATE.lines}%), branches ${branches.pct}% (gate ${GATE.branches}%)`);
if (lines.pct < GATE.lines || branches.pct < GATE.branches) {
  console.error("coverage gate failed");
  process.exit(1);
}
