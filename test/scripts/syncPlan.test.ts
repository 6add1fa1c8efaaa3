import { expect } from "chai";
import { MAX_SYNC_BATCH, batches, parseBatchSize, parseBlock, staleAccounts } from "../../scripts/lib/syncPlan";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";
const C = "0x00000000000000000000000000000000000000cc";
const D = "0x00000000000000000000000000000000000000dd";

describe("cw:sync plan", function () {
  describe("parsing", function () {
    it("should refuse a batch size that is not a whole number from 1 to the maximum, naming the value", function () {
      for (const bad of ["0", "-1", "1.5", "x", "", String(MAX_SYNC_BATCH + 1)]) {
        const r = parseBatchSize(bad);
        expect(r.ok, bad).to.equal(false);
        if (!r.ok) expect(r.message).to.contain(bad);
      }
      expect(parseBatchSize("1")).to.deep.equal({ ok: true, value: 1 });
      expect(parseBatchSize(String(MAX_SYNC_BATCH))).to.deep.equal({ ok: true, value: MAX_SYNC_BATCH });
    });

    it("should refuse a block that is not a non-negative integer", function () {
      for (const bad of ["-3", "1e3", "abc", "99999999999999999999"]) expect(parseBlock(bad).ok, bad).to.equal(false);
      expect(parseBlock("0")).to.deep.equal({ ok: true, value: 0 });
    });
  });

  describe("stale accounts", function () {
    it("should keep only accounts whose cached identity differs from the registry's, with the reason, once each", function () {
      const stale = staleAccounts([
        { account: A, cached: 1n, current: 1n }, // in sync
        { account: B, cached: 2n, current: 0n }, // revoked, expired, retired or rotated away
        { account: C, cached: 0n, current: 3n }, // registered, or its cooldown ended
        { account: D, cached: 4n, current: 5n }, // another identity
        { account: B.toUpperCase().replace("0X", "0x"), cached: 2n, current: 0n }, // seen twice
      ]);
      expect(stale.map((s) => [s.account, s.reason])).to.deep.equal([
        [B, "no longer counts"],
        [C, "counts now"],
        [D, "identity changed"],
      ]);
    });

    it("should batch in order, the last batch shorter, and refuse a batch size below 1", function () {
      expect(batches([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
      expect(batches([], 3)).to.deep.equal([]);
      expect(() => batches([1], 0)).to.throw(RangeError);
    });
  });
});
