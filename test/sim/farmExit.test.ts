import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { parseConfig } from "../../sim/config/load";
import { registerAgents } from "../../sim/chain/identity";
import fc from "fast-check";
import {
  farmCaptureCost,
  lpForQuote,
  planStakers,
  rewardPeriod,
  whaleShareUnder,
  type CaptureInput,
  type PeriodStaker,
} from "../../sim/model";
import { MINING_MECHANISMS, cappedFarm, miningWorld } from "../../sim/mechanisms/mining";
import { midPeriodExits, whaleExitAndCapture, type ExitFarm, type ExitStaker } from "../../sim/scenarios/miningExit";
import { miningFixture } from "../mining/fixtures";

const WAD = 10n ** 18n;

const POOL = { token: 100_000_000n * WAD, quote: 100_000n * WAD };
const FARM_REWARD = 1_000_000n * WAD;
/** 3 whales of 50,000 LP and 5 retail of 10,000 LP, every one verified; cap 10,000 LP, slope 10 %. */
const LPS = [50_000n, 50_000n, 50_000n, 10_000n, 10_000n, 10_000n, 10_000n, 10_000n].map((x) => x * WAD);
const FARM_CAPS = { cap: 10_000n * WAD, slope: WAD / 10n, unverifiedCap: WAD };

/**
 * The world over the fixture's pool and the listed farms on it (the Farm module's capped farm
 * already has FARM_CAPS and StakingRewards is the module's: deploying them sends nothing).
 */
async function worldOf(s: Awaited<ReturnType<typeof miningFixture>>) {
  const world = await miningWorld(hre, s, FARM_CAPS, FARM_REWARD);
  const farms: ExitFarm[] = [];
  for (const mechanism of MINING_MECHANISMS) farms.push({ mechanism, deployed: await mechanism.deploy(world) });
  return { world, farms };
}

/** The rewards each listed farm paid, by mechanism id. */
const paidById = (paid: { ours: bigint[]; theirs: bigint[] }) =>
  new Map([
    ["uniswap-staking-rewards", paid.theirs],
    ["counterweight", paid.ours],
  ]);

/**
 * One reward period on the real contracts and pair, every reward claimed: the state the mining
 * scenario's exit starts from (sim/scenarios/mining.ts runs the same steps for the population).
 */
async function claimedPeriod() {
  const { s, stakers } = await notifiedPeriod();
  return { s, stakers, ...(await runOutAndClaim(s, stakers)) };
}

/** The period runs out and every staker claims from both farms: the rewards each farm paid. */
async function runOutAndClaim(s: Awaited<ReturnType<typeof miningFixture>>, stakers: readonly ExitStaker[]) {
  const duration = await s.farm.rewardsDuration();
  await time.increase(duration + 1n);
  const paid = { ours: [] as bigint[], theirs: [] as bigint[] };
  for (const x of stakers) {
    const before = await s.token.balanceOf(x.signer.address);
    await (await s.farm.connect(x.signer).getReward()).wait();
    const mid = await s.token.balanceOf(x.signer.address);
    await (await s.baseline.connect(x.signer).getReward()).wait();
    paid.ours.push(mid - before);
    paid.theirs.push((await s.token.balanceOf(x.signer.address)) - mid);
  }
  return { paid, duration };
}

/** 8 stakers in both farms, both notified: where the mid-period exit starts. */
async function notifiedPeriod() {
  const s = await miningFixture(FARM_CAPS, LPS.length);
  await registerAgents(s.registry, s.governor, s.users, "farm-exit");
  const stakers: ExitStaker[] = s.users.map((signer, i) => ({
    agent: { index: i, kind: i < 3 ? "whale" : "retail", amount: LPS[i], verified: true },
    signer,
    lp: LPS[i],
  }));
  for (const x of stakers) {
    await (await s.farm.connect(x.signer).stake(x.lp)).wait();
    await (await s.baseline.connect(x.signer).stake(x.lp)).wait();
  }
  await (await s.farm.notifyRewardAmount(FARM_REWARD)).wait();
  await (await s.baseline.notifyRewardAmount(FARM_REWARD)).wait();
  return { s, stakers };
}

/**
 * The same period with the whales' exit at `atFraction` of it: the exit runs (on a snapshot) right
 * after the notification, as sim/scenarios/mining.ts calls it, then the period runs out and every
 * reward is claimed; `whaleExitAndCapture` checks the model engine's replay of both to the wei.
 */
