import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface } from "ethers";
import { CAPS, REWARD, USER_LP, WAD, miningFixture } from "../../mining/fixtures";
import { registerAgents } from "../../../sim/chain/identity";
import {
  CappedFarmModel,
  PPB,
  PairModel,
  StakingRewardsModel,
  exitFarm,
  leaves,
  lpAprPpb,
  midPeriodExit,
  retailSwap,
  rewardPeriod,
  startPeriod,
  type Binding,
  type FarmExitRule,
  type PeriodStaker,
} from "../../../sim/model";
import { exitAndBurn, exitTimes, poolOnChain, retailSwapOnChain, tokenIsToken0 } from "../../../sim/chain/farmExit";
import type { MiningFixture } from "../../mining/fixtures";
import { StakingRewards__factory } from "../../../typechain-types/baselines";
import { fcOptions, revertedWith } from "./runs";

const USERS = 6;
const VERIFIED = 4;
/** Each farm may take up to half of a user's LP (both farms draw on the same wallet). */
const PER_FARM_LP = USER_LP / 2n;

type Action =
  | { kind: "stake"; user: number; amount: bigint; dt: number }
  | { kind: "withdraw"; user: number; amount: bigint; dt: number }
  | { kind: "getReward"; user: number; dt: number }
  | { kind: "exit"; user: number; dt: number }
  | { kind: "poke"; user: number; dt: number }
  | { kind: "notify"; amount: bigint; dt: number }
  | { kind: "setCaps"; cap: bigint; slope: bigint; unverifiedCap: bigint; dt: number }
  | { kind: "rotate"; user: number; to: number; dt: number };

const user = fc.integer({ min: 0, max: USERS - 1 });
// Seconds to the action: the same block second, minutes, or days (periods run out).
const dt = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 * 86_400 }));
const lp = fc.oneof(fc.bigInt(1n, 1_000n), fc.bigInt(1n, PER_FARM_LP));
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("stake" as const), user, amount: lp, dt }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), user, amount: lp, dt }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("getReward" as const), user, dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("exit" as const), user, dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("poke" as const), user, dt }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("notify" as const),
      amount: fc.oneof(fc.bigInt(1n, 10n ** 6n), fc.bigInt(1n, 2n * REWARD)),
      dt,
    }),
  },
  // A key rotation in the registry (the farm sees it at the new key's first stake or a poke).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rotate" as const), user, to: user, dt }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setCaps" as const),
      cap: fc.bigInt(0n, 20_000n * WAD),
      slope: fc.oneof(fc.constant(0n), fc.bigInt(0n, WAD)),
      unverifiedCap: fc.bigInt(0n, 500n * WAD),
      dt,
    }),
  },
);

/** Stakes first, then a reward period, then anything: so most runs accrue, pay and round rewards. */
const sequenceArb: fc.Arbitrary<Action[]> = fc
  .tuple(
    fc.array(fc.record({ kind: fc.constant("stake" as const), user, amount: lp, dt }), { minLength: 1, maxLength: 4 }),
    fc.record({
      kind: fc.constant("notify" as const),
      amount: fc.oneof(fc.bigInt(1n, 10n ** 9n), fc.bigInt(10n ** 18n, 2n * REWARD)),
      dt,
    }),
    fc.array(actionArb, { minLength: 6, maxLength: 20 }),
  )
  .map(([stakes, notify, rest]) => [...stakes, notify, ...rest]);

/** The `RewardPaid(user, reward)` amounts of `address` in a receipt. */
function paidIn(receipt: ContractTransactionReceipt, iface: Interface, address: string): bigint {
  let paid = 0n;
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address.toLowerCase()) continue;
    const parsed = iface.parseLog(log);
    if (parsed?.name === "RewardPaid") paid += BigInt(parsed.args[1]);
  }
  return paid;
}

