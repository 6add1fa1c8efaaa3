import { expect } from "chai";
import hre from "hardhat";
import { defaultConfig } from "../../sim/config/schema";
import { Rng } from "../../sim/random";
import { generatePopulation } from "../../sim/population";
import { vestingScenario } from "../../sim/scenarios/vesting";
import type { ScenarioResult } from "../../sim/types";

describe("vesting scenario (VCs sell into a real Uniswap V2 pool while retail buys)", function () {
  let result: ScenarioResult;
  before(async function () {
    const rng = new Rng(42);
    const population = generatePopulation(rng, {
      retail: 150,
      whales: 3,
      whaleShare: 0.2,
      vcs: 4,
      vcShare: 0.2,
      total: 1_000_000n * 10n ** 18n,
    });
    result = await vestingScenario({ hre, population, config: defaultConfig(), rng });
  });
  const m = (id: string) => {
    const found = result.mechanisms.find((x) => x.id === id);
    if (found === undefined) throw new Error(`no mechanism ${id}`);
    return found.metrics;
  };

  it("should report the three mechanisms with the stable metric names", function () {
    expect(result.mechanisms.map((x) => x.id)).to.deep.equal([
      "liquid-at-launch",
      "uniswap-treasury-vester",
      "counterweight",
    ]);
    for (const x of result.mechanisms) {
      for (const k of ["maxDrawdown", "finalPrice", "retailAvgPnlPct", "vcProceeds", "vcVotingWeightFirstYearMax"]) {
        expect(x.metrics).to.have.property(k);
      }
    }
    expect(result.series?.price.length).to.equal(3 * 26); // the launch price, then one a month
    for (const id of ["liquid-at-launch", "uniswap-treasury-vester", "counterweight"]) {
      const first = result.series?.price.find((p) => p.series === id);
      expect(first, id).to.deep.include({ x: 0, y: 1 }); // before any trade: the seeded price
    }
  });
  it("should give VCs no voting weight in year one in the vault, unlike liquid tokens", function () {
    expect(m("counterweight").vcVotingWeightFirstYearMax).to.equal(0);
    expect(Number(m("liquid-at-launch").vcVotingWeightFirstYearMax)).to.be.greaterThan(1_000_000);
  });
  it("should draw the price down less than liquid-at-launch and the TreasuryVester cliff", function () {
    expect(Number(m("counterweight").maxDrawdown)).to.be.lessThan(Number(m("liquid-at-launch").maxDrawdown));
    expect(Number(m("counterweight").maxDrawdown)).to.be.lessThan(Number(m("uniswap-treasury-vester").maxDrawdown));
  });
  it("should compute the reading from the numbers", function () {
    expect(result.reading).to.contain(String(Number(m("counterweight").vcVotingWeightFirstYearMax).toFixed(0)));
  });
});
