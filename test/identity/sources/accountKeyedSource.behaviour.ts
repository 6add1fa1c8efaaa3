import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract } from "ethers";
import type { EAS } from "../../../typechain-types/baselines";
import type { IdentityRegistry } from "../../../typechain-types";
import { attest, schemaUid, OTHER_SCHEMA } from "../fixtures";

/** How an account-keyed EAS source issues and withdraws evidence, for the behaviour both providers share. */
export interface AccountKeyedSourceCase {
  registry: IdentityRegistry;
  /** The source contract, whose custom errors the refusals name. */
  source: BaseContract;
  sourceId: bigint;
  eas: EAS;
  /** The provider's attester. */
  attester: HardhatEthersSigner;
  /** The provider's schema UID. */
  schema: string;
  governor: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  /** Attestation data that passes the source's checks. */
  passingData: string;
  /** After an attestation of the provider's schema exists: what the provider does so that `register(…, "0x")` finds it. */
  publish(uid: string): Promise<void>;
  /** The provider attests `recipient` (passing data, published), with the options given. */
  issue(recipient: string, opts?: { expirationTime?: bigint; revocable?: boolean }): Promise<string>;
  /** The provider revokes `uid`; resolves to the revocation's timestamp. */
  revoke(uid: string): Promise<number>;
}

/**
 * Registration refusals and validity at t that every account-keyed EAS source (Coinbase Verifications,
 * Gitcoin Passport) must show: the attestation is the provider's, of its schema, for the caller,
 * revocable, live; once registered it counts up to its revocation, expiry or the source's retirement
 * and not from then on, without a transaction on our contracts.
 */