/** The StakingRewards state CappedStakingRewards shares with Uniswap's StakingRewards, for one account. */
interface RewardsState {
  rewardPerTokenStored(): Promise<bigint>;
  rewardRate(): Promise<bigint>;
  lastUpdateTime(): Promise<bigint>;
  periodFinish(): Promise<bigint>;
  totalSupply(): Promise<bigint>;
  balanceOf(account: string): Promise<bigint>;
  rewards(account: string): Promise<bigint>;
  userRewardPerTokenPaid(account: string): Promise<bigint>;
}

/** Reads `RewardsState` from a farm contract (in the interface's order). */
function rewardsOnChain(c: RewardsState, account: string): Promise<bigint>[] {
  return [
    c.rewardPerTokenStored(),
    c.rewardRate(),
    c.lastUpdateTime(),
    c.periodFinish(),
    c.totalSupply(),
    c.balanceOf(account),
    c.rewards(account),
    c.userRewardPerTokenPaid(account),
  ];
}

/** Every chain read equals the model's value at the same position. */
async function expectSame(label: string, chain: Promise<bigint>[], model: bigint[]): Promise<void> {
  expect(chain, label).to.have.length(model.length);
  expect(await Promise.all(chain), label).to.deep.equal(model);
}

/**
 * Runs `send` in a block at exactly `at` and `model` at the same time: both succeed (returning
 * the receipt) or both revert with the same named error.
 */
async function both<T>(
  at: bigint,
  send: () => Promise<ContractTransactionResponse>,
  model: () => T,
): Promise<{ receipt: ContractTransactionReceipt; value: T } | undefined> {
  let value: T | undefined;
  let modelError: Error | undefined;
  try {
    value = model();
  } catch (error) {
    if (!(error instanceof Error) || !("reason" in error || "error" in error)) throw error;
    modelError = error;
  }
  await time.setNextBlockTimestamp(at);
  try {
    const receipt = await (await send()).wait();
    if (receipt === null) throw new Error("no receipt");
    expect(modelError, `the model reverted (${modelError?.message}) where the chain did not`).to.equal(undefined);
    const block = await hre.ethers.provider.getBlock(receipt.blockNumber);
    expect(BigInt(block?.timestamp ?? 0)).to.equal(at);
    return { receipt, value: value as T };
  } catch (error) {
    if (modelError === undefined) throw error;
    expect(revertedWith(error, modelError.message), `chain: ${String(error)}; model: ${modelError.message}`).to.equal(
      true,
    );
    return undefined;
  }
}

/**
 * The chain engine (CappedStakingRewards and Uniswap's StakingRewards on the real V2 LP token)
 * against the model engine on random action sequences at exact timestamps: accumulator, remainder,
 * carry, rates, totals, every position, every paid reward and every `earned` are the same integers.
 */
