import { createHash } from "node:crypto";
import { expect } from "chai";
import fc from "fast-check";
import { Rng } from "../../sim/random";
import {
  generatePopulation,
  generatePopulationColumns,
  KIND_CODE,
  ofKind,
  splitByWeights,
  type PopulationOptions,
} from "../../sim/population";

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

  describe("when the split runs in Number arithmetic (one bigint product per agent)", function () {
    /** The split as first written: every part ⌊total·s / Σs⌋ in bigints, the dust to the last. */
    function splitReference(total: bigint, weights: readonly number[]): bigint[] {
      const sum = weights.reduce((a, b) => a + b, 0);
      const scaled = weights.map((w) => BigInt(Math.max(1, Math.round((w / sum) * 1e9))));
      const scaledSum = scaled.reduce((a, b) => a + b, 0n);
      const parts = scaled.map((s) => (total * s) / scaledSum);
      parts[parts.length - 1] += total - parts.reduce((a, b) => a + b, 0n);
      return parts;
    }

    it("should split exactly as the all-bigint formula for any weights and total", function () {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.double({ min: 1e-12, max: 1e12, noNaN: true }), fc.constant(1)), {
            minLength: 1,
            maxLength: 300,
          }),
          fc.oneof(fc.bigInt(1n, 1000n), fc.bigInt(1n, 10n ** 27n), fc.bigInt(1n, 1n << 200n)),
          (weights, total) => {
            expect(splitByWeights(total, weights)).to.deep.equal(splitReference(total, weights));
          },
        ),
        { numRuns: Number(process.env.FC_RUNS ?? 200), seed: 151 },
      );
    });

    it("should give the columns the agents hold, and the population main's generator gave (pinned digest)", function () {
      const opts: PopulationOptions = {
        retail: 20_000,
        whales: 20,
        whaleShare: 0.45,
        vcs: 5,
        vcShare: 0.1,
        total: 10n ** 27n,
        retailVerifiedRate: 0.9,
      };
      const pop = generatePopulation(new Rng(42), opts);
      const cols = generatePopulationColumns(new Rng(42), opts);
      expect(cols.amounts).to.deep.equal(pop.agents.map((a) => a.amount));
      expect(Array.from(cols.verified)).to.deep.equal(pop.agents.map((a) => (a.verified ? 1 : 0)));
      expect(Array.from(cols.kinds)).to.deep.equal(pop.agents.map((a) => KIND_CODE[a.kind]));
      const h = createHash("sha256");
      for (const a of pop.agents) h.update(`${a.kind},${a.amount},${a.verified ? 1 : 0}\n`);
      // Computed with the generator before the Number-arithmetic split (every part in bigints).
      expect(h.digest("hex")).to.equal("ee2c19c2fcea4d15593249be949537bdad683e561387a1197dedbde3c272969a");
    });
  });
});
