import { expect } from "chai";
import hre from "hardhat";
import { AbiCoder, ZeroAddress, ZeroHash, id as keccakString } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import IdentityModule from "../../deploy/modules/Identity";
import { IdentityRegistry__factory } from "../../typechain-types";
import { IDENTITY_LEAF_TYPES, type IdentityLeaf } from "../../sim/chain/identity";
import { OTHER_SCHEMA, attest, deployIdentityFixture, encodeHumanId, human, schemaUid } from "./fixtures";

const ATTESTATION = 0;
const MERKLE = 1;
const MERKLE_SOURCE = 1;
const ATTESTATION_SOURCE = 2;
const GOVERNOR_ROLE = keccakString("GOVERNOR_ROLE");
const DEFAULT_ADMIN_ROLE = ZeroHash;

/** Alice holds identity 1 through an EAS attestation; nothing else is registered. */
async function aliceAttestedFixture() {
  const f = await deployIdentityFixture();
  const aliceHuman = human("alice");
  const aliceUid = await attest(f.eas, f.attester, { recipient: f.alice.address, data: encodeHumanId(aliceHuman) });
  await (await f.registry.connect(f.alice).registerWithAttestation(aliceUid)).wait();
  const registeredAt = await time.latest();
  return { ...f, aliceHuman, aliceUid, registeredAt };
}

/** A Merkle list of (bob, carol, a zero humanId for dave) is published; nobody registered yet. */
async function merkleListFixture() {
  const f = await deployIdentityFixture();
  const leaves: IdentityLeaf[] = [
    [human("bob"), f.bob.address],
    [human("carol"), f.carol.address],
    [ZeroHash, f.dave.address],
  ];
  const tree = StandardMerkleTree.of(leaves, IDENTITY_LEAF_TYPES);
  await (await f.registry.connect(f.governor).setMerkleRoot(tree.root)).wait();
  return { ...f, tree };
}

/** Alice (id 1, attestation) and Bob (id 2, Merkle list) are registered. */
async function bothRegisteredFixture() {
  const f = await merkleListFixture();
  const aliceHuman = human("alice");
  const aliceUid = await attest(f.eas, f.attester, { recipient: f.alice.address, data: encodeHumanId(aliceHuman) });
  await (await f.registry.connect(f.alice).registerWithAttestation(aliceUid)).wait();
  await (await f.registry.connect(f.bob).registerWithMerkleProof(human("bob"), f.tree.getProof(0))).wait();
  return { ...f, aliceHuman, aliceUid };
}

