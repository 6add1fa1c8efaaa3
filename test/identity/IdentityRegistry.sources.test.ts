import { expect } from "chai";
import hre from "hardhat";
import { ZeroAddress, ZeroHash, id as keccakString } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import IdentityModule, { DEFAULT_ROTATION_COOLDOWN } from "../../deploy/modules/Identity";
import { IdentityRegistry__factory } from "../../typechain-types";
import { IDENTITY_LEAF_TYPES, type IdentityLeaf } from "../../sim/chain/identity";
import { attest, deployIdentityFixture, encodeHumanId, human } from "./fixtures";

const GOVERNOR_ROLE = keccakString("GOVERNOR_ROLE");
const MERKLE_SOURCE = 1n;
const ATTESTATION_SOURCE = 2n;
const DAY = 86_400n;

/** Alice (id 1) attested by `attester` (source 2); Bob (id 2) from the Merkle list (source 1). */
async function twoSourcesFixture() {
  const f = await deployIdentityFixture();
  const leaves: IdentityLeaf[] = [
    [human("bob"), f.bob.address],
    [human("carol"), f.carol.address],
  ];
  const tree = StandardMerkleTree.of(leaves, IDENTITY_LEAF_TYPES);
  await (await f.registry.connect(f.governor).setMerkleRoot(tree.root)).wait();
  const aliceUid = await attest(f.eas, f.attester, { recipient: f.alice.address, data: encodeHumanId(human("alice")) });
  await (await f.registry.connect(f.alice).registerWithAttestation(aliceUid)).wait();
  await (await f.registry.connect(f.bob).registerWithMerkleProof(human("bob"), tree.getProof(0))).wait();
  return { ...f, tree, aliceUid };
}

/** Alice holds identity 1 and the registry's rotation cooldown is 30 days. */
async function cooldownFixture() {
  const f = await twoSourcesFixture();
  await (await f.registry.connect(f.governor).setRotationCooldown(30n * DAY)).wait();
  return f;
}

