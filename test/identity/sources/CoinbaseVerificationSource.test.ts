import { expect } from "chai";
import { ZeroAddress, ZeroHash, id as keccakString } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CoinbaseVerificationSource__factory } from "../../../typechain-types";
import { attest, encodeHumanId, schemaUid } from "../fixtures";
import { deploySourcesFixture, externalHumanId, revokeAttestation, verifiedAccount } from "./fixtures";
import { behavesLikeAnAccountKeyedSource } from "./accountKeyedSource.behaviour";

const DAY = 86_400n;

/** The sources fixture, plus helpers: Coinbase verifies an account (indexed), revokes an attestation. */
async function coinbaseFixture() {
  const f = await deploySourcesFixture();
  async function verify(
    recipient: string,
    opts: { expirationTime?: bigint; revocable?: boolean; index?: boolean } = {},
  ) {
    const uid = await attest(f.eas, f.coinbase, {
      recipient,
      schema: f.coinbaseSchema,
      data: verifiedAccount(),
      expirationTime: opts.expirationTime,
      revocable: opts.revocable,
    });
    if (opts.index ?? true) await (await f.indexer.index(uid)).wait();
    return uid;
  }
  const revoke = (uid: string) => revokeAttestation(f.eas, f.coinbase, f.coinbaseSchema, uid);
  return { ...f, verify, revoke };
}

/** The shared behaviour's view of the Coinbase source: verifying an account attests and indexes it. */
async function coinbaseCase() {
  const f = await coinbaseFixture();
  return {
    ...f,
    source: f.coinbaseSource,
    sourceId: f.coinbaseSourceId,
    attester: f.coinbase,
    schema: f.coinbaseSchema,
    passingData: verifiedAccount(),
    publish: async (uid: string) => void (await (await f.indexer.index(uid)).wait()),
    issue: (recipient: string, opts: { expirationTime?: bigint; revocable?: boolean } = {}) =>
      f.verify(recipient, opts),
  };
}

/** Alice verified by Coinbase and registered (identity 1). */
async function aliceRegisteredFixture() {
  const f = await coinbaseFixture();
  const aliceUid = await f.verify(f.alice.address);
  await (await f.registry.connect(f.alice).registerWithSource(f.coinbaseSourceId, "0x")).wait();
  return { ...f, aliceUid, registeredAt: await time.latest() };
}

