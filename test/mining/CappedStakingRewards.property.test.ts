import { expect } from "chai";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { registerAgents } from "../../sim/chain/identity";
import { rotateIdentity } from "../../sim/chain/mining";
import { CAPS, WAD, curve, miningFixture } from "./fixtures";

const AGENTS = 10;
const NOTIFY = 1_000n * WAD;

type Action =
  | { kind: "stake"; agent: number; amount: bigint }
  | { kind: "withdraw"; agent: number; fraction: number }
  | { kind: "claim"; agent: number }
  | { kind: "exit"; agent: number }
  | { kind: "notify" }
  | { kind: "poke"; agent: number }
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
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("notify" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("poke" as const), agent }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("rotate" as const), from: agent, to: agent }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 40 * 86_400 }) }),
  },
);

/** Agents 0–5 register in the real IdentityRegistry; 6–9 have no identity until one rotates to them. */
async function propertyFixture() {
  const f = await miningFixture(CAPS, AGENTS);
  await registerAgents(f.registry, f.governor, f.users.slice(0, 6), "mining-property");
  return f;
}

describe("CappedStakingRewards invariants (fast-check)", function () {
  it("should conserve rewards, respect caps and keep every stake withdrawable", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        const f = await loadFixture(propertyFixture);
        const farm = f.farm;
        let funded = 0n;
        let updates = 0n;
        let maxTotalEffective = 0n;
        for (const a of actions) {
          switch (a.kind) {
            case "stake": {
              await farm.connect(f.users[a.agent]).stake(a.amount);
              break;
            }
            case "withdraw": {
              const bal = await farm.balanceOf(f.users[a.agent].address);
              const amount = (bal * BigInt(Math.round(a.fraction * 1e6))) / 1_000_000n;
              if (amount > 0n) await farm.connect(f.users[a.agent]).withdraw(amount);
              break;
            }
            case "claim":
              await farm.connect(f.users[a.agent]).getReward();
              break;
            case "exit":
              await farm.connect(f.users[a.agent]).exit();
              break;
            case "notify":
              await farm.notifyRewardAmount(NOTIFY);
              funded += NOTIFY;
              break;
            case "poke":
              await farm.poke(f.users[a.agent].address);
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
        await farm.poke(f.users[0].address); // brings the accumulator and the carry up to now

        // Σ effective is exact; no effective balance above its curve; an identity credited once.
        let sumEffective = 0n;
        let sumStake = 0n;
        const credited = new Set<bigint>();
        for (const u of f.users) {
          const stake = await farm.balanceOf(u.address);
          const eff = await farm.effectiveBalanceOf(u.address);
          const id = await farm.creditedIdentityOf(u.address);
          const bound = id === 0n ? curve(stake, CAPS.unverifiedCap, 0n) : curve(stake, CAPS.cap, CAPS.slope);
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
          paid += await f.token.balanceOf(u.address);
          owed += await farm.earned(u.address);
        }
        const now = BigInt(await time.latest());
        const finish = await farm.periodFinish();
        const future = finish > now ? (finish - now) * (await farm.rewardRate()) : 0n;
        const carried = await farm.undistributedRewards();
        expect(paid + owed).to.be.lte(funded);
        // What the farm counts as promised is exactly what was notified and not yet paid, and its
        // reward balance covers it.
        expect(await farm.rewardsOutstanding()).to.equal(funded - paid);
        expect(await f.token.balanceOf(await farm.getAddress())).to.be.gte(funded - paid);
        const dust = funded - paid - owed - carried - future;
        // Each accumulator update floors away < totalEffective / 1e18 + 1 wei; each settlement < 1 wei per agent.
        const bound = (updates + 1n) * (maxTotalEffective / WAD + 1n + BigInt(AGENTS));
        expect(dust >= 0n && dust <= bound, `dust ${dust} outside [0, ${bound}]`).to.equal(true);

        // Every stake is withdrawable.
        for (const u of f.users) {
          const stake = await farm.balanceOf(u.address);
          const before = await f.pool.pair.balanceOf(u.address);
          if (stake > 0n) await farm.connect(u).exit();
          expect(await f.pool.pair.balanceOf(u.address)).to.equal(before + stake);
        }
        expect(await f.pool.pair.balanceOf(await farm.getAddress())).to.equal(0n);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 15), seed: 20261123 },
    );
  });
});
