import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHARTS } from "../../sim/report/charts";
import {
  everyOf,
  formatAmount,
  formatMetric,
  formatSignedPercent,
  margin,
  metricInfo,
  plural,
} from "../../sim/report/format";
import { mechanismResult } from "../../sim/scenarios/governanceMetrics";
import { SUMMARY_VERSION, type Summary, type Timing } from "../../sim/report/summary";
import { writeReport, type ReportFiles } from "../../sim/report/write";
import { checkWellFormedXml, svgTexts } from "./helpers/xml";
import { syntheticRun } from "./helpers/syntheticRun";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cw-report-"));
}

describe("simulation report (on a synthetic fixture)", function () {
  describe("when every scenario ran", function () {
    let dir: string;
    let files: ReportFiles;
    let summary: Summary;
    let markdown: string;

    before(async function () {
      dir = tmpDir();
      files = await writeReport(syntheticRun(["governance", "mining", "vesting"]), dir);
      summary = JSON.parse(fs.readFileSync(files.summary, "utf8")) as Summary;
      markdown = fs.readFileSync(files.markdown, "utf8");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("should write summary.json with the documented top-level fields", function () {
      expect(summary).to.have.all.keys("version", "options", "population", "config", "scenarios", "chainWork");
      expect(summary.version).to.equal(SUMMARY_VERSION);
      expect(summary.options).to.include({ agents: 60, whales: 3, whaleShare: 0.6, seed: 42, network: "hardhat" });
      expect(summary.population).to.include({ retail: 60, whales: 3, vcs: 5, totalTokens: "600000000" });
      expect(summary.population.holdings).to.have.all.keys("whale", "vc", "retail");
      expect(summary.chainWork.totalTransactions).to.equal(600);
      expect(summary.config.retail.turnout).to.deep.equal({ mode: "fixed", rate: 1 });
    });

    it("should keep wall times out of summary.json, in timing.json", function () {
      expect(JSON.stringify(summary)).to.not.match(/wallSeconds|transactionsPerSecond/);
      const timing = JSON.parse(fs.readFileSync(path.join(dir, "timing.json"), "utf8")) as Timing;
      expect(timing.totalTransactions).to.equal(600);
      expect(Object.values(timing.scenarios)[0]).to.have.property("wallSeconds");
    });

    it("should state the assumptions the numbers rest on, from the config used", function () {
      expect(markdown).to.match(/## Assumptions[\s\S]*Retail turnout[\s\S]*100% of retail agents vote/);
      expect(markdown).to.include("4× the mean non-whale stake");
      expect(markdown).to.include("18% For, 72% Against, 10% Abstain");
      expect(markdown).to.not.include("Wall time (s)");
    });

    it("should key every mechanism by id with label, baseline flag and every metric", function () {
      const gov = summary.scenarios.governance;
      expect(gov).to.have.all.keys("mechanisms", "variants", "series", "parameters", "reading");
      expect(gov?.mechanisms).to.have.all.keys("oz-governor-simple", "counterweight");
      expect(gov?.mechanisms.counterweight).to.include({ label: "Counterweight (quadratic)", baseline: false });
      expect(gov?.mechanisms.counterweight.metrics).to.include({
        nakamotoWeight: 17,
        extraMetric: 1.5,
        outcome: "defeated",
      });
      expect(gov?.mechanisms.counterweight.distribution?.holders).to.equal(62);
      expect(gov?.variants["sybil-k10-identity"].metrics).to.deep.equal({ k: 10, sybilGain: 1 });
    });

    it("should write a non-finite metric as null", function () {
      expect(summary.scenarios.mining?.mechanisms.counterweight.metrics.whaleOverRetailYield).to.equal(null);
    });

    it("should write one mechanism table per scenario, plus the variants tables", function () {
      const tables = markdown.split("\n").filter((l) => l.startsWith("| Mechanism |"));
      expect(tables).to.have.length(3);
      expect(markdown.split("\n").filter((l) => l.startsWith("| Variant |"))).to.have.length(2);
      expect(markdown)
        .to.include("| Nakamoto coefficient |")
        .and.to.include("Counterweight (quadratic) `counterweight`");
      expect(markdown).to.include("Synthetic fixture: vesting spreads the VC sell pressure over time.");
    });

    it("should format metrics with their units", function () {
      expect(markdown).to.include("| 64.0% |");
      expect(markdown).to.include("2.07×");
      expect(markdown).to.include("| −48.2% |"); // typographic minus
      expect(markdown).to.include("| −40.0% |"); // a negative margin
      expect(markdown).to.include("| n/a |"); // whaleOverRetailYield = Infinity (retail yield 0)
    });

    it("should draw every chart and link it from report.md", function () {
      expect(files.charts.map((f) => path.basename(f)).sort()).to.deep.equal(CHARTS.map((c) => c.file).sort());
      expect(files.skipped).to.deep.equal([]);
      for (const c of CHARTS) expect(markdown).to.include(`](${c.file})`);
    });

    it("should write SVGs that are well-formed XML with a root <svg>", function () {
      for (const file of files.charts) {
        const svg = fs.readFileSync(file, "utf8");
        const names = checkWellFormedXml(svg);
        expect(names[0], file).to.equal("svg");
        expect(names, file).to.include("path");
      }
    });

    it("should title the charts and label their axes and legends", function () {
      const texts = (file: string) => svgTexts(fs.readFileSync(path.join(dir, file), "utf8"));
      expect(texts("governance-lorenz.svg")).to.include.members([
        "Lorenz curve of vote weight",
        "Cumulative share of holders (smallest first)",
        "Cumulative share of vote weight",
        "Mechanism",
        "Perfect equality",
      ]);
      expect(texts("mining-lorenz.svg")).to.include("Lorenz curve of rewards");
      expect(texts("governance-shares.svg")).to.include.members([
        "Whales, VCs and retail: share of the vote weight cast",
        "Share of the total",
        "Whales",
        "VCs",
        "Retail",
        "64.0%",
      ]);
      expect(texts("mining-shares.svg")).to.include.members([
        "Uniswap StakingRewards · reward",
        "Counterweight capped farm · stake",
        "62.0%",
      ]);
      expect(texts("vesting-price.svg")).to.include.members([
        "Pool price under VC selling",
        "Day since launch",
        "Token price in the pool (quote per token)",
        "Counterweight vesting vault",
        "Uniswap TreasuryVester",
      ]);
    });
  });

  describe("when only the governance scenario ran", function () {
    let dir: string;
    let files: ReportFiles;

    before(async function () {
      dir = tmpDir();
      // A vesting chart left from an earlier run must not survive into this report.
      fs.writeFileSync(path.join(dir, "vesting-price.svg"), "<svg/>");
      files = await writeReport(syntheticRun(["governance"]), dir);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("should skip the other scenarios' charts with a note", function () {
      expect(files.charts.map((f) => path.basename(f)).sort()).to.deep.equal([
        "governance-lorenz.svg",
        "governance-shares.svg",
      ]);
      expect(files.skipped).to.include("vesting-price.svg: the vesting scenario was not run");
      expect(fs.existsSync(path.join(dir, "vesting-price.svg"))).to.equal(false);
      const md = fs.readFileSync(files.markdown, "utf8");
      expect(md).to.include("## Charts not drawn").and.to.include("mining-lorenz.svg: the mining scenario was not run");
    });

    it("should hold only that scenario in summary.json", function () {
      const summary = JSON.parse(fs.readFileSync(files.summary, "utf8")) as Summary;
      expect(Object.keys(summary.scenarios)).to.deep.equal(["governance"]);
    });
  });

  describe("when two mechanisms share an id", function () {
    it("should refuse to write an ambiguous summary", async function () {
      const run = syntheticRun(["governance"]);
      const gov = run.results[0];
      run.results[0] = { ...gov, mechanisms: [gov.mechanisms[0], { ...gov.mechanisms[1], id: gov.mechanisms[0].id }] };
      const dir = tmpDir();
      try {
        await writeReport(run, dir).then(
          () => expect.fail("writeReport should have thrown"),
          (err: Error) => expect(err.message).to.equal('governance: duplicate mechanism id "oz-governor-simple"'),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("margin", function () {
    it("should be (for − against) ÷ (for + against), abstentions left out, in code, table header and docs", function () {
      expect(margin(300, 100)).to.equal(0.5);
      expect(margin(0, 0)).to.equal(0);
      const m = mechanismResult("x", "X", false, true, [
        { voter: "a", support: 1, weight: 300n, unit: 1n, kind: "whale" },
        { voter: "b", support: 0, weight: 100n, unit: 1n, kind: "retail" },
        { voter: "c", support: 2, weight: 600n, unit: 1n, kind: "retail" },
      ]);
      expect(m.metrics.margin).to.equal(0.5);
      expect(metricInfo("margin").label).to.equal("Margin (for − against) ÷ (for + against)");
      const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/report.md"), "utf8");
      expect(doc).to.include("(for − against) ÷ (for + against): abstentions decide nothing");
      expect(doc).to.not.include("for + against + abstain");
      expect(fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8")).to.include(
        "the margin is (for − against) ÷ (for + against)",
      );
    });
  });

  describe("scenario parameters", function () {
    it("should carry them into summary.json and a table of report.md", async function () {
      const dir = tmpDir();
      try {
        const files = await writeReport(syntheticRun(["mining"]), dir);
        const summary = JSON.parse(fs.readFileSync(files.summary, "utf8")) as Summary;
        expect(summary.scenarios.mining?.parameters).to.deep.equal({
          cap: 1137.5,
          slope: 0.1,
          unverifiedCap: 1.1375,
          rewardPeriodDays: 60,
        });
        const md = fs.readFileSync(files.markdown, "utf8");
        expect(md).to.include("### Parameters used");
        expect(md).to.include("| Cap (LP per identity) | `cap` | 1,137.5 |");
        expect(md).to.include("| Slope above the cap | `slope` | 10.0% |");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("prose formatting", function () {
    it("should write counts with their nouns in the right number", function () {
      expect(plural(1, "whale")).to.equal("1 whale");
      expect(plural(3, "whale")).to.equal("3 whales");
      expect(plural(1000, "retail staker")).to.equal("1,000 retail stakers");
      expect(plural(1, "address", "addresses")).to.equal("1 address");
      expect(formatSignedPercent(-16)).to.equal("−16.0%");
      expect(formatSignedPercent(263.8)).to.equal("+263.8%");
      expect(formatAmount(12640004.87)).to.equal("12,640,005");
    });

    it("should name every one of a list by its size: the farm, both farms, all 3 farms", function () {
      expect(everyOf(1, "farm")).to.equal("the farm");
      expect(everyOf(2, "farm")).to.equal("both farms");
      expect(everyOf(3, "farm")).to.equal("all 3 farms");
      expect(everyOf(1200, "identity", "identities")).to.equal("all 1,200 identities");
    });

    it("should head report.md with singular nouns for one whale and one VC", async function () {
      const dir = tmpDir();
      try {
        const files = await writeReport(syntheticRun(["governance"], { whales: "1", vcs: "1" }), dir);
        const md = fs.readFileSync(files.markdown, "utf8");
        expect(md).to.include("1 whale holding 60% and 1 VC holding 20%");
        expect(md).to.include("60 retail agents");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("metric formatting", function () {
    it("should show shares as percentages, ratios with ×, counts as integers, missing values as n/a", function () {
      expect(formatMetric("whaleWeightShare", 0.6412)).to.equal("64.1%");
      expect(formatMetric("sybilGain", 3.1623)).to.equal("3.16×");
      expect(formatMetric("nakamotoWeight", 17)).to.equal("17");
      expect(formatMetric("forWeight", 360_000_000)).to.equal("360,000,000");
      expect(formatMetric("rewardsPaid", 999_999.981)).to.equal("999,999.98");
      expect(formatMetric("retailAvgPnlPct", 4.5)).to.equal("+4.5%");
      expect(formatMetric("giniWeight", null)).to.equal("n/a");
      expect(formatMetric("someNewShare", 0.5)).to.equal("50.0%");
      expect(formatMetric("outcome", "passed")).to.equal("passed");
    });
  });
});
