import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../sim/sweep/cli";

const tmp = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `sweep-recheck-${tag}-`));
const quiet = async (argv: string[]): Promise<number> => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await main(argv);
  } finally {
    console.log = log;
  }
};

interface RecheckJson {
  recheck: { agents: number; points: { point: Record<string, number>; match: boolean; chain: object }[] };
}

/**
 * `--recheck N` re-runs sample points of a sweep on the chain engine (the real contracts) and puts
 * model and chain side by side: on a tiny grid with few agents, both engines agree.
 */
describe("sweep chain re-check (--recheck)", function () {
  this.timeout(300_000);

  it("should re-run the governance grid's first corner on the chain and agree with the model there", async function () {
    const out = tmp("gov");
    const args = ["--grid", "turnout=0.05:1:2", "--seeds", "1", "--agents", "16", "--workers", "1"];
    expect(await quiet([...args, "--recheck", "1", "--out", out])).to.equal(0);
    const sweep = JSON.parse(fs.readFileSync(path.join(out, "sweep.json"), "utf8")) as RecheckJson;
    expect(sweep.recheck.points.map((p) => p.point)).to.deep.equal([{ turnout: 0.05 }]);
    expect(sweep.recheck.points.every((p) => p.match)).to.equal(true);
    expect(JSON.stringify(sweep)).not.to.match(/Seconds/);
    const report = fs.readFileSync(path.join(out, "report.md"), "utf8");
    expect(report).to.include("## Chain re-check");
    expect(report).to.include("1 of 1 give the same winner and numbers");
    expect(report).to.match(
      /\| turnout=0\.05 \| 1 \| whale, for [\d.]+, against 0 \| whale, for [\d.]+, against 0 \| yes \|/,
    );
  });

  it("should re-run a mining point on the chain after a sharded run's merge and agree with the model", async function () {
    const args = ["--scenario", "mining", "--grid", "cap-multiple=1,whale-share=0.9", "--seeds", "1", "--agents", "12"];
    const shard = tmp("mshard");
    expect(await quiet([...args, "--shard", "1/1", "--out", shard])).to.equal(0);
    const out = tmp("mining");
    expect(await quiet(["merge", "--recheck", "1", "--out", out, shard])).to.equal(0);
    const sweep = JSON.parse(fs.readFileSync(path.join(out, "sweep.json"), "utf8")) as RecheckJson;
    expect(sweep.recheck.agents).to.equal(12);
    expect(sweep.recheck.points).to.have.length(1);
    expect(sweep.recheck.points[0].match, JSON.stringify(sweep.recheck.points[0])).to.equal(true);
    expect(fs.readFileSync(path.join(out, "report.md"), "utf8")).to.include("1 of 1 give the same winner and numbers");
  });
});
