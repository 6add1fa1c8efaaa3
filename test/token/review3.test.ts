/**
 * Adversarial review (review3) of r1's cached expiration (a33d867, efb354e): the token caches the
 * identity's `registry.expirationOf(id)` (48 bits) beside its √ at sync and, once it has passed,
 * drops the contribution at the account's next transfer or delegation without a registry call.
 *
 * FINDING R3-1 (Medium) — "reported-expiry griefing": the registry records an external source's
 * `verify` expiration and returns it from `expirationOf`, but decides whether the identity
 * counts with the source's `validAt` alone (`_countsAt`, External branch), never with the recorded
 * time. IIdentitySource does not require `validAt(ref, t)` to be false from that time on (a
 * provider that renews evidence under the same ref, or one that reports an issuance-bound
 * expiry). For such a source, once the reported time passes, anyone drops an honest, still-verified
 * holder's √ and seat by sending it 1 wei; `sync` re-adds it with the same stale expiry, and the
 * next 1 wei (e.g. just before a proposal's snapshot) drops it again. Token and registry disagree
 * on whether the identity counts. Also: `registerWithSource` accepts an expiration already
 * passed (the attestation path rejects it with IdentityAttestationExpired), so such an identity
 * is droppable from its first transfer.
 * Suggested fix: make the recorded expiration binding in the registry for every kind —
 * `_countsAt` returns false from `_identities[id].expirationTime` on (`timepoint < expirationTime`
 * when non-zero) and `registerWithSource` reverts on an expired one, as `registerWithAttestation`
 * does — and state in IIdentitySource.verify's NatSpec that the identity stops counting at it.
 * Then `expirationOf` is the registry's own cutoff and the token's cache agrees by construction.
 * FIXED (deleg3): exactly that — IdentityRegistry._countsAt ends an external identity at its
 * recorded expiration, registerWithSource refuses an expired one (IdentitySourceEvidenceExpired),
 * IIdentitySource.verify's NatSpec says so; the two finding tests below pass.
 *
 * Attacks that HOLD (passing regressions): a renewal (new attestation, so a new identity id) is
 * re-cached at sync, so 1 wei after the OLD expiry does not drop it; token and registry agree at
 * t == expiry (EAS's rule on both sides); expiration 0 never lapses; an expiration past 2^48
 * (EAS's uint64) is cached as "never" instead of wrapping into the past; a lapse drop on
 * transferFrom with both sides on one delegate leaves its Σ√ and seats equal to the sum over its
 * contributors; a transfer to self drops nothing; a rotation keeps the identity's expiration on
 * the new key and the new key lapses at it.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import GovernanceModule from "../../deploy/modules/Governance";
import {
  CounterweightToken__factory,
  IdentityRegistry__factory,
  ReportedExpiryIdentitySource__factory,
} from "../../typechain-types";
import { isqrt } from "../../scripts/lib/isqrt";
import { HUMAN_SCHEMA, attest, deployEas, encodeHumanId, human, schemaUid, signerFor } from "../identity/fixtures";
import { E18, MODULE_PARAMETERS } from "../governance/fixtures";

const ONE_M = 1_000_000n * E18;

/** Governance stack on a real local EAS; `holder`, `other` funded 1M each and self-delegated. */
async function review3Fixture() {
  const signers = await hre.ethers.getSigners();
  const [deployer, attester, holder, other, griefer, newKey] = signers;
  const eas = await deployEas(deployer);
  const schema = schemaUid(HUMAN_SCHEMA);
  const deployed = await hre.ignition.deploy(GovernanceModule, {
    parameters: { ...MODULE_PARAMETERS, Identity: { eas: await eas.getAddress(), schema } },
  });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const registry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
  const timelockSigner = await signerFor(await deployed.timelock.getAddress());
  await (await registry.connect(timelockSigner).setAttester(attester.address, true)).wait();
  for (const s of [holder, other, griefer]) await (await token.transfer(s.address, ONE_M)).wait();
  for (const s of [holder, other, newKey]) await (await token.connect(s).delegate(s.address)).wait();
  const source = await new ReportedExpiryIdentitySource__factory(deployer).deploy();
  await (await registry.connect(timelockSigner).addSource(await source.getAddress())).wait();
  const sourceId = await registry.sourceCount();
  return { deployer, attester, holder, other, griefer, newKey, eas, schema, token, registry, source, sourceId };
}
type F = Awaited<ReturnType<typeof review3Fixture>>;

/** Attests `who` for `name` with `expirationTime`, registers and syncs; returns the identity id. */
async function attestAndSync(f: F, who: F["holder"], name: string, expirationTime: bigint): Promise<bigint> {
  const uid = await attest(f.eas, f.attester, {
    recipient: who.address,
    data: encodeHumanId(human(name)),
    expirationTime,
  });
  await (await f.registry.connect(who).registerWithAttestation(uid)).wait();
  await (await f.token.sync(who.address)).wait();
  return f.registry.identityOf(who.address);
}

