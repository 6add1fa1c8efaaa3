/** One unlock step of a tranche schedule. */
export interface Tranche {
  time: bigint;
  amount: bigint;
}

/**
 * `ScheduleCurve.linear`: nothing before the cliff (absolute time), then the linear curve from
 * `start` rounded down, `total` from `end` on.
 */
export function linearVested(total: bigint, start: bigint, cliff: bigint, end: bigint, timestamp: bigint): bigint {
  if (timestamp < cliff || timestamp < start) return 0n;
  if (timestamp < end) return (total * (timestamp - start)) / (end - start);
  return total;
}

/**
 * The vault's tranche curve: nothing before the first tranche, everything from the last one on,
 * and in between the sum of the tranches whose time has come (times ascend).
 */
export function trancheVested(tranches: readonly Tranche[], timestamp: bigint): bigint {
  if (tranches.length === 0) throw new RangeError("a tranche schedule needs at least one tranche");
  let vested = 0n;
  for (const t of tranches) {
    if (t.time > timestamp) break;
    vested += t.amount;
  }
  return vested;
}
