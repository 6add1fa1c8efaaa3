import { expect } from "chai";
import { Rng } from "../../sim/random";
import { generatePopulation, ofKind, type PopulationOptions } from "../../sim/population";

const TOTAL = 600_000_000n * 10n ** 18n;
const BASE: PopulationOptions = { retail: 500, whales: 5, whaleShare: 0.6, total: TOTAL };

function sum(xs: readonly { amount: bigint }[]): bigint {
  return xs.reduce((a, b) => a + b.amount, 0n);
}

describe("generatePopulation (sim/population)", function () {
  describe("when the options are invalid", function () {
    const cases: [string, Partial<PopulationOptions>, RegExp][] = [
      ["no retail", { retail: 0 }, /retail must be an integer ≥ 1/],
      ["fractional retail", { retail: 1.5 }, /retail must be an integer ≥ 1/],
      ["no whale", { whales: 0 }, /whales must be an integer ≥ 1/],
      ["negative VCs", { vcs: -1 }, /vcs must be an integer ≥ 0/],
      ["whale share 0", { whaleShare: 0 }, /whaleShare must be in \(0, 1\)/],
      ["whale share 1", { whaleShare: 1 }, /whaleShare must be in \(0, 1\)/],
      ["VC share leaving nothing to retail", { vcs: 2, vcShare: 0.4 }, /vcShare must be in/],
      ["negative VC share", { vcs: 2, vcShare: -0.1 }, /vcShare must be in/],
      ["VC share without VCs", { vcShare: 0.1 }, /vcShare > 0 needs at least one VC/],
      ["zero total", { total: 0n }, /total must be positive/],
    ];
    for (const [what, patch, message] of cases) {
      it(`should reject ${what} with a clear error`, function () {
        expect(() => generatePopulation(new Rng(1), { ...BASE, ...patch })).to.throw(RangeError, message);
      });
    }
  });

  describe("when the options are valid", function () {
    it("should be identical for the same seed (determinism) and differ for another", function () {
      const a = generatePopulation(new Rng(7), BASE);
      const b = generatePopulation(new Rng(7), BASE);
      const c = generatePopulation(new Rng(8), BASE);
      expect(a).to.deep.equal(b);
      expect(a.agents.map((x) => x.amount)).to.not.deep.equal(c.agents.map((x) => x.amount));
    });

    it("should make the amounts sum exactly to the total", function () {
      for (const seed of [1, 2, 3]) {
        const pop = generatePopulation(new Rng(seed), { ...BASE, vcs: 3, vcShare: 0.15 });
        expect(sum(pop.agents)).to.equal(TOTAL);
        expect(pop.total).to.equal(TOTAL);
      }
    });

    it("should give whales and VCs exactly their shares (to 1e-9) and retail the rest", function () {
      const pop = generatePopulation(new Rng(4), { ...BASE, vcs: 3, vcShare: 0.15 });
      // Whales: TOTAL·600,000,000/1e9 = 0.6·TOTAL exactly; VCs: 0.15·TOTAL; retail: 0.25·TOTAL.
      expect(sum(ofKind(pop, "whale"))).to.equal((TOTAL * 6n) / 10n);
      expect(sum(ofKind(pop, "vc"))).to.equal((TOTAL * 15n) / 100n);
      expect(sum(ofKind(pop, "retail"))).to.equal((TOTAL * 25n) / 100n);
    });

    it("should list whales, then VCs, then retail, indexed in order", function () {
      const pop = generatePopulation(new Rng(4), { ...BASE, vcs: 3, vcShare: 0.15 });
      expect(pop.agents.length).to.equal(5 + 3 + 500);
      pop.agents.forEach((a, i) => expect(a.index).to.equal(i));
      expect(pop.agents.slice(0, 5).every((a) => a.kind === "whale")).to.equal(true);
      expect(pop.agents.slice(5, 8).every((a) => a.kind === "vc")).to.equal(true);
      expect(pop.agents.slice(8).every((a) => a.kind === "retail")).to.equal(true);
    });

    it("should keep whales within ±20% of each other's weight and give retail a heavy tail", function () {
      const pop = generatePopulation(new Rng(5), BASE);
      const whales = ofKind(pop, "whale").map((a) => a.amount);
      const maxW = whales.reduce((a, b) => (a > b ? a : b));
      const minW = whales.reduce((a, b) => (a < b ? a : b));
      // Weights are drawn in [0.8, 1.2): the ratio of any two is below 1.2/0.8 = 1.5.
      expect(Number(maxW) / Number(minW)).to.be.lessThan(1.5);
      const retail = ofKind(pop, "retail")
        .map((a) => Number(a.amount))
        .sort((a, b) => a - b);
      expect(retail.every((x) => x > 0)).to.equal(true);
      expect(retail[retail.length - 1]).to.be.greaterThan(20 * retail[Math.floor(retail.length / 2)]);
    });

    it("should verify every whale and VC, and retail at the given rate", function () {
      const none = generatePopulation(new Rng(6), { ...BASE, vcs: 1, vcShare: 0.1, retailVerifiedRate: 0 });
      expect(ofKind(none, "retail").some((a) => a.verified)).to.equal(false);
      expect(none.agents.filter((a) => a.kind !== "retail").every((a) => a.verified)).to.equal(true);
      const all = generatePopulation(new Rng(6), BASE);
      expect(all.agents.every((a) => a.verified)).to.equal(true);
      const half = generatePopulation(new Rng(6), { ...BASE, retail: 2000, retailVerifiedRate: 0.5 });
      const verified = ofKind(half, "retail").filter((a) => a.verified).length;
      // Binomial(2000, 0.5): σ ≈ 22; ±150 is ~6.7σ.
      expect(verified).to.be.within(850, 1150);
    });

    it("should handle the smallest population: one whale and one retail", function () {
      const pop = generatePopulation(new Rng(1), { retail: 1, whales: 1, whaleShare: 0.5, total: 10n });
      expect(pop.agents.map((a) => a.amount)).to.deep.equal([5n, 5n]);
    });
  });
});