async function exitMidPeriod(config: object) {
  const { s, stakers } = await loadFixture(notifiedPeriod);
  const parsed = parseConfig(config, "test");
  const { world, farms } = await worldOf(s);
  const mid = await midPeriodExits(world, farms, stakers, parsed);
  const { paid, duration } = await runOutAndClaim(s, stakers);
  return whaleExitAndCapture(world, farms, stakers, paidById(paid), parsed, duration, POOL, mid);
}

/**
 * A farm that is not in the list, built with the adapter's factory: a hard cap of 20,000 LP per
 * identity (effective stakes 20,000 per whale, 10,000 per retail staker), between the listed
 * capped farm's 14,000 and StakingRewards' 50,000 per whale.
 */
const HARD_CAP = cappedFarm({
  id: "counterweight-hard-cap",
  label: "Counterweight farm with a 20,000 LP hard cap",
  caps: () => ({ cap: 20_000n * WAD, slope: 0n, unverifiedCap: WAD }),
});

/** The notified period with the unlisted farm beside the listed two, each staker's LP staked in it too. */
async function threeFarms() {
  const { s, stakers } = await notifiedPeriod();
  const { world, farms } = await worldOf(s);
  const third = { mechanism: HARD_CAP, deployed: await HARD_CAP.deploy(world) };
  for (const x of stakers) {
    await (await s.pool.pair.connect(s.deployer).transfer(x.signer.address, x.lp)).wait();
    await (await s.pool.pair.connect(x.signer).approve(third.deployed.address, x.lp)).wait();
    await (await third.deployed.farm.connect(x.signer).stake(x.lp)).wait();
  }
  await HARD_CAP.act(world, third.deployed, { kind: "notify" });
  return { s, stakers, world, farms: [...farms, third] };
}

/** The exit (mid-period or after) on the three farms; the unlisted farm's rewards are what it still owes. */
async function exitThree(config: object) {
  const { s, stakers, world, farms } = await loadFixture(threeFarms);
  const parsed = parseConfig(config, "test");
  const mid = await midPeriodExits(world, farms, stakers, parsed);
  const { paid, duration } = await runOutAndClaim(s, stakers);
  const third = farms[2].deployed.farm;
  const owed = await Promise.all(stakers.map((x) => third.earned(x.signer.address)));
  return whaleExitAndCapture(world, farms, stakers, paidById(paid).set(HARD_CAP.id, owed), parsed, duration, POOL, mid);
}

async function exitWith(config: object) {
  const { s, stakers, paid, duration } = await loadFixture(claimedPeriod);
  const { world, farms } = await worldOf(s);
  return whaleExitAndCapture(world, farms, stakers, paidById(paid), parseConfig(config, "test"), duration, POOL);
}

/**
 * The whale exit of issue 15 (2c) on the real contracts and pair: 3 whales hold 75 % of each farm's
 * stake (150,000 of the pool's 3,162,278 LP); capped, they earn about 60 % of StakingRewards' APR.
 * Every call also checks the model engine's replay of the period and the exit to the wei.
 */
