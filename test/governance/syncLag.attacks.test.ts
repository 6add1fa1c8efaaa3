/**
 * Adversarial review of quadratic delegation (issue 18) on branch qdeleg2: CounterweightToken's
 * packed checkpoints and `sync`, GovernorCountingQuadratic's delegated Σ√, split votes and
 * identity quorum, and the keeper task `cw:sync`.
 *
 * FINDING R1 (medium): identity validity at the snapshot is no longer read by anyone. The governor
 * trusts the token's sums, and the sums learn of a revocation, an expiry, a source retirement or a
 * rotation only when somebody calls `sync(account)` BEFORE the snapshot; a later sync never repairs
 * a snapshot already taken. This reopens issue 14's finding 1 (and weakens items 2 and 6) for every
 * vote, direct or delegated:
 *   - R1a re-issue under a new humanId: the human's revoked old key and its new key both vote at
 *     one snapshot, 10M split over them gives two quorum seats and √2× one identity's weight
 *     (issue 14's own reproduction), and syncing the old key after the snapshot changes nothing;
 *   - R1b expiry: an attestation's expiry is known at registration, yet after it the account keeps
 *     its seat and √, and tokens moved INTO the expired account after expiry are weighed too;
 *   - R1c source retirement: retiring a distrusted source no longer stops its identities in O(1):
 *     each of them counts until synced one by one (issue 14 item 2 asks for O(1));
 *   - R1d rotation cooldown: the seller's old key keeps the identity's seat and √ for proposals
 *     snapshotted inside the cooldown window (issue 14 item 6: "counts for no proposal snapshotted
 *     in the window"), unless someone syncs.
 * docs/governance.md ("One contribution per human") says "inside the cooldown the human counts
 * nowhere": true only once the NEW key has synced, which the buyer has no reason to do in the window
 * (R1d). A revocation landed in the block just before a snapshot cannot be synced in time by any keeper.
 * The lag is documented in docs/governance.md ("The lag, stated exactly") but nothing bounds it:
 * the party that gains never syncs, and defence depends on an off-chain keeper running within each
 * voting delay. The four tests below assert what issue 14 requires and FAIL on qdeleg2.
 * Suggested fixes (lead decides): (1) an O(1) permissionless challenge during the voting period:
 * `challenge(proposalId, account)` subtracts from the account's delegate's tally/remaining weight
 * (and its quorum seat) the contribution the account had at the snapshot when
 * `registry.identityAt(account, snapshot) == 0` (needs the token to checkpoint each contributing
 * account's √ and identity; a challenged account is marked per proposal so it subtracts once);
 * (2) at least, for the voter's OWN identity, check `identityAt(voter, snapshot)` in `_countVote`
 * when the voter contributes to itself, and cache the attestation's expiration in the contribution
 * word so the token can ignore an expired contribution at lookup (expiry is known in advance);
 * (3) operationally, make `cw:propose`/the governance runbook run `cw:sync` inside every voting
 * delay and measure the lag in the simulator as issue 18 asks. Until then the docs should say
 * plainly that issue 14 finding 1 holds only where a keeper runs.
 *
 * HELD (regression tests, passing): syncing the old key after a same-humanId re-issue takes nothing
 * from the new key (sync griefing); delegate / transfer / re-delegate inside one block keeps one
 * consistent checkpoint per delegate at that timestamp; random sequences of partial split votes
 * never exceed the delegate's Σ√ and count its identities for quorum exactly once (fast-check);
 * `cw:sync` on a contract that is not the token, or a token with no registry, sends nothing; the
 * 96/72/40-bit packed checkpoint stays exact with the whole 2^96 − 1 cap over verified holders.
 */
import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { solidityPacked } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import GovernanceModule from "../../deploy/modules/Governance";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  MockIdentityRegistry__factory,
  TimelockController__factory,
  type CounterweightGovernor,
} from "../../typechain-types";
import { isqrt } from "../../scripts/lib/isqrt";
import { agentSigners } from "../../sim/chain/accounts";
import { asGovernor, propose as proposeSim, startVoting, type ProposalCall } from "../../sim/chain/governor";
import { HUMAN_SCHEMA, attest, deployEas, encodeHumanId, human, schemaUid, signerFor } from "../identity/fixtures";
import { BALANCES, E18, MODULE_PARAMETERS, deployStack, type Stack } from "./fixtures";