describe("IdentityRegistry sources, retirement and rotation cooldown", function () {
  describe("sources", function () {
    it("should open the Merkle list as source 1 at deployment and one source per trusted attester", async function () {
      const { registry, attester } = await loadFixture(twoSourcesFixture);
      expect(await registry.sourceCount()).to.equal(2n);
      expect(await registry.merkleSource()).to.equal(MERKLE_SOURCE);
      expect(await registry.sourceOfAttester(attester.address)).to.equal(ATTESTATION_SOURCE);
      const merkle = await registry.source(MERKLE_SOURCE);
      expect([merkle.kind, merkle.retiredAt, merkle.attester]).to.deep.equal([1n, 0n, ZeroAddress]);
      const attesterSource = await registry.source(ATTESTATION_SOURCE);
      expect([attesterSource.kind, attesterSource.trusted, attesterSource.attester]).to.deep.equal([
        2n,
        true,
        attester.address,
      ]);
      expect((await registry.identity(1n)).source).to.equal(ATTESTATION_SOURCE);
      expect((await registry.identity(2n)).source).to.equal(MERKLE_SOURCE);
      expect((await registry.source(9n)).kind).to.equal(0n);
    });

    it("should emit SourceAdded once when an attester is first trusted, and reuse its source after a distrust", async function () {
      const { registry, governor, stranger } = await loadFixture(twoSourcesFixture);
      await expect(registry.connect(governor).setAttester(stranger.address, true))
        .to.emit(registry, "SourceAdded")
        .withArgs(3n, 2, stranger.address);
      await registry.connect(governor).setAttester(stranger.address, false);
      expect(await registry.isTrustedAttester(stranger.address)).to.equal(false);
      await expect(registry.connect(governor).setAttester(stranger.address, true)).not.to.emit(registry, "SourceAdded");
      expect(await registry.sourceOfAttester(stranger.address)).to.equal(3n);
      expect(await registry.isTrustedAttester(stranger.address)).to.equal(true);
    });

    it("should add no source when an unknown attester is distrusted", async function () {
      const { registry, governor, stranger } = await loadFixture(twoSourcesFixture);
      await expect(registry.connect(governor).setAttester(stranger.address, false))
        .to.emit(registry, "AttesterSet")
        .withArgs(stranger.address, false)
        .and.not.to.emit(registry, "SourceAdded");
      expect(await registry.sourceOfAttester(stranger.address)).to.equal(0n);
    });

    it("should keep counting the identities of an attester that is only distrusted", async function () {
      const { registry, governor, attester, alice } = await loadFixture(twoSourcesFixture);
      await registry.connect(governor).setAttester(attester.address, false);
      await time.increase(1);
      expect(await registry.isVerified(alice.address)).to.equal(true);
      expect(await registry.identityAt(alice.address, (await time.latest()) - 1)).to.equal(1n);
    });
  });

  describe("retireSource", function () {
    it("should revert with AccessControlUnauthorizedAccount for anyone but the governor", async function () {
      const { registry, stranger } = await loadFixture(twoSourcesFixture);
      await expect(registry.connect(stranger).retireSource(ATTESTATION_SOURCE))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, GOVERNOR_ROLE);
    });

    it("should revert with IdentitySourceNotLive for an unknown or already retired source", async function () {
      const { registry, governor } = await loadFixture(twoSourcesFixture);
      await expect(registry.connect(governor).retireSource(0n))
        .to.be.revertedWithCustomError(registry, "IdentitySourceNotLive")
        .withArgs(0n);
      await expect(registry.connect(governor).retireSource(7n))
        .to.be.revertedWithCustomError(registry, "IdentitySourceNotLive")
        .withArgs(7n);
      await registry.connect(governor).retireSource(ATTESTATION_SOURCE);
      await expect(registry.connect(governor).retireSource(ATTESTATION_SOURCE))
        .to.be.revertedWithCustomError(registry, "IdentitySourceNotLive")
        .withArgs(ATTESTATION_SOURCE);
    });

    it("irrevocable identities from a compromised attester: retiring its source stops them counting from then on, in one write", async function () {
      const { registry, governor, attester, alice, bob } = await loadFixture(twoSourcesFixture);
      const before = await time.latest();
      await time.increase(5);
      const tx = registry.connect(governor).retireSource(ATTESTATION_SOURCE);
      await expect(tx).to.emit(registry, "AttesterSet").withArgs(attester.address, false);
      const retiredAt = await time.latest();
      await expect(tx).to.emit(registry, "SourceRetired").withArgs(ATTESTATION_SOURCE, retiredAt);
      await time.increase(1);
      expect(await registry.identityAt(alice.address, before)).to.equal(1n);
      expect(await registry.identityAt(alice.address, retiredAt - 1)).to.equal(1n);
      expect(await registry.identityAt(alice.address, retiredAt)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(false);
      expect(await registry.bindingOf(alice.address)).to.deep.equal([0n, ZeroAddress]);
      // The Merkle source is untouched.
      expect(await registry.isVerified(bob.address)).to.equal(true);
      expect(await registry.sourceOfAttester(attester.address)).to.equal(0n);
      expect(await registry.isTrustedAttester(attester.address)).to.equal(false);
    });

    it("should refuse new attestations from a retired attester, and give a re-trusted one a new source", async function () {
      const { registry, governor, eas, attester, carol } = await loadFixture(twoSourcesFixture);
      await registry.connect(governor).retireSource(ATTESTATION_SOURCE);
      const uid = await attest(eas, attester, { recipient: carol.address, data: encodeHumanId(human("carol-a")) });
      await expect(registry.connect(carol).registerWithAttestation(uid))
        .to.be.revertedWithCustomError(registry, "IdentityUntrustedAttester")
        .withArgs(uid, attester.address);
      await expect(registry.connect(governor).setAttester(attester.address, true))
        .to.emit(registry, "SourceAdded")
        .withArgs(3n, 2, attester.address);
      await registry.connect(carol).registerWithAttestation(uid);
      expect((await registry.identity(3n)).source).to.equal(3n);
    });

    it("should let the humans of a retired source register again as new identities, once the account is freed", async function () {
      const { registry, governor, eas, attester, alice, stranger } = await loadFixture(twoSourcesFixture);
      await registry.connect(governor).retireSource(ATTESTATION_SOURCE);
      await registry.connect(governor).setAttester(stranger.address, true);
      const uid = await attest(eas, stranger, { recipient: alice.address, data: encodeHumanId(human("alice")) });
      await expect(registry.connect(alice).registerWithAttestation(uid))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(1n, alice.address)
        .and.to.emit(registry, "IdentityRegistered")
        .withArgs(3n, human("alice"), alice.address, 0);
      expect(await registry.identityOfHuman(human("alice"))).to.equal(3n);
      expect((await registry.identity(1n)).revoked).to.equal(true);
      expect(attester.address).to.not.equal(stranger.address);
    });

    it("should let anyone sync an identity of a retired source, Merkle or attested", async function () {
      const { registry, governor, bob, stranger } = await loadFixture(twoSourcesFixture);
      await registry.connect(governor).retireSource(MERKLE_SOURCE);
      await expect(registry.connect(stranger).syncRevocation(2n))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(2n, bob.address);
      expect(await registry.identityOf(bob.address)).to.equal(0n);
    });

    it("should close the Merkle path when the Merkle source is retired, and open a new source with the next root", async function () {
      const { registry, governor, tree, bob, carol } = await loadFixture(twoSourcesFixture);
      await expect(registry.connect(governor).retireSource(MERKLE_SOURCE))
        .to.emit(registry, "MerkleRootSet")
        .withArgs(tree.root, ZeroHash);
      expect(await registry.merkleRoot()).to.equal(ZeroHash);
      await expect(
        registry.connect(carol).registerWithMerkleProof(human("carol"), tree.getProof(1)),
      ).to.be.revertedWithCustomError(registry, "IdentityMerkleRootUnset");
      await expect(registry.connect(governor).setMerkleRoot(tree.root))
        .to.emit(registry, "SourceAdded")
        .withArgs(3n, 1, ZeroAddress);
      expect(await registry.merkleSource()).to.equal(3n);
      await registry.connect(carol).registerWithMerkleProof(human("carol"), tree.getProof(1));
      expect((await registry.identity(3n)).source).to.equal(3n);
      // Bob's old identity stays retired; his leaf registers him again as a new identity.
      await expect(registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0)))
        .to.emit(registry, "IdentityRegistered")
        .withArgs(4n, human("bob"), bob.address, 1);
      // A root change while the source is live opens no new source.
      await expect(registry.connect(governor).setMerkleRoot(ZeroHash)).not.to.emit(registry, "SourceAdded");
    });

    it("should retire a Merkle source whose root is already unset without touching the root", async function () {
      const { registry, governor } = await loadFixture(twoSourcesFixture);
      await registry.connect(governor).setMerkleRoot(ZeroHash);
      await expect(registry.connect(governor).retireSource(MERKLE_SOURCE)).not.to.emit(registry, "MerkleRootSet");
    });

    it("should revert with IdentityHumanIdTaken for a struck-off human even after its source is retired", async function () {
      const { registry, governor, tree, bob } = await loadFixture(twoSourcesFixture);
      await registry.connect(governor).revokeIdentity(2n);
      await registry.connect(governor).retireSource(MERKLE_SOURCE);
      await registry.connect(governor).setMerkleRoot(tree.root);
      await expect(registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0)))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(human("bob"), 2n);
    });
  });

  describe("humanId rebinding", function () {
    it("should revert with IdentityHumanIdTaken while the previous identity still counts", async function () {
      const { registry, eas, attester, dave } = await loadFixture(twoSourcesFixture);
      const uid = await attest(eas, attester, { recipient: dave.address, data: encodeHumanId(human("alice")) });
      await expect(registry.connect(dave).registerWithAttestation(uid))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(human("alice"), 1n);
    });

    it("should bind the humanId again on another account after an EAS revocation, never two at one timepoint", async function () {
      const { registry, eas, attester, schema, alice, dave, aliceUid } = await loadFixture(twoSourcesFixture);
      await eas.connect(attester).revoke({ schema, data: { uid: aliceUid, value: 0n } });
      const revokedAt = await time.latest();
      const uid = await attest(eas, attester, { recipient: dave.address, data: encodeHumanId(human("alice")) });
      await expect(registry.connect(dave).registerWithAttestation(uid))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(1n, alice.address);
      const renewedAt = await time.latest();
      await time.increase(1);
      for (let t = revokedAt - 1; t <= renewedAt; t++) {
        const a = await registry.identityAt(alice.address, t);
        const d = await registry.identityAt(dave.address, t);
        expect(a !== 0n && d !== 0n, `two identities of one human at ${t}`).to.equal(false);
      }
      expect(await registry.identityAt(alice.address, revokedAt - 1)).to.equal(1n);
      expect(await registry.identityAt(dave.address, renewedAt)).to.equal(3n);
    });

    it("should free an account whose identity ended for another human's registration", async function () {
      const { registry, eas, attester, schema, alice, aliceUid } = await loadFixture(twoSourcesFixture);
      await eas.connect(attester).revoke({ schema, data: { uid: aliceUid, value: 0n } });
      const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice-2")) });
      await expect(registry.connect(alice).registerWithAttestation(uid))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(1n, alice.address);
      expect(await registry.identityOf(alice.address)).to.equal(3n);
    });
  });

  describe("rotation cooldown", function () {
    describe("setRotationCooldown", function () {
      it("should revert with AccessControlUnauthorizedAccount for anyone but the governor", async function () {
        const { registry, stranger } = await loadFixture(twoSourcesFixture);
        await expect(registry.connect(stranger).setRotationCooldown(1n))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, GOVERNOR_ROLE);
      });

      it("should revert with IdentityCooldownTooLong above MAX_ROTATION_COOLDOWN", async function () {
        const { registry, governor } = await loadFixture(twoSourcesFixture);
        const max = await registry.MAX_ROTATION_COOLDOWN();
        expect(max).to.equal(365n * DAY);
        await expect(registry.connect(governor).setRotationCooldown(max + 1n))
          .to.be.revertedWithCustomError(registry, "IdentityCooldownTooLong")
          .withArgs(max + 1n, max);
        const [deployer] = await hre.ethers.getSigners();
        const factory = new IdentityRegistry__factory(deployer);
        await expect(factory.deploy(ZeroAddress, ZeroHash, deployer.address, max + 1n))
          .to.be.revertedWithCustomError(factory, "IdentityCooldownTooLong")
          .withArgs(max + 1n, max);
      });

      it("should set the cooldown and emit RotationCooldownSet(previous, new)", async function () {
        const { registry, governor } = await loadFixture(twoSourcesFixture);
        await expect(registry.connect(governor).setRotationCooldown(7n * DAY))
          .to.emit(registry, "RotationCooldownSet")
          .withArgs(0n, 7n * DAY);
        expect(await registry.rotationCooldown()).to.equal(7n * DAY);
      });

      it("should default to 30 days in the Identity module", async function () {
        const { registry } = await hre.ignition.deploy(IdentityModule);
        const r = IdentityRegistry__factory.connect(await registry.getAddress(), hre.ethers.provider);
        expect(await r.rotationCooldown()).to.equal(BigInt(DEFAULT_ROTATION_COOLDOWN));
        expect(BigInt(DEFAULT_ROTATION_COOLDOWN)).to.equal(30n * DAY);
      });
    });

    it("identity buying through rotation: a rotated identity counts on neither account during the cooldown", async function () {
      const { registry, alice, dave } = await loadFixture(cooldownFixture);
      await registry.connect(alice).proposeRotation(dave.address);
      const tx = registry.connect(dave).acceptRotation(1n);
      await expect(tx).to.emit(registry, "IdentityRotated").withArgs(1n, alice.address, dave.address);
      const rotatedAt = BigInt(await time.latest());
      const countsFrom = rotatedAt + 30n * DAY;
      await expect(tx).to.emit(registry, "RotationCooldownStarted").withArgs(1n, dave.address, countsFrom);
      await time.increase(1);
      // Dave holds it (he may rotate it on) but it counts nowhere and takes no farm cap.
      expect(await registry.identityOf(dave.address)).to.equal(1n);
      expect(await registry.accountOf(1n)).to.equal(dave.address);
      expect(await registry.isVerified(dave.address)).to.equal(false);
      expect(await registry.bindingOf(dave.address)).to.deep.equal([0n, ZeroAddress]);
      expect(await registry.identityAt(dave.address, rotatedAt)).to.equal(0n);
      expect(await registry.identityAt(alice.address, rotatedAt)).to.equal(0n);
      expect(await registry.identityAt(alice.address, rotatedAt - 1n)).to.equal(1n);
      await time.increaseTo(countsFrom);
      expect(await registry.bindingOf(dave.address)).to.deep.equal([1n, alice.address]);
      await time.increase(1);
      expect(await registry.identityAt(dave.address, countsFrom - 1n)).to.equal(0n);
      expect(await registry.identityAt(dave.address, countsFrom)).to.equal(1n);
    });

    it("should restart the cooldown on every rotation and drop a cooldown binding cut short", async function () {
      const { registry, alice, dave, erin } = await loadFixture(cooldownFixture);
      await registry.connect(alice).proposeRotation(dave.address);
      await registry.connect(dave).acceptRotation(1n);
      const first = BigInt(await time.latest());
      await time.increase(DAY);
      await registry.connect(dave).proposeRotation(erin.address);
      await registry.connect(erin).acceptRotation(1n);
      const second = BigInt(await time.latest());
      await time.increaseTo(second + 30n * DAY + 1n);
      for (const t of [first, first + 30n * DAY, second, second + 30n * DAY - 1n]) {
        expect(await registry.identityAt(dave.address, t), `dave at ${t}`).to.equal(0n);
        if (t < second + 30n * DAY) expect(await registry.identityAt(erin.address, t), `erin at ${t}`).to.equal(0n);
      }
      expect(await registry.identityAt(erin.address, second + 30n * DAY)).to.equal(1n);
      // Dave's history stays consistent for later bindings.
      expect(await registry.identityOf(dave.address)).to.equal(0n);
    });

    it("should keep the cooldown in force at rotation time when governance changes it later", async function () {
      const { registry, governor, alice, dave } = await loadFixture(cooldownFixture);
      await registry.connect(alice).proposeRotation(dave.address);
      await registry.connect(dave).acceptRotation(1n);
      const rotatedAt = BigInt(await time.latest());
      await registry.connect(governor).setRotationCooldown(0n);
      await time.increase(DAY);
      expect(await registry.identityAt(dave.address, rotatedAt + 1n)).to.equal(0n);
      expect(await registry.isVerified(dave.address)).to.equal(false);
    });

    it("should refuse a second identity on an account in a cooldown", async function () {
      const { registry, alice, carol, tree } = await loadFixture(cooldownFixture);
      await registry.connect(alice).proposeRotation(carol.address);
      await registry.connect(carol).acceptRotation(1n);
      await expect(registry.connect(carol).registerWithMerkleProof(human("carol"), tree.getProof(1)))
        .to.be.revertedWithCustomError(registry, "IdentityAccountAlreadyBound")
        .withArgs(carol.address, 1n);
    });
  });
});
