import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import type { Summary } from "../../sim/report/summary";
import type { ReportFiles } from "../../sim/report/write";
import {
  isqrt,
  leastIdentitiesToWin,
  predictTally,
  splitWeight,
  type SnapshotVote,
} from "../../sim/scenarios/adversaries/buyIdentities";

const E18 = 10n ** 18n;

describe("buy-identities adversary", function () {
  describe("the arithmetic", function () {
    it("should take exact integer square roots (floor), as the governor's Math.sqrt", function () {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 2n ** 200n }), (n) => {
          const r = isqrt(n);
          return r * r <= n && (r + 1n) * (r + 1n) > n;
        }),
      );
    });

    it("should weigh a split as the sum of its parts' square roots, the remainder on the last part", function () {
      expect(splitWeight(10n, 3)).to.equal(isqrt(3n) * 2n + isqrt(4n));
      expect(splitWeight(100n * E18, 1)).to.equal(isqrt(100n * E18));
      // √k·√W up to rounding
      const w = 1_000_000n * E18;
      expect(Number(splitWeight(w, 16))).to.be.closeTo(4 * Number(isqrt(w)), 16);
    });

    it("should return the least number of identities that wins: one fewer loses", function () {
      const votes: SnapshotVote[] = [
        { account: "whale-a", support: 1, votes: 400_000n * E18, splits: true },
        { account: "whale-b", support: 1, votes: 100_000n * E18, splits: true },
        ...Array.from({ length: 50 }, (_, i) => ({
          account: `retail-${i}`,
          support: 0 as const,
          votes: BigInt(1000 + 37 * i) * E18,
          splits: false,
        })),
      ];
      const found = leastIdentitiesToWin(votes, 3n, 10_000);
      if (found === null) throw new Error("expected a capture point");
      expect(found.k).to.be.greaterThan(0);
      expect(predictTally(votes, found.allocation, 3n).wins).to.equal(true);
      expect(leastIdentitiesToWin(votes, 3n, found.k - 1)).to.equal(null);
      // the larger whale gets more identities (its gain per identity is larger)
      expect(found.allocation.get("whale-a") ?? 0).to.be.greaterThan(found.allocation.get("whale-b") ?? 0);
    });

    it("should count the identity quorum: bought identities are needed even when the weight already wins", function () {
      const votes: SnapshotVote[] = [
        { account: "whale", support: 1, votes: 1_000_000n * E18, splits: true },
        { account: "retail", support: 0, votes: 1n * E18, splits: false },
      ];
      expect(leastIdentitiesToWin(votes, 5n, 100)?.k).to.equal(4);
    });
  });

  describe("on chain (40 retail, seed 7, retail all Against, whales 30 %)", function () {
    this.timeout(120_000);
    let dir: string;
    const run = async (whales: Record<string, unknown>): Promise<Summary> => {
      const config = path.join(dir, `config-${JSON.stringify(whales).replace(/\W+/g, "-")}.json`);
      fs.writeFileSync(
        config,
        JSON.stringify({
          population: { whaleShare: 0.3 },
          preferences: { retail: { for: 0, against: 1, abstain: 0 } },
          whales,
        }),
      );
      const out = fs.mkdtempSync(path.join(dir, "out-"));
      const files = (await hre.run("simulate", {
        agents: "40",
        seed: "7",
        scenario: "governance",
        scenarioConfig: config,
        out,
        quiet: true,
      })) as ReportFiles;
      return JSON.parse(fs.readFileSync(files.summary, "utf8")) as Summary;
    };
    const capture = (s: Summary) => {
      const v = s.scenarios.governance?.variants["buy-identities"];
      if (v === undefined) throw new Error("no buy-identities variant");
      return v.metrics;
    };
    const strategy = (budgetTokens: number) => ({
      strategy: "buy-identities",
      buyIdentities: { priceTokens: 100, budgetTokens, quotePerToken: 0.5, rotationCooldownDays: 7 },
    });
    let passive: Summary;
    let enough: Summary;

    before(async function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-adversary-"));
      passive = await run({ strategy: "passive" });
      enough = await run(strategy(5000));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("should leave the passive run defeated under Counterweight, with no capture section", function () {
      expect(passive.scenarios.governance?.mechanisms.counterweight.metrics.outcome).to.equal("defeated");
      expect(passive.scenarios.governance?.variants["buy-identities"]).to.equal(undefined);
    });

    it("should win the vote on chain with the least number of bought identities, the tally equal to the arithmetic", function () {
      const m = capture(enough);
      expect(m.leastIdentitiesToWin).to.be.a("number").and.greaterThan(0);
      expect(m.identitiesBoughtOnChain).to.equal(m.leastIdentitiesToWin);
      expect(m.chainPassed).to.equal(true);
      expect(m.chainMatchesArithmetic).to.equal(true);
      expect(m.costOfCaptureTokens).to.equal(Number(m.leastIdentitiesToWin) * 100);
      expect(m.costOfCaptureQuote).to.equal(Number(m.leastIdentitiesToWin) * 50);
      expect(m.chainQuorumIdentities).to.be.at.least(Number(m.quorumIdentitiesRequired));
    });

    it("should not count bought identities for a proposal snapshotted inside the rotation cooldown", function () {
      const m = capture(enough);
      expect(m.rotationCooldownSeconds).to.equal(7 * 86_400);
      expect(m.boughtCountedInsideCooldown).to.equal(false);
    });

    it("should say the linear governors cannot be bought through identities when they already lose", function () {
      const m = capture(enough);
      const oz = enough.scenarios.governance?.mechanisms["oz-governor-simple"].metrics.outcome;
      expect(m.ozGovernorCostOfCapture).to.equal(oz === "passed" ? 0 : "not for sale (identities add no weight)");
    });

    it("should lose on chain with one identity fewer than the least (the budget one short)", async function () {
      const least = Number(capture(enough).leastIdentitiesToWin);
      const short = capture(await run(strategy((least - 1) * 100)));
      expect(short.identitiesBoughtOnChain).to.equal(least - 1);
      expect(short.whaleSideWinsWithinBudget).to.equal(false);
      expect(short.chainPassed).to.equal(false);
      expect(short.chainMatchesArithmetic).to.equal(true);
      expect(short.leastIdentitiesToWin).to.equal(least);
    });
  });
});
