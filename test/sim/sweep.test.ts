import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../sim/sweep/cli";
import { parseGrid, SweepError } from "../../sim/sweep/grid";
import { parseShard, planSweep, shardTasks } from "../../sim/sweep/plan";
import { POPULATION_TOTAL } from "../../sim/runner";

const GRID = "whale-share=0.3:0.9:3,turnout=0.05:1:2";
const tmp = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `sweep-${tag}-`));
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));
const quiet = async (argv: string[]): Promise<number> => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await main(argv);
  } finally {
    console.log = log;
  }
};

describe("sweep (model engine)", function () {
  this.timeout(60_000);

  describe("refuses bad input before any point runs", function () {
    it("names an unknown axis and lists the known ones", function () {
      expect(() => parseGrid("whale-sahre=0.3:0.9:3")).to.throw(SweepError, /unknown axis "whale-sahre".*whale-share/);
    });
    it("names the axis and the config field a point's value breaks", function () {
      expect(() => planSweep({ scenario: "governance", grid: "turnout=0.5:1.5:3", seeds: 1, firstSeed: 1 })).to.throw(
        SweepError,
        /axis "turnout" \(\$\.retail\.turnout\.rate: /,
      );
    });
    it("refuses malformed ranges, shards and scenarios", function () {
      expect(() => parseGrid("turnout=1:0:3")).to.throw(SweepError, /hi/);
      expect(() => parseGrid("whales=2:5:3")).to.throw(SweepError, /integer/);
      expect(() => parseShard("4/3")).to.throw(SweepError, /i\/N/);
      expect(() => planSweep({ scenario: "vesting", grid: GRID, seeds: 1, firstSeed: 1 })).to.throw(
        SweepError,
        /no sweep/,
      );
    });
  });

  it("splits the tasks into disjoint shards that cover them all", function () {
    const plan = planSweep({ scenario: "governance", grid: GRID, seeds: 2, firstSeed: 1, agents: 40 });
    const shards = [1, 2, 3].map((i) => shardTasks(plan.tasks, { index: i, count: 3 }).map((t) => t.index));
    expect(shards.flat().sort((a, b) => a - b)).to.deep.equal(plan.tasks.map((t) => t.index));
  });

  it("writes byte-identical sweep.json and sweep.csv as one run (2 workers) and as three shards merged", async function () {
    const args = ["--grid", GRID, "--seeds", "2", "--agents", "60"];
    const one = tmp("one");
    expect(await quiet([...args, "--workers", "2", "--out", one])).to.equal(0);
    const shardDirs = [1, 2, 3].map((i) => tmp(`shard${i}`));
    for (let i = 0; i < 3; i++)
      expect(await quiet([...args, "--workers", "1", "--shard", `${i + 1}/3`, "--out", shardDirs[i]])).to.equal(0);
    const merged = tmp("merged");
    expect(await quiet(["merge", "--out", merged, ...shardDirs])).to.equal(0);
    for (const f of [
      "sweep.json",
      "sweep.csv",
      "report.md",
      "heatmap-counterweight-wins.svg",
      "heatmap-counterweight-capture.svg",
    ])
      expect(read(merged, f).equals(read(one, f)), f).to.equal(true);
    const again = tmp("again");
    expect(await quiet([...args, "--workers", "1", "--out", again])).to.equal(0);
    expect(read(again, "sweep.json").equals(read(one, "sweep.json"))).to.equal(true);

    const sweep = JSON.parse(read(one, "sweep.json").toString()) as {
      rows: { result: { agents: number; governors: Record<string, { winner: string }> } }[];
    };
    expect(sweep.rows).to.have.length(12);
    expect(sweep.rows[0].result.agents).to.equal(60 + 3 + 5);
    expect(read(one, "report.md").toString()).to.match(/## Where each claim holds\n\n- Counterweight defeats/);
    expect(fs.existsSync(path.join(one, "timing.json"))).to.equal(true);
    expect(read(one, "sweep.json").toString()).not.to.match(/Seconds/);
    // merging an incomplete set is refused
    const log = console.error;
    console.error = () => undefined;
    try {
      expect(await main(["merge", "--out", tmp("bad"), shardDirs[0], shardDirs[1]])).to.equal(2);
    } finally {
      console.error = log;
    }
  });

  it("splits the chain engine's population total", function () {
    const plan = planSweep({ scenario: "governance", grid: "turnout=1", seeds: 1, firstSeed: 1, agents: 10 });
    expect(plan.spec.config.population.agents).to.equal(10);
    expect(POPULATION_TOTAL).to.equal(600_000_000n * 10n ** 18n);
  });
});
