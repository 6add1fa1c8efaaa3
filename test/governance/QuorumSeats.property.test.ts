import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { solidityPacked } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CounterweightGovernor__factory } from "../../typechain-types";
import { asGovernor, propose, startVoting } from "../../sim/chain/governor";
import { BALANCES, E18, deployStack } from "./fixtures";

const FRACTIONAL = 255;
const iface = CounterweightGovernor__factory.createInterface();

/**
 * Quorum seats over random partial-call sequences: after every call, each voter's seats equal
 * ⌈n · (For + Abstain cast so far) / W⌉ (n identities carried at the snapshot, W its √ weight;
 * a zero-weight voter: n for a nominal For/Abstain vote), never exceed n, and the proposal's
 * quorum count is their sum. Three voters: a delegate of 5 identities, a plain voter (n = 1) and
 * an identity holding no tokens (W = 0).
 */
describe("Quorum seats of partial votes (property)", function () {
  async function seatsFixture() {
    const s = await deployStack();
    for (const v of s.voters.slice(4)) await s.token.connect(v).delegate(s.voters[3].address);
    await s.token.connect(s.voters[2]).transfer(s.voters[0].address, BALANCES[2] * E18);
    const gov = asGovernor(await s.governor.getAddress(), s.voters[0]);
    const id = await propose(hre, gov, s.voters[0], {
      targets: [await s.governor.getAddress()],
      values: [0n],
      calldatas: [iface.encodeFunctionData("setQuorumIdentities", [4n])],
      description: "quorum seats property",
    });
    await startVoting(hre, gov, id);
    const snapshot = await s.governor.proposalSnapshot(id);
    const voters = [s.voters[3], s.voters[1], s.voters[2]];
    const power = await Promise.all(voters.map((v) => s.token.getPastQuadraticPower(v.address, snapshot)));
    return { ...s, id, voters, power };
  }

  const ballot = fc.oneof(
    fc.record({ nominal: fc.constantFrom(0, 1, 2) }),
    fc.record({ units: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)) }), // slivers of a few √-units
    fc.record({ permille: fc.tuple(fc.nat(400), fc.nat(400), fc.nat(400)) }), // shares of W
  );
  const call = fc.record({ voter: fc.nat(2), ballot });

  it("seats = ⌈n · (For + Abstain) / W⌉ ≤ n after every call, and the quorum count is their sum", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 8 }), async (calls) => {
        const { governor, id, voters, power } = await loadFixture(seatsFixture);
        const [[w0, n0], [w1, n1], [w2, n2]] = power;
        expect([n0, n1, n2, w2]).to.deep.equal([5n, 1n, 1n, 0n]);
        expect(w0 > 0n && w1 > 0n).to.equal(true);
        const model = power.map(([W, n]) => ({ W, n, used: 0n, voted: false, towards: 0n, nominal: false }));
        const seatsOf = (m: (typeof model)[number]) =>
          m.W === 0n ? (m.nominal ? m.n : 0n) : (m.n * m.towards + m.W - 1n) / m.W;
        for (const c of calls) {
          const m = model[c.voter];
          const g = governor.connect(voters[c.voter]);
          const remaining = m.W - m.used;
          const spent = m.voted && remaining === 0n;
          if ("nominal" in c.ballot) {
            const support = c.ballot.nominal;
            const tx = g.castVote(id, support);
            if (spent) {
              await expect(tx).to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote");
              continue;
            }
            await tx;
            if (support !== 0) {
              m.towards += remaining;
              m.nominal = true;
            }
            m.used = m.W;
            m.voted = true;
          } else {
            const parts =
              "units" in c.ballot
                ? c.ballot.units.map(BigInt)
                : c.ballot.permille.map((p) => (m.W * BigInt(p)) / 1000n);
            const sum = parts[0] + parts[1] + parts[2];
            const params = solidityPacked(["uint128", "uint128", "uint128"], parts);
            const tx = g.castVoteWithReasonAndParams(id, FRACTIONAL, "", params);
            if (spent) await expect(tx).to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote");
            else if (sum === 0n) await expect(tx).to.be.revertedWithCustomError(governor, "GovernorInvalidVoteParams");
            else if (sum > remaining)
              await expect(tx).to.be.revertedWithCustomError(governor, "GovernorExceedRemainingWeight");
            else {
              await tx;
              m.used += sum;
              m.towards += parts[1] + parts[2];
              m.voted = true;
            }
          }
          const seats = seatsOf(m);
          expect(seats <= m.n).to.equal(true);
          expect(await governor.quorumSeats(id, voters[c.voter].address)).to.deep.equal([seats, m.towards]);
          expect(await governor.hasVoted(id, voters[c.voter].address)).to.equal(m.voted);
          expect(await governor.proposalQuorumIdentities(id)).to.equal(model.reduce((a, v) => a + seatsOf(v), 0n));
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 15), seed: 1818 },
    );
  });
});
