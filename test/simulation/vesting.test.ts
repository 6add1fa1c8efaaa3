import { expect } from "chai";
import hre from "hardhat";
import { defaultConfig } from "../../sim/config/schema";
import { Rng } from "../../sim/random";
import { generatePopulation } from "../../sim/population";
import { vestingScenario } from "../../sim/scenarios/vesting";
import type { ScenarioResult } from "../../sim/types";

describe("vesting scenario (VCs sell into a real Uniswap V2 pool while retail buys)", function () {
  let result: ScenarioResult;
  let vcTokens = 0;
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
    vcTokens = Number(population.agents.filter((a) => a.kind === "vc").reduce((x, a) => x + a.amount, 0n) / 10n ** 18n);
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
    // Liquid at launch, the VCs vote with their whole allocation: the population's VC agents' tokens.
    expect(Number(m("liquid-at-launch").vcVotingWeightFirstYearMax)).to.be.closeTo(vcTokens, 1e-6 * vcTokens);
  });
  it("should vest the population's VC allocations and quote the share actually used", function () {
    expect(result.parameters?.supplyTokens).to.equal(1_000_000);
    expect(result.parameters?.vcTokens).to.be.closeTo(vcTokens, 1);
    expect(result.parameters?.vcSupplyShare).to.equal(0.2);
    expect(result.reading).to.contain("VCs holding 20% of the supply");
  });
  // Which mechanism's max drawdown is deepest depends on when the seeded buyers buy: in the default
  // reference run the vault's late unlocks fall further than the launch dump (docs/report.md), so
  // the test asserts what vesting guarantees by construction instead: no VC sale before the cliff.
  it("should keep the price at or above launch until the cliff, where liquid tokens crash it at once", function () {
    const prices = (id: string) => (result.series?.price ?? []).filter((p) => p.series === id);
    const cliffDay = 12 * 30;
    const beforeCliff = prices("counterweight").filter((p) => p.x < cliffDay);
    expect(beforeCliff).to.have.length(13); // launch + months 0..11
    for (const p of beforeCliff) expect(p.y, `vault price on day ${p.x}`).to.be.at.least(1);
    const treasury = prices("uniswap-treasury-vester").filter((p) => p.x < cliffDay);
    for (const p of treasury) expect(p.y, `TreasuryVester price on day ${p.x}`).to.be.at.least(1);
    const liquidMonth0 = prices("liquid-at-launch")[1];
    expect(liquidMonth0.x).to.equal(0);
    expect(liquidMonth0.y).to.be.lessThan(0.5);
  });
  it("should compute the reading from the numbers", function () {
    expect(result.reading).to.contain(String(Number(m("counterweight").vcVotingWeightFirstYearMax).toFixed(0)));
  });
});
