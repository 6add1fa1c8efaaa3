import { expect } from "chai";
import fc from "fast-check";
import {
  AlphaTally,
  CappedFarmModel,
  FarmRevert,
  OzSimpleTally,
  PairModel,
  PairRevert,
  QuadraticTally,
  StakingRewardsModel,
  StakingRewardsRevert,
  Support,
  TreasuryVesterModel,
  TreasuryVesterRevert,
  VaultScheduleModel,
  WAD,
  getAmountIn,
  getAmountOut,
  governancePoint,
  identityQuorum,
  isqrt,
  trancheVested,
} from "../../../sim/model";

const none = () => ({ identityId: 0n, registrant: "0x0000000000000000000000000000000000000000" });

/** The model engine on its own: exact arithmetic at every width, and every refusal named. */
describe("Model engine (no chain)", function () {
  describe("isqrt", function () {
    it("should refuse a negative value", function () {
      expect(() => isqrt(-1n)).to.throw(RangeError);
    });

    it("should be the floor of √n at every width (float path, Newton path, past the float range)", function () {
      const check = (n: bigint) => {
        const r = isqrt(n);
        // The message is built only on failure: printing 2,000-bit values on every check dominates the run.
        if (!(r * r <= n && (r + 1n) * (r + 1n) > n)) expect.fail(`isqrt(${n}) = ${r}`);
      };
      for (const n of [
        0n,
        1n,
        2n,
        3n,
        4n,
        1n << 104n,
        (1n << 104n) - 1n,
        1n << 1000n,
        (1n << 256n) - 1n,
        1n << 2000n,
      ]) {
        check(n);
      }
      fc.assert(
        fc.property(fc.oneof(fc.bigInt(0n, 1n << 60n), fc.bigInt(0n, 1n << 120n), fc.bigInt(0n, 1n << 1100n)), (k) => {
          check(k);
          check(k * k);
          if (k > 0n) check(k * k - 1n);
        }),
        { numRuns: 2000, seed: 15 },
      );
    });
  });

  describe("governance", function () {
    it("should refuse a quorum share outside [0, 1] and a zero identity quorum", function () {
      expect(() => identityQuorum(10n, 2n, 1n)).to.throw(RangeError);
      expect(() => identityQuorum(10n, 1n, 0n)).to.throw(RangeError);
      expect(() => new QuadraticTally(0n)).to.throw(RangeError);
      expect(() => new OzSimpleTally(100n, 101n)).to.throw(RangeError);
      expect(identityQuorum(5n, 1n, 10n)).to.equal(1n);
      expect(identityQuorum(1_234n, 1n, 10n)).to.equal(123n);
    });

    it("should count a zero-vote identity toward quorum with weight 0, as the contract does", function () {
      const t = new QuadraticTally(1n);
      expect(t.cast({ account: "0xa", identityId: 1n, votes: 0n, support: Support.Abstain })).to.deep.equal({
        ok: true,
        weight: 0n,
      });
      expect(t.quorumReached()).to.equal(true);
      expect(t.outcome()).to.equal("Defeated");
    });

    it("should refuse ballots of mismatched lengths or an unknown support value", function () {
      const base = {
        votes: [1n],
        alphaVotes: [1n],
        verified: Uint8Array.of(1),
        support: Uint8Array.of(1),
        quorumIdentities: 1n,
        totalSupply: 1n,
        ozQuorumPercent: 4n,
      };
      expect(() => governancePoint({ ...base, alphaVotes: [] })).to.throw(RangeError);
      expect(() => governancePoint({ ...base, support: Uint8Array.of(7) })).to.throw(RangeError);
      expect(governancePoint(base).counterweight.outcome).to.equal("Succeeded");
      const alpha = new AlphaTally(10n);
      alpha.cast("0xa", true, 10n);
      expect(alpha.quorumReached()).to.equal(true);
      expect(alpha.cast("0xA", false, 1n)).to.deep.equal({ ok: false, error: "voter already voted" });
    });
  });

  describe("mining", function () {
    it("should refuse what the farm refuses", function () {
      expect(() => new CappedFarmModel({ cap: 1n, slope: 0n, unverifiedCap: 1n }, 0n, none)).to.throw(FarmRevert);
      const farm = new CappedFarmModel({ cap: 1n, slope: 0n, unverifiedCap: 1n }, 100n, none);
      expect(() => farm.setCaps({ cap: 1n, slope: WAD + 1n, unverifiedCap: 1n })).to.throw("MiningSlopeTooHigh");
      expect(() => farm.setCaps({ cap: 1n << 96n, slope: 0n, unverifiedCap: 1n })).to.throw(FarmRevert);
      expect(() => farm.notifyRewardAmount(0n, 1n)).to.throw("MiningZeroAmount");
      expect(() => farm.notifyRewardAmount(10n, 1n)).to.throw("MiningRewardExceedsBalance");
      farm.fund(1n << 97n);
      expect(() => farm.notifyRewardAmount(1n << 96n, 1n)).to.throw("SafeCastOverflowedUintDowncast");
      farm.notifyRewardAmount(1_000n, 1n);
      expect(() => farm.setRewardsDuration(50n, 50n)).to.throw("MiningPeriodNotFinished");
      expect(() => farm.setRewardsDuration(0n, 500n)).to.throw("MiningZeroDuration");
      farm.setRewardsDuration(50n, 500n);
      expect(farm.rewardsDuration).to.equal(50n);
      expect(() => farm.stake("0xa", 0n, 2n)).to.throw("MiningZeroAmount");
      expect(() => farm.withdraw("0xa", 0n, 2n)).to.throw("MiningZeroAmount");
      expect(() => farm.stake("0xa", 1n << 96n, 2n)).to.throw(FarmRevert);
      expect(farm.caps()).to.deep.equal({ cap: 1n, slope: 0n, unverifiedCap: 1n });
    });

    it("should carry what an empty farm emits and pay it with the next period", function () {
      const farm = new CappedFarmModel({ cap: 10n, slope: 0n, unverifiedCap: 10n }, 100n, none);
      farm.fund(10_000n);
      farm.notifyRewardAmount(1_000n, 0n);
      farm.stake("0xa", 5n, 50n);
      expect(farm.undistributed).to.equal(500n);
      expect(farm.exit("0xa", 200n)).to.deep.equal([5n, 500n]);
      expect(farm.exit("0xa", 201n)).to.deep.equal([0n, 0n]);
    });

    it("should refuse what StakingRewards refuses", function () {
      const s = new StakingRewardsModel(100n);
      expect(() => s.stake("0xa", 0n, 1n)).to.throw(StakingRewardsRevert, "Cannot stake 0");
      expect(() => s.exit("0xa", 1n)).to.throw("Cannot withdraw 0");
      expect(() => s.notifyRewardAmount(1_000n, 1n)).to.throw("Provided reward too high");
      s.fund(1_000n);
      s.notifyRewardAmount(1_000n, 1n);
      s.stake("0xa", 1n, 2n);
      expect(() => s.withdraw("0xa", 2n, 3n)).to.throw("SafeMath: subtraction overflow");
      s.notifyRewardAmount(0n, 50n);
      expect(s.rewardRate).to.equal(5n);
    });
  });

  describe("vesting", function () {
    it("should refuse bad schedules and a second revocation", function () {
      expect(() => trancheVested([], 0n)).to.throw(RangeError);
      expect(() => new VaultScheduleModel({ kind: "tranches", start: 0n, tranches: [] })).to.throw(RangeError);
      const m = new VaultScheduleModel({ kind: "tranches", start: 0n, tranches: [{ time: 10n, amount: 3n }] });
      expect([m.vestedAmount(9n), m.vestedAmount(10n)]).to.deep.equal([0n, 3n]);
      expect(m.revoke(5n)).to.deep.equal([0n, 3n]);
      expect(() => m.revoke(6n)).to.throw("VestingAlreadyRevoked");
      expect(m.releasable(100n)).to.equal(0n);
    });

    it("should refuse what TreasuryVester's constructor refuses", function () {
      expect(() => new TreasuryVesterModel(1n, 0n, 0n, 1n, 1n)).to.throw(TreasuryVesterRevert, "begin too early");
      expect(() => new TreasuryVesterModel(1n, 2n, 1n, 3n, 1n)).to.throw("cliff is too early");
      expect(() => new TreasuryVesterModel(1n, 2n, 3n, 3n, 1n)).to.throw("end is too early");
      const v = new TreasuryVesterModel(10n, 2n, 3n, 4n, 1n);
      expect(() => v.claim(3n)).to.throw("transfer amount exceeds balance");
    });
  });

  describe("Uniswap V2", function () {
    it("should price an exact output as the router's getAmountIn, the least input that buys it", function () {
      fc.assert(
        fc.property(
          fc.bigInt(1000n, 10n ** 30n),
          fc.bigInt(1000n, 10n ** 30n),
          fc.bigInt(1n, 10n ** 29n),
          (rIn, rOut, out) => {
            fc.pre(out < rOut);
            const amountIn = getAmountIn(out, rIn, rOut);
            expect(getAmountOut(amountIn, rIn, rOut) >= out).to.equal(true);
          },
        ),
        { numRuns: 500, seed: 15 },
      );
      expect(() => getAmountIn(0n, 1n, 1n)).to.throw(PairRevert);
      expect(() => getAmountIn(1n, 1n, 1n)).to.throw("INSUFFICIENT_LIQUIDITY");
      expect(() => getAmountOut(0n, 1n, 1n)).to.throw("INSUFFICIENT_INPUT_AMOUNT");
      expect(() => getAmountOut(1n, 0n, 1n)).to.throw("INSUFFICIENT_LIQUIDITY");
    });

    it("should refuse what the pair refuses", function () {
      const p = new PairModel();
      expect(() => p.mint("0xa", 10n, 10n)).to.throw("ds-math-sub-underflow");
      expect(p.mint("0xa", 10n ** 6n, 10n ** 6n)).to.equal(10n ** 6n - 1000n);
      expect(() => p.mint("0xa", 1n, 0n)).to.throw("INSUFFICIENT_LIQUIDITY_MINTED");
      expect(() => p.mint("0xa", 1n << 112n, 1n)).to.throw("UniswapV2: OVERFLOW");
      expect(() => p.burn("0xa", 10n ** 7n)).to.throw("ds-math-sub-underflow");
      expect(() => p.swap(0n, 0n, 0n, 0n)).to.throw("INSUFFICIENT_OUTPUT_AMOUNT");
      expect(() => p.swap(0n, 0n, 10n ** 6n, 0n)).to.throw("UniswapV2: INSUFFICIENT_LIQUIDITY");
      expect(() => p.swap(0n, 0n, 1n, 0n)).to.throw("INSUFFICIENT_INPUT_AMOUNT");
      expect(() => p.swap(1n, 0n, 0n, 1n)).to.throw("UniswapV2: K");
      expect(p.burn("0xa", 999_000n)).to.deep.equal([999_000n, 999_000n]);
    });
  });
});
