import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { registerAgents } from "../../sim/chain/identity";
import { rotateIdentity } from "../../sim/chain/mining";
import type { FarmCaps } from "../../sim/chain/mining";
import { CappedStakingRewards__factory, TestDecimalsERC20__factory } from "../../typechain-types";
import type { CappedStakingRewards, IERC20 } from "../../typechain-types";
import { BASELINE_DURATION, CAPS, WAD, curve, miningFixture, type MiningFixture } from "./fixtures";

const AGENTS = 10;
const RUNS = Number(process.env.FC_RUNS ?? 15);
/** Curves the timelock may switch to mid-run (existing positions follow when poked). */
const CAP_SETS: FarmCaps[] = [
  CAPS,
  { cap: 500n * WAD, slope: 0n, unverifiedCap: 50n * WAD },
  { cap: 2_000n * WAD, slope: WAD / 2n, unverifiedCap: 1n },
];

type Action =
  | { kind: "stake"; agent: number; amount: bigint }
  | { kind: "withdraw"; agent: number; fraction: number }
  | { kind: "claim"; agent: number }
  | { kind: "exit"; agent: number }
  | { kind: "notify"; size: "full" | "one" | "odd" }
  | { kind: "poke"; agent: number }
  | { kind: "pokeEveryBlock"; agent: number; blocks: number }
  | { kind: "setCaps"; set: number }
  | { kind: "rotate"; from: number; to: number }
  | { kind: "wait"; seconds: number };

const agent = fc.integer({ min: 0, max: AGENTS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("stake" as const),
      agent,
      amount: fc.bigInt({ min: 1n, max: 3_000n * WAD }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("withdraw" as const),
      agent,
      fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("claim" as const), agent }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("exit" as const), agent }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("notify" as const),
      size: fc.constantFrom("full" as const, "one" as const, "odd" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("poke" as const), agent }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("pokeEveryBlock" as const),
      agent,
      blocks: fc.integer({ min: 2, max: 8 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setCaps" as const),
      set: fc.integer({ min: 0, max: CAP_SETS.length - 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("rotate" as const), from: agent, to: agent }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 40 * 86_400 }) }),
  },
);

/** A farm under test, the token it pays (its balances are what stakers were paid) and one whole token in wei. */
interface FarmUnderTest {
  farm: CappedStakingRewards;
  rewardToken: Pick<IERC20, "balanceOf">;
  unit: bigint;
}

/** Agents 0–5 register in the real IdentityRegistry; 6–9 have no identity until one rotates to them.
 * Two farms on the same LP token, both with the timelock as admin: the Farm module's, paying the
 * 18-decimal CounterweightToken, and one paying a 6-decimal token. One fixture (one snapshot), so
 * every sequence starts from the same state whichever farm it runs on. */
async function propertyFixture(): Promise<MiningFixture & { farms: Record<"cwt" | "six", FarmUnderTest> }> {
  const f = await miningFixture(CAPS, AGENTS);
  await registerAgents(f.registry, f.governor, f.users.slice(0, 6), "mining-property");
  const reward = await new TestDecimalsERC20__factory(f.deployer).deploy("USD", "USD", 6);
  const six = await new CappedStakingRewards__factory(f.deployer).deploy(
    f.governor.address,
    f.deployer.address,
    await reward.getAddress(),
    await f.pool.pair.getAddress(),
    f.registry,
    BASELINE_DURATION,
    CAPS,
  );
  await reward.mint(await six.getAddress(), 10n ** 18n);
  for (const u of f.users) await f.pool.pair.connect(u).approve(await six.getAddress(), hre.ethers.MaxUint256);
  return {
    ...f,
    farms: {
      cwt: { farm: f.farm, rewardToken: f.token, unit: WAD },
      six: { farm: six, rewardToken: reward, unit: 10n ** 6n },
    },
  };
}

