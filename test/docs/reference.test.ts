import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { loadScenarios } from "../../sim/cli/scenarios";
import { parseOptions } from "../../sim/cli/options";
import { buildSummary, type Summary } from "../../sim/report/summary";
import { runSimulation } from "../../sim/runner";
import { summaryDifferences } from "../../scripts/docs/compare";
import { REFERENCES, referenceSummaryPath } from "../../scripts/docs/sources";

const root = path.resolve(__dirname, "../..");
const read = (rel: string) => JSON.parse(fs.readFileSync(path.join(root, rel), "utf8")) as Summary;

describe("committed reference runs (reports/reference/)", function () {
  it("should hold every run the docs quote, each with the options its command gives", function () {
    for (const ref of REFERENCES) {
      const s = read(referenceSummaryPath(ref.name));
      const raw: Record<string, string> = {};
      for (let i = 0; i < ref.args.length; i += 2) raw[ref.args[i].replace(/^--/, "")] = ref.args[i + 1];
      const o = parseOptions(raw);
      expect(s.options, ref.name).to.deep.equal({
        agents: o.agents,
        whales: o.whales,
        whaleShare: o.whaleShare,
        vcs: o.vcs,
        vcShare: o.vcShare,
        seed: o.seed,
        scenarios: [...o.scenarios],
        network: "hardhat",
      });
    }
  });

  describe("when vesting-seed-1 is run again", function () {
    it("should give the committed summary.json, field for field (timing aside)", async function () {
      this.timeout(300_000);
      const expected = read(referenceSummaryPath("vesting-seed-1"));
      const options = parseOptions({ scenario: "vesting", seed: "1" });
      const run = await runSimulation(hre, options, await loadScenarios(), {
        progressBar: false,
        log: () => undefined,
      });
      expect(summaryDifferences(expected, JSON.parse(JSON.stringify(buildSummary(run))))).to.deep.equal([]);
    });
  });

  describe("summary comparison", function () {
    it("should ignore timing, tolerate last-bit float noise and name every other difference", function () {
      const a = { timing: { total: 1 }, x: { y: [1, 0.1 + 0.2], z: "a" } };
      expect(summaryDifferences(a, { timing: { total: 2 }, x: { y: [1, 0.3], z: "a" } })).to.deep.equal([]);
      expect(summaryDifferences(a, { timing: {}, x: { y: [2, 0.3], z: "b", w: 1 } })).to.deep.equal([
        "$.x.y[0]: expected 1, got 2",
        '$.x.z: expected "a", got "b"',
        "$.x.w: not in the reference",
      ]);
    });
  });
});
