import { isqrt, min } from "../math";

/** Liquidity locked at address(0) by the first mint. */
export const MINIMUM_LIQUIDITY = 1000n;
const U112 = (1n << 112n) - 1n;

/** A revert of the pair or router, with its require message. */
export class PairRevert extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "PairRevert";
  }
}

/** `UniswapV2Library.getAmountOut`: the exact-input output with the 0.3 % fee, rounded down. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n) throw new PairRevert("UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT");
  if (reserveIn <= 0n || reserveOut <= 0n) throw new PairRevert("UniswapV2Library: INSUFFICIENT_LIQUIDITY");
  const inWithFee = amountIn * 997n;
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee);
}

/** `UniswapV2Library.getAmountIn`: the least input that buys `amountOut`, rounded up (+1). */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountOut <= 0n) throw new PairRevert("UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT");
  if (reserveIn <= 0n || reserveOut <= 0n || amountOut >= reserveOut) {
    throw new PairRevert("UniswapV2Library: INSUFFICIENT_LIQUIDITY");
  }
  return (reserveIn * amountOut * 1000n) / ((reserveOut - amountOut) * 997n) + 1n;
}

/**
 * `UniswapV2Pair` with the protocol fee off (the factory's `feeTo` unset, as every simulation
 * deploys it): reserves follow x·y = k, mint and burn pro rata rounding down, the first mint is
 * ⌊√(amount0·amount1)⌋ − MINIMUM_LIQUIDITY, and a swap must keep the fee-adjusted K. Deposits are
 * the amounts transferred to the pair before the call, as the router does.
 */
export class PairModel {
  reserve0 = 0n;
  reserve1 = 0n;
  totalSupply = 0n;
  private readonly lp = new Map<string, bigint>();

  balanceOf(account: string): bigint {
    return this.lp.get(account.toLowerCase()) ?? 0n;
  }

  /** `transfer(to, amount)` of the LP token from `from`. */
  transfer(from: string, to: string, amount: bigint): void {
    if (amount > this.balanceOf(from)) throw new PairRevert("ds-math-sub-underflow");
    this.credit(from, -amount);
    this.credit(to, amount);
  }

  /** `mint(to)` after `amount0` and `amount1` were transferred in; returns the liquidity minted. */
  mint(to: string, amount0: bigint, amount1: bigint): bigint {
    const balance0 = this.reserve0 + amount0;
    const balance1 = this.reserve1 + amount1;
    let liquidity: bigint;
    let locked = 0n;
    if (this.totalSupply === 0n) {
      const root = isqrt(amount0 * amount1);
      if (root < MINIMUM_LIQUIDITY) throw new PairRevert("ds-math-sub-underflow");
      liquidity = root - MINIMUM_LIQUIDITY;
      locked = MINIMUM_LIQUIDITY;
    } else {
      liquidity = min((amount0 * this.totalSupply) / this.reserve0, (amount1 * this.totalSupply) / this.reserve1);
    }
    if (liquidity <= 0n) throw new PairRevert("UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED");
    this.update(balance0, balance1);
    if (locked > 0n) this.credit("0x0000000000000000000000000000000000000000", locked);
    this.credit(to, liquidity);
    return liquidity;
  }

  /** `burn(to)` after `from` transferred `liquidity` to the pair; returns [amount0, amount1]. */
  burn(from: string, liquidity: bigint): [bigint, bigint] {
    if (liquidity > this.balanceOf(from)) throw new PairRevert("ds-math-sub-underflow");
    const amount0 = (liquidity * this.reserve0) / this.totalSupply;
    const amount1 = (liquidity * this.reserve1) / this.totalSupply;
    if (amount0 <= 0n || amount1 <= 0n) throw new PairRevert("UniswapV2: INSUFFICIENT_LIQUIDITY_BURNED");
    this.credit(from, -liquidity);
    this.update(this.reserve0 - amount0, this.reserve1 - amount1);
    return [amount0, amount1];
  }

  /** `swap(amount0Out, amount1Out, to, "")` after `amount0In` / `amount1In` were transferred in. */
  swap(amount0In: bigint, amount1In: bigint, amount0Out: bigint, amount1Out: bigint): void {
    if (amount0Out <= 0n && amount1Out <= 0n) throw new PairRevert("UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT");
    if (amount0Out >= this.reserve0 || amount1Out >= this.reserve1) {
      throw new PairRevert("UniswapV2: INSUFFICIENT_LIQUIDITY");
    }
    const balance0 = this.reserve0 + amount0In - amount0Out;
    const balance1 = this.reserve1 + amount1In - amount1Out;
    if (amount0In <= 0n && amount1In <= 0n) throw new PairRevert("UniswapV2: INSUFFICIENT_INPUT_AMOUNT");
    const adjusted0 = balance0 * 1000n - amount0In * 3n;
    const adjusted1 = balance1 * 1000n - amount1In * 3n;
    if (adjusted0 * adjusted1 < this.reserve0 * this.reserve1 * 1_000_000n) throw new PairRevert("UniswapV2: K");
    this.update(balance0, balance1);
  }

  /** The router's exact-input swap: `amountIn` of token0 (`zeroForOne`) or token1; returns the output. */
  swapExactIn(zeroForOne: boolean, amountIn: bigint): bigint {
    const out = zeroForOne
      ? getAmountOut(amountIn, this.reserve0, this.reserve1)
      : getAmountOut(amountIn, this.reserve1, this.reserve0);
    if (zeroForOne) this.swap(amountIn, 0n, 0n, out);
    else this.swap(0n, amountIn, out, 0n);
    return out;
  }

  private update(balance0: bigint, balance1: bigint): void {
    if (balance0 > U112 || balance1 > U112) throw new PairRevert("UniswapV2: OVERFLOW");
    this.reserve0 = balance0;
    this.reserve1 = balance1;
  }

  private credit(account: string, delta: bigint): void {
    const k = account.toLowerCase();
    this.lp.set(k, (this.lp.get(k) ?? 0n) + delta);
    this.totalSupply += delta;
  }
}
