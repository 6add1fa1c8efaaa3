import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { SqrtHarness__factory } from "../../typechain-types";

const MAX = (1n << 256n) - 1n;

/** floor(√x) by Newton's method on bigints, independent of both contracts. */
function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = x;
  let next = (r + 1n) >> 1n;
  while (next < r) {
    r = next;
    next = (r + x / r) >> 1n;
  }
  return r;
}

describe("Vote weight square root", function () {
  async function harness() {
    const [deployer] = await hre.ethers.getSigners();
    return new SqrtHarness__factory(deployer).deploy();
  }

  it("should equal OpenZeppelin's Math.sqrt and floor(√x) at the edges", async function () {
    const h = await loadFixture(harness);
    const edges = [0n, 1n, 2n, 3n, 4n, 255n, 256n, 65_535n, 65_536n, MAX];
    for (let k = 1n; k < 256n; k += 1n) edges.push((1n << k) - 1n, 1n << k);
    for (const s of [3n, 10n ** 9n, 10n ** 18n, (1n << 128n) - 1n]) edges.push(s * s - 1n, s * s, s * s + 1n);
    for (const x of edges) {
      const expected = isqrt(x);
      expect(await h.solady(x)).to.equal(expected, `solady sqrt(${x})`);
      expect(await h.openZeppelin(x)).to.equal(expected, `openZeppelin sqrt(${x})`);
    }
  });

  it("should equal OpenZeppelin's Math.sqrt on random 256-bit values", async function () {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: MAX }), async (x) => {
        expect(await h.solady(x)).to.equal(await h.openZeppelin(x));
        expect(await h.solady(x)).to.equal(isqrt(x));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 15) * 20, seed: 424242 },
    );
  });
});
