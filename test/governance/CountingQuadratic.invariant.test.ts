import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { solidityPacked } from "ethers";
import TokenModule from "../../deploy/modules/Token";
import { CounterweightGovernor__factory, CounterweightToken__factory } from "../../typechain-types";
import { deployRegistryForSimulation, registerAgents } from "../../sim/chain/identity";
import { asGovernor, propose, startVoting } from "../../sim/chain/governor";

const AGENTS = 8;
const E18 = 10n ** 18n;
const COOLDOWN = 60;

function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
}

type Action =
  | { kind: "transfer"; from: number; to: number; percent: number }
  | { kind: "delegate"; from: number; to: number }
  | { kind: "rotate"; from: number; to: number }
  | { kind: "revoke"; who: number }
  | { kind: "sync"; who: number }
  | { kind: "wait" };

const who = fc.nat(AGENTS - 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("transfer" as const),
      from: who,
      to: who,
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delegate" as const), from: who, to: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rotate" as const), from: who, to: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("sync" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const) }) },
);
/** How an agent votes: nominal (support 0..2) or split in thousandths of its weight, once or twice. */
const ballot = fc.record({
  split: fc.boolean(),
  support: fc.nat(2),
  parts: fc.array(fc.tuple(fc.nat(600), fc.nat(600), fc.nat(600)), { minLength: 1, maxLength: 2 }),
});

/**
 * Model of the token "as synced". Each account has a balance, a delegate and a CACHED identity:
 * the identity the registry counted for it (bindingOf) at its last sync, cleared when a later sync
 * of another account takes the same identity, or of an account that holds it in a rotation cooldown. At every timepoint a delegate's quadratic votes are
 * Σ isqrt(balance) over the accounts with a cached identity that delegate to it, its identities
 * their number, its linear votes Σ balance over all accounts delegating to it. A proposal tallies,
 * for each delegate that votes, exactly those figures at the snapshot, and seats its n identities
 * for the quorum in proportion to the weight W it cast For or Abstain, cumulatively and rounded up:
 * ⌈n · (For + Abstain) / W⌉ (a zero-weight voter: n for a nominal For/Abstain vote); since each
 * identity is cached on at most one account and each account has one delegate, no identity is
 * counted twice in a proposal. A split of 0 + 0 + 0 is refused.
 */