const FRACTIONAL = 255;
const split = (against: bigint, forW: bigint, abstain: bigint) =>
  solidityPacked(["uint128", "uint128", "uint128"], [against, forW, abstain]);
const root = (i: number) => isqrt(BALANCES[i] * E18);

/** Governance module wired to a real local EAS; four attested voters with 10M tokens each. */
async function attestedFixture() {
  const signers = await hre.ethers.getSigners();
  const [deployer, attester] = signers;
  const voters = signers.slice(2, 6);
  const spare = signers[6];
  const eas = await deployEas(deployer);
  const schema = schemaUid(HUMAN_SCHEMA);
  const deployed = await hre.ignition.deploy(GovernanceModule, {
    parameters: { ...MODULE_PARAMETERS, Identity: { eas: await eas.getAddress(), schema } },
  });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const registry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
  const governor = CounterweightGovernor__factory.connect(await deployed.governor.getAddress(), deployer);
  const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), deployer);
  const timelockSigner = await signerFor(await timelock.getAddress());
  await (await registry.connect(timelockSigner).setAttester(attester.address, true)).wait();
  const uids: string[] = [];
  for (const [i, v] of voters.entries()) {
    await (await token.transfer(v.address, 10_000_000n * E18)).wait();
    await (await token.connect(v).delegate(v.address)).wait();
    const uid = await attest(eas, attester, { recipient: v.address, data: encodeHumanId(human(`rq-voter-${i}`)) });
    await (await registry.connect(v).registerWithAttestation(uid)).wait();
    await (await token.sync(v.address)).wait();
    uids.push(uid);
  }
  await (await token.connect(spare).delegate(spare.address)).wait();
  return { attester, voters, spare, eas, schema, token, registry, governor, timelockSigner, uids };
}
type Attested = Awaited<ReturnType<typeof attestedFixture>>;

/** Proposes from voter 0 and moves past the snapshot; returns the id and the snapshot. */
async function proposeAttested(f: Attested, description: string): Promise<{ id: bigint; snapshot: bigint }> {
  const target = await f.governor.getAddress();
  const call = f.governor.interface.encodeFunctionData("setVotingDelay", [61n]);
  await (await f.governor.connect(f.voters[0]).propose([target], [0n], [call], description)).wait();
  const id = await f.governor.getProposalId([target], [0n], [call], hre.ethers.id(description));
  const snapshot = await f.governor.proposalSnapshot(id);
  await time.increaseTo(snapshot + 1n);
  return { id, snapshot };
}

async function quorumCall(governor: CounterweightGovernor, tag: string): Promise<ProposalCall> {
  return {
    targets: [await governor.getAddress()],
    values: [0n],
    calldatas: [governor.interface.encodeFunctionData("setQuorumIdentities", [4n])],
    description: `review-qdeleg: ${tag}`,
  };
}

async function activeProposal(s: Stack, tag: string): Promise<bigint> {
  const gov = asGovernor(await s.governor.getAddress(), s.voters[0]);
  const id = await proposeSim(hre, gov, s.voters[0], await quorumCall(s.governor, tag));
  await startVoting(hre, gov, id);
  return id;
}

