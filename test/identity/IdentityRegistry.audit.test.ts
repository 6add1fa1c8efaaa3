import { expect } from "chai";
import hre from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import GovernanceModule from "../../deploy/modules/Governance";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
} from "../../typechain-types";
import type { EAS } from "../../typechain-types/baselines";
import { MODULE_PARAMETERS, E18 } from "../governance/fixtures";
import {
  HUMAN_SCHEMA,
  attest,
  deployEas,
  deployIdentityFixture,
  encodeHumanId,
  human,
  schemaUid,
  signerFor,
} from "./fixtures";

/**
 * Adversarial review of the issue-14 registry (validity at t, rebinding, retirement, cooldown).
 * Tests under "findings" express the safe behaviour and fail on the reviewed code; tests under
 * "attacks that are blocked" pass and pin the defences that held.
 */

const DAY = 86_400n;
const COOLDOWN = 30n * DAY;

async function revoke(
  eas: EAS,
  attester: Awaited<ReturnType<typeof hre.ethers.getSigner>>,
  schema: string,
  uid: string,
) {
  await (await eas.connect(attester).revoke({ schema, data: { uid, value: 0n } })).wait();
}

/** The registry fixture with a 30-day rotation cooldown set by the timelock. */
async function cooldownFixture() {
  const f = await deployIdentityFixture();
  await (await f.registry.connect(f.governor).setRotationCooldown(COOLDOWN)).wait();
  return f;
}

/** The Governance module wired to a real EAS; alice and bob hold 10M tokens, carol and dave 1M, all attested. */
async function governanceFixture() {
  const [deployer, attester, alice, bob, carol, dave, erin] = await hre.ethers.getSigners();
  const eas = await deployEas(deployer);
  const schema = schemaUid(HUMAN_SCHEMA);
  const deployed = await hre.ignition.deploy(GovernanceModule, {
    parameters: { ...MODULE_PARAMETERS, Identity: { eas: await eas.getAddress(), schema, rotationCooldown: 0 } },
  });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const registry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
  const governor = CounterweightGovernor__factory.connect(await deployed.governor.getAddress(), deployer);
  const timelockSigner = await signerFor(await deployed.timelock.getAddress());
  await (await registry.connect(timelockSigner).setAttester(attester.address, true)).wait();
  const uids: Record<string, string> = {};
  for (const [name, v, amount] of [
    ["alice", alice, 10_000_000n],
    ["bob", bob, 10_000_000n],
    ["carol", carol, 1_000_000n],
    ["dave", dave, 1_000_000n],
  ] as const) {
    await (await token.transfer(v.address, amount * E18)).wait();
    await (await token.connect(v).delegate(v.address)).wait();
    uids[name] = await attest(eas, attester, { recipient: v.address, data: encodeHumanId(human(name)) });
    await (await registry.connect(v).registerWithAttestation(uids[name])).wait();
    await (await token.sync(v.address)).wait(); // into the token's quadratic votes
  }
  await (await token.connect(erin).delegate(erin.address)).wait();
  return {
    deployer,
    attester,
    alice,
    bob,
    carol,
    dave,
    erin,
    eas,
    schema,
    token,
    registry,
    governor,
    timelockSigner,
    uids,
  };
}

