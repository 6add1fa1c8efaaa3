import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { gini, herfindahl, nakamoto, topKShare } from "../../../sim/metrics";
import { OzSimpleTally, QuadraticTally, Support, isqrt } from "../../../sim/model";
import { farmWhatIf } from "../../../sim/audit/farm";
import { governanceWhatIf } from "../../../sim/audit/governance";
import { addressIdentities, mergeTop } from "../../../sim/audit/identities";
import { concentration } from "../../../sim/audit/metrics";
import { vestingWhatIf } from "../../../sim/audit/vesting";
import type { AuditSummary } from "../../../sim/audit/summary";

const FIX = path.join(__dirname, "fixtures");
const E18 = 10n ** 18n;
const EPS = 1e-12;
const SQUARES = [64n, 16n, 9n, 4n, 4n, 1n, 1n, 1n];
const holdersOf = (xs: bigint[]) =>
  xs.map((amount, i) => ({ address: `0x${(i + 1).toString(16).padStart(40, "0")}`, amount }));

/** Every subset of identities (n ≤ 12), tallied by the model's governors: the smallest that wins. */
function bruteForce(
  votes: bigint[],
  pick: "pass-unopposed" | "pass-against" | "block",
  linear: boolean,
  quorum: bigint,
): number | null {
  let best: number | null = null;
  for (let mask = 1; mask < 1 << votes.length; mask++) {
    const size = mask.toString(2).replace(/0/g, "").length;
    if (best !== null && size >= best) continue;
    const tally = linear ? new OzSimpleTally(100n * E18, 0n) : new QuadraticTally(quorum);
    votes.forEach((v, i) => {
      const inside = (mask >> i) & 1;
      const support =
        pick === "block"
          ? inside
            ? Support.Against
            : Support.For
          : inside
            ? Support.For
            : pick === "pass-against"
              ? Support.Against
              : undefined;
      if (support === undefined) return;
      if (tally instanceof QuadraticTally)
        tally.cast({ account: `a${i}`, identityId: BigInt(i + 1), votes: v, support });
      else tally.cast({ account: `a${i}`, votes: v, support });
    });
    const succeeded =
      tally instanceof QuadraticTally
        ? tally.outcome() === "Succeeded"
        : tally.forVotes + tally.abstainVotes >= quorum && tally.forVotes > tally.againstVotes;
    if (pick === "block" ? !succeeded : succeeded) best = size;
  }
  return best;
}

