import type { VestingSchedule } from "./types";

/**
 * The vault's tranches for one allocation: equal, every trancheMonths from the cliff to the end (the rest in the
 * last). No chain imports: the what-if audit (sim/audit/vesting.ts) plans with it too.
 */
export function tranchesFor(amount: bigint, v: VestingSchedule): { month: number; amount: bigint }[] {
  const n = (v.durationMonths - v.cliffMonths) / v.trancheMonths + 1;
  const each = amount / BigInt(n);
  return Array.from({ length: n }, (_, k) => ({
    month: v.cliffMonths + k * v.trancheMonths,
    amount: k === n - 1 ? amount - each * BigInt(n - 1) : each,
  }));
}