describe("Model engine: mining equals CappedStakingRewards and StakingRewards to the wei", function () {
  async function fixture() {
    const s = await miningFixture(CAPS, USERS);
    const identities = await registerAgents(s.registry, s.governor, s.users.slice(0, VERIFIED), "model-farm");
    return { ...s, identities };
  }

  it("should settle, pay, carry and round every reward as the contracts do", async function () {
    await fc.assert(
      fc.asyncProperty(sequenceArb, async (actions) => {
        const s = await loadFixture(fixture);
        const farmAddress = await s.farm.getAddress();
        const baselineAddress = await s.baseline.getAddress();
        // The registry is not under test: the model reads its bindings as the farm will (they change
        // only with a rotation, after which they are read again).
        const bindings = new Map<string, Binding>();
        const readBindings = async () => {
          for (const u of s.users) {
            const [identityId, registrant] = await s.registry.bindingOf(u.address);
            bindings.set(u.address.toLowerCase(), { identityId, registrant });
          }
        };
        await readBindings();
        expect([...bindings.values()].filter((b) => b.identityId !== 0n)).to.have.length(VERIFIED);
        const bindingOf = (account: string): Binding =>
          bindings.get(account.toLowerCase()) ?? { identityId: 0n, registrant: hre.ethers.ZeroAddress };
        const farm = new CappedFarmModel(CAPS, await s.farm.rewardsDuration(), bindingOf);
        farm.fund(await s.token.balanceOf(farmAddress));
        const baseline = new StakingRewardsModel(await s.baseline.rewardsDuration());
        baseline.fund(await s.token.balanceOf(baselineAddress));

        let t = BigInt(await time.latest());
        for (const a of actions) {
          t += BigInt(a.dt);
          const u = "user" in a ? s.users[a.user] : s.deployer;
          const farmOf = s.farm.connect(u);
          const baseOf = s.baseline.connect(u);
          switch (a.kind) {
            case "stake": {
              const room = PER_FARM_LP - farm.position(u.address).balance;
              const amount = a.amount < room ? a.amount : room;
              if (amount === 0n) continue;
              await both(
                t,
                () => farmOf.stake(amount),
                () => farm.stake(u.address, amount, t),
              );
              const baseRoom = PER_FARM_LP - baseline.balanceOf(u.address);
              const baseAmount = a.amount < baseRoom ? a.amount : baseRoom;
              if (baseAmount > 0n) {
                await both(
                  t + 1n,
                  () => baseOf.stake(baseAmount),
                  () => baseline.stake(u.address, baseAmount, t + 1n),
                );
              }
              break;
            }
            case "withdraw":
              await both(
                t,
                () => farmOf.withdraw(a.amount),
                () => farm.withdraw(u.address, a.amount, t),
              );
              await both(
                t + 1n,
                () => baseOf.withdraw(a.amount),
                () => baseline.withdraw(u.address, a.amount, t + 1n),
              );
              break;
            case "getReward": {
              const f = await both(
                t,
                () => farmOf.getReward(),
                () => farm.getReward(u.address, t),
              );
              if (f !== undefined) expect(paidIn(f.receipt, s.farm.interface, farmAddress)).to.equal(f.value);
              const b = await both(
                t + 1n,
                () => baseOf.getReward(),
                () => baseline.getReward(u.address, t + 1n),
              );
              if (b !== undefined) expect(paidIn(b.receipt, s.baseline.interface, baselineAddress)).to.equal(b.value);
              break;
            }
            case "exit": {
              const f = await both(
                t,
                () => farmOf.exit(),
                () => farm.exit(u.address, t),
              );
              if (f !== undefined) expect(paidIn(f.receipt, s.farm.interface, farmAddress)).to.equal(f.value[1]);
              const b = await both(
                t + 1n,
                () => baseOf.exit(),
                () => baseline.exit(u.address, t + 1n),
              );
              if (b !== undefined)
                expect(paidIn(b.receipt, s.baseline.interface, baselineAddress)).to.equal(b.value[1]);
              break;
            }
            case "poke":
              await both(
                t,
                () => s.farm.poke(u.address),
                () => farm.poke(u.address, t),
              );
              break;
            case "notify":
              await both(
                t,
                () => s.farm.notifyRewardAmount(a.amount),
                () => farm.notifyRewardAmount(a.amount, t),
              );
              await both(
                t + 1n,
                () => s.baseline.notifyRewardAmount(a.amount),
                () => baseline.notifyRewardAmount(a.amount, t + 1n),
              );
              break;
            case "rotate": {
              const to = s.users[a.to];
              if (bindingOf(u.address).identityId === 0n || bindingOf(to.address).identityId !== 0n) continue;
              const id = bindingOf(u.address).identityId;
              await time.setNextBlockTimestamp(t);
              await (await s.registry.connect(u).proposeRotation(to.address)).wait();
              await time.setNextBlockTimestamp(t + 1n);
              await (await s.registry.connect(to).acceptRotation(id)).wait();
              await readBindings();
              expect(bindingOf(to.address).identityId).to.equal(id);
              break;
            }
            case "setCaps":
              await both(
                t,
                () => s.farm.connect(s.governor).setCaps(a.cap, a.slope, a.unverifiedCap),
                () => farm.setCaps({ cap: a.cap, slope: a.slope, unverifiedCap: a.unverifiedCap }),
              );
              break;
          }
          t += 1n;
          await expectSame(
            `farm after ${a.kind}`,
            [
              ...rewardsOnChain(s.farm, u.address),
              s.farm.accumulatorRemainder(),
              s.farm.undistributedRewards(),
              s.farm.totalEffectiveSupply(),
              s.farm.rewardsOutstanding(),
              s.farm.effectiveBalanceOf(u.address),
            ],
            [
              farm.rewardPerTokenStored,
              farm.rewardRate,
              farm.lastUpdateTime,
              farm.periodFinish,
              farm.totalStaked,
              farm.position(u.address).balance,
              farm.rewards(u.address),
              farm.userRewardPerTokenPaid(u.address),
              farm.accumulatorRemainder,
              farm.undistributed,
              farm.totalEffective,
              farm.outstanding,
              farm.position(u.address).effective,
            ],
          );
          await expectSame(`baseline after ${a.kind}`, rewardsOnChain(s.baseline, u.address), [
            baseline.rewardPerTokenStored,
            baseline.rewardRate,
            baseline.lastUpdateTime,
            baseline.periodFinish,
            baseline.totalSupply,
            baseline.balanceOf(u.address),
            baseline.rewards(u.address),
            baseline.userRewardPerTokenPaid(u.address),
          ]);
        }

        // Every account's `earned` and the accumulator views, at a block mined at exactly `end`.
        const end = t + 7n * 86_400n;
        await time.setNextBlockTimestamp(end);
        await mine();
        const tag = { blockTag: await time.latestBlock() };
        for (const u of s.users) {
          expect(await s.farm.earned(u.address, tag)).to.equal(farm.earned(u.address, end));
          expect(await s.baseline.earned(u.address, tag)).to.equal(baseline.earned(u.address, end));
        }
        expect(await s.farm.rewardPerToken(tag)).to.equal(farm.rewardPerToken(end));
        expect(await s.baseline.rewardPerToken(tag)).to.equal(baseline.rewardPerToken(end));
      }),
      fcOptions(),
    );
  });
});

