/**
 * Integer helpers with the EVM's semantics for unsigned values: every division rounds down
 * (Solidity's `/` on uint256), and nothing here may receive a negative value.
 */

const FLOAT_CLOSE = 1n << 104n;
const FLOAT_GUESS = 1n << 1000n;

/**
 * Floor of √n, as OpenZeppelin's `Math.sqrt` (default rounding: down) and Uniswap V2's `Math.sqrt`.
 * Below 2^104 the float square root is within a few units of √n (< 2^52) and only the last units
 * are corrected; above, Newton's iteration refines the float guess (or a power of two above √n past
 * 2^1000) before the same correction, so the result is exact for every n.
 */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt of a negative value: ${n}`);
  if (n < 2n) return n;
  let x: bigint;
  if (n < FLOAT_CLOSE) {
    x = BigInt(Math.floor(Math.sqrt(Number(n))));
  } else {
    // From below, the first Newton step lands above ⌊√n⌋; from above, steps decrease to it.
    x = n < FLOAT_GUESS ? BigInt(Math.floor(Math.sqrt(Number(n)))) : 1n << BigInt((n.toString(2).length + 1) >> 1);
    x = (x + n / x) >> 1n;
    for (;;) {
      const y = (x + n / x) >> 1n;
      if (y >= x) break;
      x = y;
    }
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
