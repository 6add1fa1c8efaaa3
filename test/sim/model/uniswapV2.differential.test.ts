import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { TestERC20__factory } from "../../../typechain-types";
import { deployV2Pool } from "../../../sim/chain/uniswapV2";
import { PairModel, PairRevert, getAmountOut } from "../../../sim/model";
import { fcOptions, revertedWith } from "./runs";

const E18 = 10n ** 18n;

type Action =
  | { kind: "mint"; provider: number; amount0: bigint; amount1: bigint }
  | { kind: "swap"; zeroForOne: boolean; amountIn: bigint }
  | { kind: "burn"; provider: number; ppm: number }
  | { kind: "transfer"; provider: number; ppm: number };

const amount = fc.oneof(fc.bigInt(1n, 10n ** 6n), fc.bigInt(1n, 10_000_000n * E18));
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("mint" as const),
      provider: fc.integer({ min: 0, max: 1 }),
      amount0: amount,
      amount1: amount,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("swap" as const), zeroForOne: fc.boolean(), amountIn: amount }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("burn" as const),
      provider: fc.integer({ min: 0, max: 1 }),
      ppm: fc.integer({ min: 1, max: 1_000_000 }),
    }),
  },
  // LP moving between providers (a whale's exit moves LP from a farm to its wallet, then to the pair).
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("transfer" as const),
      provider: fc.integer({ min: 0, max: 1 }),
      ppm: fc.integer({ min: 1, max: 1_000_000 }),
    }),
  },
);

/**
 * The chain engine (the real UniswapV2Factory / UniswapV2Pair from `@uniswap/v2-core`'s npm
 * artifacts) against the model engine: every liquidity minted, moved and burnt, every swap output and
 * every reserve are the same integers, and the model's `getAmountOut` is the largest output the
 * pair's K check accepts (one wei more reverts `UniswapV2: K` on both).
 */
