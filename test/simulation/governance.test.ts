import { expect } from "chai";
import hre from "hardhat";
import { defaultConfig } from "../../sim/config/schema";
import { Rng } from "../../sim/random";
import { generatePopulation } from "../../sim/population";
import { governanceScenario } from "../../sim/scenarios/governance";
import type { ScenarioResult } from "../../sim/types";

const RETAIL = Number(process.env.GOV_SIM_RETAIL ?? 200);

describe("Simulation: governance, whales vs retail", function () {
  let result: ScenarioResult;

  before(async function () {
    await hre.network.provider.request({ method: "hardhat_reset", params: [] });
    const rng = new Rng(20_260_401);
    const population = generatePopulation(rng.fork("population"), {
      retail: RETAIL,
      whales: 3,
      whaleShare: 0.6,
      total: 600_000_000n * 10n ** 18n,
      retailVerifiedRate: 0.9,
    });
    const started = Date.now();
    result = await governanceScenario({ hre, population, config: defaultConfig(), rng: rng.fork("scenario") });
    console.log(`      governance scenario with ${RETAIL} retail: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  const metric = (id: string, name: string) => {
    const m = result.mechanisms.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no mechanism ${id}`);
    return m.metrics[name];
  };

  describe("when voting is linear in tokens (real baselines)", function () {
    for (const id of ["oz-governor-simple", "uniswap-governor-alpha"]) {
      it(`should let the whales pass the proposal under ${id}`, function () {
        expect(metric(id, "outcome")).to.equal("passed");
        expect(Number(metric(id, "margin"))).to.be.greaterThan(0);
        expect(Number(metric(id, "whaleWeightShare"))).to.be.greaterThan(0.5);
        expect(Number(metric(id, "nakamotoWeight"))).to.be.at.most(3);
      });
    }
  });

  describe("when voting is quadratic per identity (Counterweight)", function () {
    it("should let the retail majority defeat the proposal", function () {
      expect(metric("counterweight", "outcome")).to.equal("defeated");
      expect(Number(metric("counterweight", "margin"))).to.be.lessThan(0);
    });

    it("should shrink the whales' share and spread the weight over more voters", function () {
      for (const base of ["oz-governor-simple", "uniswap-governor-alpha"]) {
        expect(Number(metric("counterweight", "whaleWeightShare"))).to.be.lessThan(
          Number(metric(base, "whaleWeightShare")),
        );
        expect(Number(metric("counterweight", "nakamotoWeight"))).to.be.greaterThan(
          Number(metric(base, "nakamotoWeight")),
        );
        expect(Number(metric("counterweight", "giniWeight"))).to.be.lessThan(Number(metric(base, "giniWeight")));
        expect(Number(metric("counterweight", "top3WeightShare"))).to.be.lessThan(
          Number(metric(base, "top3WeightShare")),
        );
      }
    });

    it("should report one weight per voter and count only verified voters", function () {
      const cw = result.mechanisms.find((x) => x.id === "counterweight");
      const oz = result.mechanisms.find((x) => x.id === "oz-governor-simple");
      expect(cw?.distribution?.values.length).to.equal(metric("counterweight", "voters"));
      expect(Number(metric("counterweight", "voters"))).to.be.lessThan(Number(oz?.metrics.voters));
    });
  });

  describe("when a whale splits over k fresh addresses (sybil split)", function () {
    for (const k of [1, 10, 100]) {
      it(`should gain nothing with identity checks (split tokens add no √) and about √${k} with the registry bypassed (k=${k})`, function () {
        const identity = result.variants?.find((v) => v.id === `sybil-k${k}-identity`);
        const open = result.variants?.find((v) => v.id === `sybil-k${k}-bypassed`);
        // Tokens moved to addresses without identity count linearly only: delegated back to the
        // whale they add nothing to its Σ√, and the whale, holding none itself, keeps no weight.
        expect(Number(identity?.metrics.sybilGain)).to.be.closeTo(0, 1e-6);
        expect(Number(open?.metrics.sybilGain)).to.be.closeTo(Math.sqrt(k), Math.sqrt(k) * 0.01);
        expect(open?.metrics.k).to.equal(k);
      });
    }
  });

  describe("when an attacker flash-loans tokens in the block of the vote", function () {
    it("should gain zero weight although it held the votes during the loan", function () {
      const flash = result.variants?.find((v) => v.id === "flash-loan");
      expect(flash?.metrics.flashLoanWeightGained).to.equal(0);
      expect(Number(flash?.metrics.flashLoanVotesHeld)).to.be.greaterThan(0);
    });
  });

  it("should read its paragraph off the numbers", function () {
    expect(result.reading).to.include("Counterweight quadratic governor: the proposal was defeated");
    expect(result.reading).to.include("√100 = 10.00");
  });
});
