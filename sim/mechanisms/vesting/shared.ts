import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { CounterweightToken__factory, TestERC20__factory } from "../../../typechain-types";
import type { TestERC20 } from "../../../typechain-types";
import { read, send } from "../../chain/calldata";
import {
  addLiquidity,
  deployV2Pool,
  getAmountOut,
  reservesFor,
  spotPrice,
  swapExactIn,
  token0Of,
} from "../../chain/uniswapV2";
import type { V2Pool } from "../../chain/uniswapV2";
import type {
  VcSelling,
  VestingAction,
  VestingDeployment,
  VestingHoldings,
  VestingReading,
  VestingWorld,
} from "./types";

const DAY = 86_400;
export const MONTH = 30 * DAY;
const PPB = 1_000_000_000n;
const ppb = (x: number) => BigInt(Math.round(x * 1e9));

export async function now(hre: HardhatRuntimeEnvironment): Promise<number> {
  const b = await hre.ethers.provider.getBlock("latest");
  return b?.timestamp ?? 0;
}

async function mineAt(hre: HardhatRuntimeEnvironment, t: number): Promise<void> {
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [t] });
  await hre.network.provider.request({ method: "evm_mine", params: [] });
}

/**
 * A mechanism's market: its own token (the whole supply to the deployer), a quote asset and a real
 * Uniswap V2 pool seeded with poolTokens at the launch price; launch is an hour later.
 */
export async function deployMarket(world: VestingWorld): Promise<VestingDeployment> {
  const { deployer, market } = world;
  const token = await new CounterweightToken__factory(deployer).deploy("Counterweight", "CWT", market.supply, [
    { recipient: deployer.address, amount: market.supply },
  ]);
  const quote = await new TestERC20__factory(deployer).deploy("Quote USD", "QUSD");
  const tokenAddr = await token.getAddress();
  await (await quote.mint(deployer.address, market.poolTokens * market.launchPrice)).wait();
  const pool = await deployV2Pool(deployer, tokenAddr, await quote.getAddress());
  await addLiquidity(pool, deployer, token, market.poolTokens, quote, market.poolTokens * market.launchPrice);
  return {
    token,
    quote,
    pool,
    launch: (await now(world.hre)) + 3600,
    vcs: [],
    custody: [],
    schedules: [],
    prices: [],
    voteTimes: [],
    spent: new Map(),
  };
}

/** What a VC sells this month from a liquid balance, under the config's selling strategy. */
function toSell(balance: bigint, selling: VcSelling): bigint {
  if (selling.mode === "hold") return 0n;
  if (selling.mode === "sell-at-unlock") return balance;
  return (balance * ppb(selling.fraction)) / PPB;
}

/** A retail buy as the router does it: quote into the pair, then swap out to the buyer. */
async function buy(pool: V2Pool, quote: TestERC20, token: string, buyer: string, budget: bigint): Promise<void> {
  const [rToken, rQuote] = await reservesFor(pool, token);
  const out = getAmountOut(budget, rQuote, rToken);
  if (out === 0n) return;
  await send(quote, "mint", [await pool.pair.getAddress(), budget]);
  const tokenIs0 = (await token0Of(pool)).toLowerCase() === token.toLowerCase();
  await send(pool.pair, "swap", [tokenIs0 ? out : 0n, tokenIs0 ? 0n : out, buyer, "0x"]);
}

/**
 * act for every vesting mechanism: the agents' steps are the same, only `release` (what the
 * mechanism sends the VCs once a month, after the buys and before the VCs sell) differs.
 */
export async function actOnMarket(
  world: VestingWorld,
  d: VestingDeployment,
  action: VestingAction,
  release: () => Promise<void>,
): Promise<void> {
  const { hre } = world;
  const tokenAddr = await d.token.getAddress();
  if (action.kind === "launch") {
    // Every VC delegates to itself at launch: whatever it holds votes.
    for (const vc of d.vcs) await (await d.token.connect(vc).delegate(vc.address)).wait();
    await mineAt(hre, d.launch);
    // The first sample is the launch price, before any trade: the chart starts before the launch crash.
    d.prices.push({ day: 0, price: await spotPrice(d.pool, tokenAddr) });
    d.voteTimes.push(d.launch);
    return;
  }
  const t = d.launch + action.month * MONTH + 1;
  if (t > (await now(hre))) await mineAt(hre, t);
  for (const b of action.buys) {
    await buy(d.pool, d.quote, tokenAddr, b.address, b.budget);
    d.spent.set(b.address, (d.spent.get(b.address) ?? 0n) + b.budget);
  }
  if (action.sampleVotes) d.voteTimes.push(await now(hre));
  await release();
  for (const vc of d.vcs) {
    const sell = toSell(await read(d.token, "balanceOf", [vc.address]), action.selling);
    if (sell > 0n) await swapExactIn(d.pool, vc, d.token, sell);
  }
  d.prices.push({ day: (action.month * MONTH) / DAY, price: await spotPrice(d.pool, tokenAddr) });
}

/** Records the VCs on the deployment (before a mechanism gives them, or its contracts, their allocations). */
export function recordVcs(d: VestingDeployment, holdings: VestingHoldings): void {
  if (holdings.vcs.length !== holdings.amounts.length)
    throw new RangeError(`${holdings.vcs.length} VCs but ${holdings.amounts.length} amounts`);
  d.vcs.push(...holdings.vcs);
}

/** read for every vesting mechanism: the price path, the VCs' peak votes and proceeds, the buyers' holdings. */
export async function readMarket(world: VestingWorld, d: VestingDeployment): Promise<VestingReading> {
  // Votes are read at past timepoints from the token's checkpoints: one more block puts the last in the past.
  await world.hre.network.provider.request({ method: "evm_mine", params: [] });
  let vcVotesMax = 0n;
  for (const ts of d.voteTimes) {
    let v = 0n;
    for (const a of [...d.vcs.map((x) => x.address), ...d.custody]) v += await read(d.token, "getPastVotes", [a, ts]);
    if (v > vcVotesMax) vcVotesMax = v;
  }
  const finalPrice = await spotPrice(d.pool, await d.token.getAddress());
  const buyers: VestingReading["buyers"] = [];
  for (const [address, spent] of d.spent)
    buyers.push({ address, spent, held: await read(d.token, "balanceOf", [address]) });
  let vcProceeds = 0n;
  for (const vc of d.vcs) vcProceeds += await read(d.quote, "balanceOf", [vc.address]);
  return { prices: [...d.prices], finalPrice, vcVotesMax, vcProceeds, buyers };
}
