import { expect } from "chai";
import { ZeroAddress, ZeroHash, id as keccakString } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { GitcoinPassportSource__factory } from "../../../typechain-types";
import { attest, schemaUid, OTHER_SCHEMA } from "../fixtures";
import { THRESHOLD, deploySourcesFixture, externalHumanId, revokeAttestation, score18, scoreData } from "./fixtures";
import { behavesLikeAnAccountKeyedSource } from "./accountKeyedSource.behaviour";

const GOVERNOR_ROLE = keccakString("GOVERNOR_ROLE");

/** The sources fixture, plus helpers: Gitcoin attests a score (18 decimals by default), revokes one. */
async function gitcoinFixture() {
  const f = await deploySourcesFixture();
  async function score(
    recipient: string,
    whole: number,
    opts: { expirationTime?: bigint; data?: string; revocable?: boolean } = {},
  ) {
    return attest(f.eas, f.gitcoin, {
      recipient,
      schema: f.scoreSchema,
      data: opts.data ?? scoreData(score18(whole)),
      expirationTime: opts.expirationTime,
      revocable: opts.revocable,
    });
  }
  const revoke = (uid: string) => revokeAttestation(f.eas, f.gitcoin, f.scoreSchema, uid);
  return { ...f, score, revoke };
}

/** The shared behaviour's view of the Passport source: a passing score (40), found through the resolver. */
async function gitcoinCase() {
  const f = await gitcoinFixture();
  return {
    ...f,
    source: f.gitcoinSource,
    sourceId: f.gitcoinSourceId,
    attester: f.gitcoin,
    schema: f.scoreSchema,
    passingData: scoreData(score18(40)),
    // The GitcoinResolver records every attestation of the score schema as its recipient's latest.
    publish: async () => {},
    issue: (recipient: string, opts: { expirationTime?: bigint; revocable?: boolean } = {}) =>
      f.score(recipient, 40, opts),
  };
}

/** Alice scored 25 and registered through Gitcoin Passport (identity 1). */
async function aliceRegisteredFixture() {
  const f = await gitcoinFixture();
  const aliceUid = await f.score(f.alice.address, 25);
  await (await f.registry.connect(f.alice).registerWithSource(f.gitcoinSourceId, "0x")).wait();
  return { ...f, aliceUid, registeredAt: await time.latest() };
}