describe("IdentityRegistry adversarial review (issue 14)", function () {
  describe("findings", function () {
    it("cooldown bypass: a humanId that binds again on a new account after its attestation expired counts at once", async function () {
      const { registry, eas, attester, alice, bob } = await loadFixture(cooldownFixture);
      const expiry = BigInt(await time.latest()) + 10n * DAY;
      const first = await attest(eas, attester, {
        recipient: alice.address,
        data: encodeHumanId(human("alice")),
        expirationTime: expiry,
      });
      await (await registry.connect(alice).registerWithAttestation(first)).wait();
      await time.increaseTo(expiry);
      // The routine renewal goes to whatever address the holder names: here a buyer's key.
      const renewal = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(bob).registerWithAttestation(renewal)).wait();
      // Safe behaviour: the same human moving to a new key is a rotation and waits the cooldown.
      expect(await registry.isVerified(bob.address)).to.equal(false);
      await time.increase(COOLDOWN);
      expect(await registry.isVerified(bob.address)).to.equal(true);
    });

    it("cooldown bypass: revoke + re-attest under the same humanId moves an identity to a new key with no cooldown", async function () {
      const { registry, eas, schema, attester, alice, bob } = await loadFixture(cooldownFixture);
      const first = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(alice).registerWithAttestation(first)).wait();
      await revoke(eas, attester, schema, first);
      const second = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(bob).registerWithAttestation(second)).wait();
      const movedAt = BigInt(await time.latest());
      await time.increase(DAY);
      // Safe behaviour: the proposal snapshotted a day after the move does not count the new key yet.
      expect(await registry.identityAt(bob.address, movedAt + DAY - 1n)).to.equal(0n);
    });
  });

  describe("attacks that are blocked", function () {
    it("double vote: vote, revoke + re-attest to a new key for the same human, vote again on the same proposal", async function () {
      const f = await loadFixture(governanceFixture);
      const target = await f.governor.getAddress();
      const call = f.governor.interface.encodeFunctionData("setVotingDelay", [61n]);
      await (await f.governor.connect(f.alice).propose([target], [0n], [call], "audit")).wait();
      const id = await f.governor.getProposalId([target], [0n], [call], hre.ethers.id("audit"));
      await time.increaseTo((await f.governor.proposalSnapshot(id)) + 1n);
      await (await f.governor.connect(f.alice).castVote(id, 1)).wait();
      await revoke(f.eas, f.attester, f.schema, f.uids.alice);
      const again = await attest(f.eas, f.attester, { recipient: f.erin.address, data: encodeHumanId(human("alice")) });
      await (await f.registry.connect(f.erin).registerWithAttestation(again)).wait();
      await (await f.token.connect(f.alice).transfer(f.erin.address, 5_000_000n * E18)).wait();
      const snapshot = await f.governor.proposalSnapshot(id);
      await expect(f.governor.connect(f.erin).castVote(id, 1))
        .to.be.revertedWithCustomError(f.governor, "GovernanceUnverifiedVoter")
        .withArgs(f.erin.address, snapshot);
      // The first vote stays counted: the revocation after the snapshot changes nothing at the snapshot.
      expect(await f.governor.hasVoted(id, f.alice.address)).to.equal(true);
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
    });

    it("double vote: vote, rotate to a second key (no cooldown), vote again on the same proposal", async function () {
      const f = await loadFixture(governanceFixture);
      const target = await f.governor.getAddress();
      const call = f.governor.interface.encodeFunctionData("setVotingDelay", [62n]);
      await (await f.governor.connect(f.alice).propose([target], [0n], [call], "audit-rotate")).wait();
      const id = await f.governor.getProposalId([target], [0n], [call], hre.ethers.id("audit-rotate"));
      await time.increaseTo((await f.governor.proposalSnapshot(id)) + 1n);
      await (await f.governor.connect(f.alice).castVote(id, 1)).wait();
      await (await f.registry.connect(f.alice).proposeRotation(f.erin.address)).wait();
      await (await f.registry.connect(f.erin).acceptRotation(1n)).wait();
      await expect(f.governor.connect(f.erin).castVote(id, 1)).to.be.revertedWithCustomError(
        f.governor,
        "GovernanceUnverifiedVoter",
      );
    });

    it("rebinding after expiry: no timepoint has both the old and the new identity of one human counted", async function () {
      const { registry, eas, attester, alice, bob } = await loadFixture(deployIdentityFixture);
      const expiry = BigInt(await time.latest()) + 100n;
      const first = await attest(eas, attester, {
        recipient: alice.address,
        data: encodeHumanId(human("alice")),
        expirationTime: expiry,
      });
      await (await registry.connect(alice).registerWithAttestation(first)).wait();
      const registeredAt = BigInt(await time.latest());
      await time.setNextBlockTimestamp(expiry);
      const second = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(bob).registerWithAttestation(second)).wait();
      const reboundAt = BigInt(await time.latest());
      await time.increase(10n);
      // Boundaries: counted strictly before expirationTime; the new binding from its block on.
      expect(await registry.identityAt(alice.address, expiry - 1n)).to.equal(1n);
      expect(await registry.identityAt(alice.address, expiry)).to.equal(0n);
      for (let t = registeredAt; t < reboundAt + 5n; t++) {
        const a = await registry.identityAt(alice.address, t);
        const b = await registry.identityAt(bob.address, t);
        expect(a !== 0n && b !== 0n, `both counted at ${t}`).to.equal(false);
      }
    });

    it("revocation at the snapshot's second: revocationTime == t does not count at t", async function () {
      const { registry, eas, schema, attester, alice } = await loadFixture(deployIdentityFixture);
      const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(alice).registerWithAttestation(uid)).wait();
      await revoke(eas, attester, schema, uid);
      const revokedAt = BigInt(await time.latest());
      await time.increase(1n);
      expect(await registry.identityAt(alice.address, revokedAt - 1n)).to.equal(1n);
      expect(await registry.identityAt(alice.address, revokedAt)).to.equal(0n);
    });

    it("rotate back and forth during the cooldown: the identity counts on no account until a full cooldown passes", async function () {
      const { registry, alice, bob, eas, attester } = await loadFixture(cooldownFixture);
      const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(alice).registerWithAttestation(uid)).wait();
      await (await registry.connect(alice).proposeRotation(bob.address)).wait();
      await (await registry.connect(bob).acceptRotation(1n)).wait();
      const rotatedAt = BigInt(await time.latest());
      await time.increase(DAY);
      await (await registry.connect(bob).proposeRotation(alice.address)).wait();
      await (await registry.connect(alice).acceptRotation(1n)).wait();
      const backAt = BigInt(await time.latest());
      await time.increaseTo(rotatedAt + COOLDOWN + DAY);
      for (const t of [rotatedAt, rotatedAt + DAY, backAt, rotatedAt + COOLDOWN, rotatedAt + COOLDOWN + 1n]) {
        expect(await registry.identityAt(alice.address, t)).to.equal(0n);
        expect(await registry.identityAt(bob.address, t)).to.equal(0n);
      }
      expect(await registry.isVerified(alice.address)).to.equal(false);
      await time.increaseTo(backAt + COOLDOWN);
      expect(await registry.isVerified(alice.address)).to.equal(true);
    });

    it("rotate + rebind: a human whose identity sits in a rotation cooldown cannot register the humanId again", async function () {
      const { registry, eas, attester, alice, bob, carol } = await loadFixture(cooldownFixture);
      const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(alice).registerWithAttestation(uid)).wait();
      await (await registry.connect(alice).proposeRotation(bob.address)).wait();
      await (await registry.connect(bob).acceptRotation(1n)).wait();
      const other = await attest(eas, attester, { recipient: carol.address, data: encodeHumanId(human("alice")) });
      await expect(registry.connect(carol).registerWithAttestation(other))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(human("alice"), 1n);
      // Nor can the original account register the same attestation again.
      await expect(registry.connect(alice).registerWithAttestation(uid)).to.be.revertedWithCustomError(
        registry,
        "IdentityHumanIdTaken",
      );
    });

    it("source retirement then re-trust of the same attester: the old identity never counts again and the re-registration does not overlap it", async function () {
      const { registry, eas, attester, governor, alice } = await loadFixture(deployIdentityFixture);
      const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
      await (await registry.connect(alice).registerWithAttestation(uid)).wait();
      await (await registry.connect(governor).retireSource(2n)).wait();
      const retiredAt = BigInt(await time.latest());
      await (await registry.connect(governor).setAttester(attester.address, true)).wait();
      await (await registry.connect(alice).registerWithAttestation(uid)).wait();
      const reboundAt = BigInt(await time.latest());
      await time.increase(10n);
      expect(await registry.identityAt(alice.address, retiredAt - 1n)).to.equal(1n);
      for (let t = retiredAt; t < reboundAt; t++) expect(await registry.identityAt(alice.address, t)).to.equal(0n);
      expect(await registry.identityAt(alice.address, reboundAt)).to.equal(2n);
      expect((await registry.identity(1n)).revoked).to.equal(true);
    });

    it("Merkle strike-off then re-register: the human identifier stays barred on any source", async function () {
      const { registry, eas, attester, governor, alice, bob } = await loadFixture(deployIdentityFixture);
      const tree = StandardMerkleTree.of(
        [
          [human("alice"), alice.address],
          [human("alice"), bob.address],
        ],
        ["bytes32", "address"],
      );
      await (await registry.connect(governor).setMerkleRoot(tree.root)).wait();
      await (await registry.connect(alice).registerWithMerkleProof(human("alice"), tree.getProof(0))).wait();
      await (await registry.connect(governor).revokeIdentity(1n)).wait();
      await expect(registry.connect(bob).registerWithMerkleProof(human("alice"), tree.getProof(1)))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(human("alice"), 1n);
      const uid = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(human("alice")) });
      await expect(registry.connect(bob).registerWithAttestation(uid)).to.be.revertedWithCustomError(
        registry,
        "IdentityHumanIdTaken",
      );
      // Retiring and reopening the Merkle source does not lift the bar either.
      await (await registry.connect(governor).retireSource(1n)).wait();
      await (await registry.connect(governor).setMerkleRoot(tree.root)).wait();
      await expect(
        registry.connect(bob).registerWithMerkleProof(human("alice"), tree.getProof(1)),
      ).to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken");
    });

    it("EAS lookups of other voters cannot be made to revert: revoked, expired and retired identities read as 0", async function () {
      const f = await loadFixture(governanceFixture);
      await revoke(f.eas, f.attester, f.schema, f.uids.carol);
      await (await f.registry.connect(f.timelockSigner).retireSource(2n)).wait();
      await time.increase(1n);
      const now = BigInt(await time.latest());
      for (const v of [f.alice, f.bob, f.carol, f.dave, f.erin]) {
        expect(await f.registry.identityAt(v.address, now - 1n)).to.equal(0n);
        expect(await f.registry.isVerified(v.address)).to.equal(false);
      }
    });

    it("attestation for another recipient or schema is refused at registration", async function () {
      const { registry, eas, attester, alice, bob } = await loadFixture(deployIdentityFixture);
      const toBob = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(human("bob")) });
      await expect(registry.connect(alice).registerWithAttestation(toBob)).to.be.revertedWithCustomError(
        registry,
        "IdentityAttestationWrongRecipient",
      );
      const other = await attest(eas, attester, {
        recipient: alice.address,
        data: encodeHumanId(human("alice")),
        schema: schemaUid("bytes32 somethingElse"),
      });
      await expect(registry.connect(alice).registerWithAttestation(other)).to.be.revertedWithCustomError(
        registry,
        "IdentityAttestationWrongSchema",
      );
    });
  });
});