describe("CappedStakingRewards invariants (fast-check)", function () {
  it("should conserve rewards to the wei, respect caps and keep every stake withdrawable", async function () {
    // `npm run test:long` runs 300 sequences of up to 30 actions (pokes every block included).
    this.timeout(Math.max(600_000, RUNS * 4_000));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(action, { minLength: 5, maxLength: 30 }), async (six, actions) => {
        const fixture = await loadFixture(propertyFixture);
        const f = { ...fixture, ...fixture.farms[six ? "six" : "cwt"] };
        const farm = f.farm;
        const notify = { full: 1_000n * f.unit, one: 1n, odd: 7n * f.unit + 12_345n };
        let caps = CAPS;
        let capsChanged = false; // even back to CAPS: positions keep the curve they were stored under
        let funded = 0n;
        let updates = 0n;
        // Accounts settled (each floors its share once, < 1 wei): a stake or poke may also evict.
        let settlements = 0n;
        let maxTotalEffective = 0n;
        for (const a of actions) {
          switch (a.kind) {
            case "stake": {
              await farm.connect(f.users[a.agent]).stake(a.amount);
              settlements += 2n;
              break;
            }
            case "withdraw": {
              const bal = await farm.balanceOf(f.users[a.agent].address);
              const amount = (bal * BigInt(Math.round(a.fraction * 1e6))) / 1_000_000n;
              if (amount > 0n) await farm.connect(f.users[a.agent]).withdraw(amount);
              settlements += 1n;
              break;
            }
            case "claim":
              await farm.connect(f.users[a.agent]).getReward();
              settlements += 1n;
              break;
            case "exit":
              await farm.connect(f.users[a.agent]).exit();
              settlements += 1n;
              break;
            case "notify":
              await farm.notifyRewardAmount(notify[a.size]);
              funded += notify[a.size];
              break;
            case "poke":
              await farm.poke(f.users[a.agent].address);
              settlements += 2n;
              break;
            case "pokeEveryBlock":
              // One block per poke: the rounding attack of issue 13, at the finest grain there is.
              for (let i = 0; i < a.blocks; i++) await farm.poke(f.users[a.agent].address);
              settlements += 2n * BigInt(a.blocks);
              updates += BigInt(a.blocks) - 1n;
              break;
            case "setCaps":
              caps = CAP_SETS[a.set];
              capsChanged = true;
              await farm.connect(f.governor).setCaps(caps.cap, caps.slope, caps.unverifiedCap);
              break;
            case "rotate": {
              // Two-step key rotation, only where the registry allows it (holder → identity-less account).
              const from = f.users[a.from];
              const to = f.users[a.to];
              const fromId = await f.registry.identityOf(from.address);
              if (a.from !== a.to && fromId !== 0n && (await f.registry.identityOf(to.address)) === 0n) {
                await rotateIdentity(f, from, to);
              }
              updates -= 1n;
              break;
            }
            case "wait":
              await time.increase(a.seconds);
              updates -= 1n;
              break;
          }
          updates += 1n;
          const te = await farm.totalEffectiveSupply();
          if (te > maxTotalEffective) maxTotalEffective = te;
        }
        // Brings the accumulator and the carry up to now and, after a cap change, every open
        // position onto the current curve (an empty one earns nothing on any curve).
        const toPoke = [f.users[0]];
        if (capsChanged) {
          for (const u of f.users.slice(1)) if ((await farm.balanceOf(u.address)) > 0n) toPoke.push(u);
        }
        for (const u of toPoke) await farm.poke(u.address);
        settlements += 2n * BigInt(toPoke.length);
        updates += BigInt(toPoke.length) - 1n;

        // Σ effective is exact; no effective balance above its curve; an identity credited once.
        let sumEffective = 0n;
        let sumStake = 0n;
        const credited = new Set<bigint>();
        for (const u of f.users) {
          const stake = await farm.balanceOf(u.address);
          const eff = await farm.effectiveBalanceOf(u.address);
          const id = await farm.creditedIdentityOf(u.address);
          const bound = id === 0n ? curve(stake, caps.unverifiedCap, 0n) : curve(stake, caps.cap, caps.slope);
          expect(eff).to.equal(bound);
          if (id !== 0n) {
            expect(credited.has(id)).to.equal(false);
            credited.add(id);
          }
          sumEffective += eff;
          sumStake += stake;
        }
        expect(await farm.totalEffectiveSupply()).to.equal(sumEffective);
        expect(await farm.totalSupply()).to.equal(sumStake);

        // Reward conservation: paid + owed + carried + still to stream = funded, minus dust.
        let paid = 0n;
        let owed = 0n;
        for (const u of f.users) {
          paid += await f.rewardToken.balanceOf(u.address);
          owed += await farm.earned(u.address);
        }
        const now = BigInt(await time.latest());
        expect(await farm.lastUpdateTime()).to.equal(BigInt(await farm.lastTimeRewardApplicable()));
        const finish = await farm.periodFinish();
        const future = finish > now ? (finish - now) * (await farm.rewardRate()) : 0n;
        const carried = await farm.undistributedRewards();
        expect(paid + owed).to.be.lte(funded);
        // What the farm counts as promised is exactly what was notified and not yet paid, and its
        // reward balance covers it.
        expect(await farm.rewardsOutstanding()).to.equal(funded - paid);
        expect(await f.rewardToken.balanceOf(await farm.getAddress())).to.be.gte(funded - paid);
        const dust = funded - paid - owed - carried - future;
        // Each accumulator update floors away < totalEffective / 1e18 + 1 wei; each settlement < 1 wei per agent.
        const bound = (updates + 1n) * (maxTotalEffective / WAD + 1n + BigInt(AGENTS));
        expect(dust >= 0n && dust <= bound, `dust ${dust} outside [0, ${bound}]`).to.equal(true);
        // Exactly (docs/design.md): notified = paid + owed + carried + to stream + remainder / 1e18 +
        // floors, where the only floors left are one per settlement and one per `earned` view, each < 1 wei.
        const floors = dust * WAD - (await farm.accumulatorRemainder());
        const floorBound = (settlements + BigInt(AGENTS)) * WAD;
        expect(floors >= 0n && floors < floorBound, `floors ${floors} outside [0, ${floorBound})`).to.equal(true);

        // Every stake is withdrawable.
        for (const u of f.users) {
          const stake = await farm.balanceOf(u.address);
          const before = await f.pool.pair.balanceOf(u.address);
          if (stake > 0n) await farm.connect(u).exit();
          expect(await f.pool.pair.balanceOf(u.address)).to.equal(before + stake);
        }
        expect(await f.pool.pair.balanceOf(await farm.getAddress())).to.equal(0n);
      }),
      { numRuns: RUNS, seed: 20261123 },
    );
  });
});