describe("Farm exit: whales leave the capped farm, not StakingRewards (real pair, 8 stakers)", function () {
  const below = { mining: { whaleExit: { rule: "below-outside-apr", outsideApr: 0.35 } } };
  const burnt = 150_000n * WAD;

  it("farm exit: whales capped below the outside APR leave, the pool keeps 95.3 % of its liquidity (StakingRewards: 100 %)", async function () {
    const r = await exitWith(below);
    const capped = r.metrics.counterweight;
    const uniswap = r.metrics["uniswap-staking-rewards"];
    expect(Number(capped.whaleAprAtPoolPrice)).to.be.below(0.35);
    expect(Number(uniswap.whaleAprAtPoolPrice)).to.be.above(0.35);
    expect([capped.whalesExited, uniswap.whalesExited]).to.deep.equal([3, 0]);
    const supply = Number(r.parameters.lpSupplyStart);
    const left = 1 - Number(burnt / WAD) / supply;
    expect(left).to.be.closeTo(0.953, 0.0005);
    expect(Number(capped.liquidityLeftShare)).to.be.closeTo(left, 1e-6);
    expect(uniswap.liquidityLeftShare).to.equal(1);
    // Burns are pro rata: both reserves shrink with the LP supply.
    expect(Number(capped.poolQuoteReserveAfterExit) / Number(r.parameters.poolQuoteReserveStart)).to.be.closeTo(
      left,
      1e-6,
    );
    expect(Number(capped.poolTokenReserveAfterExit) / Number(r.parameters.poolTokenReserveStart)).to.be.closeTo(
      left,
      1e-6,
    );
    expect(uniswap.lpSupplyAfterExit).to.equal(r.parameters.lpSupplyStart);
  });

  it("farm exit: the 1,000 WETH retail swap moves the price more after the capped farm's whales left", async function () {
    const r = await exitWith(below);
    const capped = r.metrics.counterweight;
    const uniswap = r.metrics["uniswap-staking-rewards"];
    const full = Number(r.parameters.retailSwapPriceImpactFullPool);
    expect(uniswap.retailSwapPriceImpact).to.equal(full);
    expect(Number(capped.retailSwapPriceImpact)).to.be.above(full);
    expect(Number(capped.retailSwapTokensOut)).to.be.below(Number(uniswap.retailSwapTokensOut));
    // Retail keeps every reward of the capped farm's next period; StakingRewards' whales still take 75 %.
    expect(capped.retailRewardShareAfterExit).to.equal(1);
    expect(uniswap.retailRewardShareAfterExit).to.equal(0.25);
    expect(r.notes.exit).to.include("leave below 35.0% APR outside").and.to.include("1,000 WETH");
  });

  it('farm exit: with rule "always" both farms lose the same liquidity, with "never" neither does', async function () {
    const always = await exitWith({ mining: { whaleExit: { rule: "always" }, retailSwapQuote: 2000 } });
    const [c, u] = [always.metrics.counterweight, always.metrics["uniswap-staking-rewards"]];
    expect([c.whalesExited, u.whalesExited]).to.deep.equal([3, 3]);
    for (const k of ["liquidityLeftShare", "lpSupplyAfterExit", "retailSwapTokensOut", "retailSwapPriceImpact"])
      expect(c[k], k).to.equal(u[k]);
    expect(always.parameters.retailSwapQuote).to.equal(2000);
    const never = await exitWith({ mining: { whaleExit: { rule: "never" } } });
    expect([
      never.metrics.counterweight.liquidityLeftShare,
      never.metrics["uniswap-staking-rewards"].liquidityLeftShare,
    ]).to.deep.equal([1, 1]);
  });

  it("farm exit mid-period: whales leaving the capped farm halfway are paid half its whale rewards, the pool keeps what the exit after the period keeps", async function () {
    const after = await exitWith(below);
    const r = await exitMidPeriod({ mining: { whaleExit: { ...below.mining.whaleExit, atFraction: 0.5 } } });
    expect(r.parameters.whaleExitAtFraction).to.equal(0.5);
    expect(r.parameters.whaleExitDay).to.equal(30);
    expect(r.notes.exit).to.include("mining.whaleExit.atFraction = 0.5");
    const [c, u] = [r.metrics.counterweight, r.metrics["uniswap-staking-rewards"]];
    expect([c.whalesExited, u.whalesExited]).to.deep.equal([3, 0]);
    // The same APR halfway as over the whole period (a constant rate), so the same decision and burn.
    expect(Number(c.whaleAprAtPoolPrice)).to.be.closeTo(Number(after.metrics.counterweight.whaleAprAtPoolPrice), 1e-6);
    for (const k of ["liquidityLeftShare", "retailSwapPriceImpact", "retailSwapTokensOut"])
      expect(c[k], k).to.equal(after.metrics.counterweight[k]);
    expect(u.liquidityLeftShare).to.equal(1);
    // StakingRewards: nobody left, the whales keep 75 %; capped: retail earns the second half alone.
    expect(Number(u.retailRewardShareWithExit)).to.be.closeTo(0.25, 1e-6);
    expect(Number(c.retailRewardShareWithExit)).to.be.above(
      Number(after.metrics.counterweight.retailRewardShareAfterExit) / 2,
    );
    expect(Number(c.whaleRewardsWithExit)).to.be.below(Number(u.whaleRewardsWithExit));
  });

  it("farm exit mid-period: at a quarter of the period, StakingRewards' whales above the outside APR stay, the capped farm's leave", async function () {
    const r = await exitMidPeriod({
      mining: { whaleExit: { rule: "below-outside-apr", outsideApr: 0.35, atFraction: 0.25 } },
    });
    expect(r.parameters.whaleExitDay).to.equal(15);
    expect([r.metrics.counterweight.whalesExited, r.metrics["uniswap-staking-rewards"].whalesExited]).to.deep.equal([
      3, 0,
    ]);
    expect(Number(r.metrics.counterweight.rewardsWithExit)).to.be.closeTo(Number(FARM_REWARD / WAD), 1);
  });

  it("farm exit: a farm that is not in the list takes part in the exit, checked against the model engine", async function () {
    const r = await exitThree(below);
    const [u, c, h] = ["uniswap-staking-rewards", "counterweight", HARD_CAP.id].map((id) => r.metrics[id]);
    // A looser cap than the listed farm's: the whales' APR lies between the two listed farms'.
    expect(Number(h.whaleAprAtPoolPrice)).to.be.above(Number(c.whaleAprAtPoolPrice));
    expect(Number(h.whaleAprAtPoolPrice)).to.be.below(Number(u.whaleAprAtPoolPrice));
    expect(h.captureStatus).to.be.a("string");
    expect(r.reading).to.include("under Counterweight farm with a 20,000 LP hard cap: ");
  });

  it("farm exit mid-period: a farm that is not in the list exits at the same fraction, its whales paid at their exit", async function () {
    const r = await exitThree({ mining: { whaleExit: { rule: "always", atFraction: 0.5 } } });
    const [c, h] = ["counterweight", HARD_CAP.id].map((id) => r.metrics[id]);
    expect([c.whalesExited, h.whalesExited]).to.deep.equal([3, 3]);
    // Both burn the whales' 150,000 LP out of the same pool.
    expect(h.liquidityLeftShare).to.equal(c.liquidityLeftShare);
    // Halfway the whales hold 60,000 of 110,000 effective LP: 3/11 of the reward; then retail earns alone.
    expect(Number(h.whaleRewardsWithExit) / Number(FARM_REWARD / WAD)).to.be.closeTo(3 / 11, 1e-4);
    expect(h.retailRewardShareAfterExit).to.equal(1);
  });

  it("cost of capture: the capped farm's whales need identities, StakingRewards' whales already hold half", async function () {
    const r = await exitWith({ identity: { priceTokens: 2000 }, mining: { captureBudgetQuote: 50_000 } });
    expect(r.metrics["uniswap-staking-rewards"].captureStatus).to.equal("already captured at no spend");
    const c = r.metrics.counterweight;
    expect(Number(c.captureIdentitiesBought)).to.be.greaterThan(0);
    expect(Number(c.captureSpendQuote)).to.be.at.least(2 * Number(c.captureIdentitiesBought));
    expect(Number(c.captureSpendTokens)).to.be.closeTo(Number(c.captureSpendQuote) * 1000, 1e-3);
    expect(Number(c.whaleRewardShareAtCapture)).to.be.at.least(0.5);
    // One identity price (identity.priceTokens, in tokens), 2 WETH at the pool's 1,000 CWT per WETH.
    expect(r.parameters.identityPriceTokens).to.equal(2000);
    expect(r.parameters.identityPriceQuote).to.equal(2);
    expect(r.notes.capture)
      .to.include("2,000 CWT each (identity.priceTokens), 2 WETH at the pool price")
      .and.to.include("50,000 WETH");
    const poor = await exitWith({ mining: { captureBudgetQuote: 0.5 } });
    expect(poor.metrics.counterweight.captureStatus).to.equal("not capturable within budget 0.5 WETH");
  });
});

