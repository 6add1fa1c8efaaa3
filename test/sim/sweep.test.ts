import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../sim/sweep/cli";
import { parseGrid, pointConfig, SweepError } from "../../sim/sweep/grid";
import { runPoint } from "../../sim/sweep/points";
import type { MiningRow } from "../../sim/sweep/mining";
import { headlineClaims, type SweepOutput } from "../../sim/sweep/output";
import { claimWhere } from "../../sim/sweep/present";
import { recheckSample } from "../../sim/sweep/recheck";
import { parseShard, planSweep, shardTasks } from "../../sim/sweep/plan";
import { POPULATION_TOTAL } from "../../sim/runner";
import type { ScenarioConfigInput } from "../../sim/config/schema";
import { quietSweep } from "./helpers/sweepCli";

const GRID = "whale-share=0.3:0.9:3,turnout=0.05:1:2";
const tmp = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `sweep-${tag}-`));
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));

/**
 * Runs the sweep `args` once on 2 workers and again as three shards on 1 worker each, merged: each
 * of `files` is byte-identical in the one run and in the merge. Returns the one run's folder and the shards'.
 */
async function oneRunAndMergedShards(
  args: string[],
  tag: string,
  files: string[],
): Promise<{ one: string; shardDirs: string[] }> {
  const one = tmp(`${tag}one`);
  expect(await quietSweep([...args, "--workers", "2", "--out", one])).to.equal(0);
  const shardDirs = [1, 2, 3].map((i) => tmp(`${tag}shard${i}`));
  for (let i = 0; i < 3; i++)
    expect(await quietSweep([...args, "--workers", "1", "--shard", `${i + 1}/3`, "--out", shardDirs[i]])).to.equal(0);
  const merged = tmp(`${tag}merged`);
  expect(await quietSweep(["merge", "--out", merged, ...shardDirs])).to.equal(0);
  for (const f of files) expect(read(merged, f).equals(read(one, f)), f).to.equal(true);
  return { one, shardDirs };
}

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
    const { one, shardDirs } = await oneRunAndMergedShards(args, "", [
      "sweep.json",
      "sweep.csv",
      "report.md",
      "heatmap-counterweight-wins.svg",
      "heatmap-counterweight-capture.svg",
    ]);
    const again = tmp("again");
    expect(await quietSweep([...args, "--workers", "1", "--out", again])).to.equal(0);
    expect(read(again, "sweep.json").equals(read(one, "sweep.json"))).to.equal(true);

    const sweep = JSON.parse(read(one, "sweep.json").toString()) as {
      rows: { result: { agents: number; governors: Record<string, { winner: string }> } }[];
    };
    expect(sweep.rows).to.have.length(12);
    expect(sweep.rows[0].result.agents).to.equal(60 + 3 + 5);
    expect(read(one, "report.md").toString()).to.match(/## Where each claim holds\n\n- Counterweight defeats/);
    expect(fs.existsSync(path.join(one, "timing.json"))).to.equal(true);
    expect(read(one, "sweep.json").toString()).not.to.match(/Seconds/);
    // `--recheck 1` on this grid re-runs its first corner on the chain (the corners come first).
    const out = JSON.parse(read(one, "sweep.json").toString()) as SweepOutput;
    expect(recheckSample(out.axes, headlineClaims(out), 1)).to.deep.equal([{ "whale-share": 0.3, turnout: 0.05 }]);
    // merging an incomplete set is refused
    const log = console.error;
    console.error = () => undefined;
    try {
      expect(await main(["merge", "--out", tmp("bad"), shardDirs[0], shardDirs[1]])).to.equal(2);
    } finally {
      console.error = log;
    }
  });

  it("sweeps the bribe per vote: the whales bribe, and the bribed re-vote gets its heatmaps and claim", async function () {
    const config = pointConfig({}, { "bribe-per-vote": 250 });
    expect(config.whales.strategy).to.equal("bribe-voters");
    expect(config.whales.bribeVoters?.bribePerVoteQuote).to.equal(250);
    expect(() => parseGrid("bribe-per-vote=0:100:3:log")).to.throw(SweepError, /lo > 0/);
    const dir = tmp("bribe");
    const args = ["--grid", "bribe-per-vote=1:100000:3:log,turnout=0.05:1:2", "--seeds", "1", "--agents", "40"];
    expect(await quietSweep([...args, "--workers", "1", "--out", dir])).to.equal(0);
    const sweep = JSON.parse(read(dir, "sweep.json").toString()) as {
      rows: { result: { governors: Record<string, { bribe?: { votesBought: number; spendQuote: number } }> } }[];
    };
    for (const r of sweep.rows) {
      const b = r.result.governors.counterweight.bribe;
      expect(b).to.not.equal(undefined);
      expect(b?.spendQuote).to.equal(
        (b?.votesBought ?? 0) * (r as unknown as { point: Record<string, number> }).point["bribe-per-vote"],
      );
    }
    expect(fs.existsSync(path.join(dir, "heatmap-counterweight-bribe-capture.svg"))).to.equal(true);
    expect(read(dir, "sweep.csv").toString().split("\n")[0]).to.match(/,bribe_winner,bribe_margin_ppm,/);
    expect(read(dir, "report.md").toString()).to.match(
      /- Counterweight defeats the whale proposal after vote buying \(the bribed re-vote, at the configured bribe and budget\) in every seed at bribe-per-vote /,
    );
  });

  it("sweeps the whale exit's time: exit-at keeps the config's rule, and earlier exits leave retail more", function () {
    expect(pointConfig({}, { "exit-at": 0.5 }).mining.whaleExit).to.deep.equal({
      rule: "below-outside-apr",
      outsideApr: 0.25,
      atFraction: 0.5,
    });
    // The mining sweep's base config (5 % VCs: whale-share 0.9 fits), every whale leaving.
    const base = JSON.parse(fs.readFileSync("sim/configs/sweep-mining.json", "utf8")) as ScenarioConfigInput;
    const always = { ...base, mining: { ...base.mining, whaleExit: { rule: "always" as const } } };
    expect(() => pointConfig(always, { "exit-at": 0 })).to.throw(
      SweepError,
      /axis "exit-at" \(\$\.mining\.whaleExit\.atFraction/,
    );
    const rows = [0.25, 0.5, 1].map((f) =>
      runPoint("mining", pointConfig(always, { "exit-at": f, "whale-share": 0.9 }), 1),
    );
    const farms = rows.map(
      (r) => (r as { farms: Record<string, { whalesExited?: number; retailRewards: string }> }).farms,
    );
    for (const f of farms) expect(f.counterweight.whalesExited).to.equal(3);
    // The whales' rewards stop at their exit: the earlier they leave, the more retail keeps.
    const retail = farms.map((f) => BigInt(f.counterweight.retailRewards));
    expect(retail[0] > retail[1] && retail[1] > retail[2], retail.join(" > ")).to.equal(true);
    // Leaving at the very end changes no reward: the same as no exit.
    const none = runPoint("mining", pointConfig(base, { "whale-share": 0.9 }), 1) as { farms: (typeof farms)[number] };
    expect(farms[2].counterweight.retailRewards).to.equal(none.farms.counterweight.retailRewards);
  });

  it("spaces a log axis geometrically and refuses one that starts at 0", function () {
    expect(parseGrid("cap-multiple=1:4096:7:log")[0].values).to.deep.equal([1, 4, 16, 64, 256, 1024, 4096]);
    expect(() => parseGrid("cap-multiple=0:64:4:log")).to.throw(SweepError, /lo > 0/);
  });

  describe("where each claim holds, in words", function () {
    const axes = parseGrid("whale-share=0.3:0.9:2,turnout=0.1:0.3:3");
    const at = (w: number, t: number) => ({ point: { "whale-share": w, turnout: t } });
    const summary = [0.3, 0.9].flatMap((w) => [0.1, 0.2, 0.3].map((t) => at(w, t)));
    it("says from which value up a claim holds, and up to which value", function () {
      expect(claimWhere(axes, summary, (s) => s.point.turnout >= 0.2)).to.equal(
        "at whale-share 0.3–0.9: when turnout ≥ 0.2",
      );
      expect(
        claimWhere(axes, summary, (s) => s.point.turnout <= (s.point["whale-share"] === 0.3 ? 0.2 : 0.1)),
      ).to.equal("at whale-share 0.3: when turnout ≤ 0.2; at whale-share 0.9: when turnout ≤ 0.1");
      expect(claimWhere(axes, summary, () => false)).to.equal("at whale-share 0.3–0.9: at no turnout in the grid");
      expect(claimWhere(axes, summary, (s) => s.point.turnout === 0.2)).to.equal(
        "at whale-share 0.3–0.9: only at turnout ∈ {0.2}",
      );
    });
  });

  it("re-checks the grid corners first, then the points on either side of the boundary", function () {
    const axes = parseGrid("whale-share=0.3:0.9:3,turnout=0.1:0.5:5");
    const holds = (p: Readonly<Record<string, number>>) => p.turnout >= 0.3;
    const sample = recheckSample(axes, [() => true, holds], 8);
    expect(sample.slice(0, 4)).to.deep.equal([
      { "whale-share": 0.3, turnout: 0.1 },
      { "whale-share": 0.3, turnout: 0.5 },
      { "whale-share": 0.9, turnout: 0.1 },
      { "whale-share": 0.9, turnout: 0.5 },
    ]);
    expect(sample.slice(4)).to.deep.equal([
      { "whale-share": 0.3, turnout: 0.2 },
      { "whale-share": 0.3, turnout: 0.3 },
      { "whale-share": 0.6, turnout: 0.2 },
      { "whale-share": 0.6, turnout: 0.3 },
    ]);
    expect(recheckSample(axes, [holds], 2)).to.have.length(2);
  });

  it("refuses a chain re-check on a shard (it needs the whole grid) before any point runs", async function () {
    const log = console.error;
    console.error = () => undefined;
    try {
      expect(await main(["--grid", GRID, "--shard", "1/2", "--recheck", "4", "--out", tmp("rs")])).to.equal(2);
    } finally {
      console.error = log;
    }
  });

  it("writes byte-identical mining outputs as one run (2 workers) and as three shards merged", async function () {
    const args = [
      "--scenario",
      "mining",
      "--grid",
      "cap-multiple=1:4096:3:log,whale-share=0.3:0.9:2",
      "--seeds",
      "2",
      "--agents",
      "60",
    ];
    const { one } = await oneRunAndMergedShards(args, "m", [
      "sweep.json",
      "sweep.csv",
      "report.md",
      "heatmap-counterweight-wins.svg",
      "heatmap-counterweight-capture.svg",
      "heatmap-retail-gain.svg",
    ]);
    const sweep = JSON.parse(read(one, "sweep.json").toString()) as {
      rows: { result: { agents: number; stakers: number; farms: Record<string, { winner: string }> } }[];
    };
    expect(sweep.rows).to.have.length(12);
    // VCs do not stake: 60 retail + 3 whales stake, out of 68 agents.
    expect(sweep.rows[0].result.agents).to.equal(68);
    expect(sweep.rows[0].result.stakers).to.equal(63);
    expect(Object.keys(sweep.rows[0].result.farms)).to.deep.equal(["counterweight", "uniswap-staking-rewards"]);
    const report = read(one, "report.md").toString();
    expect(report).to.match(/## Where each claim holds\n\n- Counterweight capped farm keeps most rewards with retail/);
    expect(report).not.to.match(/whale share 0\.6|cap 4×/); // the grid's own axes are not quoted as fixed values
    expect(read(one, "sweep.csv").toString().split("\n")[0]).to.match(/^cap-multiple,whale-share,seed,farm,winner,/);
  });

  it("prices the farm's capture along the identity-price axis: dearer identities, a dearer capped farm, StakingRewards unmoved", function () {
    const plan = planSweep({
      scenario: "mining",
      grid: "identity-price=1:100000:3:log,whale-share=0.3",
      seeds: 1,
      firstSeed: 1,
      agents: 300,
    });
    expect(plan.configs.map((c) => c.identity.priceTokens)).to.deep.equal([1, 316.227766017, 100_000]);
    const rows = plan.tasks.map((t) => runPoint("mining", plan.configs[t.index], t.seed) as MiningRow);
    const spend = (r: MiningRow, f: "counterweight" | "uniswap-staking-rewards") => {
      const c = r.farms[f].capture;
      expect(c.status, f).to.equal("captured");
      return BigInt(c.spendQuote as string);
    };
    const ours = rows.map((r) => spend(r, "counterweight"));
    expect(ours[0] < ours[1] && ours[1] <= ours[2], ours.join(" < ")).to.equal(true);
    // Every spend pays for the identities it bought, at the pool price (1 WETH = 1,000 tokens).
    rows.forEach((r, i) => {
      const bought = BigInt(r.farms.counterweight.capture.identitiesBought as string);
      const price = (BigInt(Math.round(plan.configs[i].identity.priceTokens * 1e9)) * 10n ** 9n) / 1000n;
      expect(bought > 0n && ours[i] >= bought * price, `${bought} identities`).to.equal(true);
    });
    const theirs = rows.map((r) => spend(r, "uniswap-staking-rewards"));
    expect(new Set(theirs.map(String)).size).to.equal(1);
    expect(ours[0] < theirs[0]).to.equal(true);
  });

  it("quotes the grid's identity price in a mining report, not the config's, when identity-price is an axis", async function () {
    const out = tmp("ip");
    const grid = "identity-price=10:100000:2:log,whale-share=0.3";
    expect(
      await quietSweep(["--scenario", "mining", "--grid", grid, "--seeds", "1", "--agents", "40", "--out", out]),
    ).to.equal(0);
    const report = read(out, "report.md").toString();
    expect(report).to.include("verified identities at each point's identity-price (tokens each)");
    expect(report).not.to.match(/1,000 tokens each|identities bought at/);
    expect(report).to.include("up to 100,000 WETH (mining.captureBudgetQuote)");
  });

  it("refuses a capture-budget axis value the config refuses, with the field named, before any point runs", function () {
    expect(() =>
      planSweep({ scenario: "mining", grid: "capture-budget=-1", seeds: 1, firstSeed: 1, agents: 10 }),
    ).to.throw(/mining\.captureBudgetQuote/);
  });

  it("still computes the committed sweeps (reports/sweep/*/sweep.json): first and last row of each", function () {
    for (const name of ["governance", "mining", "bribe", "capture"]) {
      const file = path.resolve(__dirname, `../../reports/sweep/${name}/sweep.json`);
      const sweep = JSON.parse(fs.readFileSync(file, "utf8")) as SweepOutput;
      expect(sweep.spec.scenario).to.equal({ bribe: "governance", capture: "mining" }[name] ?? name);
      for (const row of [sweep.rows[0], sweep.rows[sweep.rows.length - 1]]) {
        const config = pointConfig(sweep.spec.config, row.point);
        expect(runPoint(sweep.spec.scenario, config, row.seed), `${name} ${JSON.stringify(row.point)}`).to.deep.equal(
          row.result,
        );
      }
    }
  });

  it("splits the chain engine's population total", function () {
    const plan = planSweep({ scenario: "governance", grid: "turnout=1", seeds: 1, firstSeed: 1, agents: 10 });
    expect(plan.spec.config.population.agents).to.equal(10);
    expect(POPULATION_TOTAL).to.equal(600_000_000n * 10n ** 18n);
  });
});
