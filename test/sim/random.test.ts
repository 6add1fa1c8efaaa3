import { expect } from "chai";
import { Rng } from "../../sim/random";

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe("Rng (sim/random)", function () {
  describe("when constructed", function () {
    it("should reject a seed that is negative, fractional or ≥ 2^32", function () {
      expect(() => new Rng(-1)).to.throw(RangeError, /seed must be an integer/);
      expect(() => new Rng(1.5)).to.throw(RangeError, /seed must be an integer/);
      expect(() => new Rng(2 ** 32)).to.throw(RangeError, /seed must be an integer/);
      expect(() => new Rng(Number.NaN)).to.throw(RangeError, /seed must be an integer/);
    });

    it("should accept both ends of the seed range", function () {
      expect(new Rng(0).next()).to.be.within(0, 1);
      expect(new Rng(2 ** 32 - 1).next()).to.be.within(0, 1);
    });
  });

  describe("next", function () {
    it("should give the same sequence for the same seed (determinism)", function () {
      expect(draws(new Rng(42), 50)).to.deep.equal(draws(new Rng(42), 50));
    });

    it("should give a different sequence for another seed", function () {
      expect(draws(new Rng(42), 5)).to.not.deep.equal(draws(new Rng(43), 5));
    });

    it("should keep producing mulberry32's sequence (recorded runs stay reproducible)", function () {
      // Golden values recorded from this implementation: a change here would silently change
      // every simulation report produced with a given seed.
      expect(draws(new Rng(42), 3)).to.deep.equal([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
      expect(new Rng(0).next()).to.equal(0.26642920868471265);
    });

    it("should stay in [0, 1) with a mean near 1/2", function () {
      const xs = draws(new Rng(1), 10_000);
      expect(xs.every((x) => x >= 0 && x < 1)).to.equal(true);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      // Standard error of the mean of U(0,1) over 10,000 draws: √(1/12)/100 ≈ 0.0029; 0.02 is ~7σ.
      expect(mean).to.be.closeTo(0.5, 0.02);
    });
  });

  describe("int", function () {
    it("should reject a reversed or fractional range", function () {
      const rng = new Rng(1);
      expect(() => rng.int(5, 4)).to.throw(RangeError, /bad integer range/);
      expect(() => rng.int(0.5, 4)).to.throw(RangeError, /bad integer range/);
      expect(() => rng.int(0, 4.5)).to.throw(RangeError, /bad integer range/);
    });

    it("should return min when min == max", function () {
      expect(new Rng(3).int(7, 7)).to.equal(7);
    });

    it("should hit every value of [min, max] and nothing outside", function () {
      const rng = new Rng(9);
      const seen = new Set<number>();
      for (let i = 0; i < 2000; i++) seen.add(rng.int(1, 6));
      expect([...seen].sort()).to.deep.equal([1, 2, 3, 4, 5, 6]);
    });
  });

  describe("chance", function () {
    it("should never be true with p = 0 and always with p = 1", function () {
      const rng = new Rng(5);
      for (let i = 0; i < 500; i++) {
        expect(rng.chance(0)).to.equal(false);
        expect(rng.chance(1)).to.equal(true);
      }
    });

    it("should be true about p of the time", function () {
      const rng = new Rng(11);
      let hits = 0;
      for (let i = 0; i < 10_000; i++) if (rng.chance(0.3)) hits++;
      // Binomial(10,000, 0.3): σ = √(10,000·0.3·0.7) ≈ 46; ±300 is ~6.5σ.
      expect(hits).to.be.within(2700, 3300);
    });
  });

  describe("pareto", function () {
    it("should never go below the scale xm and have a heavy right tail", function () {
      const rng = new Rng(13);
      const xs = Array.from({ length: 5000 }, () => rng.pareto(2, 1.2)).sort((a, b) => a - b);
      expect(xs[0]).to.be.at.least(2);
      // Median of Pareto(xm=2, α=1.2) = 2·2^(1/1.2) ≈ 3.56; the largest of 5,000 draws is far above it.
      const median = xs[2500];
      expect(median).to.be.closeTo(2 * 2 ** (1 / 1.2), 0.3);
      expect(xs[xs.length - 1]).to.be.greaterThan(50 * median);
    });
  });

  describe("fork", function () {
    it("should be deterministic for the same parent state and label", function () {
      expect(draws(new Rng(21).fork("mining"), 5)).to.deep.equal(draws(new Rng(21).fork("mining"), 5));
    });

    it("should give independent streams for different labels", function () {
      expect(draws(new Rng(21).fork("mining"), 5)).to.not.deep.equal(draws(new Rng(21).fork("governance"), 5));
    });

    it("should advance the parent (two forks with one label differ)", function () {
      const parent = new Rng(21);
      expect(draws(parent.fork("x"), 5)).to.not.deep.equal(draws(parent.fork("x"), 5));
    });
  });
});
