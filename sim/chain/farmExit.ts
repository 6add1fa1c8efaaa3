import type { ContractTransactionResponse } from "ethers";
import type { EthereumProvider } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { PoolState } from "../model/mining/exit";
import type { MiningSetup } from "./mining";
import { swapExactIn, token0Of } from "./uniswapV2";

/** Whether the project token is the pair's token0 (the pair sorts its tokens by address). */
export async function tokenIsToken0(s: MiningSetup): Promise<boolean> {
  return (await token0Of(s.pool)).toLowerCase() === (await s.token.getAddress()).toLowerCase();
}

/** The real pair's reserves (token, quote) and LP supply, read now. */
export async function poolOnChain(s: MiningSetup): Promise<PoolState> {
  const [r0, r1] = await s.pool.pair.getReserves();
  const zero = await tokenIsToken0(s);
  return {
    reserveToken: zero ? r0 : r1,
    reserveQuote: zero ? r1 : r0,
    lpSupply: await s.pool.pair.totalSupply(),
  };
}

/**
 * The whales' exit from one farm on the chain: each leaver, in order, calls the farm's `exit()`
 * (`exit` sends it), transfers the LP it withdrew to the pair and calls `burn(itself)`, as the V2
 * router's removeLiquidity does. Returns (token, quote) per burn, from the pair's Burn events.
 * With `from`, the three transactions of leaver j are mined at exactly from.at + 3j, + 1 and + 2
 * (`exitTimes` gives the exits'), so the farm's integers do not depend on the wall clock.
 */
export async function exitAndBurn(
  s: MiningSetup,
  exit: (leaver: HardhatEthersSigner) => Promise<ContractTransactionResponse>,
  leavers: readonly HardhatEthersSigner[],
  from?: { at: bigint; provider: Pick<EthereumProvider, "send"> },
): Promise<[bigint, bigint][]> {
  const pair = s.pool.pair;
  const pairAddress = await pair.getAddress();
  const zero = await tokenIsToken0(s);
  const burnt: [bigint, bigint][] = [];
  let at = from?.at;
  const pin = async () => {
    if (from === undefined || at === undefined) return;
    await from.provider.send("evm_setNextBlockTimestamp", [Number(at)]);
    at += 1n;
  };
  for (const l of leavers) {
    const before = await pair.balanceOf(l.address);
    await pin();
    await (await exit(l)).wait();
    const withdrawn = (await pair.balanceOf(l.address)) - before;
    await pin();
    await (await pair.connect(l).transfer(pairAddress, withdrawn)).wait();
    await pin();
    const receipt = await (await pair.connect(l).burn(l.address)).wait();
    let amounts: [bigint, bigint] | undefined;
    for (const log of receipt?.logs ?? []) {
      if (log.address.toLowerCase() !== pairAddress.toLowerCase()) continue;
      const parsed = pair.interface.parseLog(log);
      if (parsed?.name === "Burn") amounts = [BigInt(parsed.args[1]), BigInt(parsed.args[2])];
    }
    if (amounts === undefined) throw new Error(`no Burn event in the burn of ${l.address}`);
    burnt.push(zero ? amounts : [amounts[1], amounts[0]]);
  }
  return burnt;
}

/** The times `exitAndBurn(…, from)` mines the exits of `count` leavers at. */
export function exitTimes(from: bigint, count: number): bigint[] {
  return Array.from({ length: count }, (_, j) => from + 3n * BigInt(j));
}

/**
 * A retail swap of `quoteIn` quote (WETH minted to the deployer first) for tokens through the real
 * pair, as the router sends it; returns the tokens the deployer received.
 */
export async function retailSwapOnChain(s: MiningSetup, quoteIn: bigint): Promise<bigint> {
  await (await s.weth.mint(s.deployer.address, quoteIn)).wait();
  const before = await s.token.balanceOf(s.deployer.address);
  await swapExactIn(s.pool, s.deployer, s.weth, quoteIn);
  return (await s.token.balanceOf(s.deployer.address)) - before;
}