/** A scenario's exit rule: one of the config's, or an outside APR at the median of the whales' own APRs. */
type ScenarioRule = FarmExitRule | { rule: "between" };

/** The rule to apply to whales with these APRs ("between": some leave, some stay). */
function resolveRule(rule: ScenarioRule, aprs: readonly bigint[]): FarmExitRule {
  if (rule.rule !== "between") return rule;
  const sorted = [...aprs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { rule: "below-outside-apr", outsideAprPpb: sorted[sorted.length >> 1] };
}

async function latestTimestamp(): Promise<bigint> {
  return BigInt(await time.latest());
}

/**
 * The mid-period exit of the mining scenario (sim/scenarios/miningExit.ts `midPeriodExits`) on both
 * farms, each on a snapshot of the chain right after both notifications (reverted after): at
 * notification + `fraction` (ppb) × duration the whales read what they earned, the rule decides,
 * the leavers exit and burn at pinned times, the period runs out and everyone's reward is read; the
 * model engine's `midPeriodExit` at the same times must give the same integers.
 */
async function expectMidPeriodExit(
  s: MiningFixture,
  stakers: readonly PeriodStaker[],
  whales: number,
  caps: { cap: bigint; slope: bigint; unverifiedCap: bigint },
  reward: bigint,
  fraction: bigint,
  scenarioRule: ScenarioRule,
  quoteIn: bigint,
): Promise<void> {
  const provider = hre.network.provider;
  const zero = await tokenIsToken0(s);
  const start = await poolOnChain(s);
  const duration = await s.farm.rewardsDuration();
  const started = startPeriod({ stakers, caps, reward, duration });
  // Both farms through the Synthetix user ABI the capped farm keeps.
  const synthetix = async (c: { getAddress(): Promise<string> }) =>
    StakingRewards__factory.connect(await c.getAddress(), s.deployer);
  const farms = [
    { id: "capped", chain: await synthetix(s.farm), model: started.farm },
    { id: "uniswap", chain: await synthetix(s.baseline), model: started.baseline },
  ] as const;
  const whaleSigners = s.users.slice(0, whales);
  for (const f of farms) {
    const snapshot = (await provider.send("evm_snapshot", [])) as string;
    const finish = await f.chain.periodFinish();
    const notifiedAt = finish - (await f.chain.rewardsDuration());
    const planned = notifiedAt + (duration * fraction) / PPB;
    const earliest = (await latestTimestamp()) + 1n;
    const decideAt = planned < earliest ? earliest : planned;
    await time.setNextBlockTimestamp(decideAt);
    await mine();
    const earned = await Promise.all(whaleSigners.map((w) => f.chain.earned(w.address)));
    const aprs = earned.map((e, i) => lpAprPpb(e, stakers[i].lp, start, decideAt - notifiedAt));
    const rule = resolveRule(scenarioRule, aprs);
    const leavers = whaleSigners.filter((_, i) => leaves(rule, aprs[i]));
    const fromBlock = (await hre.ethers.provider.getBlockNumber()) + 1;
    const burnt = await exitAndBurn(s, (l) => f.chain.connect(l).exit(), leavers, { at: decideAt + 1n, provider });
    const after = await poolOnChain(s);
    const total = f.id === "capped" ? await s.farm.totalEffectiveSupply() : await s.baseline.totalSupply();
    const last = (await latestTimestamp()) + 1n;
    const endAt = finish + 1n > last ? finish + 1n : last;
    await time.setNextBlockTimestamp(endAt);
    await mine();
    const paidAtExit = new Map(
      (await f.chain.queryFilter(f.chain.filters.RewardPaid(), fromBlock, "latest")).map(
        (e) => [e.args.user.toLowerCase(), e.args.reward] as const,
      ),
    );
    const rewards = await Promise.all(
      stakers.map(async (x) => paidAtExit.get(x.account.toLowerCase()) ?? (await f.chain.earned(x.account))),
    );
    const swapOut = await retailSwapOnChain(s, quoteIn);
    await provider.send("evm_revert", [snapshot]);

    // The model engine at the same times (its clock shifted to its own notification).
    const at = (t: bigint) => started.notifiedAt + (t - notifiedAt);
    const pair = new PairModel();
    const [seedToken, seedQuote] = [100_000_000n * WAD, 100_000n * WAD];
    pair.mint(s.deployer.address, zero ? seedToken : seedQuote, zero ? seedQuote : seedToken);
    const m = midPeriodExit({
      farm: f.model,
      notifiedAt: started.notifiedAt,
      decideAt: at(decideAt),
      exitAt: exitTimes(decideAt + 1n, leavers.length).map(at),
      endAt: at(endAt),
      pair,
      tokenIsToken0: zero,
      holder: s.deployer.address,
      whales: stakers.slice(0, whales).map((x) => ({ account: x.account, lp: x.lp })),
      accounts: stakers.map((x) => x.account),
      rule,
    });
    const modelTotal = f.model instanceof StakingRewardsModel ? f.model.totalSupply : f.model.totalEffective;
    expect({ earned, aprs, left: leavers.length, burnt, after, total, rewards, swapOut }).to.deep.equal(
      {
        earned: m.earnedAtDecision,
        aprs: m.aprPpb,
        left: m.left.filter((x) => x).length,
        burnt: m.burnt,
        after: m.after,
        total: modelTotal,
        rewards: m.rewards,
        swapOut: retailSwap(m.after, quoteIn).tokensOut,
      },
      `${f.id}: mid-period exit at ${fraction} ppb`,
    );
  }
}

/**
 * The whale exit of the mining scenario: random stakers (some of them whales, some verified) stake
 * in both farms on the real pair; with a random `atFraction` the whales first exit mid-period (on a
 * snapshot, `expectMidPeriodExit`); one period runs out, every reward is claimed; then, per farm on
 * the same starting chain, the whales the rule lets go exit and burn their LP, and a retail swap
 * prices what is left. The model engine (`rewardPeriod`, `exitFarm`, `midPeriodExit`, `retailSwap`)
 * must give the same APRs, decisions, burns, rewards, reserves, LP supply, farm totals and swap output.
 */
describe("Model engine: a whale exit from either farm equals the chain to the wei", function () {
  const EXIT_USERS = 8;
  async function fixture() {
    const s = await miningFixture(CAPS, EXIT_USERS);
    const identities = await registerAgents(s.registry, s.governor, s.users.slice(0, 6), "model-exit");
    return { ...s, identities };
  }
  const stakeArb = fc.oneof(fc.bigInt(1n, 10n ** 6n), fc.bigInt(WAD, PER_FARM_LP));
  const scenarioArb = fc.record({
    lps: fc.array(stakeArb, { minLength: EXIT_USERS, maxLength: EXIT_USERS }),
    whales: fc.integer({ min: 1, max: 4 }),
    cap: fc.bigInt(WAD, 30_000n * WAD),
    slope: fc.oneof(fc.constant(0n), fc.bigInt(0n, WAD)),
    unverifiedCap: fc.bigInt(0n, 500n * WAD),
    reward: fc.bigInt(10n ** 18n, 2n * REWARD),
    // never, always, a fixed outside APR, or one between the whales' own capped APRs (some leave).
    rule: fc.oneof(
      fc.constant({ rule: "never" as const }),
      fc.constant({ rule: "always" as const }),
      fc.record({ rule: fc.constant("below-outside-apr" as const), outsideAprPpb: fc.bigInt(0n, 3n * PPB) }),
      fc.constant({ rule: "between" as const }),
    ),
    quoteIn: fc.oneof(fc.bigInt(1n, 10n ** 9n), fc.bigInt(WAD, 20_000n * WAD)),
    // mining.whaleExit.atFraction in ppb: absent (after the period only), a tiny fraction (the exit
    // is clamped to the next block), anywhere in the period, or its very end.
    atFraction: fc.option(fc.oneof(fc.bigInt(1n, 1_000n), fc.bigInt(1n, PPB), fc.constant(PPB)), { nil: undefined }),
  });

  it("should decide, withdraw, burn and price the exit as the contracts and the pair do", async function () {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const s = await loadFixture(fixture);
        // A whale's LP burns to something on both sides (a dust burn reverts on the pair and in the model).
        const lps = sc.lps.map((lp, i) => (i < sc.whales && lp < WAD ? lp + WAD : lp));
        const caps = { cap: sc.cap, slope: sc.slope, unverifiedCap: sc.unverifiedCap };
        await (await s.farm.connect(s.governor).setCaps(caps.cap, caps.slope, caps.unverifiedCap)).wait();
        const stakers: PeriodStaker[] = [];
        for (const [i, u] of s.users.entries()) {
          const [identity] = await s.registry.bindingOf(u.address);
          stakers.push({ account: u.address, lp: lps[i], identity });
          await (await s.farm.connect(u).stake(lps[i])).wait();
          await (await s.baseline.connect(u).stake(lps[i])).wait();
        }
        await (await s.farm.notifyRewardAmount(sc.reward)).wait();
        await (await s.baseline.notifyRewardAmount(sc.reward)).wait();
        if (sc.atFraction !== undefined)
          await expectMidPeriodExit(s, stakers, sc.whales, caps, sc.reward, sc.atFraction, sc.rule, sc.quoteIn);
        const duration = await s.farm.rewardsDuration();
        await time.increase(duration + 1n);
        const paid = { capped: [] as bigint[], uniswap: [] as bigint[] };
        for (const u of s.users) {
          const f = await (await s.farm.connect(u).getReward()).wait();
          paid.capped.push(f === null ? -1n : paidIn(f, s.farm.interface, await s.farm.getAddress()));
          const b = await (await s.baseline.connect(u).getReward()).wait();
          paid.uniswap.push(b === null ? -1n : paidIn(b, s.baseline.interface, await s.baseline.getAddress()));
        }
        const period = rewardPeriod({ stakers, caps, reward: sc.reward, duration });
        expect(paid).to.deep.equal({ capped: period.capped, uniswap: period.uniswap });

        const start = await poolOnChain(s);
        const zero = await tokenIsToken0(s);
        const whales = s.users.slice(0, sc.whales);
        const farms = [
          { id: "capped", rewards: period.capped, model: period.farm },
          { id: "uniswap", rewards: period.uniswap, model: period.baseline },
        ] as const;
        const aprs = whales.map((_, i) => lpAprPpb(period.capped[i], lps[i], start, duration));
        const rule = resolveRule(sc.rule, aprs);
        for (const f of farms) {
          const pair = new PairModel();
          const [seedToken, seedQuote] = [100_000_000n * WAD, 100_000n * WAD];
          pair.mint(s.deployer.address, zero ? seedToken : seedQuote, zero ? seedQuote : seedToken);
          const candidates = whales.map((w, i) => ({ account: w.address, lp: lps[i], reward: f.rewards[i] }));
          const expected = exitFarm(f.model, pair, zero, s.deployer.address, candidates, rule, duration, period.now);
          expect([expected.after.reserveToken, expected.after.reserveQuote]).to.not.deep.equal([0n, 0n]);

          const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
          const chainAprs = whales.map((_, i) => lpAprPpb(f.rewards[i], lps[i], start, duration));
          const leavers = whales.filter((_, i) => leaves(rule, chainAprs[i]));
          const burnt = await exitAndBurn(
            s,
            (l) => (f.id === "capped" ? s.farm.connect(l).exit() : s.baseline.connect(l).exit()),
            leavers,
          );
          const after = await poolOnChain(s);
          const totals =
            f.id === "capped"
              ? [await s.farm.totalSupply(), await s.farm.totalEffectiveSupply()]
              : [await s.baseline.totalSupply(), await s.baseline.totalSupply()];
          const balances = await Promise.all(
            whales.map((w) => (f.id === "capped" ? s.farm.balanceOf(w.address) : s.baseline.balanceOf(w.address))),
          );
          const swapOut = await retailSwapOnChain(s, sc.quoteIn);
          await hre.network.provider.send("evm_revert", [snapshot]);

          const m = f.model;
          expect({
            aprs: chainAprs,
            left: whales.map((_, i) => leaves(rule, chainAprs[i])),
            burnt,
            after,
          }).to.deep.equal(
            { aprs: expected.aprPpb, left: expected.left, burnt: expected.burnt, after: expected.after },
            `${f.id}: exit`,
          );
          const modelTotals =
            m instanceof StakingRewardsModel ? [m.totalSupply, m.totalSupply] : [m.totalStaked, m.totalEffective];
          const modelBalances = whales.map((w) =>
            m instanceof StakingRewardsModel ? m.balanceOf(w.address) : m.position(w.address).balance,
          );
          expect({ totals, balances, swapOut }).to.deep.equal(
            { totals: modelTotals, balances: modelBalances, swapOut: retailSwap(expected.after, sc.quoteIn).tokensOut },
            `${f.id}: after the exit`,
          );
        }
      }),
      fcOptions(),
    );
  });
});