/** Cost of capture in the model engine on a synthetic farm: 100 verified retail of 100 LP, 3 whales. */
describe("Farm cost of capture (model engine)", function () {
  const retail: PeriodStaker[] = Array.from({ length: 100 }, (_, i) => ({
    account: `0x${(i + 1).toString(16).padStart(40, "0")}`,
    lp: 100n * WAD,
    identity: BigInt(i + 1),
  }));
  const base: CaptureInput = {
    others: retail,
    whaleLp: [20_000n * WAD, 20_000n * WAD, 20_000n * WAD],
    caps: { cap: 400n * WAD, slope: WAD / 10n, unverifiedCap: WAD },
    reward: 6_000_000n * WAD,
    duration: 60n * 86_400n,
    // 1 LP = 2 WETH at the pool price (reserveQuote ÷ supply = 1); 1 WETH = 1,000 tokens.
    pool: { reserveToken: 1_000_000n * WAD, reserveQuote: 1_000n * WAD, lpSupply: 1_000n * WAD },
    identityPriceQuote: WAD,
    budgetQuote: 100_000n * WAD,
  };

  it("cost of capture: StakingRewards is captured at no spend when whales stake more than retail", function () {
    const c = farmCaptureCost(base, "uniswap");
    expect(c.status).to.equal("already");
    expect(c.spendQuote).to.equal(0n);
  });

  it("cost of capture: StakingRewards costs the LP that matches retail's stake, at the pool price", function () {
    const c = farmCaptureCost({ ...base, whaleLp: [1_000n * WAD] }, "uniswap");
    // 9,000 LP more (2 WETH each) makes the whale's 10,000 LP equal to retail's: 18,000 WETH.
    expect(c.status).to.equal("captured");
    expect(c.lpBought).to.equal(9_000n * WAD);
    expect(c.spendQuote).to.equal(18_000n * WAD);
    expect(c.spendTokens).to.equal(18_000_000n * WAD);
  });

  it("cost of capture: capped-farm whales take half by buying identities; one wei less does not", function () {
    const c = farmCaptureCost(base, "capped");
    expect(c.status).to.equal("captured");
    expect(c.identitiesBought).to.be.greaterThan(0n);
    expect(Number(c.whaleRewardSharePpb) / 1e9).to.be.at.least(0.5);
    const spend = c.spendQuote as bigint;
    expect(farmCaptureCost({ ...base, budgetQuote: spend - 1n }, "capped").status).to.equal("not-within-budget");
    expect(farmCaptureCost({ ...base, budgetQuote: spend }, "capped").spendQuote).to.equal(spend);
  });

  it("cost of capture: no mix of identities and LP one wei below the spend found captures the capped farm", function () {
    for (const price of [WAD, 50n * WAD]) {
      const input = { ...base, identityPriceQuote: price };
      const spend = (farmCaptureCost(input, "capped").spendQuote as bigint) - 1n;
      for (let k = 0n; k * price <= spend; k++) {
        const share = whaleShareUnder(input, { identities: k, lp: lpForQuote(spend - k * price, base.pool) }, "capped");
        expect(2n * share < 1_000_000_000n, `price ${price}, ${k} identities`).to.equal(true);
      }
    }
  });

  it("cost of capture: dearer identities cost the whales more, and a small budget is reported as not capturable", function () {
    const cheap = farmCaptureCost(base, "capped");
    const dear = farmCaptureCost({ ...base, identityPriceQuote: 50n * WAD }, "capped");
    expect(dear.status).to.equal("captured");
    expect(dear.spendQuote as bigint).to.be.greaterThan(cheap.spendQuote as bigint);
    const poor = farmCaptureCost({ ...base, budgetQuote: 5n * WAD }, "capped");
    expect(poor.status).to.equal("not-within-budget");
    expect(poor.spendQuote).to.equal(undefined);
    expect(Number(poor.whaleRewardSharePpb) / 1e9).to.be.below(0.5);
  });
});