describe("Quadratic delegation invariant (token Σ√ and governor tally)", function () {
  async function base() {
    const signers = await hre.ethers.getSigners();
    const [deployer] = signers;
    const agents = signers.slice(1, 1 + AGENTS);
    const d = await hre.ignition.deploy(TokenModule, { parameters: { Token: { timelockMinDelay: 60 } } });
    const token = CounterweightToken__factory.connect(await d.token.getAddress(), deployer);
    const registry = await deployRegistryForSimulation(hre, deployer, COOLDOWN);
    await token.wireIdentityRegistry(await registry.getAddress());
    const governor = await new CounterweightGovernor__factory(deployer).deploy(
      await token.getAddress(),
      await registry.getAddress(),
      await d.timelock.getAddress(),
      {
        votingDelay: 10n,
        votingPeriod: 100_000n,
        proposalThreshold: 0n,
        quorumIdentities: 1n,
        lateQuorumExtension: 0n,
      },
    );
    return { deployer, agents, token, registry, governor };
  }

  it("should tally for each delegate Σ isqrt over the distinct synced identities delegating to it at the snapshot", async function () {
    const scenario = fc.record({
      balances: fc.array(fc.bigInt({ min: 0n, max: 5_000_000n * E18 }), { minLength: AGENTS, maxLength: AGENTS }),
      verified: fc.array(fc.boolean(), { minLength: AGENTS, maxLength: AGENTS }),
      delegates: fc.array(fc.option(who, { nil: undefined }), { minLength: AGENTS, maxLength: AGENTS }),
      before: fc.array(action, { maxLength: 14 }),
      after: fc.array(action, { maxLength: 4 }),
      ballots: fc.array(ballot, { minLength: AGENTS, maxLength: AGENTS }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ balances, verified, delegates, before, after, ballots }) => {
        const { deployer, agents, token, registry, governor } = await loadFixture(base);
        const bal = [...balances];
        const del: (number | undefined)[] = [...delegates];
        const cached: bigint[] = agents.map(() => 0n);
        const contributor = new Map<bigint, number>();
        for (const [i, a] of agents.entries()) {
          if (bal[i] > 0n) await token.transfer(a.address, bal[i]);
          const d = del[i];
          if (d !== undefined) await token.connect(a).delegate(agents[d].address);
        }
        const registered = await registerAgents(
          registry,
          deployer,
          agents.filter((_, i) => verified[i]),
          `inv-${run}`,
        );
        const held = agents.map((a) => registered.get(a.address) ?? 0n); // identity bound in the registry
        const everHeld = held.map((h) => h !== 0n);

        const apply = async (a: Action) => {
          switch (a.kind) {
            case "transfer": {
              const amount = (bal[a.from] * BigInt(a.percent)) / 100n;
              await token.connect(agents[a.from]).transfer(agents[a.to].address, amount);
              bal[a.from] -= amount;
              bal[a.to] += amount;
              return;
            }
            case "delegate":
              await token.connect(agents[a.from]).delegate(agents[a.to].address);
              del[a.from] = a.to;
              return;
            case "rotate":
              if (held[a.from] === 0n || everHeld[a.to] || a.from === a.to) return;
              await registry.connect(agents[a.from]).proposeRotation(agents[a.to].address);
              await registry.connect(agents[a.to]).acceptRotation(held[a.from]);
              held[a.to] = held[a.from];
              held[a.from] = 0n;
              everHeld[a.to] = true;
              return;
            case "revoke":
              if (held[a.who] === 0n) return;
              await registry.revokeIdentity(held[a.who]);
              held[a.who] = 0n;
              return;
            case "wait":
              await time.increase(COOLDOWN / 2 + 1);
              return;
            case "sync": {
              const [counted] = await registry.bindingOf(agents[a.who].address);
              const holds = await registry.identityOf(agents[a.who].address); // counted or not
              await token.sync(agents[a.who].address);
              // One contribution per human (here each humanId has one identity): an account HOLDING
              // an identity that does not count yet (in its rotation cooldown) ends that identity's
              // contribution through its old account.
              if (counted === 0n && holds !== 0n && holds !== cached[a.who]) {
                const previous = contributor.get(holds);
                if (previous !== undefined) {
                  cached[previous] = 0n;
                  contributor.delete(holds);
                }
              }
              if (counted === cached[a.who]) return;
              if (cached[a.who] !== 0n) contributor.delete(cached[a.who]);
              if (counted !== 0n) {
                const previous = contributor.get(counted);
                if (previous !== undefined) cached[previous] = 0n;
                contributor.set(counted, a.who);
              }
              cached[a.who] = counted;
              return;
            }
          }
        };
        const power = (d: number) => {
          let linear = 0n;
          let root = 0n;
          let count = 0n;
          for (let i = 0; i < AGENTS; i++) {
            if (del[i] !== d) continue;
            linear += bal[i];
            if (cached[i] !== 0n) {
              root += isqrt(bal[i]);
              count += 1n;
            }
          }
          return { linear, root, count };
        };

        for (const a of before) await apply(a);
        for (let d = 0; d < AGENTS; d++) {
          const m = power(d);
          const address = agents[d].address;
          expect(await token.getVotes(address)).to.equal(m.linear);
          expect(await token.getQuadraticVotes(address)).to.equal(m.root);
          expect(await token.getDelegatedIdentities(address)).to.equal(m.count);
        }
        const distinct = new Set(cached.filter((c) => c !== 0n));
        expect(distinct.size).to.equal(cached.filter((c) => c !== 0n).length);
        for (const [i, c] of cached.entries()) {
          if (c !== 0n) expect(await token.contributorOf(c)).to.equal(agents[i].address);
        }

        const gov = asGovernor(await governor.getAddress(), deployer);
        const id = await propose(hre, gov, deployer, {
          targets: [await governor.getAddress()],
          values: [0n],
          calldatas: [governor.interface.encodeFunctionData("setQuorumIdentities", [2n])],
          description: `invariant run ${run++}`,
        });
        const atSnapshot = agents.map((_, d) => power(d));
        await startVoting(hre, gov, id);
        for (const a of after) await apply(a); // moves after the snapshot change nothing below

        const tally = [0n, 0n, 0n];
        let quorumCount = 0n;
        for (const [d, b] of ballots.entries()) {
          const { root, count } = atSnapshot[d];
          const g = governor.connect(agents[d]);
          if (count === 0n) {
            await expect(g.castVote(id, b.support)).to.be.revertedWithCustomError(
              governor,
              "GovernanceUnverifiedVoter",
            );
            continue;
          }
          let used = 0n;
          let voted = false;
          let towards = 0n; // For + Abstain weight cast so far
          let nominalTowards = false;
          if (!b.split) {
            await g.castVote(id, b.support);
            tally[b.support] += root;
            nominalTowards = b.support !== 0;
            if (nominalTowards) towards = root;
          } else {
            for (const [against, forW, abstain] of b.parts) {
              const part = [
                (root * BigInt(against)) / 1000n,
                (root * BigInt(forW)) / 1000n,
                (root * BigInt(abstain)) / 1000n,
              ];
              const sum = part[0] + part[1] + part[2];
              const params = solidityPacked(["uint128", "uint128", "uint128"], part);
              const call = g.castVoteWithReasonAndParams(id, 255, "", params);
              if (voted && used === root) {
                await expect(call).to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote");
                continue;
              }
              if (sum === 0n) {
                await expect(call).to.be.revertedWithCustomError(governor, "GovernorInvalidVoteParams");
                continue;
              }
              if (used + sum > root) {
                await expect(call).to.be.revertedWithCustomError(governor, "GovernorExceedRemainingWeight");
                continue;
              }
              await call;
              voted = true;
              used += sum;
              for (let k = 0; k < 3; k++) tally[k] += part[k];
              towards += part[1] + part[2];
            }
          }
          const seats = root === 0n ? (nominalTowards ? count : 0n) : (count * towards + root - 1n) / root;
          quorumCount += seats;
          expect(await governor.quorumSeats(id, agents[d].address)).to.deep.equal([seats, towards]);
          expect(await governor.usedVotes(id, agents[d].address)).to.equal(b.split ? used : root);
          expect(await governor.hasVoted(id, agents[d].address)).to.equal(b.split ? voted : true);
        }
        expect(await governor.proposalVotes(id)).to.deep.equal(tally);
        expect(await governor.proposalQuorumIdentities(id)).to.equal(quorumCount);
        // no identity counted twice: the quorum never exceeds the distinct identities cached at the snapshot
        expect(quorumCount <= BigInt(atSnapshot.reduce((n, p) => n + Number(p.count), 0))).to.equal(true);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 12), seed: 181818 },
    );
  });
});
