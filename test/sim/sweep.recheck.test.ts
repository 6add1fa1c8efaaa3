import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { quietSweep as quiet } from "./helpers/sweepCli";

const tmp = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `sweep-recheck-${tag}-`));

interface RecheckJson {
  recheck: { agents: number; points: { point: Record<string, number>; match: boolean; chain: object }[] };
}

/**
 * `--recheck N` re-runs sample points of a sweep on the chain engine (the real contracts) and puts
 * model and chain side by side: on a tiny grid with few agents, both engines agree. The governance
 * side of the comparison and its report rows are checked on sweep.chain.test.ts's chain run, and
 * the governance sample's first corner in sweep.test.ts (model engine), so no chain run repeats.
 */
describe("sweep chain re-check (--recheck)", function () {
  this.timeout(300_000);

  it("should re-run a mining point on the chain after a sharded run's merge and agree with the model", async function () {
    // Whale share 0.3: the whales hold less than half, so both farms' cost of capture is a real spend.
    const args = ["--scenario", "mining", "--grid", "cap-multiple=1,whale-share=0.3", "--seeds", "1", "--agents", "12"];
    const shard = tmp("mshard");
    expect(await quiet([...args, "--shard", "1/1", "--out", shard])).to.equal(0);
    const out = tmp("mining");
    expect(await quiet(["merge", "--recheck", "1", "--out", out, shard])).to.equal(0);
    const sweep = JSON.parse(fs.readFileSync(path.join(out, "sweep.json"), "utf8")) as RecheckJson;
    expect(sweep.recheck.agents).to.equal(12);
    expect(sweep.recheck.points).to.have.length(1);
    expect(sweep.recheck.points[0].match, JSON.stringify(sweep.recheck.points[0])).to.equal(true);
    // sweep.json keeps the re-check without its wall times (its bytes depend only on the data).
    expect(JSON.stringify(sweep)).not.to.match(/Seconds/);
    const report = fs.readFileSync(path.join(out, "report.md"), "utf8");
    expect(report).to.include("## Chain re-check");
    expect(report).to.include("1 of 1 give the same winner and numbers");
    for (const farm of ["counterweight", "uniswap-staking-rewards"])
      expect(report, farm).to.match(
        new RegExp(
          `### ${farm}\\n\\n[^#]*\\| cap-multiple=1, whale-share=0\\.3 \\| 1 \\| (whale|retail), retailRewardShare [\\d.]+, gini [\\d.]+, capture ([1-9][\\d.]*) \\| \\1, retailRewardShare [\\d.]+, gini [\\d.]+, capture \\2 \\| yes \\|`,
        ),
      );
  });

  it("should re-run mid-period whale exits (exit-at) on the chain and agree with the model", async function () {
    const config = path.join(tmp("config"), "always.json");
    // The mining sweep's base config (5 % VCs: whale-share 0.9 fits), every whale leaving.
    const base = JSON.parse(fs.readFileSync("sim/configs/sweep-mining.json", "utf8")) as { mining: object };
    fs.writeFileSync(config, JSON.stringify({ ...base, mining: { ...base.mining, whaleExit: { rule: "always" } } }));
    const out = tmp("exit");
    const grid = "exit-at=0.5:1:2,whale-share=0.9";
    const args = ["--scenario", "mining", "--grid", grid, "--seeds", "1", "--agents", "12", "--workers", "1"];
    expect(await quiet([...args, "--scenario-config", config, "--recheck", "2", "--out", out])).to.equal(0);
    const sweep = JSON.parse(fs.readFileSync(path.join(out, "sweep.json"), "utf8")) as RecheckJson;
    expect(sweep.recheck.points).to.have.length(2);
    for (const p of sweep.recheck.points) expect(p.match, JSON.stringify(p)).to.equal(true);
    // Every whale left both farms on the chain, at half the period and at its end.
    const exited = sweep.recheck.points.map((p) => (p.chain as Record<string, { whalesExited: string }>).counterweight);
    expect(exited.map((e) => e.whalesExited)).to.deep.equal(["3", "3"]);
    expect(fs.readFileSync(path.join(out, "report.md"), "utf8")).to.include(
      "Whale exit (mining.whaleExit): every whale leaves, deciding at the exit-at fraction of the period",
    );
  });
});