describe("GitcoinPassportSource", function () {
  behavesLikeAnAccountKeyedSource(gitcoinCase);

  describe("deployment and threshold", function () {
    it("should revert with SourceZeroParameter for a zero resolver or admin, and SourceZeroThreshold for a zero threshold", async function () {
      const { deployer, eas, gitcoin, resolver, scoreSchema, timelock } = await loadFixture(gitcoinFixture);
      const factory = new GitcoinPassportSource__factory(deployer);
      const [e, r, admin] = [await eas.getAddress(), await resolver.getAddress(), await timelock.getAddress()];
      await expect(factory.deploy(e, gitcoin.address, ZeroAddress, scoreSchema, admin, THRESHOLD))
        .to.be.revertedWithCustomError(factory, "SourceZeroParameter")
        .withArgs("resolver");
      await expect(factory.deploy(e, gitcoin.address, r, scoreSchema, ZeroAddress, THRESHOLD))
        .to.be.revertedWithCustomError(factory, "SourceZeroParameter")
        .withArgs("admin");
      await expect(factory.deploy(e, gitcoin.address, r, ZeroHash, admin, THRESHOLD))
        .to.be.revertedWithCustomError(factory, "SourceZeroParameter")
        .withArgs("schema");
      await expect(factory.deploy(e, gitcoin.address, r, scoreSchema, admin, 0n)).to.be.revertedWithCustomError(
        factory,
        "SourceZeroThreshold",
      );
    });

    it("should revert setThreshold with AccessControlUnauthorizedAccount for anyone but the governor, and SourceZeroThreshold for zero", async function () {
      const { gitcoinSource, governor, stranger } = await loadFixture(gitcoinFixture);
      await expect(gitcoinSource.connect(stranger).setThreshold(1n))
        .to.be.revertedWithCustomError(gitcoinSource, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, GOVERNOR_ROLE);
      await expect(gitcoinSource.connect(governor).setThreshold(0n)).to.be.revertedWithCustomError(
        gitcoinSource,
        "SourceZeroThreshold",
      );
    });

    it("should give both roles to the timelock and keep its wiring as given", async function () {
      const { gitcoinSource, timelock, resolver, gitcoin, scoreSchema } = await loadFixture(gitcoinFixture);
      const admin = await timelock.getAddress();
      expect(await gitcoinSource.hasRole(GOVERNOR_ROLE, admin)).to.equal(true);
      expect(await gitcoinSource.hasRole(ZeroHash, admin)).to.equal(true);
      expect(await gitcoinSource.resolver()).to.equal(await resolver.getAddress());
      expect(await gitcoinSource.attester()).to.equal(gitcoin.address);
      expect(await gitcoinSource.schema()).to.equal(
        schemaUid("uint256 score,uint32 scorer_id,uint8 score_decimals", await resolver.getAddress()),
      );
      expect(await gitcoinSource.schema()).to.equal(scoreSchema);
      expect(await gitcoinSource.thresholdAt(await time.latest())).to.equal(THRESHOLD);
      expect(await gitcoinSource.keysAreAccounts()).to.equal(true);
    });

    it("should emit ThresholdSet with the previous threshold and the first timepoint it applies to", async function () {
      const { gitcoinSource, governor } = await loadFixture(gitcoinFixture);
      await expect(gitcoinSource.connect(governor).setThreshold(30_0000n))
        .to.emit(gitcoinSource, "ThresholdSet")
        .withArgs(THRESHOLD, 30_0000n, (await time.latest()) + 1);
    });
  });

  describe("registration refusals", function () {
    it("should revert with SourceNoAttestation when the resolver holds no score for the caller", async function () {
      const { registry, gitcoinSource, alice, gitcoinSourceId } = await loadFixture(gitcoinFixture);
      await expect(registry.connect(alice).registerWithSource(gitcoinSourceId, "0x"))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceNoAttestation")
        .withArgs(alice.address);
    });

    it("should revert with SourceMalformedData for data that is not (uint256, uint32, uint8)", async function () {
      const { registry, gitcoinSource, alice, gitcoinSourceId, score } = await loadFixture(gitcoinFixture);
      const uid = await score(alice.address, 40, { data: "0x01" });
      await expect(registry.connect(alice).registerWithSource(gitcoinSourceId, "0x"))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceMalformedData")
        .withArgs(uid, 1n, 96n);
    });

    it("should revert with SourceNotLatest for an older score than the resolver's latest", async function () {
      const { registry, gitcoinSource, alice, gitcoinSourceId, score } = await loadFixture(gitcoinFixture);
      const old = await score(alice.address, 40);
      const latest = await score(alice.address, 41);
      await expect(registry.connect(alice).registerWithSource(gitcoinSourceId, old))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceNotLatest")
        .withArgs(old, latest);
    });

    it("below threshold: should revert with SourceScoreBelowThreshold (score in 4 decimals)", async function () {
      const { registry, gitcoinSource, alice, gitcoinSourceId, score } = await loadFixture(gitcoinFixture);
      const uid = await score(alice.address, 19.9999);
      await expect(registry.connect(alice).registerWithSource(gitcoinSourceId, "0x"))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceScoreBelowThreshold")
        .withArgs(uid, 19_9999n, THRESHOLD);
    });

    it("should normalise scores of any decimals to 4 (fewer scale up, saturating; more scale down; beyond 10^77 nothing)", async function () {
      const { gitcoinSource, registry, alice, bob, carol, dave, gitcoinSourceId, score } =
        await loadFixture(gitcoinFixture);
      // 2 decimals: 2000 = 20.00 passes exactly.
      await score(alice.address, 0, { data: scoreData(2000n, 2) });
      await registry.connect(alice).registerWithSource(gitcoinSourceId, "0x");
      // 4 decimals, as GitcoinPassportDecoder returns scores.
      const atFour = await score(bob.address, 0, { data: scoreData(19_9999n, 4) });
      await expect(registry.connect(bob).registerWithSource(gitcoinSourceId, "0x"))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceScoreBelowThreshold")
        .withArgs(atFour, 19_9999n, THRESHOLD);
      // 0 decimals and a score so large that scaling overflows: saturates, passes.
      await score(carol.address, 0, { data: scoreData(2n ** 255n, 0) });
      await registry.connect(carol).registerWithSource(gitcoinSourceId, "0x");
      // 82 decimals: 10^78 scale-down is beyond uint256, the score reads 0.
      const huge = await score(dave.address, 0, { data: scoreData(2n ** 255n, 82) });
      await expect(registry.connect(dave).registerWithSource(gitcoinSourceId, "0x"))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceScoreBelowThreshold")
        .withArgs(huge, 0n, THRESHOLD);
    });
  });

  describe("registration and validity at t", function () {
    it("should register the caller's latest score, keyed by its address (an address, not a human)", async function () {
      const { registry, gitcoinSource, alice, aliceUid, gitcoinSourceId } = await loadFixture(aliceRegisteredFixture);
      expect(await registry.identityOf(alice.address)).to.equal(1n);
      expect(await registry.attestationOf(1n)).to.equal(aliceUid);
      expect((await registry.identity(1n)).source).to.equal(gitcoinSourceId);
      const humanId = externalHumanId(await gitcoinSource.keyNamespace(), alice.address);
      expect(await registry.identityOfHuman(humanId)).to.equal(1n);
      await expect(registry.connect(alice).registerWithSource(gitcoinSourceId, aliceUid))
        .to.be.revertedWithCustomError(registry, "IdentityHumanIdTaken")
        .withArgs(humanId, 1n);
    });

    it("threshold change checkpointed: a raised threshold stops a lower score from then on, never before", async function () {
      const { registry, gitcoinSource, governor, alice, registeredAt } = await loadFixture(aliceRegisteredFixture);
      await time.increase(10);
      const snapshot = await time.latest();
      await gitcoinSource.connect(governor).setThreshold(30_0000n);
      const raisedAt = await time.latest();
      await time.increase(1);
      expect(await gitcoinSource.thresholdAt(snapshot)).to.equal(THRESHOLD);
      expect(await gitcoinSource.thresholdAt(raisedAt)).to.equal(30_0000n);
      expect(await registry.identityAt(alice.address, registeredAt)).to.equal(1n);
      expect(await registry.identityAt(alice.address, raisedAt - 1)).to.equal(1n);
      expect(await registry.identityAt(alice.address, raisedAt)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(false);
      // Lowered again: it counts again from then on (nothing ended it: the threshold is not evidence).
      await gitcoinSource.connect(governor).setThreshold(25_0000n);
      expect(await registry.isVerified(alice.address)).to.equal(true);
    });

    it("a newer lower score supersedes the registered one at every timepoint (the resolver keeps no history); re-registering with it is refused", async function () {
      const { registry, gitcoinSource, alice, aliceUid, gitcoinSourceId, score } =
        await loadFixture(aliceRegisteredFixture);
      await time.increase(10);
      const before = await time.latest();
      const lower = await score(alice.address, 5);
      const supersededAt = await time.latest();
      await time.increase(1);
      // Before the newer score it counted, but only while it was the resolver's latest: past
      // answers may only go from yes to no.
      expect(await gitcoinSource.validAt(aliceUid, before)).to.equal(false);
      expect(await registry.identityAt(alice.address, before)).to.equal(0n);
      expect(await registry.identityAt(alice.address, supersededAt)).to.equal(0n);
      expect(await registry.isVerified(alice.address)).to.equal(false);
      await expect(registry.connect(alice).registerWithSource(gitcoinSourceId, "0x"))
        .to.be.revertedWithCustomError(gitcoinSource, "SourceScoreBelowThreshold")
        .withArgs(lower, 5_0000n, THRESHOLD);
      // Anyone may record that the identity ended.
      await expect(registry.syncRevocation(1n)).to.emit(registry, "IdentityRevoked").withArgs(1n, alice.address);
    });

    it("a newer passing score: the superseded identity counts at no timepoint any more (past snapshots included); the recipient re-registers with it as a new identity id on the same account, counting at once; never two", async function () {
      const { registry, governor, alice, gitcoinSourceId, score } = await loadFixture(aliceRegisteredFixture);
      await registry.connect(governor).setRotationCooldown(30n * 86_400n);
      await time.increase(10);
      const newer = await score(alice.address, 33);
      const supersededAt = await time.latest();
      await registry.connect(alice).registerWithSource(gitcoinSourceId, "0x");
      const registeredAt = await time.latest();
      await time.increase(1);
      expect(await registry.attestationOf(2n)).to.equal(newer);
      expect(await registry.identityAt(alice.address, supersededAt - 1)).to.equal(0n);
      expect(await registry.identityAt(alice.address, supersededAt)).to.equal(0n);
      expect(await registry.identityAt(alice.address, registeredAt)).to.equal(2n);
      expect((await registry.identity(1n)).revoked).to.equal(true);
    });

    it("should not count an attestation at any timepoint when the resolver holds no latest UID for its recipient (a resolver that clears its record)", async function () {
      const { gitcoinSource, eas, gitcoin, alice } = await loadFixture(gitcoinFixture);
      // A score-shaped attestation of another schema: the resolver holds no score UID for alice.
      const uid = await attest(eas, gitcoin, {
        recipient: alice.address,
        schema: schemaUid(OTHER_SCHEMA),
        data: scoreData(score18(40)),
      });
      const t = await time.latest();
      expect(await gitcoinSource.validAt(uid, t)).to.equal(false);
      expect(await gitcoinSource.validAt(uid, t - 1)).to.equal(false);
    });
  });
});
