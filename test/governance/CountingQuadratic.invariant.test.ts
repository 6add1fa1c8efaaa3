import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import TokenModule from "../../deploy/modules/Token";
import { CounterweightGovernor__factory, CounterweightToken__factory } from "../../typechain-types";
import { deployRegistryForSimulation, registerAgents } from "../../sim/chain/identity";
import { asGovernor, propose, startVoting } from "../../sim/chain/governor";

const AGENTS = 10;
const E18 = 10n ** 18n;

function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
}

type Action = { kind: "vote"; who: number; support: number } | { kind: "rotate"; from: number; to: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("vote" as const), who: fc.nat(AGENTS - 1), support: fc.nat(2) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("rotate" as const), from: fc.nat(AGENTS - 1), to: fc.nat(AGENTS - 1) }),
  },
);

describe("GovernorCountingQuadratic invariant", function () {
  async function base() {
    const signers = await hre.ethers.getSigners();
    const [deployer] = signers;
    const agents = signers.slice(1, 1 + AGENTS);
    const d = await hre.ignition.deploy(TokenModule, { parameters: { Token: { timelockMinDelay: 60 } } });
    const token = CounterweightToken__factory.connect(await d.token.getAddress(), deployer);
    const registry = await deployRegistryForSimulation(hre, deployer);
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
    for (const a of agents) await token.connect(a).delegate(a.address);
    return { deployer, agents, token, registry, governor };
  }

  it("should tally Σ√(snapshot votes) over distinct voting identities, whatever the votes and rotations", async function () {
    const population = fc.record({
      balances: fc.array(fc.bigInt({ min: 0n, max: 5_000_000n * E18 }), { minLength: AGENTS, maxLength: AGENTS }),
      verified: fc.array(fc.boolean(), { minLength: AGENTS, maxLength: AGENTS }),
      before: fc.array(action, { maxLength: 4 }),
      after: fc.array(action, { minLength: 1, maxLength: 30 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(population, async ({ balances, verified, before, after }) => {
        const { deployer, agents, token, registry, governor } = await loadFixture(base);
        for (const [i, a] of agents.entries()) {
          if (balances[i] > 0n) await token.transfer(a.address, balances[i]);
        }
        const registered = await registerAgents(
          registry,
          deployer,
          agents.filter((_, i) => verified[i]),
          "invariant",
        );
        const ids = agents.map((a) => registered.get(a.address) ?? 0n);
        // Two-step key rotation; the registry only lets an account without identity accept one.
        const rotate = async (from: number, to: number) => {
          if (ids[from] === 0n || ids[to] !== 0n) return;
          await registry.connect(agents[from]).proposeRotation(agents[to].address);
          await registry.connect(agents[to]).acceptRotation(ids[from]);
          ids[to] = ids[from];
          ids[from] = 0n;
        };
        for (const a of before) if (a.kind === "rotate") await rotate(a.from, a.to);
        const snapshotIds = [...ids];

        const gov = asGovernor(await governor.getAddress(), deployer);
        const id = await propose(hre, gov, deployer, {
          targets: [await governor.getAddress()],
          values: [0n],
          calldatas: [governor.interface.encodeFunctionData("setQuorumIdentities", [2n])],
          description: `invariant run ${run++}`,
        });
        await startVoting(hre, gov, id);

        const voted = new Set<bigint>();
        const tally = [0n, 0n, 0n];
        let quorumCount = 0n;
        for (const a of after) {
          if (a.kind === "rotate") {
            await rotate(a.from, a.to);
            continue;
          }
          const identity = snapshotIds[a.who];
          const tx = governor.connect(agents[a.who]).castVote(id, a.support);
          if (identity === 0n) {
            await expect(tx).to.be.revertedWithCustomError(governor, "GovernanceUnverifiedVoter");
          } else if (voted.has(identity)) {
            await expect(tx).to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote");
          } else {
            await tx;
            voted.add(identity);
            tally[a.support] += isqrt(balances[a.who]);
            if (a.support !== 0) quorumCount += 1n;
          }
        }
        for (const [i, a] of agents.entries()) expect(await registry.identityOf(a.address)).to.equal(ids[i]);
        expect(await governor.proposalVotes(id)).to.deep.equal(tally);
        expect(await governor.proposalQuorumIdentities(id)).to.equal(quorumCount);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 15), seed: 424242 },
    );
  });
});
