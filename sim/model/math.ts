/**
 * Integer helpers with the EVM's semantics for unsigned values: every division rounds down
 * (Solidity's `/` on uint256), and nothing here may receive a negative value.
 */

const FLOAT_CLOSE = 1n << 104n;
const FLOAT_GUESS = 1n << 1000n;
const FLOAT_EXACT = 1n << 52n;

const TWO_M51 = 2 ** -51;

/**
 * ⌊√n⌋ as a Number, for 0 ≤ n < 2^104 (the root is then below 2^52, exact as a Number): the
 * counting loops add roots as Numbers and allocate no bigint per root.
 *
 * Below 2^52, `n` is exact as a double and the correctly rounded float root floors to ⌊√n⌋. Above,
 * r = ⌊√N⌋ with N = Number(n) is checked in floats: d = N − fl(r²) is n − r² up to |n − N| ≤ N·2^-53,
 * |fl(r²) − r²| ≤ r²·2^-53 and d's own rounding; with a margin M of twice those errors (and a few
 * units), M < d < 2r − M proves r² ≤ n < (r + 1)². When it cannot decide (n within about N·2^-51 of
 * a square: rare below 2^90), n − r² is taken exactly in bigints and r corrected.
 */
export function isqrtNumber(n: bigint): number {
  if (n < 0n) throw new RangeError(`isqrt of a negative value: ${n}`);
  if (n < FLOAT_EXACT) return Math.floor(Math.sqrt(Number(n)));
  if (n >= FLOAT_CLOSE) throw new RangeError(`isqrtNumber needs n < 2^104, got ${n}`);
  const big = Number(n);
  let r = Math.floor(Math.sqrt(big));
  const d = big - r * r;
  const margin = (big + Math.abs(d)) * TWO_M51 + 4;
  if (d > margin && d < 2 * r - margin) return r;
  let x = BigInt(r);
  let e = n - x * x; // r² + e = n
  while (e < 0n) {
    r -= 1;
    x = BigInt(r);
    e = n - x * x;
  }
  // (r + 1)² ≤ n ⇔ e ≥ 2r + 1 ⇔ e > 2r (2r < 2^53: the mixed comparison is exact)
  while (e > 2 * r) {
    e -= BigInt(2 * r + 1);
    r += 1;
  }
  return r;
}

/**
 * Floor of √n, as OpenZeppelin's `Math.sqrt` (default rounding: down) and Uniswap V2's `Math.sqrt`.
 * Below 2^104 the float square root is within a unit of √n (< 2^52) and corrected exactly
 * ({@link isqrtNumber}); above, Newton's iteration refines the float guess (or a power of two above
 * √n past 2^1000) before the same correction, so the result is exact for every n.
 */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt of a negative value: ${n}`);
  if (n < FLOAT_CLOSE) return BigInt(isqrtNumber(n));
  // From below, the first Newton step lands above ⌊√n⌋; from above, steps decrease to it.
  let x = n < FLOAT_GUESS ? BigInt(Math.floor(Math.sqrt(Number(n)))) : 1n << BigInt((n.toString(2).length + 1) >> 1);
  x = (x + n / x) >> 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** The smaller of two values (OpenZeppelin / Uniswap `Math.min`). */
export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Throws unless `value` is a non-negative integer; `what` names it in the error. */
export function requireUint(value: bigint, what: string): void {
  if (value < 0n) throw new RangeError(`${what} must be ≥ 0, got ${value}`);
}
