import { expect } from "chai";
import hre from "hardhat";
import { defaultConfig } from "../../sim/config/schema";
import { generatePopulation } from "../../sim/population";
import { Rng } from "../../sim/random";
import { miningScenario } from "../../sim/scenarios/mining";
import type { ScenarioResult } from "../../sim/types";
import { formatAmount, formatShare } from "../../sim/report/format";

describe("Simulation: mining (whales vs retail on a real Uniswap V2 pair)", function () {
  let result: ScenarioResult;

  before(async function () {
    const rng = new Rng(2026);
    const population = generatePopulation(new Rng(2026), {
      retail: 200,
      whales: 3,
      whaleShare: 0.6,
      total: 600_000_000n * 10n ** 18n,
      retailVerifiedRate: 0.9,
    });
    result = await miningScenario({ hre, population, config: defaultConfig(), rng });
  });

  const metric = (id: string, name: string) => {
    const m = result.mechanisms.find((x) => x.id === id);
    if (m === undefined) throw new Error(`mechanism ${id} missing`);
    return Number(m.metrics[name]);
  };

  describe("given Uniswap's StakingRewards", function () {
    it("should pay the whales a reward share equal to their stake share", function () {
      const retailStake = metric("uniswap-staking-rewards", "retailStakeShare");
      const retailReward = metric("uniswap-staking-rewards", "retailRewardShare");
      expect(retailReward).to.be.closeTo(retailStake, 1e-3);
      expect(metric("uniswap-staking-rewards", "whaleOverRetailYield")).to.be.closeTo(1, 1e-3);
    });
  });

  describe("given the Counterweight capped farm", function () {
    it("should pay retail a reward share above its stake share", function () {
      expect(metric("counterweight", "retailRewardOverStake")).to.be.gt(1);
    });

    it("should pay a whale no more per LP token than retail", function () {
      expect(metric("counterweight", "whaleYieldPerToken")).to.be.lte(metric("counterweight", "retailYieldPerToken"));
    });

    it("should lower the reward Gini and the top-3 share", function () {
      expect(metric("counterweight", "rewardGini")).to.be.lt(metric("uniswap-staking-rewards", "rewardGini"));
      expect(metric("counterweight", "top3RewardShare")).to.be.lt(metric("uniswap-staking-rewards", "top3RewardShare"));
    });

    it("should pay no more than it was funded", function () {
      expect(metric("counterweight", "rewardsPaid")).to.be.lte(metric("counterweight", "rewardsFunded"));
      expect(metric("counterweight", "rewardsPaid")).to.be.gt(0.99 * metric("counterweight", "rewardsFunded"));
    });
  });

  describe("when a whale splits over k addresses without identity", function () {
    for (const k of [1, 10, 100]) {
      it(`should gain nothing in the capped farm (k = ${k})`, function () {
        const v = result.variants?.find((x) => x.id === `sybil-k${k}-counterweight`);
        expect(v, "variant present").to.not.equal(undefined);
        expect(Number(v?.metrics.sybilGain)).to.be.lte(1);
      });
    }
  });

  describe("the parameters it reports", function () {
    it("should record the cap and slope the farm ran with, read back from the chain", function () {
      const p = result.parameters ?? {};
      expect(p).to.include.keys("cap", "slope", "unverifiedCap", "rewardPeriodDays", "capOverMeanRetailStake");
      expect(p.slope).to.equal(0.1);
      expect(Number(p.cap)).to.be.greaterThan(0);
      expect(Number(p.unverifiedCap)).to.be.closeTo(Number(p.cap) / 1000, Number(p.cap) / 1e6);
      expect(p.rewardPeriodDays).to.equal(60);
    });

    it("should quote those values in its reading, formatted", function () {
      const p = result.parameters ?? {};
      expect(result.reading).to.contain(`cap ${formatAmount(Number(p.cap))} LP per identity`);
      expect(result.reading).to.contain(`slope ${formatShare(Number(p.slope), 0)} above it`);
      expect(result.reading).to.match(/^3 whales and 200 retail stakers /);
    });
  });

  it("should explain the result in a reading computed from the numbers", function () {
    expect(result.reading).to.contain("StakingRewards");
    expect(result.reading).to.contain(metric("counterweight", "rewardGini").toFixed(3));
  });
});