async function now(): Promise<bigint> {
  await mine();
  return BigInt(await time.latest());
}

describe("Token cached expiration (review3)", function () {
  describe("findings", function () {
    it("reported-expiry griefing: 1 wei after an external source's reported expiry drops a holder the registry still counts", async function () {
      const f = await loadFixture(review3Fixture);
      const reported = (await now()) + 100n;
      await (await f.source.setReportedExpiration(reported)).wait();
      await (await f.registry.connect(f.holder).registerWithSource(f.sourceId, "0x")).wait();
      await (await f.token.sync(f.holder.address)).wait();
      const id = await f.registry.identityOf(f.holder.address);
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([id, isqrt(ONE_M)]);
      await time.increaseTo(reported + 10n);
      // The griefer's 1 wei, after the reported time; the registry still counts the identity.
      await (await f.token.connect(f.griefer).transfer(f.holder.address, 1n)).wait();
      const counted = (await f.registry.bindingOf(f.holder.address))[0] !== 0n;
      const contributes = (await f.token.contributionOf(f.holder.address))[0] !== 0n;
      // Token and registry must agree on whether the identity counts.
      expect(contributes, "token contribution vs registry binding").to.equal(counted);
    });

    it("reported-expiry griefing: registerWithSource accepts an expiration already passed (the attestation path refuses it)", async function () {
      const f = await loadFixture(review3Fixture);
      const past = (await now()) - 10n;
      await (await f.source.setReportedExpiration(past)).wait();
      await expect(f.registry.connect(f.holder).registerWithSource(f.sourceId, "0x")).to.be.revertedWithCustomError(
        f.registry,
        "IdentitySourceEvidenceExpired",
      );
    });
  });

  describe("attacks that hold", function () {
    it("renewed attestation: a renewal after the old expiry is re-cached at sync, so 1 wei after the OLD expiry drops nothing", async function () {
      const f = await loadFixture(review3Fixture);
      const oldExpiry = (await now()) + 60n;
      const oldId = await attestAndSync(f, f.holder, "r3-renew", oldExpiry);
      await time.increaseTo(oldExpiry + 1n);
      const newExpiry = oldExpiry + 100_000n;
      const newId = await attestAndSync(f, f.holder, "r3-renew", newExpiry); // same key: counts at once
      expect(newId).to.not.equal(oldId);
      await (await f.token.connect(f.griefer).transfer(f.holder.address, 1n)).wait();
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([newId, isqrt(ONE_M + 1n)]);
      expect(await f.token.getDelegatedIdentities(f.holder.address)).to.equal(1n);
      // It lapses at the NEW expiry.
      await time.setNextBlockTimestamp(newExpiry);
      await expect(f.token.connect(f.griefer).transfer(f.holder.address, 1n))
        .to.emit(f.token, "IdentitySynced")
        .withArgs(f.holder.address, newId, 0n);
    });

    it("renewed attestation: a revoke + re-issue before the old expiry, synced, survives 1 wei after the old expiry", async function () {
      const f = await loadFixture(review3Fixture);
      const oldExpiry = (await now()) + 600n;
      const uid = await attest(f.eas, f.attester, {
        recipient: f.holder.address,
        data: encodeHumanId(human("r3-early")),
        expirationTime: oldExpiry,
      });
      await (await f.registry.connect(f.holder).registerWithAttestation(uid)).wait();
      await (await f.token.sync(f.holder.address)).wait();
      await (await f.eas.connect(f.attester).revoke({ schema: f.schema, data: { uid, value: 0n } })).wait();
      const newId = await attestAndSync(f, f.holder, "r3-early", 0n);
      await time.increaseTo(oldExpiry + 1n);
      await (await f.token.connect(f.griefer).transfer(f.holder.address, 1n)).wait();
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([newId, isqrt(ONE_M + 1n)]);
    });

    it("expiry exactly at the snapshot: token and registry agree at t == expiry and t == expiry - 1", async function () {
      const f = await loadFixture(review3Fixture);
      const expiry = (await now()) + 60n;
      const id = await attestAndSync(f, f.holder, "r3-edge", expiry);
      await time.setNextBlockTimestamp(expiry - 1n);
      await (await f.token.connect(f.griefer).transfer(f.holder.address, 1n)).wait(); // still counts
      await time.setNextBlockTimestamp(expiry);
      await (await f.token.connect(f.griefer).transfer(f.holder.address, 1n)).wait(); // lapses here
      await mine();
      expect(await f.registry.identityAt(f.holder.address, expiry - 1n)).to.equal(id);
      expect(await f.token.getPastQuadraticPower(f.holder.address, expiry - 1n)).to.deep.equal([isqrt(ONE_M + 1n), 1n]);
      expect(await f.registry.identityAt(f.holder.address, expiry)).to.equal(0n);
      expect(await f.token.getPastQuadraticPower(f.holder.address, expiry)).to.deep.equal([0n, 0n]);
    });

    it("expiration 0 means never, and one past 2^48 (EAS's uint64) is cached as never instead of wrapping into the past", async function () {
      const f = await loadFixture(review3Fixture);
      const never = await attestAndSync(f, f.holder, "r3-never", 0n);
      const wrap = await attestAndSync(f, f.other, "r3-wrap", (1n << 48n) + 1n); // masked: 1, in the past
      expect(await f.registry.expirationOf(wrap)).to.equal((1n << 48n) + 1n);
      await time.increase(10n * 365n * 86_400n);
      await (await f.token.connect(f.griefer).transfer(f.holder.address, 1n)).wait();
      await (await f.token.connect(f.griefer).transfer(f.other.address, 1n)).wait();
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([never, isqrt(ONE_M + 1n)]);
      expect(await f.token.contributionOf(f.other.address)).to.deep.equal([wrap, isqrt(ONE_M + 1n)]);
      const max = await attestAndSync(f, f.newKey, "r3-max", (1n << 64n) - 1n);
      await (await f.token.connect(f.griefer).transfer(f.newKey.address, 1n)).wait();
      expect(await f.token.contributionOf(f.newKey.address)).to.deep.equal([max, 1n]);
    });

    it("a lapse drop on transferFrom between two contributors of one delegate keeps Σ√ and seats equal to the sum over its contributors", async function () {
      const f = await loadFixture(review3Fixture);
      const expiry = (await now()) + 60n;
      await attestAndSync(f, f.holder, "r3-sum-a", expiry);
      const otherId = await attestAndSync(f, f.other, "r3-sum-b", 0n);
      for (const s of [f.holder, f.other]) await (await f.token.connect(s).delegate(f.newKey.address)).wait();
      expect(await f.token.getDelegatedIdentities(f.newKey.address)).to.equal(2n);
      await (await f.token.connect(f.holder).approve(f.griefer.address, ONE_M)).wait();
      await time.increaseTo(expiry);
      await (await f.token.connect(f.griefer).transferFrom(f.holder.address, f.other.address, ONE_M / 2n)).wait();
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([0n, 0n]);
      const b = isqrt(ONE_M + ONE_M / 2n);
      expect(await f.token.contributionOf(f.other.address)).to.deep.equal([otherId, b]);
      expect(await f.token.getQuadraticVotes(f.newKey.address)).to.equal(b);
      expect(await f.token.getDelegatedIdentities(f.newKey.address)).to.equal(1n);
      expect(await f.token.getVotes(f.newKey.address)).to.equal(2n * ONE_M);
    });

    it("a transfer to self after the expiry changes nothing (no drop, no checkpoint)", async function () {
      const f = await loadFixture(review3Fixture);
      const expiry = (await now()) + 60n;
      const id = await attestAndSync(f, f.holder, "r3-self", expiry);
      const before = await f.token.numCheckpoints(f.holder.address);
      await time.increaseTo(expiry + 1n);
      await expect(f.token.connect(f.holder).transfer(f.holder.address, 1n)).to.not.emit(f.token, "IdentitySynced");
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([id, isqrt(ONE_M)]);
      expect(await f.token.numCheckpoints(f.holder.address)).to.equal(before);
    });

    it("rotation: the identity keeps its expiration on the new key, which lapses at it", async function () {
      const f = await loadFixture(review3Fixture);
      const expiry = (await now()) + 90n * 86_400n; // past the 30-day rotation cooldown
      const id = await attestAndSync(f, f.holder, "r3-rot", expiry);
      await (await f.registry.connect(f.holder).proposeRotation(f.newKey.address)).wait();
      await (await f.registry.connect(f.newKey).acceptRotation(id)).wait();
      await (await f.token.transfer(f.newKey.address, ONE_M)).wait();
      await time.increase(await f.registry.rotationCooldown());
      await (await f.token.sync(f.newKey.address)).wait();
      expect(await f.token.contributionOf(f.newKey.address)).to.deep.equal([id, isqrt(ONE_M)]);
      expect(await f.token.contributionOf(f.holder.address)).to.deep.equal([0n, 0n]);
      await time.setNextBlockTimestamp(expiry);
      await expect(f.token.connect(f.griefer).transfer(f.newKey.address, 1n))
        .to.emit(f.token, "IdentitySynced")
        .withArgs(f.newKey.address, id, 0n);
      expect(await f.token.getDelegatedIdentities(f.newKey.address)).to.equal(0n);
    });
  });
});
