import { expect } from "chai";
import { ZeroAddress, ZeroHash, id as keccakString } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { TestIdentitySource__factory } from "../../../typechain-types";
import { human } from "../fixtures";
import { deploySourcesFixture, externalHumanId } from "./fixtures";

const GOVERNOR_ROLE = keccakString("GOVERNOR_ROLE");
const EXTERNAL = 3n;

/** The sources fixture plus a test source (namespace "test") added as source 5. */
async function testSourceFixture() {
  const f = await deploySourcesFixture();
  const namespace = keccakString("test");
  const testSource = await new TestIdentitySource__factory(f.deployer).deploy(namespace);
  await (await f.registry.connect(f.governor).addSource(await testSource.getAddress())).wait();
  return { ...f, testSource, namespace, testSourceId: 5n };
}

describe("IdentityRegistry external sources", function () {
  describe("addSource", function () {
    it("should revert with AccessControlUnauthorizedAccount for anyone but the governor", async function () {
      const { registry, stranger, coinbaseSource } = await loadFixture(deploySourcesFixture);
      await expect(registry.connect(stranger).addSource(await coinbaseSource.getAddress()))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, GOVERNOR_ROLE);
    });

    it("should revert with IdentityZeroSource for the zero address", async function () {
      const { registry, governor } = await loadFixture(deploySourcesFixture);
      await expect(registry.connect(governor).addSource(ZeroAddress)).to.be.revertedWithCustomError(
        registry,
        "IdentityZeroSource",
      );
    });

    it("should revert with IdentitySourceZeroNamespace for a source whose namespace is zero", async function () {
      const { registry, governor, deployer } = await loadFixture(deploySourcesFixture);
      const bad = await new TestIdentitySource__factory(deployer).deploy(ZeroHash);
      await expect(registry.connect(governor).addSource(await bad.getAddress()))
        .to.be.revertedWithCustomError(registry, "IdentitySourceZeroNamespace")
        .withArgs(await bad.getAddress());
    });

    it("should record the source as kind External with its contract and namespace", async function () {
      const { registry, coinbaseSource, coinbaseSourceId } = await loadFixture(deploySourcesFixture);
      const s = await registry.source(coinbaseSourceId);
      expect([s.kind, s.trusted, s.retiredAt, s.attester]).to.deep.equal([
        EXTERNAL,
        true,
        0n,
        await coinbaseSource.getAddress(),
      ]);
      expect(await registry.sourceNamespace(coinbaseSourceId)).to.equal(await coinbaseSource.keyNamespace());
      expect(await registry.sourceKeysAreAccounts(coinbaseSourceId)).to.equal(true);
      expect(await registry.sourceCount()).to.equal(4n);
      expect(await registry.isTrustedAttester(await coinbaseSource.getAddress())).to.equal(false);
    });

    it("should emit SourceAdded (kind 3) and ExternalSourceAdded with the namespace", async function () {
      const { registry, governor, deployer } = await loadFixture(deploySourcesFixture);
      const namespace = keccakString("another");
      const another = await new TestIdentitySource__factory(deployer).deploy(namespace);
      const address = await another.getAddress();
      await expect(registry.connect(governor).addSource(address))
        .to.emit(registry, "SourceAdded")
        .withArgs(5n, 3, address)
        .and.to.emit(registry, "ExternalSourceAdded")
        .withArgs(5n, address, namespace, false);
    });
  });

  describe("registerWithSource", function () {
    it("should revert with IdentitySourceNotExternal for the Merkle source, an attester's source or no source", async function () {
      const { registry, alice } = await loadFixture(deploySourcesFixture);
      for (const [sourceId, kind] of [
        [1n, 1],
        [2n, 2],
        [0n, 0],
        [99n, 0],
      ] as const) {
        await expect(registry.connect(alice).registerWithSource(sourceId, "0x"))
          .to.be.revertedWithCustomError(registry, "IdentitySourceNotExternal")
          .withArgs(sourceId, kind);
      }
    });

    it("should revert with IdentitySourceNotLive for a retired source", async function () {
      const { registry, governor, alice, testSource, testSourceId } = await loadFixture(testSourceFixture);
      await testSource.setKey(alice.address, human("alice"));
      await registry.connect(governor).retireSource(testSourceId);
      await expect(registry.connect(alice).registerWithSource(testSourceId, "0x"))
        .to.be.revertedWithCustomError(registry, "IdentitySourceNotLive")
        .withArgs(testSourceId);
    });

    it("should revert with IdentitySourceZeroKey when the source vouches with a zero key", async function () {
      const { registry, alice, testSourceId } = await loadFixture(testSourceFixture);
      await expect(registry.connect(alice).registerWithSource(testSourceId, "0x"))
        .to.be.revertedWithCustomError(registry, "IdentitySourceZeroKey")
        .withArgs(testSourceId, alice.address);
    });

    it("should revert with IdentityHumanIdTaken when one key registers twice through two sources of one namespace", async function () {
      const { registry, governor, deployer, alice, bob, namespace, testSource } = await loadFixture(testSourceFixture);
      const twin = await new TestIdentitySource__factory(deployer).deploy(namespace);
      await registry.connect(governor).addSource(await twin.getAddress());
      await testSource.setKey(alice.address, human("k"));
      await twin.setKey(bob.address, human("k"));
      await registry.connect(alice).registerWithSource(5n, "0x");
      await expect(registry.connect(bob).registerWithSource(6n, "0x"))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(externalHumanId(namespace, human("k")), 1n);
    });

    it("keys of different sources never share a human identifier: one key through two namespaces gives two identities", async function () {
      const { registry, governor, deployer, alice, bob, namespace, testSource } = await loadFixture(testSourceFixture);
      const other = await new TestIdentitySource__factory(deployer).deploy(keccakString("other"));
      await registry.connect(governor).addSource(await other.getAddress());
      await testSource.setKey(alice.address, human("k"));
      await other.setKey(bob.address, human("k"));
      await registry.connect(alice).registerWithSource(5n, "0x");
      await registry.connect(bob).registerWithSource(6n, "0x");
      expect(await registry.identityOfHuman(externalHumanId(namespace, human("k")))).to.equal(1n);
      expect(await registry.identityOfHuman(externalHumanId(keccakString("other"), human("k")))).to.equal(2n);
      // An attester's raw humanId equal to the key is a third, unrelated slot.
      expect(await registry.identityOfHuman(human("k"))).to.equal(0n);
    });

    it("should count an external identity while its source says it holds, at every timepoint", async function () {
      const { registry, alice, testSource, testSourceId } = await loadFixture(testSourceFixture);
      await testSource.setKey(alice.address, human("alice"));
      await registry.connect(alice).registerWithSource(testSourceId, "0x");
      const registeredAt = await time.latest();
      await time.increase(10);
      await testSource.invalidateFrom(human("alice"), registeredAt + 5);
      await time.increase(1);
      expect(await registry.identityAt(alice.address, registeredAt + 4)).to.equal(1n);
      expect(await registry.identityAt(alice.address, registeredAt + 5)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(false);
      expect(await registry.attestationOf(1n)).to.equal(human("alice"));
    });

    it("should emit IdentityRegistered with method 2 and the namespaced human identifier", async function () {
      const { registry, alice, testSource, testSourceId, namespace } = await loadFixture(testSourceFixture);
      await testSource.setKey(alice.address, human("alice"));
      await expect(registry.connect(alice).registerWithSource(testSourceId, "0x"))
        .to.emit(registry, "IdentityRegistered")
        .withArgs(1n, externalHumanId(namespace, human("alice")), alice.address, 2);
    });
  });

  describe("ending an external identity", function () {
    it("should revert syncRevocation with IdentityAttestationStillValid while the source says it holds", async function () {
      const { registry, alice, testSource, testSourceId } = await loadFixture(testSourceFixture);
      await testSource.setKey(alice.address, human("alice"));
      await registry.connect(alice).registerWithSource(testSourceId, "0x");
      await expect(registry.syncRevocation(1n))
        .to.be.revertedWithCustomError(registry, "IdentityAttestationStillValid")
        .withArgs(1n, human("alice"));
    });

    it("should revert revokeIdentity with IdentityNotMerkle: governance retires the source instead", async function () {
      const { registry, governor, alice, testSource, testSourceId } = await loadFixture(testSourceFixture);
      await testSource.setKey(alice.address, human("alice"));
      await registry.connect(alice).registerWithSource(testSourceId, "0x");
      await expect(registry.connect(governor).revokeIdentity(1n))
        .to.be.revertedWithCustomError(registry, "IdentityNotMerkle")
        .withArgs(1n);
    });

    it("retiring an external source stops its identities counting from then on and leaves the Merkle root alone", async function () {
      const { registry, governor, alice, testSource, testSourceId } = await loadFixture(testSourceFixture);
      const root = keccakString("root");
      await registry.connect(governor).setMerkleRoot(root);
      await testSource.setKey(alice.address, human("alice"));
      await registry.connect(alice).registerWithSource(testSourceId, "0x");
      const before = await time.latest();
      const tx = registry.connect(governor).retireSource(testSourceId);
      await expect(tx)
        .to.emit(registry, "SourceRetired")
        .withArgs(testSourceId, before + 1);
      await expect(tx).not.to.emit(registry, "MerkleRootSet");
      await time.increase(1);
      expect(await registry.merkleRoot()).to.equal(root);
      expect(await registry.identityAt(alice.address, before)).to.equal(1n);
      expect(await registry.identityAt(alice.address, before + 1)).to.equal(0n);
      await expect(registry.syncRevocation(1n)).to.emit(registry, "IdentityRevoked").withArgs(1n, alice.address);
    });

    it("should release the account of an ended external identity for a new registration, never counting both", async function () {
      const { registry, alice, testSource, testSourceId } = await loadFixture(testSourceFixture);
      await testSource.setKey(alice.address, human("alice"));
      await registry.connect(alice).registerWithSource(testSourceId, "0x");
      const endAt = (await time.latest()) + 3;
      await testSource.invalidateFrom(human("alice"), endAt);
      await time.increase(5);
      // The test source's ref is the key, and the old one stays invalid: the account comes back with a new key.
      await testSource.setKey(alice.address, human("alice-2"));
      await registry.connect(alice).registerWithSource(testSourceId, "0x");
      expect(await registry.identityOf(alice.address)).to.equal(2n);
      expect((await registry.identity(1n)).revoked).to.equal(true);
      await time.increase(1);
      expect(await registry.identityAt(alice.address, endAt - 1)).to.equal(1n);
      expect(await registry.identityAt(alice.address, endAt)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(true);
    });
  });
});
