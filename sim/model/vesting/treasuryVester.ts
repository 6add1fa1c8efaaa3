/** A revert of the baseline, with its require message. */
export class TreasuryVesterRevert extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "TreasuryVesterRevert";
  }
}

/**
 * Uniswap `TreasuryVester`: each `claim` before `vestingEnd` pays `vestingAmount × (now − lastUpdate)
 * / (vestingEnd − vestingBegin)`, rounded down per claim, and moves `lastUpdate` to now; from
 * `vestingEnd` on a claim pays the whole remaining balance. Nothing before the cliff.
 */
export class TreasuryVesterModel {
  lastUpdate: bigint;
  /** The vester's token balance (funded minus claimed). */
  balance = 0n;

  constructor(
    readonly vestingAmount: bigint,
    readonly vestingBegin: bigint,
    readonly vestingCliff: bigint,
    readonly vestingEnd: bigint,
    deployedAt: bigint,
  ) {
    if (vestingBegin < deployedAt)
      throw new TreasuryVesterRevert("TreasuryVester::constructor: vesting begin too early");
    if (vestingCliff < vestingBegin) throw new TreasuryVesterRevert("TreasuryVester::constructor: cliff is too early");
    if (vestingEnd <= vestingCliff) throw new TreasuryVesterRevert("TreasuryVester::constructor: end is too early");
    this.lastUpdate = vestingBegin;
  }

  fund(amount: bigint): void {
    this.balance += amount;
  }

  /** `claim()` at `now`: returns the amount transferred to the recipient. */
  claim(now: bigint): bigint {
    if (now < this.vestingCliff) throw new TreasuryVesterRevert("TreasuryVester::claim: not time yet");
    let amount: bigint;
    if (now >= this.vestingEnd) {
      amount = this.balance;
    } else {
      amount = (this.vestingAmount * (now - this.lastUpdate)) / (this.vestingEnd - this.vestingBegin);
      this.lastUpdate = now;
    }
    if (amount > this.balance) throw new TreasuryVesterRevert("Uni::_transferTokens: transfer amount exceeds balance");
    this.balance -= amount;
    return amount;
  }
}
