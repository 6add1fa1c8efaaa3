import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { parseOptions } from "../../sim/cli/options";
import { loadScenarios } from "../../sim/cli/scenarios";
import { runSimulation } from "../../sim/runner";
import { writeReport } from "../../sim/report/write";

/**
 * Same seed, same bytes: the whole simulation (every scenario, on a small seeded population with a
 * single whale) runs twice, and summary.json, report.md and every chart must be identical byte for
 * byte; only timing.json may differ.
 */
describe("simulation determinism (same seed, same options)", function () {
  this.timeout(600_000);
  let dirs: string[] = [];
  before(async function () {
    const options = parseOptions({ agents: "20", whales: "1", whaleShare: "0.5", vcs: "2", vcShare: "0.1", seed: "7" });
    const scenarios = await loadScenarios();
    dirs = [];
    for (let i = 0; i < 2; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-determinism-${i}-`));
      const run = await runSimulation(hre, options, scenarios, { progressBar: false, log: () => undefined });
      await writeReport(run, dir);
      dirs.push(dir);
    }
  });
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("should write the same files, and every one but timing.json byte for byte", function () {
    const [a, b] = dirs.map((d) => fs.readdirSync(d).sort());
    expect(a).to.deep.equal(b);
    expect(a).to.include.members(["summary.json", "report.md", "timing.json", "governance-shares.svg"]);
    for (const name of a.filter((n) => n !== "timing.json")) {
      const [x, y] = dirs.map((d) => fs.readFileSync(path.join(d, name)));
      expect(x.equals(y), `${name} differs between the two runs`).to.equal(true);
    }
  });

  it("should have run governance with the single whale", function () {
    const summary = JSON.parse(fs.readFileSync(path.join(dirs[0], "summary.json"), "utf8")) as {
      population: { whales: number };
      scenarios: { governance?: { mechanisms: Record<string, unknown> } };
    };
    expect(summary.population.whales).to.equal(1);
    expect(Object.keys(summary.scenarios.governance?.mechanisms ?? {})).to.include("counterweight");
  });
});
