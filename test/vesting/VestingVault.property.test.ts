import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ADVISOR, INVESTOR, MONTH, TEAM, deployVault } from "./fixture";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 15);
const DAY = 24n * 60n * 60n;

interface Point {
  month: number;
  day: number;
  amount: bigint;
}

type Action =
  | { kind: "create"; agent: number; amount: bigint; category: number; extraCliff: number; extraDuration: number }
  | { kind: "tranches"; agent: number; category: number; points: Point[]; fit: boolean }
  | { kind: "advance"; seconds: number }
  | { kind: "release"; pick: number }
  | { kind: "revoke"; pick: number }
  | { kind: "rotate"; pick: number; to: number };

const MINS: Record<number, [bigint, bigint]> = {
  [INVESTOR]: [12n * MONTH, 24n * MONTH],
  [TEAM]: [12n * MONTH, 36n * MONTH],
  [ADVISOR]: [6n * MONTH, 12n * MONTH],
};

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    agent: fc.integer({ min: 0, max: 7 }),
    amount: fc.oneof(fc.bigInt(1n, 1000n), fc.bigInt(1n, 10n ** 24n)),
    category: fc.integer({ min: 0, max: 2 }),
    extraCliff: fc.integer({ min: 0, max: 6 }),
    extraDuration: fc.integer({ min: 0, max: 12 }),
  }),
  fc.record({
    kind: fc.constant("tranches" as const),
    agent: fc.integer({ min: 0, max: 7 }),
    category: fc.integer({ min: 0, max: 2 }),
    points: fc.array(
      fc.record({
        month: fc.integer({ min: 0, max: 40 }),
        day: fc.integer({ min: 0, max: 29 }),
        amount: fc.oneof(fc.bigInt(1n, 1000n), fc.bigInt(1n, 10n ** 23n)),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    // fit: shaped to lie within the policy (the vault must accept it); raw: anything (the vault
    // must accept it exactly when the policy's bound holds at every tranche time).
    fit: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("advance" as const), seconds: fc.integer({ min: 1, max: Number(8n * MONTH) }) }),
  fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("revoke" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rotate" as const), pick: fc.nat(), to: fc.integer({ min: 0, max: 7 }) }),
);

/** The most a category's policy lets vest `elapsed` seconds after start: a cliff + linear bound. */
function policyBound(category: number, total: bigint, elapsed: bigint): bigint {
  const [minCliff, minDuration] = MINS[category];
  if (elapsed < minCliff) return 0n;
  if (elapsed >= minDuration) return total;
  return (total * elapsed) / minDuration;
}

/** Tranche offsets (seconds after start) and amounts from the generated points, ascending and distinct. */
function shapeTranches(category: number, points: Point[], fit: boolean): { elapsed: bigint; amount: bigint }[] {
  const [minCliff, minDuration] = MINS[category];
  let raw = points.map((p) => ({ elapsed: BigInt(p.month) * MONTH + BigInt(p.day) * DAY, amount: p.amount }));
  if (fit) {
    raw = raw.map((r) => ({ ...r, elapsed: r.elapsed < minCliff ? minCliff : r.elapsed }));
    if (raw.every((r) => r.elapsed < minDuration)) raw.push({ elapsed: minDuration, amount: 1n });
  }
  raw.sort((a, b) => (a.elapsed < b.elapsed ? -1 : a.elapsed > b.elapsed ? 1 : 0));
  const merged: { elapsed: bigint; amount: bigint }[] = [];
  for (const r of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.elapsed === r.elapsed) last.amount += r.amount;
    else merged.push({ ...r });
  }
  if (!fit) return merged;
  // Cumulative amounts capped by the bound at each time (the caps rise with time), the last one
  // the whole total; tranches left with nothing are dropped.
  const total = merged.reduce((a, r) => a + r.amount, 0n);
  let rawCum = 0n;
  let prev = 0n;
  const out: { elapsed: bigint; amount: bigint }[] = [];
  for (const [i, r] of merged.entries()) {
    rawCum += r.amount;
    const capped = bigMax(prev, bigMin(rawCum, policyBound(category, total, r.elapsed)));
    const cum = i === merged.length - 1 ? total : capped;
    if (cum > prev) out.push({ elapsed: r.elapsed, amount: cum - prev });
    prev = cum;
  }
  return out;
}

const bigMin = (a: bigint, b: bigint) => (a < b ? a : b);
const bigMax = (a: bigint, b: bigint) => (a > b ? a : b);

/** Whether a tranche schedule lies within its category's policy at every time (the vault's rule). */
function withinPolicy(category: number, tranches: { elapsed: bigint; amount: bigint }[]): boolean {
  const [minCliff, minDuration] = MINS[category];
  const total = tranches.reduce((a, r) => a + r.amount, 0n);
  if (tranches[0].elapsed < minCliff || tranches[tranches.length - 1].elapsed < minDuration) return false;
  let cum = 0n;
  for (const t of tranches) {
    cum += t.amount;
    if (cum > policyBound(category, total, t.elapsed)) return false;
  }
  return true;
}

describe("VestingVault invariants (fast-check, many agents, random action sequences)", function () {
  async function fixture() {
    const f = await deployVault();
    const agents = (await hre.ethers.getSigners()).slice(4, 12);
    return { ...f, agents };
  }

  it("should keep vesting monotone, ≤ total and ≤ the category's policy bound at every sampled time, Σ released ≤ Σ received, the vault solvent, and never revoke a vested token", async function () {
    const { vault, token, agents, deployer, timelockSigner, timelock } = await loadFixture(fixture);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: 25 }), async (actions) => {
        const ids: bigint[] = [];
        const owner = new Map<bigint, number>();
        let funded = 0n;
        let received = 0n;
        let treasuryGot = 0n;
        const vaultAddr = await vault.getAddress();
        const treasuryBefore = await token.balanceOf(timelock);
        const vaultBefore = await token.balanceOf(vaultAddr);
        /** Runs a creation and adds what the vault's balance actually grew by to `received`. */
        const receive = async (send: () => Promise<unknown>) => {
          const before = await token.balanceOf(vaultAddr);
          await send();
          received += (await token.balanceOf(vaultAddr)) - before;
        };
        for (const a of actions) {
          if (a.kind === "create") {
            const [minCliff, minDuration] = MINS[a.category];
            const cliff = minCliff + BigInt(a.extraCliff) * MONTH;
            const duration = (cliff > minDuration ? cliff : minDuration) + BigInt(a.extraDuration) * MONTH;
            const salt = hre.ethers.id(`p-${n++}`);
            const start = BigInt(await time.latest()) + 3600n;
            await receive(() =>
              vault.createSchedule({
                terms: {
                  beneficiary: agents[a.agent].address,
                  amount: a.amount,
                  category: a.category,
                  start,
                  cliff,
                  duration,
                },
                salt,
              }),
            );
            const id = await vault.directScheduleId(deployer.address, salt);
            ids.push(id);
            owner.set(id, a.agent);
            funded += a.amount;
          } else if (a.kind === "tranches") {
            const shaped = shapeTranches(a.category, a.points, a.fit);
            const ok = withinPolicy(a.category, shaped);
            if (a.fit) expect(ok, "a fitted schedule lies within the policy").to.equal(true);
            const salt = hre.ethers.id(`p-${n++}`);
            const start = BigInt(await time.latest()) + 3600n;
            const params = {
              beneficiary: agents[a.agent].address,
              category: a.category,
              start,
              tranches: shaped.map((t) => ({ time: start + t.elapsed, amount: t.amount })),
              salt,
            };
            const total = shaped.reduce((x, t) => x + t.amount, 0n);
            if (!ok) {
              // The vault refuses exactly the schedules that beat the policy somewhere.
              const err = await vault.createTrancheSchedule.staticCall(params).then(
                () => undefined,
                (e: unknown) => e as { data?: string },
              );
              expect(err, "a schedule beating the policy is refused").to.not.equal(undefined);
              const name = vault.interface.parseError(err?.data ?? "0x")?.name;
              expect(["VestingTrancheAboveBound", "VestingCliffTooShort", "VestingDurationTooShort"]).to.include(name);
            } else {
              await receive(() => vault.createTrancheSchedule(params));
              const id = await vault.directScheduleId(deployer.address, salt);
              ids.push(id);
              owner.set(id, a.agent);
              funded += total;
              for (const t of shaped) {
                for (const e of [t.elapsed - 1n, t.elapsed]) {
                  expect(await vault.vestedAmount(id, start + e)).to.be.lte(policyBound(a.category, total, e));
                }
              }
            }
          } else if (a.kind === "advance") {
            await time.increase(a.seconds);
          } else if (ids.length > 0) {
            const id = ids[a.pick % ids.length];
            const s = await vault.getSchedule(id);
            if (a.kind === "release") {
              if ((await vault.releasable(id)) > 0n) await vault.release(id);
            } else if (a.kind === "rotate") {
              await vault.connect(agents[owner.get(id) ?? 0]).transferBeneficiary(id, agents[a.to].address);
              owner.set(id, a.to);
            } else if (Number(s.category) !== INVESTOR && (Number(s.flags) & 2) === 0) {
              // Revocation never takes a vested token: vested before == what stays claimable forever.
              const now = BigInt(await time.latest()) + 1n;
              await time.setNextBlockTimestamp(now);
              const vestedBefore = await vault.vestedAmount(id, now);
              await vault.connect(timelockSigner).revoke(id);
              treasuryGot += s.total - vestedBefore;
              expect(await vault.vestedAmount(id, now + 100n * MONTH)).to.equal(vestedBefore);
              expect(await vault.releasable(id)).to.equal(vestedBefore - s.released);
            }
          }
          // Monotone and bounded at sampled times, for every schedule.
          const now = BigInt(await time.latest());
          let owed = 0n;
          let released = 0n;
          for (const id of ids) {
            const s = await vault.getSchedule(id);
            let prev = 0n;
            for (const t of [now - MONTH, now, now + MONTH, now + 12n * MONTH, now + 60n * MONTH]) {
              const v = await vault.vestedAmount(id, t);
              expect(v).to.be.gte(prev);
              expect(v).to.be.lte(s.total);
              const bound = t < s.start ? 0n : policyBound(Number(s.category), s.total, t - s.start);
              expect(v, "vested(t) ≤ the category's policy bound").to.be.lte(bound);
              prev = v;
            }
            released += s.released;
            owed += prev - s.released;
          }
          expect(received).to.equal(funded);
          expect(released).to.be.lte(received);
          // Solvency: the vault holds exactly what it still owes.
          expect((await token.balanceOf(await vault.getAddress())) - vaultBefore).to.equal(owed);
          expect((await token.balanceOf(timelock)) - treasuryBefore).to.equal(treasuryGot);
        }
      }),
      { numRuns: NUM_RUNS, seed: 6003 },
    );
  });

  describe("attacks", function () {
    it("rounding dust: releasing every few seconds never pays more than one release at the end", async function () {
      const { vault, token, alice, deployer } = await loadFixture(fixture);
      const start = BigInt(await time.latest()) + 3600n;
      const salt = hre.ethers.id("dust");
      // 7 wei over 12 months + 7 s: every step rounds down.
      const duration = 12n * MONTH + 7n;
      await vault.createSchedule({
        terms: { beneficiary: alice.address, amount: 7n, category: ADVISOR, start, cliff: 6n * MONTH, duration },
        salt,
      });
      const id = await vault.directScheduleId(deployer.address, salt);
      await time.increaseTo(start + 12n * MONTH - 2n);
      let paid = 0n;
      for (let i = 0; i < 9; i++) {
        const r = await vault.releasable(id);
        if (r > 0n) await vault.release(id);
        paid += r;
        expect(paid).to.be.lte(await vault.vestedAmount(id, BigInt(await time.latest())));
        await time.increase(1);
      }
      expect(await token.balanceOf(alice.address)).to.equal(7n);
      expect(await token.balanceOf(await vault.getAddress())).to.equal(0n);
    });

    it("vote with unvested tokens: the vault's holdings have no voting weight at any past snapshot", async function () {
      const { vault, token, alice, deployer } = await loadFixture(fixture);
      const start = BigInt(await time.latest()) + 3600n;
      await vault.createSchedule({
        terms: {
          beneficiary: alice.address,
          amount: 10n ** 24n,
          category: INVESTOR,
          start,
          cliff: 12n * MONTH,
          duration: 24n * MONTH,
        },
        salt: hre.ethers.id("v"),
      });
      await token.connect(alice).delegate(alice.address);
      const snap = BigInt(await time.latest());
      await time.increase(MONTH);
      expect(await token.getPastVotes(await vault.getAddress(), snap)).to.equal(0);
      expect(await token.getPastVotes(alice.address, snap)).to.equal(0);
      expect(await token.delegates(await vault.getAddress())).to.equal(hre.ethers.ZeroAddress);
      expect(deployer.address).to.not.equal(alice.address);
    });
  });
});
