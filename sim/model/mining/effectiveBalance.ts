/** One in WAD: a slope of `WAD` makes stake above the cap earn like stake below it. */
export const WAD = 10n ** 18n;

/**
 * `EffectiveBalance.curve`: the stake itself up to `cap`, then `slope` (WAD) per token above it,
 * rounded down; a zero slope is a hard cap.
 */
export function effectiveBalance(stake: bigint, cap: bigint, slope: bigint): bigint {
  if (stake > cap) return slope === 0n ? cap : cap + ((stake - cap) * slope) / WAD;
  return stake;
}
