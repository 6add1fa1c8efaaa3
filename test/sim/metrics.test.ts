import { expect } from "chai";
import { gini, herfindahl, lorenz, nakamoto, shareOf, topKShare } from "../../sim/metrics";

const EPS = 1e-12;

describe("metrics (sim/metrics)", function () {
  describe("every metric", function () {
    const all: [string, (xs: number[]) => unknown][] = [
      ["gini", (xs) => gini(xs)],
      ["nakamoto", (xs) => nakamoto(xs)],
      ["topKShare", (xs) => topKShare(xs, 1)],
      ["herfindahl", (xs) => herfindahl(xs)],
      ["lorenz", (xs) => lorenz(xs)],
    ];
    for (const [name, f] of all) {
      it(`${name} should reject empty input with a clear error`, function () {
        expect(() => f([])).to.throw(RangeError, `${name}: empty input`);
      });
      it(`${name} should reject a negative or non-finite value, naming its index`, function () {
        expect(() => f([1, -2])).to.throw(RangeError, `${name}: value at index 1`);
        expect(() => f([Number.NaN])).to.throw(RangeError, `${name}: value at index 0`);
        expect(() => f([1, Number.POSITIVE_INFINITY])).to.throw(RangeError, `${name}: value at index 1`);
      });
    }
  });

  describe("gini", function () {
    it("should be 0.25 for [1, 2, 3, 4]", function () {
      // Sorted ascending, Σ(i·x_i) = 1·1 + 2·2 + 3·3 + 4·4 = 30, Σx = 10, n = 4:
      // G = 2·30/(4·10) − (4+1)/4 = 1.5 − 1.25 = 0.25.
      // Cross-check with the mean absolute difference: Σ_i Σ_j |x_i − x_j| = 2·(1+2+3+1+2+1) = 20,
      // G = 20 / (2·n²·mean) = 20 / (2·16·2.5) = 0.25.
      expect(gini([4, 1, 3, 2])).to.be.closeTo(0.25, EPS);
    });

    it("should be 0 when everyone holds the same", function () {
      expect(gini([5, 5, 5, 5])).to.be.closeTo(0, EPS);
    });

    it("should be (n−1)/n when one holder has everything", function () {
      // [0, 0, 0, 10]: Σ(i·x_i) = 4·10 = 40, G = 2·40/(4·10) − 5/4 = 2 − 1.25 = 0.75 = 3/4.
      expect(gini([0, 10, 0, 0])).to.be.closeTo(0.75, EPS);
    });

    it("should be 0 for a single holder and for all zeros", function () {
      expect(gini([7])).to.be.closeTo(0, EPS);
      expect(gini([0, 0, 0])).to.equal(0);
    });

    it("should accept bigint amounts", function () {
      // [1e18, 3e18]: Σ(i·x_i) = 1e18 + 6e18 = 7e18, G = 2·7/(2·4) − 3/2 = 1.75 − 1.5 = 0.25.
      expect(gini([10n ** 18n, 3n * 10n ** 18n])).to.be.closeTo(0.25, EPS);
    });
  });

  describe("nakamoto", function () {
    it("should be 2 for [50, 30, 20] (50 is not more than half)", function () {
      // Descending: 50 → 50% (not > 50%), 50+30 = 80 → 80% > 50%: two holders.
      expect(nakamoto([20, 50, 30])).to.equal(2);
    });

    it("should be 1 when one holder has more than half", function () {
      // 60 of 100 > 50.
      expect(nakamoto([40, 60])).to.equal(1);
      expect(nakamoto([0, 0, 9])).to.equal(1);
    });

    it("should be 3 for four equal holders", function () {
      // 25 → 25%, 50 → 50% (not more), 75 → 75% > 50%: three.
      expect(nakamoto([25, 25, 25, 25])).to.equal(3);
    });

    it("should follow a custom threshold", function () {
      // Threshold 1/3 of 100: 25 ≤ 33.3, 50 > 33.3: two.
      expect(nakamoto([25, 25, 25, 25], 1 / 3)).to.equal(2);
    });

    it("should be 0 for all zeros", function () {
      expect(nakamoto([0, 0])).to.equal(0);
    });

    it("should reject a threshold outside (0, 1)", function () {
      expect(() => nakamoto([1], 0)).to.throw(RangeError, /threshold must be in \(0, 1\)/);
      expect(() => nakamoto([1], 1)).to.throw(RangeError, /threshold must be in \(0, 1\)/);
    });
  });

  describe("topKShare", function () {
    it("should be 0.8 for the top 2 of [50, 30, 20]", function () {
      // (50 + 30) / 100 = 0.8.
      expect(topKShare([30, 20, 50], 2)).to.be.closeTo(0.8, EPS);
    });

    it("should be 1 when k covers every holder", function () {
      expect(topKShare([1, 2, 3], 10)).to.be.closeTo(1, EPS);
    });

    it("should be 1/n for equal holders and k = 1, and 0 for all zeros", function () {
      expect(topKShare([4, 4, 4, 4], 1)).to.be.closeTo(0.25, EPS);
      expect(topKShare([0, 0], 1)).to.equal(0);
    });

    it("should reject k that is not an integer ≥ 1", function () {
      expect(() => topKShare([1], 0)).to.throw(RangeError, /k must be an integer/);
      expect(() => topKShare([1], 1.5)).to.throw(RangeError, /k must be an integer/);
    });
  });

  describe("herfindahl", function () {
    it("should be 0.38 for [50, 30, 20]", function () {
      // 0.5² + 0.3² + 0.2² = 0.25 + 0.09 + 0.04 = 0.38.
      expect(herfindahl([50, 30, 20])).to.be.closeTo(0.38, EPS);
    });

    it("should be 1/n for n equal holders", function () {
      // 4 × 0.25² = 0.25.
      expect(herfindahl([3, 3, 3, 3])).to.be.closeTo(0.25, EPS);
    });

    it("should be 1 for one holder with everything and 0 for all zeros", function () {
      expect(herfindahl([0, 5, 0])).to.be.closeTo(1, EPS);
      expect(herfindahl([0, 0])).to.equal(0);
    });
  });

  describe("lorenz", function () {
    it("should give the cumulative shares of [1, 2, 3, 4], poorest first", function () {
      // Cumulative sums 0, 1, 3, 6, 10 over a total of 10.
      const points = lorenz([4, 3, 2, 1]);
      expect(points.map((p) => p.population)).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
      const shares = points.map((p) => p.share);
      [0, 0.1, 0.3, 0.6, 1].forEach((s, i) => expect(shares[i]).to.be.closeTo(s, EPS));
    });

    it("should be the diagonal when everyone holds the same, and for all zeros", function () {
      for (const xs of [
        [2, 2, 2, 2],
        [0, 0, 0, 0],
      ]) {
        for (const p of lorenz(xs)) expect(p.share).to.be.closeTo(p.population, EPS);
      }
    });

    it("should sample at most maxPoints points, keeping both ends", function () {
      // 4 holders, 3 points: steps = 2, indices round(0·4/2) = 0, round(1·4/2) = 2, 4 → (0,0), (0.5,0.3), (1,1).
      const points = lorenz([1, 2, 3, 4], 3);
      expect(points.length).to.equal(3);
      expect(points[0]).to.deep.equal({ population: 0, share: 0 });
      expect(points[1].population).to.equal(0.5);
      expect(points[1].share).to.be.closeTo(0.3, EPS);
      expect(points[2]).to.deep.equal({ population: 1, share: 1 });
      expect(lorenz(Array.from({ length: 1000 }, (_, i) => i + 1)).length).to.equal(101);
    });

    it("should give (0,0), (1,1) for one holder", function () {
      expect(lorenz([5])).to.deep.equal([
        { population: 0, share: 0 },
        { population: 1, share: 1 },
      ]);
    });

    it("should reject maxPoints below 2", function () {
      expect(() => lorenz([1], 1)).to.throw(RangeError, /maxPoints must be an integer ≥ 2/);
    });
  });

  describe("shareOf", function () {
    it("should be 0.3 for [10, 20] out of [10, 20, 70]", function () {
      // (10 + 20) / (10 + 20 + 70) = 30 / 100.
      expect(shareOf([10, 20], [10, 20, 70])).to.be.closeTo(0.3, EPS);
    });

    it("should be 0 for an empty part and when the whole is zero", function () {
      expect(shareOf([], [1, 2])).to.equal(0);
      expect(shareOf([0], [0, 0])).to.equal(0);
    });

    it("should reject an empty whole", function () {
      expect(() => shareOf([1], [])).to.throw(RangeError, "shareOf: empty input");
    });
  });
});