describe("IdentityRegistry", function () {
  describe("when deployed by the Identity module", function () {
    it("should read attestations from the given EAS and schema", async function () {
      const { registry, eas, schema } = await loadFixture(deployIdentityFixture);
      expect(await registry.eas()).to.equal(await eas.getAddress());
      expect(await registry.schema()).to.equal(schema);
      expect(await registry.merkleRoot()).to.equal(ZeroHash);
      expect(await registry.identityCount()).to.equal(0n);
    });

    it("should give DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE to the timelock and to nobody else", async function () {
      const { registry, timelock, deployer } = await loadFixture(deployIdentityFixture);
      const tl = await timelock.getAddress();
      expect(await registry.GOVERNOR_ROLE()).to.equal(GOVERNOR_ROLE);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, tl)).to.equal(true);
      expect(await registry.hasRole(GOVERNOR_ROLE, tl)).to.equal(true);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, deployer.address)).to.equal(false);
      expect(await registry.hasRole(GOVERNOR_ROLE, deployer.address)).to.equal(false);
    });

    it("should run on the ERC-6372 timestamp clock, like the token", async function () {
      const { registry } = await loadFixture(deployIdentityFixture);
      expect(await registry.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await registry.clock()).to.equal(await time.latest());
    });

    it("should default to no EAS (Merkle path only) without parameters", async function () {
      const { registry } = await hre.ignition.deploy(IdentityModule);
      const r = IdentityRegistry__factory.connect(await registry.getAddress(), hre.ethers.provider);
      expect(await r.eas()).to.equal(ZeroAddress);
      expect(await r.schema()).to.equal(ZeroHash);
    });
  });

  describe("constructor", function () {
    it("should revert when the admin is the zero address", async function () {
      const [deployer] = await hre.ethers.getSigners();
      const factory = new IdentityRegistry__factory(deployer);
      await expect(factory.deploy(ZeroAddress, ZeroHash, ZeroAddress, 0n)).to.be.revertedWithCustomError(
        factory,
        "IdentityZeroAdmin",
      );
    });

    it("should revert when EAS is set but the schema is zero", async function () {
      const [deployer] = await hre.ethers.getSigners();
      const factory = new IdentityRegistry__factory(deployer);
      await expect(factory.deploy(deployer.address, ZeroHash, deployer.address, 0n)).to.be.revertedWithCustomError(
        factory,
        "IdentityZeroSchema",
      );
    });

    describe("given no EAS", function () {
      it("should disable the attestation path with a named error", async function () {
        const [deployer, alice] = await hre.ethers.getSigners();
        const registry = await new IdentityRegistry__factory(deployer).deploy(
          ZeroAddress,
          ZeroHash,
          deployer.address,
          0n,
        );
        await expect(
          registry.connect(alice).registerWithAttestation(keccakString("uid")),
        ).to.be.revertedWithCustomError(registry, "IdentityEasDisabled");
      });
    });
  });

  describe("registerWithAttestation", function () {
    describe("when the attestation does not exist", function () {
      it("should revert with IdentityAttestationNotFound", async function () {
        const { registry, alice } = await loadFixture(deployIdentityFixture);
        const uid = keccakString("nothing");
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAttestationNotFound")
          .withArgs(uid);
      });
    });

    describe("when the attestation is for another schema", function () {
      it("should revert with IdentityAttestationWrongSchema", async function () {
        const { registry, eas, attester, alice, schema } = await loadFixture(deployIdentityFixture);
        const other = schemaUid(OTHER_SCHEMA);
        const uid = await attest(eas, attester, {
          recipient: alice.address,
          data: encodeHumanId(human("alice")),
          schema: other,
        });
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAttestationWrongSchema")
          .withArgs(uid, other, schema);
      });
    });

    describe("when the attester is not trusted", function () {
      it("should revert with IdentityUntrustedAttester", async function () {
        const { registry, eas, stranger, alice } = await loadFixture(deployIdentityFixture);
        const uid = await attest(eas, stranger, { recipient: alice.address, data: encodeHumanId(human("alice")) });
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityUntrustedAttester")
          .withArgs(uid, stranger.address);
      });

      it("should revert when the attester was distrusted after attesting", async function () {
        const { registry, eas, attester, governor, alice } = await loadFixture(deployIdentityFixture);
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
        await registry.connect(governor).setAttester(attester.address, false);
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityUntrustedAttester")
          .withArgs(uid, attester.address);
      });
    });

    describe("when the attestation was revoked", function () {
      it("should revert with IdentityAttestationRevoked", async function () {
        const { registry, eas, attester, alice, schema } = await loadFixture(deployIdentityFixture);
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
        await eas.connect(attester).revoke({ schema, data: { uid, value: 0n } });
        const revokedAt = BigInt(await time.latest());
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAttestationRevoked")
          .withArgs(uid, revokedAt);
      });
    });

    describe("when the attestation has expired", function () {
      it("should revert with IdentityAttestationExpired from its expiration time on", async function () {
        const { registry, eas, attester, alice } = await loadFixture(deployIdentityFixture);
        // The attestation's block at a set time: after a fixture revert the next block's time
        // follows the wall clock, which on a loaded machine may already be past a relative expiry.
        const attestedAt = BigInt(await time.latest()) + 1n;
        await time.setNextBlockTimestamp(attestedAt);
        const expiry = attestedAt + 100n;
        const uid = await attest(eas, attester, {
          recipient: alice.address,
          data: encodeHumanId(human("alice")),
          expirationTime: expiry,
        });
        await time.setNextBlockTimestamp(expiry);
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAttestationExpired")
          .withArgs(uid, expiry);
      });

      it("should accept it one second before it expires", async function () {
        const { registry, eas, attester, alice } = await loadFixture(deployIdentityFixture);
        // The attestation's block at a set time: after a fixture revert the next block's time
        // follows the wall clock, which on a loaded machine may already be past a relative expiry.
        const attestedAt = BigInt(await time.latest()) + 1n;
        await time.setNextBlockTimestamp(attestedAt);
        const expiry = attestedAt + 100n;
        const uid = await attest(eas, attester, {
          recipient: alice.address,
          data: encodeHumanId(human("alice")),
          expirationTime: expiry,
        });
        await time.setNextBlockTimestamp(expiry - 1n);
        await expect(registry.connect(alice).registerWithAttestation(uid)).to.emit(registry, "IdentityRegistered");
      });
    });

    describe("when the attestation was issued to another account", function () {
      it("should revert with IdentityAttestationWrongRecipient (attack: stealing someone else's attestation)", async function () {
        const { registry, eas, attester, alice, stranger } = await loadFixture(deployIdentityFixture);
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice")) });
        await expect(registry.connect(stranger).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAttestationWrongRecipient")
          .withArgs(uid, alice.address, stranger.address);
      });
    });

    describe("when the attestation data is not one bytes32", function () {
      it("should revert with IdentityAttestationMalformed", async function () {
        const { registry, eas, attester, alice } = await loadFixture(deployIdentityFixture);
        const data = AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [human("alice"), 7n]);
        const uid = await attest(eas, attester, { recipient: alice.address, data });
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAttestationMalformed")
          .withArgs(uid, 64n);
      });
    });

    describe("when the human identifier is zero", function () {
      it("should revert with IdentityZeroHumanId", async function () {
        const { registry, eas, attester, alice } = await loadFixture(deployIdentityFixture);
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(ZeroHash) });
        await expect(registry.connect(alice).registerWithAttestation(uid)).to.be.revertedWithCustomError(
          registry,
          "IdentityZeroHumanId",
        );
      });
    });

    describe("when the human identifier is already registered", function () {
      it("should revert with IdentityHumanIdTaken (attack: double registration of one human)", async function () {
        const { registry, eas, attester, bob, aliceHuman } = await loadFixture(aliceAttestedFixture);
        const uid = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(aliceHuman) });
        await expect(registry.connect(bob).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
          .withArgs(aliceHuman, 1n);
      });
    });

    describe("when the caller already holds an identity", function () {
      it("should revert with IdentityAccountAlreadyBound (attack: one account claiming two identities)", async function () {
        const { registry, eas, attester, alice } = await loadFixture(aliceAttestedFixture);
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(human("alice-2")) });
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityAccountAlreadyBound")
          .withArgs(alice.address, 1n);
      });
    });

    describe("when the attestation is valid", function () {
      it("should bind a new identity to the caller and emit IdentityRegistered", async function () {
        const { registry, eas, attester, alice } = await loadFixture(deployIdentityFixture);
        const aliceHuman = human("alice");
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(aliceHuman) });
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.emit(registry, "IdentityRegistered")
          .withArgs(1n, aliceHuman, alice.address, ATTESTATION);
        expect(await registry.identityOf(alice.address)).to.equal(1n);
        expect(await registry.accountOf(1n)).to.equal(alice.address);
        expect(await registry.isVerified(alice.address)).to.equal(true);
        expect(await registry.identityOfHuman(aliceHuman)).to.equal(1n);
        expect(await registry.attestationOf(1n)).to.equal(uid);
        expect(await registry.identityCount()).to.equal(1n);
        const record = await registry.identity(1n);
        const source = await registry.sourceOfAttester(attester.address);
        expect([record.account, record.source, record.revoked, record.struck, record.expirationTime]).to.deep.equal([
          alice.address,
          source,
          false,
          false,
          0n,
        ]);
        expect((await registry.source(source)).kind).to.equal(BigInt(ATTESTATION_SOURCE));
      });

      it("should number identities sequentially", async function () {
        const { registry, eas, attester, bob } = await loadFixture(aliceAttestedFixture);
        const uid = await attest(eas, attester, { recipient: bob.address, data: encodeHumanId(human("bob")) });
        await expect(registry.connect(bob).registerWithAttestation(uid))
          .to.emit(registry, "IdentityRegistered")
          .withArgs(2n, human("bob"), bob.address, ATTESTATION);
      });
    });
  });

  describe("registerWithMerkleProof", function () {
    describe("when no root is set", function () {
      it("should revert with IdentityMerkleRootUnset", async function () {
        const { registry, bob } = await loadFixture(deployIdentityFixture);
        await expect(registry.connect(bob).registerWithMerkleProof(human("bob"), [])).to.be.revertedWithCustomError(
          registry,
          "IdentityMerkleRootUnset",
        );
      });
    });

    describe("when the proof is for another account", function () {
      it("should revert with IdentityInvalidMerkleProof (attack: replaying someone else's proof)", async function () {
        const { registry, tree, stranger } = await loadFixture(merkleListFixture);
        await expect(registry.connect(stranger).registerWithMerkleProof(human("bob"), tree.getProof(0)))
          .to.be.revertedWithCustomError(registry, "IdentityInvalidMerkleProof")
          .withArgs(human("bob"), stranger.address);
      });
    });

    describe("when the human identifier is not the one in the list", function () {
      it("should revert with IdentityInvalidMerkleProof", async function () {
        const { registry, tree, bob } = await loadFixture(merkleListFixture);
        await expect(registry.connect(bob).registerWithMerkleProof(human("carol"), tree.getProof(0)))
          .to.be.revertedWithCustomError(registry, "IdentityInvalidMerkleProof")
          .withArgs(human("carol"), bob.address);
      });
    });

    describe("when the root was replaced", function () {
      it("should refuse proofs against the old root and keep identities registered under it", async function () {
        const { registry, tree, governor, bob, carol } = await loadFixture(merkleListFixture);
        await registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0));
        await registry.connect(governor).setMerkleRoot(keccakString("another list"));
        await expect(registry.connect(carol).registerWithMerkleProof(human("carol"), tree.getProof(1)))
          .to.be.revertedWithCustomError(registry, "IdentityInvalidMerkleProof")
          .withArgs(human("carol"), carol.address);
        expect(await registry.identityOf(bob.address)).to.equal(1n);
      });
    });

    describe("when the listed human identifier is zero", function () {
      it("should revert with IdentityZeroHumanId", async function () {
        const { registry, tree, dave } = await loadFixture(merkleListFixture);
        await expect(
          registry.connect(dave).registerWithMerkleProof(ZeroHash, tree.getProof(2)),
        ).to.be.revertedWithCustomError(registry, "IdentityZeroHumanId");
      });
    });

    describe("when the human identifier was registered through EAS", function () {
      it("should revert with IdentityHumanIdTaken (attack: one human through both paths)", async function () {
        const { registry, governor, alice, carol } = await loadFixture(aliceAttestedFixture);
        const tree = StandardMerkleTree.of<IdentityLeaf>([[human("alice"), carol.address]], IDENTITY_LEAF_TYPES);
        await registry.connect(governor).setMerkleRoot(tree.root);
        await expect(registry.connect(carol).registerWithMerkleProof(human("alice"), tree.getProof(0)))
          .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
          .withArgs(human("alice"), 1n);
        expect(await registry.identityOf(alice.address)).to.equal(1n);
      });
    });

    describe("when the caller already holds an identity", function () {
      it("should revert with IdentityAccountAlreadyBound", async function () {
        const { registry, governor, alice } = await loadFixture(aliceAttestedFixture);
        const tree = StandardMerkleTree.of<IdentityLeaf>([[human("alice-2"), alice.address]], IDENTITY_LEAF_TYPES);
        await registry.connect(governor).setMerkleRoot(tree.root);
        await expect(registry.connect(alice).registerWithMerkleProof(human("alice-2"), tree.getProof(0)))
          .to.be.revertedWithCustomError(registry, "IdentityAccountAlreadyBound")
          .withArgs(alice.address, 1n);
      });
    });

    describe("when the proof is valid", function () {
      it("should bind a new identity to the caller and emit IdentityRegistered with method 1", async function () {
        const { registry, tree, bob } = await loadFixture(merkleListFixture);
        await expect(registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0)))
          .to.emit(registry, "IdentityRegistered")
          .withArgs(1n, human("bob"), bob.address, MERKLE);
        expect(await registry.identityOf(bob.address)).to.equal(1n);
        expect(await registry.accountOf(1n)).to.equal(bob.address);
        expect(await registry.attestationOf(1n)).to.equal(ZeroHash);
        const source = (await registry.identity(1n)).source;
        expect(source).to.equal(await registry.merkleSource());
        expect((await registry.source(source)).kind).to.equal(BigInt(MERKLE_SOURCE));
      });

      it("should refuse the same leaf twice", async function () {
        const { registry, tree, bob } = await loadFixture(merkleListFixture);
        await registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0));
        await expect(registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0)))
          .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
          .withArgs(human("bob"), 1n);
      });
    });
  });

  describe("key rotation", function () {
    describe("proposeRotation", function () {
      it("should revert with IdentityNotBound when the caller holds no identity", async function () {
        const { registry, stranger, dave } = await loadFixture(aliceAttestedFixture);
        await expect(registry.connect(stranger).proposeRotation(dave.address))
          .to.be.revertedWithCustomError(registry, "IdentityNotBound")
          .withArgs(stranger.address);
      });

      it("should revert with IdentityRotationToSelf when the target is the caller", async function () {
        const { registry, alice } = await loadFixture(aliceAttestedFixture);
        await expect(registry.connect(alice).proposeRotation(alice.address))
          .to.be.revertedWithCustomError(registry, "IdentityRotationToSelf")
          .withArgs(alice.address);
      });

      it("should record the proposal and emit RotationProposed without moving anything", async function () {
        const { registry, alice, dave } = await loadFixture(aliceAttestedFixture);
        await expect(registry.connect(alice).proposeRotation(dave.address))
          .to.emit(registry, "RotationProposed")
          .withArgs(1n, alice.address, dave.address);
        expect(await registry.pendingRotation(1n)).to.equal(dave.address);
        expect(await registry.identityOf(alice.address)).to.equal(1n);
        expect(await registry.identityOf(dave.address)).to.equal(0n);
      });

      it("should replace an earlier proposal", async function () {
        const { registry, alice, dave, erin } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await registry.connect(alice).proposeRotation(erin.address);
        await expect(registry.connect(dave).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityRotationNotProposed")
          .withArgs(1n, dave.address);
      });

      it("should cancel the proposal when the target is the zero address", async function () {
        const { registry, alice, dave } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await expect(registry.connect(alice).proposeRotation(ZeroAddress))
          .to.emit(registry, "RotationProposed")
          .withArgs(1n, alice.address, ZeroAddress);
        await expect(registry.connect(dave).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityRotationNotProposed")
          .withArgs(1n, dave.address);
      });
    });

    describe("acceptRotation", function () {
      it("should revert with IdentityRotationNotProposed when nothing was proposed", async function () {
        const { registry, dave } = await loadFixture(aliceAttestedFixture);
        await expect(registry.connect(dave).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityRotationNotProposed")
          .withArgs(1n, dave.address);
      });

      it("should revert with IdentityRotationNotProposed for identity 0, even from the zero-proposal state", async function () {
        const { registry, dave } = await loadFixture(aliceAttestedFixture);
        await expect(registry.connect(dave).acceptRotation(0n))
          .to.be.revertedWithCustomError(registry, "IdentityRotationNotProposed")
          .withArgs(0n, dave.address);
      });

      it("should revert with IdentityRotationNotProposed when it was proposed to someone else", async function () {
        const { registry, alice, dave, erin } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await expect(registry.connect(erin).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityRotationNotProposed")
          .withArgs(1n, erin.address);
      });

      it("should revert with IdentityAccountAlreadyBound when the new account holds an identity", async function () {
        const { registry, alice, bob } = await loadFixture(bothRegisteredFixture);
        await registry.connect(alice).proposeRotation(bob.address);
        await expect(registry.connect(bob).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityAccountAlreadyBound")
          .withArgs(bob.address, 2n);
      });

      it("should move the identity, clear the proposal and emit IdentityRotated", async function () {
        const { registry, alice, dave } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await expect(registry.connect(dave).acceptRotation(1n))
          .to.emit(registry, "IdentityRotated")
          .withArgs(1n, alice.address, dave.address);
        expect(await registry.identityOf(alice.address)).to.equal(0n);
        expect(await registry.identityOf(dave.address)).to.equal(1n);
        expect(await registry.accountOf(1n)).to.equal(dave.address);
        expect(await registry.isVerified(alice.address)).to.equal(false);
        expect(await registry.pendingRotation(1n)).to.equal(ZeroAddress);
        await expect(registry.connect(alice).proposeRotation(alice.address))
          .to.be.revertedWithCustomError(registry, "IdentityNotBound")
          .withArgs(alice.address);
      });

      it("should let the identity come back to an account it left", async function () {
        const { registry, alice, dave } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await registry.connect(dave).acceptRotation(1n);
        await registry.connect(dave).proposeRotation(alice.address);
        await registry.connect(alice).acceptRotation(1n);
        expect(await registry.identityOf(alice.address)).to.equal(1n);
        expect(await registry.identityOf(dave.address)).to.equal(0n);
      });
    });

    describe("given a rotation, looking up past timepoints", function () {
      it("should give the identity to the old account before and to the new account from the rotation on", async function () {
        const { registry, alice, dave, registeredAt } = await loadFixture(aliceAttestedFixture);
        await time.increase(100);
        await registry.connect(alice).proposeRotation(dave.address);
        await registry.connect(dave).acceptRotation(1n);
        const rotatedAt = await time.latest();
        await time.increase(10);
        expect(await registry.identityAt(alice.address, registeredAt - 1)).to.equal(0n);
        expect(await registry.identityAt(alice.address, registeredAt)).to.equal(1n);
        expect(await registry.identityAt(alice.address, rotatedAt - 1)).to.equal(1n);
        expect(await registry.identityAt(dave.address, rotatedAt - 1)).to.equal(0n);
        expect(await registry.identityAt(alice.address, rotatedAt)).to.equal(0n);
        expect(await registry.identityAt(dave.address, rotatedAt)).to.equal(1n);
      });
    });

    describe("attacks", function () {
      it("identity squatting by pushing rotation onto another account: a proposal alone binds nobody", async function () {
        const { registry, alice, eas, attester, dave } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        expect(await registry.identityOf(dave.address)).to.equal(0n);
        // Dave stays free to register his own identity; the pushed one can then never land on him.
        const uid = await attest(eas, attester, { recipient: dave.address, data: encodeHumanId(human("dave")) });
        await registry.connect(dave).registerWithAttestation(uid);
        await expect(registry.connect(dave).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityAccountAlreadyBound")
          .withArgs(dave.address, 2n);
        expect(await registry.identityOf(dave.address)).to.equal(2n);
        expect(await registry.identityOf(alice.address)).to.equal(1n);
      });

      it("identity squatting by pushing rotation onto a verified account: its identity is never overwritten", async function () {
        const { registry, alice, bob } = await loadFixture(bothRegisteredFixture);
        await registry.connect(alice).proposeRotation(bob.address);
        expect(await registry.identityOf(bob.address)).to.equal(2n);
        expect(await registry.accountOf(2n)).to.equal(bob.address);
      });

      it("double counting through rotation: at no timepoint do two accounts hold one identity", async function () {
        const { registry, alice, dave, registeredAt } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await registry.connect(dave).acceptRotation(1n);
        const rotatedAt = await time.latest();
        await time.increase(5);
        for (let t = registeredAt; t <= rotatedAt + 2; t++) {
          const holders = [
            await registry.identityAt(alice.address, t),
            await registry.identityAt(dave.address, t),
          ].filter((x) => x === 1n);
          expect(holders.length, `timepoint ${t}`).to.equal(1);
        }
      });

      it("double counting through rotation within one block: the block's final state wins for both accounts", async function () {
        const { registry, alice, dave } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await hre.network.provider.send("evm_setAutomine", [false]);
        try {
          await registry.connect(dave).acceptRotation(1n);
          await registry.connect(dave).proposeRotation(alice.address);
          await registry.connect(alice).acceptRotation(1n);
          await hre.network.provider.send("evm_mine", []);
        } finally {
          await hre.network.provider.send("evm_setAutomine", [true]);
        }
        const block = await time.latest();
        await time.increase(1);
        expect(await registry.identityAt(alice.address, block)).to.equal(1n);
        expect(await registry.identityAt(dave.address, block)).to.equal(0n);
      });

      it("flash identity: an identity registered now does not count at the current timepoint", async function () {
        const { registry, alice } = await loadFixture(aliceAttestedFixture);
        const now = await registry.clock();
        await expect(registry.identityAt(alice.address, now))
          .to.be.revertedWithCustomError(registry, "IdentityFutureLookup")
          .withArgs(now, now);
      });

      it("recycling a human identifier after rotating it away", async function () {
        const { registry, eas, attester, alice, dave, aliceHuman } = await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await registry.connect(dave).acceptRotation(1n);
        const uid = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(aliceHuman) });
        await expect(registry.connect(alice).registerWithAttestation(uid))
          .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
          .withArgs(aliceHuman, 1n);
      });
    });
  });

  describe("bindingOf: the identity in force and who registered it", function () {
    it("should give the registrant as the bound account for an identity never rotated, and nothing for others", async function () {
      const { registry, alice, bob, stranger } = await loadFixture(bothRegisteredFixture);
      expect(await registry.bindingOf(alice.address)).to.deep.equal([1n, alice.address]);
      expect(await registry.bindingOf(bob.address)).to.deep.equal([2n, bob.address]);
      expect(await registry.bindingOf(stranger.address)).to.deep.equal([0n, ZeroAddress]);
    });

    it("should keep the registrant through a chain of rotations and clear it on the accounts left behind", async function () {
      const { registry, alice, carol, dave } = await loadFixture(aliceAttestedFixture);
      await registry.connect(alice).proposeRotation(dave.address);
      await registry.connect(dave).acceptRotation(1n);
      expect(await registry.bindingOf(dave.address)).to.deep.equal([1n, alice.address]);
      expect(await registry.bindingOf(alice.address)).to.deep.equal([0n, ZeroAddress]);
      await registry.connect(dave).proposeRotation(carol.address);
      await registry.connect(carol).acceptRotation(1n);
      expect(await registry.bindingOf(carol.address)).to.deep.equal([1n, alice.address]);
      expect(await registry.bindingOf(dave.address)).to.deep.equal([0n, ZeroAddress]);
      await registry.connect(carol).proposeRotation(alice.address);
      await registry.connect(alice).acceptRotation(1n);
      expect(await registry.bindingOf(alice.address)).to.deep.equal([1n, alice.address]);
      expect(await registry.identityOf(alice.address)).to.equal(1n);
    });

    it("should report nothing for the account of a struck-off identity", async function () {
      const { registry, governor, bob } = await loadFixture(bothRegisteredFixture);
      await registry.connect(governor).revokeIdentity(2n);
      expect(await registry.bindingOf(bob.address)).to.deep.equal([0n, ZeroAddress]);
    });
  });

  describe("syncRevocation", function () {
    it("should revert with IdentityUnknown for id 0 and for an id never assigned", async function () {
      const { registry, stranger } = await loadFixture(bothRegisteredFixture);
      await expect(registry.connect(stranger).syncRevocation(0n))
        .to.be.revertedWithCustomError(registry, "IdentityUnknown")
        .withArgs(0n);
      await expect(registry.connect(stranger).syncRevocation(3n))
        .to.be.revertedWithCustomError(registry, "IdentityUnknown")
        .withArgs(3n);
    });

    it("should revert with IdentityNotAttested for a Merkle identity", async function () {
      const { registry, stranger } = await loadFixture(bothRegisteredFixture);
      await expect(registry.connect(stranger).syncRevocation(2n))
        .to.be.revertedWithCustomError(registry, "IdentityNotAttested")
        .withArgs(2n);
    });

    it("should revert with IdentityAttestationStillValid while the attestation is valid", async function () {
      const { registry, stranger, aliceUid } = await loadFixture(aliceAttestedFixture);
      await expect(registry.connect(stranger).syncRevocation(1n))
        .to.be.revertedWithCustomError(registry, "IdentityAttestationStillValid")
        .withArgs(1n, aliceUid);
    });

    it("should revert with IdentityAttestationStillValid before an expiring attestation expires", async function () {
      const { registry, eas, attester, alice, stranger } = await loadFixture(deployIdentityFixture);
      const expiry = BigInt(await time.latest()) + 1000n;
      const uid = await attest(eas, attester, {
        recipient: alice.address,
        data: encodeHumanId(human("alice")),
        expirationTime: expiry,
      });
      await registry.connect(alice).registerWithAttestation(uid);
      await expect(registry.connect(stranger).syncRevocation(1n))
        .to.be.revertedWithCustomError(registry, "IdentityAttestationStillValid")
        .withArgs(1n, uid);
    });

    describe("when EAS shows the attestation revoked", function () {
      it("should let anyone unbind the identity for good and emit IdentityRevoked", async function () {
        const { registry, eas, attester, schema, stranger, alice, aliceUid, aliceHuman } =
          await loadFixture(aliceAttestedFixture);
        await eas.connect(attester).revoke({ schema, data: { uid: aliceUid, value: 0n } });
        await time.increase(10);
        const before = await time.latest();
        await expect(registry.connect(stranger).syncRevocation(1n))
          .to.emit(registry, "IdentityRevoked")
          .withArgs(1n, alice.address);
        const revokedAt = await time.latest();
        await time.increase(1);
        expect(await registry.identityOf(alice.address)).to.equal(0n);
        expect(await registry.isVerified(alice.address)).to.equal(false);
        expect(await registry.accountOf(1n)).to.equal(ZeroAddress);
        expect((await registry.identity(1n)).revoked).to.equal(true);
        // It stopped counting when EAS revoked it, not when the sync came.
        expect(await registry.identityAt(alice.address, before)).to.equal(0n);
        expect(await registry.identityAt(alice.address, revokedAt)).to.equal(0n);
        // The human identifier is free again: a fresh attestation binds it as a new identity.
        const again = await attest(eas, attester, { recipient: alice.address, data: encodeHumanId(aliceHuman) });
        await expect(registry.connect(alice).registerWithAttestation(again))
          .to.emit(registry, "IdentityRegistered")
          .withArgs(2n, aliceHuman, alice.address, ATTESTATION);
      });

      it("should revert with IdentityAlreadyRevoked when synced twice", async function () {
        const { registry, eas, attester, schema, stranger, aliceUid } = await loadFixture(aliceAttestedFixture);
        await eas.connect(attester).revoke({ schema, data: { uid: aliceUid, value: 0n } });
        await registry.connect(stranger).syncRevocation(1n);
        await expect(registry.connect(stranger).syncRevocation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityAlreadyRevoked")
          .withArgs(1n);
      });

      it("should cancel a pending rotation (attack: escaping revocation by rotating)", async function () {
        const { registry, eas, attester, schema, stranger, alice, dave, aliceUid } =
          await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await eas.connect(attester).revoke({ schema, data: { uid: aliceUid, value: 0n } });
        await registry.connect(stranger).syncRevocation(1n);
        expect(await registry.pendingRotation(1n)).to.equal(ZeroAddress);
        await expect(registry.connect(dave).acceptRotation(1n))
          .to.be.revertedWithCustomError(registry, "IdentityRotationNotProposed")
          .withArgs(1n, dave.address);
      });

      it("should unbind the identity from the account it was rotated to", async function () {
        const { registry, eas, attester, schema, stranger, alice, dave, aliceUid } =
          await loadFixture(aliceAttestedFixture);
        await registry.connect(alice).proposeRotation(dave.address);
        await registry.connect(dave).acceptRotation(1n);
        await eas.connect(attester).revoke({ schema, data: { uid: aliceUid, value: 0n } });
        await expect(registry.connect(stranger).syncRevocation(1n))
          .to.emit(registry, "IdentityRevoked")
          .withArgs(1n, dave.address);
        expect(await registry.identityOf(dave.address)).to.equal(0n);
      });
    });

    describe("when the attestation has expired", function () {
      it("should unbind the identity", async function () {
        const { registry, eas, attester, alice, stranger } = await loadFixture(deployIdentityFixture);
        const expiry = BigInt(await time.latest()) + 1000n;
        const uid = await attest(eas, attester, {
          recipient: alice.address,
          data: encodeHumanId(human("alice")),
          expirationTime: expiry,
        });
        await registry.connect(alice).registerWithAttestation(uid);
        await time.increaseTo(expiry);
        await expect(registry.connect(stranger).syncRevocation(1n))
          .to.emit(registry, "IdentityRevoked")
          .withArgs(1n, alice.address);
        expect(await registry.identityOf(alice.address)).to.equal(0n);
      });
    });
  });

  describe("revokeIdentity", function () {
    it("should revert with AccessControlUnauthorizedAccount for anyone but the governor", async function () {
      const { registry, deployer } = await loadFixture(bothRegisteredFixture);
      await expect(registry.connect(deployer).revokeIdentity(2n))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, GOVERNOR_ROLE);
    });

    it("should revert with IdentityNotMerkle for an attestation identity (only EAS revokes those)", async function () {
      const { registry, governor } = await loadFixture(bothRegisteredFixture);
      await expect(registry.connect(governor).revokeIdentity(1n))
        .to.be.revertedWithCustomError(registry, "IdentityNotMerkle")
        .withArgs(1n);
    });

    it("should revert with IdentityUnknown for an id never assigned", async function () {
      const { registry, governor } = await loadFixture(bothRegisteredFixture);
      await expect(registry.connect(governor).revokeIdentity(9n))
        .to.be.revertedWithCustomError(registry, "IdentityUnknown")
        .withArgs(9n);
    });

    it("should strike off a Merkle identity, emit IdentityRevoked, and refuse a second time", async function () {
      const { registry, governor, bob, tree } = await loadFixture(bothRegisteredFixture);
      await expect(registry.connect(governor).revokeIdentity(2n))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(2n, bob.address);
      expect(await registry.identityOf(bob.address)).to.equal(0n);
      expect(await registry.accountOf(2n)).to.equal(ZeroAddress);
      await expect(registry.connect(governor).revokeIdentity(2n))
        .to.be.revertedWithCustomError(registry, "IdentityAlreadyRevoked")
        .withArgs(2n);
      // The same leaf cannot bring the struck-off human back.
      await expect(registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0)))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(human("bob"), 2n);
    });
  });

  describe("governance", function () {
    describe("setMerkleRoot", function () {
      it("should revert with AccessControlUnauthorizedAccount for anyone but the governor", async function () {
        const { registry, stranger } = await loadFixture(deployIdentityFixture);
        await expect(registry.connect(stranger).setMerkleRoot(keccakString("root")))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, GOVERNOR_ROLE);
      });

      it("should set the root and emit MerkleRootSet(previous, new)", async function () {
        const { registry, governor } = await loadFixture(deployIdentityFixture);
        const first = keccakString("first");
        const second = keccakString("second");
        await expect(registry.connect(governor).setMerkleRoot(first))
          .to.emit(registry, "MerkleRootSet")
          .withArgs(ZeroHash, first);
        await expect(registry.connect(governor).setMerkleRoot(second))
          .to.emit(registry, "MerkleRootSet")
          .withArgs(first, second);
        expect(await registry.merkleRoot()).to.equal(second);
      });

      it("should close the Merkle path when set back to zero", async function () {
        const { registry, governor, tree, bob } = await loadFixture(merkleListFixture);
        await registry.connect(governor).setMerkleRoot(ZeroHash);
        await expect(
          registry.connect(bob).registerWithMerkleProof(human("bob"), tree.getProof(0)),
        ).to.be.revertedWithCustomError(registry, "IdentityMerkleRootUnset");
      });
    });

    describe("setAttester", function () {
      it("should revert with AccessControlUnauthorizedAccount for anyone but the governor", async function () {
        const { registry, stranger } = await loadFixture(deployIdentityFixture);
        await expect(registry.connect(stranger).setAttester(stranger.address, true))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, GOVERNOR_ROLE);
      });

      it("should revert with IdentityZeroAttester for the zero address", async function () {
        const { registry, governor } = await loadFixture(deployIdentityFixture);
        await expect(registry.connect(governor).setAttester(ZeroAddress, true)).to.be.revertedWithCustomError(
          registry,
          "IdentityZeroAttester",
        );
      });

      it("should trust and distrust an attester and emit AttesterSet", async function () {
        const { registry, governor, stranger } = await loadFixture(deployIdentityFixture);
        await expect(registry.connect(governor).setAttester(stranger.address, true))
          .to.emit(registry, "AttesterSet")
          .withArgs(stranger.address, true);
        expect(await registry.isTrustedAttester(stranger.address)).to.equal(true);
        await expect(registry.connect(governor).setAttester(stranger.address, false))
          .to.emit(registry, "AttesterSet")
          .withArgs(stranger.address, false);
        expect(await registry.isTrustedAttester(stranger.address)).to.equal(false);
      });

      it("should leave identities attested by a distrusted attester registered", async function () {
        const { registry, governor, attester, alice } = await loadFixture(aliceAttestedFixture);
        await registry.connect(governor).setAttester(attester.address, false);
        expect(await registry.identityOf(alice.address)).to.equal(1n);
      });
    });

    describe("roles", function () {
      it("should let only DEFAULT_ADMIN_ROLE (the timelock) grant GOVERNOR_ROLE", async function () {
        const { registry, governor, deployer, stranger } = await loadFixture(deployIdentityFixture);
        await expect(registry.connect(deployer).grantRole(GOVERNOR_ROLE, stranger.address))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(deployer.address, DEFAULT_ADMIN_ROLE);
        await expect(registry.connect(governor).grantRole(GOVERNOR_ROLE, stranger.address))
          .to.emit(registry, "RoleGranted")
          .withArgs(GOVERNOR_ROLE, stranger.address, await governor.getAddress());
        await expect(registry.connect(stranger).setMerkleRoot(keccakString("r"))).to.emit(registry, "MerkleRootSet");
      });

      it("should apply a governor action only after the timelock delay", async function () {
        const { registry, timelock, deployer } = await loadFixture(deployIdentityFixture);
        // The deployer is the timelock's temporary admin (until the Governance module renounces it).
        await timelock.connect(deployer).grantRole(await timelock.PROPOSER_ROLE(), deployer.address);
        const root = keccakString("list approved by governance");
        const call = registry.interface.encodeFunctionData("setMerkleRoot", [root]);
        const target = await registry.getAddress();
        const delay = await timelock.getMinDelay();
        await timelock.connect(deployer).schedule(target, 0n, call, ZeroHash, ZeroHash, delay);
        await expect(
          timelock.connect(deployer).execute(target, 0n, call, ZeroHash, ZeroHash),
        ).to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState");
        expect(await registry.merkleRoot()).to.equal(ZeroHash);
        await time.increase(delay);
        await expect(timelock.connect(deployer).execute(target, 0n, call, ZeroHash, ZeroHash))
          .to.emit(registry, "MerkleRootSet")
          .withArgs(ZeroHash, root);
      });
    });
  });

  describe("identityAt", function () {
    it("should revert with IdentityFutureLookup for a timepoint after the clock", async function () {
      const { registry, alice } = await loadFixture(aliceAttestedFixture);
      const now = await registry.clock();
      await expect(registry.identityAt(alice.address, now + 100n))
        .to.be.revertedWithCustomError(registry, "IdentityFutureLookup")
        .withArgs(now + 100n, now);
    });

    it("should return 0 for an account that never registered", async function () {
      const { registry, stranger } = await loadFixture(aliceAttestedFixture);
      await time.increase(1);
      expect(await registry.identityAt(stranger.address, (await time.latest()) - 1)).to.equal(0n);
    });
  });
});
