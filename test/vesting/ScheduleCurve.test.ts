import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ScheduleCurveHarness__factory } from "../../typechain-types";

const MAX112 = 2n ** 112n - 1n;
const MAX40 = 2n ** 40n - 1n;

describe("ScheduleCurve", function () {
  async function harness() {
    const [deployer] = await hre.ethers.getSigners();
    return new ScheduleCurveHarness__factory(deployer).deploy();
  }

  describe("linear", function () {
    it("should vest nothing before the cliff and before the start", async function () {
      const h = await loadFixture(harness);
      expect(await h.linear(1000, 100, 150, 200, 149)).to.equal(0);
      expect(await h.linear(1000, 100, 100, 200, 99)).to.equal(0);
      expect(await h.linear(1000, 100, 100, 200, 0)).to.equal(0);
    });
    it("should jump at the cliff to the linear value from the start", async function () {
      const h = await loadFixture(harness);
      expect(await h.linear(1000, 100, 150, 200, 150)).to.equal(500);
    });
    it("should vest everything at and after the end, even with a zero duration", async function () {
      const h = await loadFixture(harness);
      expect(await h.linear(1000, 100, 100, 200, 200)).to.equal(1000);
      expect(await h.linear(1000, 100, 100, 100, 100)).to.equal(1000);
      expect(await h.linear(1000, 100, 100, 200, MAX40)).to.equal(1000);
    });
    it("should round down (1 wei over 3 seconds)", async function () {
      const h = await loadFixture(harness);
      expect(await h.linear(1, 0, 0, 3, 2)).to.equal(0);
      expect(await h.linear(2, 0, 0, 3, 2)).to.equal(1);
      expect(await h.linear(0, 0, 0, 3, 2)).to.equal(0);
    });
    it("should not overflow at the storage maxima (2^112-1 over 2^40-1 seconds)", async function () {
      const h = await loadFixture(harness);
      expect(await h.linear(MAX112, 0, 0, MAX40, MAX40 - 1n)).to.equal((MAX112 * (MAX40 - 1n)) / MAX40);
      expect(await h.linear(MAX112, 0, 0, MAX40, 1)).to.equal(MAX112 / MAX40);
    });
  });

  describe("tranche packing", function () {
    it("should round-trip 0, 1 and the maxima", async function () {
      const h = await loadFixture(harness);
      for (const [t, a] of [
        [0n, 0n],
        [1n, 1n],
        [MAX40, MAX112],
        [MAX40, 0n],
        [0n, MAX112],
      ]) {
        const [packed, tOut, aOut] = await h.roundTrip(t, a);
        expect(packed).to.equal((t << 112n) | a);
        expect(tOut).to.equal(t);
        expect(aOut).to.equal(a);
      }
    });
  });
});