describe("Model engine: the Uniswap V2 pair equals UniswapV2Pair to the wei", function () {
  async function fixture() {
    const [deployer, lp0, lp1, trader] = await hre.ethers.getSigners();
    const a = await new TestERC20__factory(deployer).deploy("Token A", "A");
    const b = await new TestERC20__factory(deployer).deploy("Token B", "B");
    const pool = await deployV2Pool(deployer, await a.getAddress(), await b.getAddress());
    const token0Address = await pool.pair.token0();
    const [token0, token1] = token0Address === (await a.getAddress()) ? [a, b] : [b, a];
    for (const s of [lp0, lp1, trader]) {
      await (await token0.mint(s.address, 10n ** 40n)).wait();
      await (await token1.mint(s.address, 10n ** 40n)).wait();
    }
    return { pool, token0, token1, providers: [lp0, lp1], trader };
  }

  it("should mint, swap and burn as the pair does", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ seed0: fc.oneof(fc.bigInt(1n, 3_000n), amount), seed1: fc.oneof(fc.bigInt(1n, 3_000n), amount) }),
        fc.array(actionArb, { minLength: 1, maxLength: 14 }),
        async (seed, actions) => {
          const { pool, token0, token1, providers, trader } = await loadFixture(fixture);
          const pair = pool.pair;
          const pairAddress = await pair.getAddress();
          const model = new PairModel();
          const all: Action[] = [{ kind: "mint", provider: 0, amount0: seed.seed0, amount1: seed.seed1 }, ...actions];
          for (const a of all) {
            if (a.kind === "mint") {
              const p = providers[a.provider];
              let expected: bigint | string;
              try {
                expected = model.mint(p.address, a.amount0, a.amount1);
              } catch (e) {
                if (!(e instanceof PairRevert)) throw e;
                expected = e.reason;
              }
              const before = await pair.balanceOf(p.address);
              await (await token0.connect(p).transfer(pairAddress, a.amount0)).wait();
              await (await token1.connect(p).transfer(pairAddress, a.amount1)).wait();
              try {
                await (await pair.connect(p).mint(p.address)).wait();
                expect(expected).to.equal((await pair.balanceOf(p.address)) - before);
              } catch (error) {
                if (typeof expected !== "string") throw error;
                expect(revertedWith(error, expected), `${String(error)} vs ${expected}`).to.equal(true);
                // The transferred amounts stay in the pair: `skim` returns them as the router never leaves them.
                await (await pair.skim(p.address)).wait();
              }
            } else if (a.kind === "swap") {
              const [rIn, rOut] = a.zeroForOne ? [model.reserve0, model.reserve1] : [model.reserve1, model.reserve0];
              if (rIn === 0n) continue;
              const out = getAmountOut(a.amountIn, rIn, rOut);
              const tokenIn = a.zeroForOne ? token0 : token1;
              const tokenOut = a.zeroForOne ? token1 : token0;
              await (await tokenIn.connect(trader).transfer(pairAddress, a.amountIn)).wait();
              const args = (o: bigint): [bigint, bigint] => (a.zeroForOne ? [0n, o] : [o, 0n]);
              // One wei above the formula breaks K on the chain and in the model.
              const greedy = args(out + 1n);
              await expect(pair.connect(trader).swap(greedy[0], greedy[1], trader.address, "0x")).to.be.reverted;
              expect(() =>
                model.swap(a.zeroForOne ? a.amountIn : 0n, a.zeroForOne ? 0n : a.amountIn, greedy[0], greedy[1]),
              ).to.throw(PairRevert);
              const before = await tokenOut.balanceOf(trader.address);
              let modelOut: bigint | string;
              try {
                modelOut = model.swapExactIn(a.zeroForOne, a.amountIn);
              } catch (e) {
                if (!(e instanceof PairRevert)) throw e;
                modelOut = e.reason;
              }
              const fair = args(out);
              try {
                await (await pair.connect(trader).swap(fair[0], fair[1], trader.address, "0x")).wait();
                expect(modelOut).to.equal((await tokenOut.balanceOf(trader.address)) - before);
              } catch (error) {
                if (typeof modelOut !== "string") throw error;
                expect(revertedWith(error, modelOut), `${String(error)} vs ${modelOut}`).to.equal(true);
                await (await pair.skim(trader.address)).wait();
              }
            } else if (a.kind === "transfer") {
              const [from, to] = [providers[a.provider], providers[1 - a.provider]];
              const amount = (model.balanceOf(from.address) * BigInt(a.ppm)) / 1_000_000n;
              model.transfer(from.address, to.address, amount);
              await (await pair.connect(from).transfer(to.address, amount)).wait();
              for (const p of providers) expect(await pair.balanceOf(p.address)).to.equal(model.balanceOf(p.address));
            } else {
              const p = providers[a.provider];
              const held = await pair.balanceOf(p.address);
              expect(held).to.equal(model.balanceOf(p.address));
              const liquidity = (held * BigInt(a.ppm)) / 1_000_000n;
              if (liquidity === 0n) continue;
              let expected: [bigint, bigint] | string;
              try {
                expected = model.burn(p.address, liquidity);
              } catch (e) {
                if (!(e instanceof PairRevert)) throw e;
                expected = e.reason;
              }
              const before = [await token0.balanceOf(p.address), await token1.balanceOf(p.address)];
              // A refused burn would leave the LP tokens in the pair: it runs in a snapshot, reverted after.
              const snapshot: unknown =
                typeof expected === "string" ? await hre.network.provider.send("evm_snapshot") : null;
              await (await pair.connect(p).transfer(pairAddress, liquidity)).wait();
              try {
                await (await pair.connect(p).burn(p.address)).wait();
                expect(expected).to.deep.equal([
                  (await token0.balanceOf(p.address)) - before[0],
                  (await token1.balanceOf(p.address)) - before[1],
                ]);
              } catch (error) {
                if (typeof expected !== "string") throw error;
                expect(revertedWith(error, expected), `${String(error)} vs ${expected}`).to.equal(true);
              }
              if (snapshot !== null) await hre.network.provider.send("evm_revert", [snapshot]);
            }
            const [r0, r1] = await pair.getReserves();
            expect([r0, r1, await pair.totalSupply()]).to.deep.equal([
              model.reserve0,
              model.reserve1,
              model.totalSupply,
            ]);
          }
        },
      ),
      fcOptions(),
    );
  });
});
