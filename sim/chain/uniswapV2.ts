import type { Signer } from "ethers";
import { UniswapV2Factory__factory, UniswapV2Pair__factory } from "../../typechain-types/baselines";
import type { UniswapV2Factory, UniswapV2Pair } from "../../typechain-types/baselines";
import type { IERC20 } from "../../typechain-types";
import { read, send } from "./calldata";

/** A real Uniswap V2 pool, deployed from the `@uniswap/v2-core` npm artifacts. */
export interface V2Pool {
  factory: UniswapV2Factory;
  pair: UniswapV2Pair;
}

/** Deploys the real UniswapV2Factory and creates the (tokenA, tokenB) pair. */
export async function deployV2Pool(deployer: Signer, tokenA: string, tokenB: string): Promise<V2Pool> {
  const factory = await new UniswapV2Factory__factory(deployer).deploy(await deployer.getAddress());
  await factory.waitForDeployment();
  await (await factory.createPair(tokenA, tokenB)).wait();
  const pairAddress = await factory.getPair(tokenA, tokenB);
  return { factory, pair: UniswapV2Pair__factory.connect(pairAddress, deployer) };
}

/** Adds liquidity the way the V2 router does: transfer both sides to the pair, then mint. */
export async function addLiquidity(
  pool: V2Pool,
  provider: Signer,
  tokenA: IERC20,
  amountA: bigint,
  tokenB: IERC20,
  amountB: bigint,
): Promise<void> {
  const pairAddress = await pool.pair.getAddress();
  await (await tokenA.connect(provider).transfer(pairAddress, amountA)).wait();
  await (await tokenB.connect(provider).transfer(pairAddress, amountB)).wait();
  await (await pool.pair.connect(provider).mint(await provider.getAddress())).wait();
}

/** Uniswap V2's constant-product output for an exact input, with the 0.3% fee. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const inWithFee = amountIn * 997n;
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee);
}

const token0s = new WeakMap<UniswapV2Pair, Promise<string>>();

/** The pair's token0, asked of the chain once per pair (a V2 pair's tokens never change). */
export function token0Of(pool: V2Pool): Promise<string> {
  let token0 = token0s.get(pool.pair);
  if (token0 === undefined) {
    token0 = read(pool.pair, "token0", []);
    token0s.set(pool.pair, token0);
    token0.catch(() => token0s.delete(pool.pair));
  }
  return token0;
}

/** Reserves ordered as (reserve of `token`, reserve of the other side). */
export async function reservesFor(pool: V2Pool, token: string): Promise<[bigint, bigint]> {
  const [[r0, r1], token0] = await Promise.all([read(pool.pair, "getReserves", []), token0Of(pool)]);
  return token0.toLowerCase() === token.toLowerCase() ? [r0, r1] : [r1, r0];
}

/** Swaps an exact amount of `tokenIn` for the other side, as the router would; returns the output. */
export async function swapExactIn(pool: V2Pool, trader: Signer, tokenIn: IERC20, amountIn: bigint): Promise<bigint> {
  const tokenInAddress = await tokenIn.getAddress();
  const [reserveIn, reserveOut] = await reservesFor(pool, tokenInAddress);
  const out = getAmountOut(amountIn, reserveIn, reserveOut);
  if (out === 0n) return 0n;
  const token0 = await token0Of(pool);
  const inIsToken0 = token0.toLowerCase() === tokenInAddress.toLowerCase();
  await send(tokenIn.connect(trader), "transfer", [await pool.pair.getAddress(), amountIn]);
  const to = await trader.getAddress();
  await send(pool.pair.connect(trader), "swap", [inIsToken0 ? 0n : out, inIsToken0 ? out : 0n, to, "0x"]);
  return out;
}

/** Price of `token` in units of the other side (reserve ratio), as a float for charts. */
export async function spotPrice(pool: V2Pool, token: string): Promise<number> {
  const [rToken, rOther] = await reservesFor(pool, token);
  return rToken === 0n ? 0 : Number(rOther) / Number(rToken);
}