describe("audit: concentration and what-if (sim/audit)", function () {
  it("computes a known distribution's metrics as by hand", function () {
    // 50, 20, 10, 10, 5, 5 (total 100). Ascending Σ i·x = 5 + 10 + 30 + 40 + 100 + 300 = 485:
    // G = 2·485/(6·100) − 7/6 = 0.45; a majority needs 50 + 20 (Nakamoto 2, 50 alone is not > 50 %);
    // HHI = .25 + .04 + .01 + .01 + .0025 + .0025 = 0.315.
    const c = concentration([50n, 20n, 10n, 10n, 5n, 5n], [1, 3]);
    expect(c.gini).to.be.closeTo(0.45, EPS);
    expect(c.nakamoto).to.equal(2);
    expect(c.top).to.deep.equal([
      { k: 1, share: 0.5 },
      { k: 3, share: 0.8 },
    ]);
    expect(c.hhi).to.be.closeTo(0.315, EPS);
    expect(c.lorenz[0]).to.deep.equal({ population: 0, share: 0 });
    expect(c.lorenz[2]).to.deep.equal({ population: 2 / 6, share: 0.1 });
    expect(c.lorenz[6]).to.deep.equal({ population: 1, share: 1 });
    expect(() => concentration([1n, 2n], [1])).to.throw(RangeError, "not sorted descending");
  });

  it("agrees with the simulator's floating-point metrics on a large skewed set", function () {
    const xs = Array.from({ length: 5000 }, (_, i) => (10n ** 24n * 7919n) / BigInt((i + 1) ** 2) + BigInt(i));
    xs.sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    const c = concentration(xs, [10]);
    expect(c.gini).to.be.closeTo(gini(xs), 1e-9);
    expect(c.nakamoto).to.equal(nakamoto(xs));
    expect(c.top[0].share).to.be.closeTo(topKShare(xs, 10), 1e-9);
    expect(c.hhi).to.be.closeTo(herfindahl(xs), 1e-9);
  });

  it("finds who can pass or block as the model's tallies do, linear and √, in every identity model", function () {
    for (const ids of [
      addressIdentities(holdersOf(SQUARES.map((x) => x * E18))),
      mergeTop(addressIdentities(holdersOf(SQUARES.map((x) => x * E18))), 3),
    ]) {
      for (const share of [0.1, 0.25, 0.5]) {
        const w = governanceWhatIf(ids, 100n * E18, { ozQuorumPercent: 4, identityQuorumShare: share, topK: [1] });
        const votes = ids.map((i) => i.amount);
        const lq = w.linear.power.quorum;
        const sq = w.sqrt.power.quorum;
        expect(lq).to.equal(4n * E18);
        expect(w.linear.power.smallestUnopposed).to.equal(bruteForce(votes, "pass-unopposed", true, lq));
        expect(w.linear.power.smallestAgainstAll).to.equal(bruteForce(votes, "pass-against", true, lq));
        expect(w.linear.power.smallestBlock).to.equal(bruteForce(votes, "block", true, lq));
        expect(w.sqrt.power.smallestUnopposed).to.equal(bruteForce(votes, "pass-unopposed", false, sq));
        expect(w.sqrt.power.smallestAgainstAll).to.equal(bruteForce(votes, "pass-against", false, sq));
        expect(w.sqrt.power.smallestBlock).to.equal(bruteForce(votes, "block", false, sq));
        expect(w.sqrt.power.passAloneAgainstAll).to.equal(w.sqrt.power.smallestAgainstAll === 1 ? 1 : 0);
      }
    }
    // The squares by hand (√: 8, 4, 3, 2, 2, 1, 1, 1 = 22 in 10^9 units): one holder has a majority of
    // tokens (64 > 36) but not of √ weight (8 < 14); 4 % quorum = 4 tokens, met alone by 5 holders.
    const w = governanceWhatIf(addressIdentities(holdersOf(SQUARES.map((x) => x * E18))), 100n * E18, {
      ozQuorumPercent: 4,
      identityQuorumShare: 0.25,
      topK: [1],
    });
    expect(w.sqrt.total).to.equal(22n * 10n ** 9n);
    expect([w.linear.nakamoto, w.sqrt.nakamoto]).to.deep.equal([1, 2]);
    expect([w.linear.power.passAloneUnopposed, w.sqrt.power.passAloneUnopposed, w.sqrt.power.quorum]).to.deep.equal([
      5,
      0,
      2n,
    ]);
    expect(w.sqrt.top[0].share).to.be.closeTo(8 / 22, 1e-12);
  });

  it("pays the farm's rewards as an independent pro-rata of the capped effective balances", function () {
    const ids = addressIdentities(holdersOf(SQUARES.map((x) => x * E18)));
    const reward = 1_000_000n * E18;
    const f = farmWhatIf(ids, { capOverMeanStake: 4, slope: 0.1, reward, topK: [1] });
    if (typeof f === "string") throw new Error(f);
    const cap = 50n * E18; // 4 × the mean stake of 12.5
    expect(f.cap).to.equal(cap);
    const eff = SQUARES.map((x) => (x * E18 > cap ? cap + (x * E18 - cap) / 10n : x * E18));
    const totalEff = eff.reduce((a, b) => a + b, 0n);
    const duration = 60n * 86_400n;
    const rpt = ((reward / duration) * duration * E18) / totalEff;
    const expected = eff.map((e) => (e * rpt) / E18);
    expect(f.counterweight.rewardsPaid).to.equal(expected.reduce((a, b) => a + b, 0n));
    expect(f.counterweight.top[0].share).to.be.closeTo(
      Number(expected[0]) / Number(f.counterweight.rewardsPaid),
      1e-12,
    );
    expect(f.uniswap.top[0].share).to.be.closeTo(0.64, 1e-9);
    expect(f.aboveCap).to.equal(1);
  });

  it("vests allocations month by month: nothing votes before the cliff in the vault, all at once when liquid", function () {
    const holders = holdersOf([60n * E18, 40n * E18]);
    const w = vestingWhatIf(holders, [{ address: "0x" + "b".repeat(40), amount: 100n * E18 }], {
      cliffMonths: 2,
      durationMonths: 4,
      trancheMonths: 1,
    });
    const at = (m: number) => w.months[m];
    // Vault: 3 tranches of 33.33… at months 2, 3, 4. TreasuryVester: linear from month 0, claimed from the cliff.
    expect(at(1).linear.counterweight).to.equal(0);
    expect(at(1).linear["liquid-at-launch"]).to.equal(0.5);
    const third = (100n * E18) / 3n;
    expect(at(2).linear.counterweight).to.be.closeTo(Number(third) / Number(100n * E18 + third), 1e-12);
    expect(at(2).linear["uniswap-treasury-vester"]).to.be.closeTo(50 / 150, 1e-12);
    const root = Number(isqrt(third));
    expect(at(2).sqrt.counterweight).to.be.closeTo(root / (root + Number(isqrt(60n * E18) + isqrt(40n * E18))), 1e-12);
    expect(at(4).linear.counterweight).to.equal(0.5);
    expect(w.firstYearMax["liquid-at-launch"].linear).to.equal(0.5);
  });

  describe("npx hardhat audit", function () {
    let dir: string;
    beforeEach(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-task-"));
    });
    afterEach(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("writes nothing when a row is bad", async function () {
      const out = path.join(dir, "out");
      await expect(
        hre.run("audit", { csv: path.join(FIX, "bad-rows.csv"), decimals: "18", out, quiet: true }),
      ).to.be.rejectedWith(/bad-rows\.csv:3 address/);
      expect(fs.existsSync(out)).to.equal(false);
      await expect(hre.run("audit", { csv: path.join(FIX, "squares-plain.csv"), out, quiet: true })).to.be.rejectedWith(
        /--decimals N is required/,
      );
      expect(fs.existsSync(out)).to.equal(false);
    });

    it("audits a fixture end to end: summary.json, report.md and both charts, labels excluded and grouped", async function () {
      const out = path.join(dir, "out");
      await hre.run("audit", {
        csv: path.join(FIX, "squares-etherscan.csv"),
        decimals: "18",
        labels: path.join(FIX, "labels.csv"),
        exclude: "burn",
        mergeTop: "2",
        lp: true,
        allocations: path.join(FIX, "allocations.csv"),
        out,
        quiet: true,
      });
      for (const f of ["summary.json", "report.md", "audit-lorenz.svg", "audit-weights.svg", "timing.json"])
        expect(fs.existsSync(path.join(out, f)), f).to.equal(true);
      const s = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")) as AuditSummary;
      expect(s.input.excluded.map((e) => e.label)).to.deep.equal(["Burn"]);
      expect(s.input.kept).to.equal(7);
      expect(s.models.map((m) => [m.id, m.identities])).to.deep.equal([
        ["address", 7],
        ["labels", 6],
        ["top-2", 5],
      ]);
      // Exchange A (16 + 9 = 25) is one identity once groups merge: √ weights 8, 5, 2, 2, 1, 1 (of 10^9).
      expect(s.models[1].top[1]).to.include({ name: "Exchange A", members: 2 });
      expect(s.models[1].sqrt.top[0].share).to.equal(Math.round((8 / 19) * 1e6) / 1e6);
      expect(s.models[2].farm).to.not.equal(undefined);
      expect(s.vesting?.allocations).to.equal(2);
      const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
      expect(md).to.contain("## Who can pass or block a proposal");
      expect(md).to.contain("![Lorenz curve");
      expect(fs.readFileSync(path.join(out, "audit-lorenz.svg"), "utf8")).to.match(/^<svg/);
    });
  });
});
