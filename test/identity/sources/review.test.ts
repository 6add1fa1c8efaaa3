import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { attest } from "../fixtures";
import { deploySourcesFixture, score18, scoreData, verifiedAccount } from "./fixtures";

const DAY = 86_400n;
const COOLDOWN = 30n * DAY;

/** The sources fixture (no rotation cooldown), and helpers to attest through each provider. */
async function baseFixture() {
  const f = await deploySourcesFixture();
  async function score(recipient: string, whole: number) {
    return attest(f.eas, f.gitcoin, { recipient, schema: f.scoreSchema, data: scoreData(score18(whole)) });
  }
  async function verify(recipient: string) {
    const uid = await attest(f.eas, f.coinbase, { recipient, schema: f.coinbaseSchema, data: verifiedAccount() });
    await (await f.indexer.index(uid)).wait();
    return uid;
  }
  async function revokeCoinbase(uid: string) {
    await (await f.eas.connect(f.coinbase).revoke({ schema: f.coinbaseSchema, data: { uid, value: 0n } })).wait();
  }
  return { ...f, score, verify, revokeCoinbase };
}

/** The same with a 30-day rotation cooldown. */
async function reviewFixture() {
  const f = await baseFixture();
  await (await f.registry.connect(f.governor).setRotationCooldown(COOLDOWN)).wait();
  return f;
}

describe("Identity sources: adversarial review", function () {
  describe("rotation cooldown of account-keyed sources", function () {
    it("cooldown bypass through a fresh Passport score: a new account re-registering with a newer score during its first-registration cooldown still waits that cooldown", async function () {
      const { registry, frank, gitcoinSourceId, score } = await loadFixture(reviewFixture);
      await score(frank.address, 25);
      await registry.connect(frank).registerWithSource(gitcoinSourceId, "0x");
      const firstAt = BigInt(await time.latest());
      // Any Passport holder can have a new score written on chain at will (the Passport app):
      // the first identity ends at the newer attestation's time and the account registers again.
      await time.increase(60);
      await score(frank.address, 25);
      await registry.connect(frank).registerWithSource(gitcoinSourceId, "0x");
      const secondAt = BigInt(await time.latest());
      await time.increase(DAY);
      // Correct: the key's first registration waited until firstAt + COOLDOWN; the renewal on the
      // same account must not cut that short.
      expect(await registry.identityAt(frank.address, secondAt)).to.equal(0n);
      expect(await registry.isVerified(frank.address)).to.equal(false);
      await time.increaseTo(firstAt + COOLDOWN);
      expect(await registry.identityAt(frank.address, firstAt + COOLDOWN - 1n)).to.equal(0n);
      await time.increase(1);
      expect(await registry.identityAt(frank.address, firstAt + COOLDOWN)).to.equal(2n);
    });

    it("cooldown bypass through a Coinbase re-verification: revoke and re-issue to the same new wallet during its cooldown does not make it count early", async function () {
      const { registry, grace, coinbaseSourceId, verify, revokeCoinbase } = await loadFixture(reviewFixture);
      const first = await verify(grace.address);
      await registry.connect(grace).registerWithSource(coinbaseSourceId, "0x");
      const firstAt = BigInt(await time.latest());
      await revokeCoinbase(first);
      await verify(grace.address);
      await registry.connect(grace).registerWithSource(coinbaseSourceId, "0x");
      const secondAt = BigInt(await time.latest());
      await time.increase(DAY);
      expect(await registry.identityAt(grace.address, secondAt)).to.equal(0n);
      expect(await registry.isVerified(grace.address)).to.equal(false);
      await time.increaseTo(firstAt + COOLDOWN + 1n);
      expect(await registry.identityAt(grace.address, firstAt + COOLDOWN)).to.equal(2n);
    });
  });

  describe("Passport score valid at t", function () {
    it("past snapshot flips through a later Passport score: an identity that did not count at a snapshot (its newer score was below the threshold) never counts there later", async function () {
      const { registry, alice, gitcoinSourceId, score } = await loadFixture(baseFixture);
      await score(alice.address, 25);
      await registry.connect(alice).registerWithSource(gitcoinSourceId, "0x");
      await time.increase(10);
      await score(alice.address, 5); // Passport re-scores alice below the threshold of 20
      await time.increase(10);
      const snapshot = BigInt(await time.latest()); // a proposal is snapshotted now
      await time.increase(10);
      expect(await registry.identityAt(alice.address, snapshot)).to.equal(0n);
      // During the vote, alice has a passing score written on chain (her own action).
      await score(alice.address, 30);
      await time.increase(1);
      // Correct: the latest score valid at the snapshot was 5, so identity 1 still does not count
      // there (today the resolver's newer latest moves identity 1's end past the snapshot).
      expect(await registry.identityAt(alice.address, snapshot)).to.equal(0n);
    });
  });
});
