import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Summary } from "../../sim/report/summary";
import type { ReportFiles } from "../../sim/report/write";
import { checkWellFormedXml } from "./helpers/xml";

/**
 * End to end: `hardhat simulate` on a small seeded population with the real scenarios
 * (sim/scenarios) and the real baselines, then the directions the project claims.
 */
describe("npx hardhat simulate (100 retail agents, seed 42)", function () {
  let dir: string;
  let files: ReportFiles;
  let summary: Summary;
  const metric = (s: keyof Summary["scenarios"], id: string, name: string) => {
    const value = summary.scenarios[s]?.mechanisms[id]?.metrics[name];
    if (typeof value !== "number") throw new Error(`${s}.${id}.${name} is not a number: ${String(value)}`);
    return value;
  };

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-simulate-"));
    files = (await hre.run("simulate", { agents: "100", seed: "42", out: dir, quiet: true })) as ReportFiles;
    summary = JSON.parse(fs.readFileSync(files.summary, "utf8")) as Summary;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("should write summary.json, report.md and every chart", function () {
    expect(Object.keys(summary.scenarios)).to.deep.equal(["governance", "mining", "vesting"]);
    expect(files.skipped).to.deep.equal([]);
    for (const f of files.charts) expect(checkWellFormedXml(fs.readFileSync(f, "utf8"))[0]).to.equal("svg");
    expect(
      fs
        .readFileSync(files.markdown, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("| Mechanism |")),
    ).to.have.length(5); // one per scenario, plus mining's whale-exit and cost-of-capture tables
  });

  describe("governance", function () {
    it("should give Counterweight a higher Nakamoto coefficient of vote weight than both linear governors", function () {
      const ours = metric("governance", "counterweight", "nakamotoWeight");
      expect(ours).to.be.greaterThan(metric("governance", "oz-governor-simple", "nakamotoWeight"));
      expect(ours).to.be.greaterThan(metric("governance", "uniswap-governor-alpha", "nakamotoWeight"));
    });
  });

  describe("mining", function () {
    it("should pay retail more than its stake share under the capped farm", function () {
      expect(metric("mining", "counterweight", "retailRewardOverStake")).to.be.greaterThan(1);
    });
    it("should pay retail its stake share (± dust) under StakingRewards", function () {
      expect(metric("mining", "uniswap-staking-rewards", "retailRewardOverStake")).to.be.closeTo(1, 0.01);
    });
  });

  describe("vesting", function () {
    it("should leave VCs no voting weight while their tokens are unvested", function () {
      expect(metric("vesting", "counterweight", "vcVotingWeightFirstYearMax")).to.equal(0);
    });
  });

  describe("given the same seed again, running one scenario alone", function () {
    it("should give the same numbers", async function () {
      const again = fs.mkdtempSync(path.join(os.tmpdir(), "cw-simulate-"));
      try {
        const f = (await hre.run("simulate", {
          agents: "100",
          seed: "42",
          scenario: "vesting",
          out: again,
          quiet: true,
        })) as ReportFiles;
        const second = JSON.parse(fs.readFileSync(f.summary, "utf8")) as Summary;
        expect(second.scenarios.vesting).to.deep.equal(summary.scenarios.vesting);
        expect(second.population).to.deep.equal(summary.population);
      } finally {
        fs.rmSync(again, { recursive: true, force: true });
      }
    });
  });
});