describe("Review: quadratic delegation (review-qdeleg)", function () {
  describe("finding R1: validity at the snapshot is not read (stale sums count)", function () {
    it("re-issue under a new humanId double count: the revoked old key and the new key share one human's vote at one snapshot", async function () {
      const f = await loadFixture(attestedFixture);
      const whale = f.voters[0];
      // Issue 14's reproduction: the attester moves a human to a new key under a NEW humanId.
      await (await f.eas.connect(f.attester).revoke({ schema: f.schema, data: { uid: f.uids[0], value: 0n } })).wait();
      const uid = await attest(f.eas, f.attester, { recipient: f.spare.address, data: encodeHumanId(human("rq-0b")) });
      await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
      await (await f.token.connect(whale).transfer(f.spare.address, 5_000_000n * E18)).wait();
      await (await f.token.sync(f.spare.address)).wait(); // the new key's holder syncs; nobody syncs the old key
      const { id, snapshot } = await proposeAttested(f, "R1a re-issue");
      expect(await f.registry.identityAt(whale.address, snapshot)).to.equal(0n); // the registry knows
      await (await f.token.sync(whale.address)).wait(); // a late sync, after the snapshot
      await (await f.governor.connect(f.spare).castVote(id, 1)).wait();
      // Issue 14: the revoked key must not vote at a snapshot after its revocation (a fixed
      // governor reverts here with GovernanceUnverifiedVoter; qdeleg2 counts it).
      await f.governor
        .connect(whale)
        .castVote(id, 1)
        .then((tx) => tx.wait())
        .catch(() => undefined);
      const [, forVotes] = await f.governor.proposalVotes(id);
      // qdeleg2: 2 seats and 2 · √5M (√2× one identity holding the 10M).
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
      expect(forVotes).to.equal(isqrt(5_000_000n * E18));
    });

    it("expired-attestation pump: tokens moved into an account after its attestation expired are weighed at a later snapshot", async function () {
      const f = await loadFixture(attestedFixture);
      const expiry = BigInt(await time.latest()) + 30n;
      const uid = await attest(f.eas, f.attester, {
        recipient: f.spare.address,
        data: encodeHumanId(human("rq-expiring")),
        expirationTime: expiry,
      });
      await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
      await (await f.token.sync(f.spare.address)).wait();
      await time.increaseTo(expiry + 10n);
      // After expiry (known since registration), a holder moves 5M into the expired account.
      await (await f.token.connect(f.voters[1]).transfer(f.spare.address, 5_000_000n * E18)).wait();
      const { id, snapshot } = await proposeAttested(f, "R1b expiry");
      expect(await f.registry.identityAt(f.spare.address, snapshot)).to.equal(0n);
      expect(await f.token.getPastQuadraticPower(f.spare.address, snapshot)).to.deep.equal([0n, 0n]);
      await expect(f.governor.connect(f.spare).castVote(id, 1)).to.be.revertedWithCustomError(
        f.governor,
        "GovernanceUnverifiedVoter",
      );
    });

    it("retired-source sybils: retiring a distrusted source stops none of its identities at the next snapshot without one sync each", async function () {
      const f = await loadFixture(attestedFixture);
      const sourceId = await f.registry.sourceOfAttester(f.attester.address);
      await (await f.registry.connect(f.timelockSigner).retireSource(sourceId)).wait();
      const { id, snapshot } = await proposeAttested(f, "R1c retired source");
      for (const v of f.voters) expect(await f.registry.identityAt(v.address, snapshot)).to.equal(0n);
      let seats = 0n;
      for (const v of f.voters) seats += await f.token.getPastDelegatedIdentities(v.address, snapshot);
      expect(seats).to.equal(0n); // issue 14 item 2: O(1), from the retirement on
      await expect(f.governor.connect(f.voters[1]).castVote(id, 1)).to.be.revertedWithCustomError(
        f.governor,
        "GovernanceUnverifiedVoter",
      );
    });

    it("cooldown bypass by the seller's key: a rotated identity still votes on its old key at a snapshot inside the cooldown", async function () {
      const s = await loadFixture(deployStack);
      await s.registry.connect(s.timelockSigner).setRotationCooldown(30n * 86_400n);
      const seller = s.voters[4];
      const [buyer] = await agentSigners(hre, 1, 31, "review-qdeleg-cooldown");
      const identity = s.identities.get(seller.address) ?? 0n;
      await s.registry.connect(seller).proposeRotation(buyer.address);
      await s.registry.connect(buyer).acceptRotation(identity);
      // The seller keeps the tokens (or buys more); nobody syncs either key.
      const id = await activeProposal(s, "R1d cooldown");
      const snapshot = await s.governor.proposalSnapshot(id);
      expect(await s.registry.identityAt(seller.address, snapshot)).to.equal(0n);
      expect(await s.registry.identityAt(buyer.address, snapshot)).to.equal(0n);
      // Issue 14 item 6: the rotated identity counts for no proposal snapshotted in the window.
      await expect(s.governor.connect(seller).castVote(id, 1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernanceUnverifiedVoter",
      );
    });
  });

  describe("attacks that hold", function () {
    it("sync griefing after a same-humanId re-issue: syncing the old key after the new one takes nothing from the new key", async function () {
      const f = await loadFixture(attestedFixture);
      const [whale, , , stranger] = f.voters;
      await (await f.eas.connect(f.attester).revoke({ schema: f.schema, data: { uid: f.uids[0], value: 0n } })).wait();
      const uid = await attest(f.eas, f.attester, {
        recipient: f.spare.address,
        data: encodeHumanId(human("rq-voter-0")),
      });
      await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
      await (await f.token.connect(whale).transfer(f.spare.address, 4_000_000n * E18)).wait();
      await time.increase(await f.registry.rotationCooldown());
      await (await f.token.sync(f.spare.address)).wait();
      const newId = await f.registry.identityOf(f.spare.address);
      expect(await f.token.contributorOf(newId)).to.equal(f.spare.address);
      const before = await f.token.getQuadraticVotes(f.spare.address);
      expect(before).to.equal(isqrt(4_000_000n * E18));
      // The attacker syncs the old key (and the new one, repeatedly): nothing changes, nothing is emitted.
      await expect(f.token.connect(stranger).sync(whale.address)).to.not.emit(f.token, "IdentitySynced");
      await expect(f.token.connect(stranger).sync(f.spare.address)).to.not.emit(f.token, "IdentitySynced");
      expect(await f.token.getQuadraticVotes(f.spare.address)).to.equal(before);
      expect(await f.token.getDelegatedIdentities(f.spare.address)).to.equal(1n);
      expect(await f.token.getDelegatedIdentities(whale.address)).to.equal(0n);
      const { id } = await proposeAttested(f, "grief after re-issue");
      await (await f.governor.connect(f.spare).castVote(id, 1)).wait();
      await expect(f.governor.connect(whale).castVote(id, 1)).to.be.revertedWithCustomError(
        f.governor,
        "GovernanceUnverifiedVoter",
      );
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
    });

    it("delegate-then-transfer-then-redelegate in one block: one consistent checkpoint per delegate at that timestamp", async function () {
      const s = await loadFixture(deployStack);
      const [a, b, d, e] = [s.voters[4], s.voters[5], s.voters[2], s.voters[1]];
      const moved = (BALANCES[4] * E18) / 4n;
      await hre.network.provider.send("evm_setAutomine", [false]);
      try {
        await s.token.connect(a).delegate(d.address, { gasLimit: 300_000n });
        await s.token.connect(a).transfer(b.address, moved, { gasLimit: 300_000n });
        await s.token.connect(a).delegate(e.address, { gasLimit: 300_000n });
        await s.token.connect(b).delegate(d.address, { gasLimit: 300_000n });
        await hre.network.provider.send("evm_mine", []);
      } finally {
        await hre.network.provider.send("evm_setAutomine", [true]);
      }
      const aBal = BALANCES[4] * E18 - moved;
      const bBal = BALANCES[5] * E18 + moved;
      expect(await s.token.getQuadraticVotes(d.address)).to.equal(root(2) + isqrt(bBal));
      expect(await s.token.getQuadraticVotes(e.address)).to.equal(root(1) + isqrt(aBal));
      expect(await s.token.getDelegatedIdentities(d.address)).to.equal(2n);
      expect(await s.token.getDelegatedIdentities(e.address)).to.equal(2n);
      expect(await s.token.getVotes(d.address)).to.equal(BALANCES[2] * E18 + bBal);
      const id = await activeProposal(s, "one block");
      const snapshot = await s.governor.proposalSnapshot(id);
      // Per delegate, one checkpoint for that timestamp (equal keys overwrite), read at the snapshot.
      const n = await s.token.numCheckpoints(d.address);
      const [t1] = await s.token.checkpoints(d.address, n - 1n);
      const [t0] = await s.token.checkpoints(d.address, n - 2n);
      expect(t1).to.be.greaterThan(t0);
      expect(await s.token.getPastQuadraticPower(d.address, snapshot)).to.deep.equal([root(2) + isqrt(bBal), 2n]);
      expect(await s.token.getPastQuadraticPower(e.address, snapshot)).to.deep.equal([root(1) + isqrt(aBal), 2n]);
      expect(await s.token.getPastQuadraticPower(a.address, snapshot)).to.deep.equal([0n, 0n]);
      expect(await s.token.getPastQuadraticPower(b.address, snapshot)).to.deep.equal([0n, 0n]);
    });

    it("split vote above weight over many partial calls (property): never more than Σ√, quorum seats counted once", async function () {
      async function delegated() {
        const s = await deployStack();
        const delegate = s.voters[3];
        for (const v of s.voters.slice(4)) await s.token.connect(v).delegate(delegate.address);
        const id = await activeProposal(s, "partial splits");
        const weight = [3, 4, 5, 6, 7].reduce((acc, i) => acc + root(i), 0n);
        return { ...s, delegate, id, weight };
      }
      const part = fc.bigInt({ min: 0n, max: 1n << 40n });
      const call = fc.record({
        against: part,
        forW: part,
        abstain: part,
        scale: fc.constantFrom(0n, 1n, 1000n, 10n ** 6n),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 5 }), async (calls) => {
          const s = await loadFixture(delegated);
          const g = s.governor.connect(s.delegate);
          let used = 0n;
          let towardsQuorum = false;
          for (const c of calls) {
            const [ag, fo, ab] = [c.against * c.scale, c.forW * c.scale, c.abstain * c.scale];
            const remaining = s.weight - used;
            const tx = g.castVoteWithReasonAndParams(s.id, FRACTIONAL, "", split(ag, fo, ab));
            if (ag + fo + ab > remaining) {
              await expect(tx)
                .to.be.revertedWithCustomError(s.governor, "GovernorExceedRemainingWeight")
                .withArgs(s.delegate.address, ag + fo + ab, remaining);
            } else if (remaining === 0n) {
              await expect(tx).to.be.revertedWithCustomError(s.governor, "GovernorAlreadyCastVote");
            } else {
              await (await tx).wait();
              used += ag + fo + ab;
              if (fo + ab > 0n) towardsQuorum = true;
            }
          }
          if (used < s.weight) {
            await (await g.castVote(s.id, 1)).wait(); // the rest, nominally
            used = s.weight;
            towardsQuorum = true;
          }
          await expect(g.castVote(s.id, 0)).to.be.revertedWithCustomError(s.governor, "GovernorAlreadyCastVote");
          const [a, f, ab] = await s.governor.proposalVotes(s.id);
          expect(a + f + ab).to.equal(s.weight);
          expect(await s.governor.usedVotes(s.id, s.delegate.address)).to.equal(s.weight);
          expect(await s.governor.proposalQuorumIdentities(s.id)).to.equal(towardsQuorum ? 5n : 0n);
        }),
        { numRuns: 12, seed: 18 },
      );
    });

    it("checkpoint packing overflow at the cap: 2^96 − 1 tokens over verified holders keep linear, Σ√ and count exact", async function () {
      const [deployer, d, b, c] = await hre.ethers.getSigners();
      const cap = (1n << 96n) - 1n;
      const token = await new CounterweightToken__factory(deployer).deploy("Max", "MAX", cap, [
        { recipient: deployer.address, amount: cap },
      ]);
      const registry = await new MockIdentityRegistry__factory(deployer).deploy();
      await registry.setVerifyAll(true);
      await token.wireIdentityRegistry(await registry.getAddress());
      for (const v of [deployer, b, c]) {
        await token.connect(v).delegate(d.address);
        await token.sync(v.address);
      }
      expect(await token.getVotes(d.address)).to.equal(cap);
      expect(await token.getQuadraticVotes(d.address)).to.equal(isqrt(cap));
      expect(await token.getDelegatedIdentities(d.address)).to.equal(3n);
      const third = cap / 3n;
      await token.transfer(b.address, third);
      await token.transfer(c.address, third);
      const [, votes, quadraticVotes, identities] = await token.checkpoints(
        d.address,
        (await token.numCheckpoints(d.address)) - 1n,
      );
      expect(votes).to.equal(cap);
      expect(quadraticVotes).to.equal(isqrt(cap - 2n * third) + 2n * isqrt(third));
      expect(identities).to.equal(3n);
    });

    it("keeper on bad input (cw:sync): a contract that is not the token, or a token with no registry, sends nothing", async function () {
      const s = await loadFixture(deployStack);
      const before = await hre.ethers.provider.getBlockNumber();
      await expect(hre.run("cw:sync", { token: await s.registry.getAddress() })).to.be.rejected;
      await expect(hre.run("cw:sync", { token: await s.token.getAddress(), fromBlock: "x1" })).to.be.rejectedWith(
        /from-block/,
      );
      await expect(hre.run("cw:sync", { token: await s.token.getAddress(), blockRange: "0" })).to.be.rejectedWith(
        /block-range/,
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
      const unwired = await new CounterweightToken__factory(s.deployer).deploy("U", "U", 1n, [
        { recipient: s.deployer.address, amount: 1n },
      ]);
      const deployedAt = await hre.ethers.provider.getBlockNumber();
      await expect(hre.run("cw:sync", { token: await unwired.getAddress() })).to.be.rejectedWith(
        /no identity registry wired/,
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(deployedAt);
    });
  });
});
