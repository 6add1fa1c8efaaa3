import type { Measure, RangeDelta } from "./events";

/**
 * The rebuilt state: per lower-case address, its balance (sum of every range's net change) or its
 * voting power (the last value set). Ranges must be applied in block order, each exactly once; the
 * ledger refuses a range that does not start right after the last one applied.
 */
export class Ledger {
  private readonly values = new Map<string, bigint>();
  private nextBlock: number;

  constructor(
    readonly measure: Measure,
    readonly fromBlock: number,
  ) {
    this.nextBlock = fromBlock;
  }

  /** The first block not yet applied. */
  get cursor(): number {
    return this.nextBlock;
  }

  apply(delta: RangeDelta): void {
    if (delta.from !== this.nextBlock || delta.to < delta.from) {
      throw new Error(`range ${delta.from}–${delta.to} applied out of order: the ledger is at block ${this.nextBlock}`);
    }
    for (const [address, v] of delta.entries) {
      if (this.measure === "balance") {
        const next = (this.values.get(address) ?? 0n) + v;
        if (next === 0n) this.values.delete(address);
        else this.values.set(address, next);
      } else if (v === 0n) {
        this.values.delete(address);
      } else {
        this.values.set(address, v);
      }
    }
    this.nextBlock = delta.to + 1;
  }

  /** Every address with a non-zero value (negative balances included: the checks report them). */
  entries(): [string, bigint][] {
    return [...this.values];
  }
}