describe("CoinbaseVerificationSource", function () {
  behavesLikeAnAccountKeyedSource(coinbaseCase);

  describe("deployment", function () {
    it("should revert with SourceZeroParameter for a zero EAS, attester, schema or indexer", async function () {
      const { deployer, eas, coinbase, indexer, coinbaseSchema } = await loadFixture(coinbaseFixture);
      const factory = new CoinbaseVerificationSource__factory(deployer);
      const [e, a, i] = [await eas.getAddress(), coinbase.address, await indexer.getAddress()];
      const cases: [string, [string, string, string, string]][] = [
        ["eas", [ZeroAddress, a, i, coinbaseSchema]],
        ["attester", [e, ZeroAddress, i, coinbaseSchema]],
        ["schema", [e, a, i, ZeroHash]],
        ["indexer", [e, a, ZeroAddress, coinbaseSchema]],
      ];
      for (const [name, args] of cases) {
        await expect(factory.deploy(...args))
          .to.be.revertedWithCustomError(factory, "SourceZeroParameter")
          .withArgs(name);
      }
    });

    it("should keep its wiring as given and derive its namespace from the provider, attester and schema", async function () {
      const { coinbaseSource, eas, coinbase, indexer, coinbaseSchema } = await loadFixture(coinbaseFixture);
      expect(await coinbaseSource.eas()).to.equal(await eas.getAddress());
      expect(await coinbaseSource.attester()).to.equal(coinbase.address);
      expect(await coinbaseSource.indexer()).to.equal(await indexer.getAddress());
      expect(await coinbaseSource.schema()).to.equal(coinbaseSchema);
      expect(coinbaseSchema).to.equal(schemaUid("bool verifiedAccount"));
      const { AbiCoder, keccak256 } = await import("ethers");
      expect(await coinbaseSource.keyNamespace()).to.equal(
        keccak256(
          AbiCoder.defaultAbiCoder().encode(
            ["string", "address", "bytes32"],
            ["Coinbase Verifications: Verified Account", coinbase.address, coinbaseSchema],
          ),
        ),
      );
    });
  });

  describe("registration refusals", function () {
    it("should revert with SourceNoAttestation when the indexer holds nothing for the caller", async function () {
      const { registry, coinbaseSource, alice, coinbaseSourceId, verify } = await loadFixture(coinbaseFixture);
      await verify(alice.address, { index: false });
      await expect(registry.connect(alice).registerWithSource(coinbaseSourceId, "0x"))
        .to.be.revertedWithCustomError(coinbaseSource, "SourceNoAttestation")
        .withArgs(alice.address);
    });

    it("should revert with SourceBadData for data that is neither empty nor one UID", async function () {
      const { registry, coinbaseSource, alice, coinbaseSourceId } = await loadFixture(coinbaseFixture);
      await expect(registry.connect(alice).registerWithSource(coinbaseSourceId, "0x1234"))
        .to.be.revertedWithCustomError(coinbaseSource, "SourceBadData")
        .withArgs(2n);
    });

    it("should revert with SourceAttestationNotFound for a UID EAS does not hold", async function () {
      const { registry, coinbaseSource, alice, coinbaseSourceId } = await loadFixture(coinbaseFixture);
      const uid = keccakString("nothing");
      await expect(registry.connect(alice).registerWithSource(coinbaseSourceId, uid))
        .to.be.revertedWithCustomError(coinbaseSource, "SourceAttestationNotFound")
        .withArgs(uid);
    });

    it("should revert with SourceMalformedData for data that is not one bool, and SourceNotVerified for false", async function () {
      const { registry, coinbaseSource, eas, coinbase, alice, coinbaseSourceId, coinbaseSchema } =
        await loadFixture(coinbaseFixture);
      const long = await attest(eas, coinbase, {
        recipient: alice.address,
        schema: coinbaseSchema,
        data: encodeHumanId(keccakString("x")) + "00",
      });
      await expect(registry.connect(alice).registerWithSource(coinbaseSourceId, long))
        .to.be.revertedWithCustomError(coinbaseSource, "SourceMalformedData")
        .withArgs(long, 33n, 32n);
      const no = await attest(eas, coinbase, {
        recipient: alice.address,
        schema: coinbaseSchema,
        data: verifiedAccount(false),
      });
      await expect(registry.connect(alice).registerWithSource(coinbaseSourceId, no))
        .to.be.revertedWithCustomError(coinbaseSource, "SourceNotVerified")
        .withArgs(no);
    });

    it("should revert with IdentityHumanIdTaken when a live Coinbase identity was rotated away and its account tries again", async function () {
      const { registry, alice, dave, coinbaseSourceId, coinbaseSource } = await loadFixture(aliceRegisteredFixture);
      await registry.connect(alice).proposeRotation(dave.address);
      await registry.connect(dave).acceptRotation(1n);
      await expect(registry.connect(alice).registerWithSource(coinbaseSourceId, "0x"))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(externalHumanId(await coinbaseSource.keyNamespace(), alice.address), 1n);
    });
  });

  describe("registration and validity at t", function () {
    it("should register the caller from the indexer's latest UID, keyed by its address", async function () {
      const { registry, coinbaseSource, alice, aliceUid, coinbaseSourceId } = await loadFixture(aliceRegisteredFixture);
      expect(await registry.identityOf(alice.address)).to.equal(1n);
      expect(await registry.isVerified(alice.address)).to.equal(true);
      expect(await registry.attestationOf(1n)).to.equal(aliceUid);
      expect((await registry.identity(1n)).source).to.equal(coinbaseSourceId);
      const humanId = externalHumanId(await coinbaseSource.keyNamespace(), alice.address);
      expect(await registry.identityOfHuman(humanId)).to.equal(1n);
      expect(await coinbaseSource.verify(alice.address, aliceUid)).to.deep.equal([
        "0x" + alice.address.slice(2).toLowerCase().padStart(64, "0"),
        0n,
        aliceUid,
      ]);
    });

    it("should register with an explicit UID and record its expiration", async function () {
      const { registry, alice, coinbaseSourceId, verify } = await loadFixture(coinbaseFixture);
      const expirationTime = BigInt(await time.latest()) + 365n * DAY;
      const uid = await verify(alice.address, { expirationTime, index: false });
      await registry.connect(alice).registerWithSource(coinbaseSourceId, uid);
      expect((await registry.identity(1n)).expirationTime).to.equal(expirationTime);
    });

    it("redeployment: the registry records the source's namespace, so a new deployment of the same provider shares its humanIds", async function () {
      const { registry, coinbaseSource, coinbaseSourceId } = await loadFixture(coinbaseFixture);
      expect(await coinbaseSource.keyNamespace()).to.equal(await registry.sourceNamespace(coinbaseSourceId));
    });

    it("move to a new wallet: the new wallet's Coinbase identity is a new identity id that waits the rotation cooldown (nothing links the two)", async function () {
      const { registry, governor, alice, dave, aliceUid, coinbaseSourceId, coinbaseSource, verify, revoke } =
        await loadFixture(aliceRegisteredFixture);
      await registry.connect(governor).setRotationCooldown(30n * DAY);
      const revokedAt = await revoke(aliceUid);
      await verify(dave.address);
      const tx = registry.connect(dave).registerWithSource(coinbaseSourceId, "0x");
      const humanId = externalHumanId(await coinbaseSource.keyNamespace(), dave.address);
      await expect(tx).to.emit(registry, "IdentityRegistered").withArgs(2n, humanId, dave.address, 2);
      const registeredAt = BigInt(await time.latest());
      await expect(tx)
        .to.emit(registry, "RotationCooldownStarted")
        .withArgs(2n, dave.address, registeredAt + 30n * DAY);
      await time.increase(30n * DAY + 1n);
      expect(await registry.identityOf(dave.address)).to.equal(2n);
      expect(await registry.identityAt(dave.address, registeredAt + 30n * DAY - 1n)).to.equal(0n);
      expect(await registry.identityAt(dave.address, registeredAt + 30n * DAY)).to.equal(2n);
      expect(await registry.identityAt(alice.address, revokedAt)).to.equal(0n);
    });

    it("vote rental through a re-verification: a wallet verified for a snapshot only counts a cooldown later", async function () {
      const { registry, governor, dave, coinbaseSourceId, verify } = await loadFixture(coinbaseFixture);
      await registry.connect(governor).setRotationCooldown(30n * DAY);
      await verify(dave.address);
      await registry.connect(dave).registerWithSource(coinbaseSourceId, "0x");
      const snapshot = await time.latest();
      await time.increase(DAY);
      expect(await registry.identityAt(dave.address, snapshot)).to.equal(0n);
      expect(await registry.isVerified(dave.address)).to.equal(false);
    });

    it("re-registration after a move: a key rotated away, re-verified and registered on its own account again is a new identity id", async function () {
      const { registry, governor, alice, dave, aliceUid, coinbaseSourceId, verify, revoke } =
        await loadFixture(aliceRegisteredFixture);
      await registry.connect(governor).setRotationCooldown(30n * DAY);
      await registry.connect(alice).proposeRotation(dave.address);
      const rotation = registry.connect(dave).acceptRotation(1n);
      await expect(rotation)
        .to.emit(registry, "RotationCooldownStarted")
        .withArgs(1n, dave.address, BigInt(await time.latest()) + 1n + 30n * DAY);
      // Coinbase revokes alice's attestation (the rotated identity ends on dave) and verifies her again.
      const revokedAt = await revoke(aliceUid);
      await verify(alice.address);
      await registry.connect(alice).registerWithSource(coinbaseSourceId, "0x");
      const registeredAt = await time.latest();
      await time.increase(1);
      expect(await registry.identityOf(alice.address)).to.equal(2n);
      expect((await registry.identity(1n)).revoked).to.equal(true);
      expect(await registry.identityAt(dave.address, revokedAt)).to.equal(0n);
      // Back on the account that last registered the key, as a renewal: it counts at once.
      expect(await registry.identityAt(alice.address, registeredAt)).to.equal(2n);
    });
  });
});