export function behavesLikeAnAccountKeyedSource(fixture: () => Promise<AccountKeyedSourceCase>): void {
  /** `fixture` with alice issued and registered (identity 1). */
  async function aliceRegistered() {
    const f = await fixture();
    const aliceUid = await f.issue(f.alice.address);
    await (await f.registry.connect(f.alice).registerWithSource(f.sourceId, "0x")).wait();
    return { ...f, aliceUid, registeredAt: await time.latest() };
  }

  describe("registration refusals shared by account-keyed sources", function () {
    it("wrong schema: should revert with SourceWrongSchema for the provider's attestation of another schema", async function () {
      const { registry, source, eas, attester, alice, sourceId, schema, passingData } = await loadFixture(fixture);
      const other = schemaUid(OTHER_SCHEMA);
      const uid = await attest(eas, attester, { recipient: alice.address, schema: other, data: passingData });
      await expect(registry.connect(alice).registerWithSource(sourceId, uid))
        .to.be.revertedWithCustomError(source, "SourceWrongSchema")
        .withArgs(uid, other, schema);
    });

    it("wrong attester: should revert with SourceWrongAttester for an attestation of the schema by someone else", async function () {
      const { registry, source, eas, stranger, attester, alice, sourceId, schema, passingData, publish } =
        await loadFixture(fixture);
      const uid = await attest(eas, stranger, { recipient: alice.address, schema, data: passingData });
      await publish(uid);
      await expect(registry.connect(alice).registerWithSource(sourceId, "0x"))
        .to.be.revertedWithCustomError(source, "SourceWrongAttester")
        .withArgs(uid, stranger.address, attester.address);
    });

    it("wrong recipient: should revert with SourceWrongRecipient for another account's attestation", async function () {
      const { registry, source, alice, bob, sourceId, issue } = await loadFixture(fixture);
      const bobUid = await issue(bob.address);
      await expect(registry.connect(alice).registerWithSource(sourceId, bobUid))
        .to.be.revertedWithCustomError(source, "SourceWrongRecipient")
        .withArgs(bobUid, bob.address, alice.address);
    });

    it("irrevocable: should revert with SourceIrrevocable", async function () {
      const { registry, source, alice, sourceId, issue } = await loadFixture(fixture);
      const uid = await issue(alice.address, { revocable: false });
      await expect(registry.connect(alice).registerWithSource(sourceId, uid))
        .to.be.revertedWithCustomError(source, "SourceIrrevocable")
        .withArgs(uid);
    });

    it("revoked: should revert with SourceRevoked", async function () {
      const { registry, source, alice, sourceId, issue, revoke } = await loadFixture(fixture);
      const uid = await issue(alice.address);
      const revokedAt = await revoke(uid);
      await expect(registry.connect(alice).registerWithSource(sourceId, "0x"))
        .to.be.revertedWithCustomError(source, "SourceRevoked")
        .withArgs(uid, revokedAt);
    });

    it("expired: should revert with SourceExpired", async function () {
      const { registry, source, alice, sourceId, issue } = await loadFixture(fixture);
      const expirationTime = BigInt(await time.latest()) + 100n;
      const uid = await issue(alice.address, { expirationTime });
      await time.increaseTo(expirationTime);
      await expect(registry.connect(alice).registerWithSource(sourceId, "0x"))
        .to.be.revertedWithCustomError(source, "SourceExpired")
        .withArgs(uid, expirationTime);
    });
  });

  describe("validity at t shared by account-keyed sources", function () {
    it("revoked after the snapshot: the identity counts at the snapshot and not from the revocation on, without a sync", async function () {
      const { registry, alice, aliceUid, registeredAt, revoke } = await loadFixture(aliceRegistered);
      await time.increase(10);
      const snapshot = await time.latest();
      await time.increase(10);
      const revokedAt = await revoke(aliceUid);
      await time.increase(1);
      expect(await registry.identityAt(alice.address, registeredAt)).to.equal(1n);
      expect(await registry.identityAt(alice.address, snapshot)).to.equal(1n);
      expect(await registry.identityAt(alice.address, revokedAt - 1)).to.equal(1n);
      expect(await registry.identityAt(alice.address, revokedAt)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(false);
    });

    it("revoked before the snapshot: the identity does not count at the snapshot, and syncRevocation frees it", async function () {
      const { registry, alice, aliceUid, revoke } = await loadFixture(aliceRegistered);
      await expect(registry.syncRevocation(1n))
        .to.be.revertedWithCustomError(registry, "IdentityAttestationStillValid")
        .withArgs(1n, aliceUid);
      await revoke(aliceUid);
      await time.increase(10);
      const snapshot = await time.latest();
      await time.increase(1);
      expect(await registry.identityAt(alice.address, snapshot)).to.equal(0n);
      await expect(registry.syncRevocation(1n)).to.emit(registry, "IdentityRevoked").withArgs(1n, alice.address);
      expect(await registry.identityOf(alice.address)).to.equal(0n);
    });

    it("expired: the identity counts before its expiration time and not from it on", async function () {
      const { registry, alice, sourceId, issue } = await loadFixture(fixture);
      const expirationTime = BigInt(await time.latest()) + 100n;
      await issue(alice.address, { expirationTime });
      await registry.connect(alice).registerWithSource(sourceId, "0x");
      expect((await registry.identity(1n)).expirationTime).to.equal(expirationTime);
      await time.increaseTo(expirationTime + 5n);
      expect(await registry.identityAt(alice.address, expirationTime - 1n)).to.equal(1n);
      expect(await registry.identityAt(alice.address, expirationTime)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(false);
    });

    it("source retired: its identities stop counting from the retirement on and nobody registers through it", async function () {
      const { registry, governor, alice, bob, sourceId, issue } = await loadFixture(aliceRegistered);
      await issue(bob.address);
      await time.increase(5);
      const before = await time.latest();
      await registry.connect(governor).retireSource(sourceId);
      const retiredAt = await time.latest();
      await time.increase(1);
      expect(await registry.identityAt(alice.address, before)).to.equal(1n);
      expect(await registry.identityAt(alice.address, retiredAt)).to.equal(0n);
      await expect(registry.connect(bob).registerWithSource(sourceId, "0x"))
        .to.be.revertedWithCustomError(registry, "IdentitySourceNotLive")
        .withArgs(sourceId);
    });
  });
}