/**
 * The capture search's closed form against the full model period: random stakers (verified,
 * unverified, zero, below and above the cap, and a duplicated identity or account that takes the
 * full period instead), caps, rewards and plans give the share `rewardPeriod` pays, to the ppb.
 */
describe("Farm cost of capture: the closed form pays what the full model period pays (property)", function () {
  const amount = fc.oneof(fc.constant(0n), fc.bigInt(1n, 1_000n), fc.bigInt(1n, 50_000n * WAD));
  const stakerArb = fc.record({ lp: amount, verified: fc.boolean() });
  const inputArb = fc.record({
    stakers: fc.array(stakerArb, { minLength: 0, maxLength: 12 }),
    whaleLp: fc.array(amount, { minLength: 1, maxLength: 4 }),
    cap: fc.oneof(fc.constant(0n), fc.bigInt(1n, 20_000n * WAD)),
    slope: fc.oneof(fc.constant(0n), fc.constant(WAD), fc.bigInt(0n, WAD)),
    unverifiedCap: fc.oneof(fc.constant(0n), fc.bigInt(1n, 1_000n * WAD)),
    reward: fc.oneof(fc.bigInt(1n, 10n ** 7n), fc.bigInt(1n, 10_000_000n * WAD)),
    duration: fc.integer({ min: 1, max: 120 * 86_400 }).map(BigInt),
    identities: fc.bigInt(0n, 6n),
    lp: fc.bigInt(0n, 100_000n * WAD),
    collide: fc.constantFrom("none", "identity", "account"),
  });
  const pool = { reserveToken: 1_000_000n * WAD, reserveQuote: 1_000n * WAD, lpSupply: 1_000n * WAD };

  it("whaleShareUnder = the whales' share of rewardPeriod's payments, in both farms", function () {
    fc.assert(
      fc.property(inputArb, (x) => {
        const others: PeriodStaker[] = x.stakers.map((s, i) => ({
          account: `0x${(i + 1).toString(16).padStart(40, "0")}`,
          lp: s.lp,
          identity: s.verified ? BigInt(i + 1) : 0n,
        }));
        if (others.length >= 2 && x.collide === "identity") others[1] = { ...others[1], identity: 1n };
        if (others.length >= 2 && x.collide === "account") others[1] = { ...others[1], account: others[0].account };
        const input: CaptureInput = {
          others,
          whaleLp: x.whaleLp,
          caps: { cap: x.cap, slope: x.slope, unverifiedCap: x.unverifiedCap },
          reward: x.reward,
          duration: x.duration,
          pool,
          identityPriceQuote: WAD,
          budgetQuote: 0n,
        };
        const plan = { identities: x.identities, lp: x.lp };
        for (const mechanism of ["capped", "uniswap"] as const) {
          const stakers = planStakers(input, plan, mechanism);
          const whales = stakers.length - others.length;
          const r = rewardPeriod(
            { stakers, caps: input.caps, reward: input.reward, duration: input.duration },
            mechanism,
          );
          const paid = mechanism === "capped" ? r.capped : r.uniswap;
          const total = paid.reduce((a, b) => a + b, 0n);
          const whale = paid.slice(0, whales).reduce((a, b) => a + b, 0n);
          const expected = total === 0n ? 0n : (whale * 1_000_000_000n) / total;
          expect(whaleShareUnder(input, plan, mechanism), mechanism).to.equal(expected);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200), seed: 150_004 },
    );
  });
});

describe("Farm exit config: bad values are refused with the field named", function () {
  for (const [what, value, field] of [
    [
      "an outside APR missing",
      { mining: { whaleExit: { rule: "below-outside-apr" } } },
      /\$\.mining\.whaleExit\.outsideApr/,
    ],
    ["an unknown rule", { mining: { whaleExit: { rule: "sometimes" } } }, /\$\.mining\.whaleExit\.rule/],
    ["a negative outside APR", { mining: { whaleExit: { rule: "below-outside-apr", outsideApr: -1 } } }, /outsideApr/],
    [
      "an exit at 0 of the period",
      { mining: { whaleExit: { rule: "always", atFraction: 0 } } },
      /\$\.mining\.whaleExit\.atFraction/,
    ],
    [
      "an exit after the period's end",
      { mining: { whaleExit: { rule: "never", atFraction: 1.5 } } },
      /\$\.mining\.whaleExit\.atFraction/,
    ],
    [
      "an exit fraction that is no number",
      { mining: { whaleExit: { rule: "always", atFraction: "half" } } },
      /\$\.mining\.whaleExit\.atFraction/,
    ],
    ["a zero retail swap", { mining: { retailSwapQuote: 0 } }, /\$\.mining\.retailSwapQuote/],
    ["a negative identity price", { identity: { priceTokens: -1 } }, /\$\.identity\.priceTokens/],
    ["the identity price in WETH (moved)", { mining: { identityPriceQuote: 1 } }, /identity\.priceTokens/],
    ["a zero capture budget", { mining: { captureBudgetQuote: 0 } }, /\$\.mining\.captureBudgetQuote/],
  ] as const) {
    it(`should refuse ${what}`, function () {
      expect(() => parseConfig(value, "x.json")).to.throw(field);
    });
  }
});
