import { expect } from "chai";
import fc from "fast-check";
import { isqrt, isqrtNumber } from "../../../sim/model/math";
import { governancePoint, NO_VOTE } from "../../../sim/model/governance/point";

/** The reference: Newton's iteration on bigints from a power of two above √n, no float anywhere. */
function isqrtReference(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Values at and beside squares: where a float root is most likely to be a unit off. */
const nearSquares = (k: bigint): bigint[] => [k * k - 1n, k * k, k * k + 1n, k * k + 2n * k, (k + 1n) * (k + 1n) - 1n];

describe("Model engine: the fast square roots equal the reference", function () {
  it("should equal the bigint reference up to 2^200, at and beside squares and at the path boundaries", function () {
    const check = (n: bigint) => {
      if (n < 0n) return;
      const want = isqrtReference(n);
      const got = isqrt(n);
      if (got !== want) expect.fail(`isqrt(${n}) = ${got}, reference ${want}`);
      if (n < 1n << 104n) {
        const num = isqrtNumber(n);
        if (BigInt(num) !== want) expect.fail(`isqrtNumber(${n}) = ${num}, reference ${want}`);
      }
    };
    for (const e of [26n, 52n, 53n, 90n, 103n, 104n, 105n, 200n]) {
      const p = 1n << e;
      for (const n of [p - 2n, p - 1n, p, p + 1n]) check(n);
      for (const n of nearSquares(1n << (e / 2n))) check(n);
      for (const n of nearSquares((1n << (e / 2n)) - 1n)) check(n);
    }
    for (let n = 0n; n < 2000n; n++) check(n);
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt(1n, 1n << 26n), fc.bigInt(1n, 1n << 52n), fc.bigInt(1n, 1n << 100n)),
        fc.bigInt(0n, 1n << 200n),
        (k, n) => {
          for (const v of nearSquares(k)) check(v);
          check(n);
          check(n >> 100n);
          check(n >> 130n);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 3000), seed: 152 },
    );
  });

  it("should refuse a negative value and a value past the Number range", function () {
    expect(() => isqrtNumber(-1n)).to.throw(RangeError, /negative/);
    expect(() => isqrtNumber(1n << 104n)).to.throw(RangeError, /2\^104/);
  });

  it("should sum √ weights exactly when the Number partial sums are flushed and past 2^104 votes", function () {
    // √(2^103) ≈ 2^51.5: the partial sum passes 2^52 every other ballot; 2^150 takes the bigint path.
    const votes = [
      ...Array.from({ length: 40 }, (_, i) => (1n << 103n) + BigInt(i) * 999_999_999_999n),
      (1n << 104n) - 1n,
      1n << 104n,
      1n << 150n,
      3n,
    ];
    const n = votes.length;
    const support = Uint8Array.from(votes, (_, i) => (i === 7 ? NO_VOTE : i % 3));
    const verified = Uint8Array.from(votes, (_, i) => (i === 5 ? 0 : 1));
    const p = governancePoint({
      votes,
      alphaVotes: votes,
      verified,
      support,
      quorumIdentities: 1n,
      totalSupply: 1n << 160n,
      ozQuorumPercent: 4n,
    });
    const want = [0n, 0n, 0n];
    let identities = 0n;
    for (let i = 0; i < n; i++) {
      if (support[i] === NO_VOTE || verified[i] !== 1) continue;
      want[support[i]] += isqrtReference(votes[i]);
      if (support[i] !== 0) identities += 1n;
    }
    expect([p.counterweight.against, p.counterweight.for, p.counterweight.abstain]).to.deep.equal(want);
    expect(p.counterweight.identities).to.equal(identities);
  });
});
