import { expect } from "chai";
import hre from "hardhat";
import { Signature, ZeroAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CounterweightToken__factory,
  SharedIdentityRegistry__factory,
  type CounterweightToken,
} from "../../typechain-types";

const E18 = 10n ** 18n;

/** Integer square root, rounded down (the token's Math.sqrt). */
export function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
}

describe("CounterweightToken quadratic votes", function () {
  /** 1,000 tokens: alice 600, bob 300, carol 100; a registry the test sets freely (ids 1, 2, 3). */
  async function quadraticFixture() {
    const [deployer, alice, bob, carol, dave, relayer] = await hre.ethers.getSigners();
    const factory = new CounterweightToken__factory(deployer);
    const token: CounterweightToken = await factory.deploy("Counterweight", "CWT", 1000n * E18, [
      { recipient: alice.address, amount: 600n * E18 },
      { recipient: bob.address, amount: 300n * E18 },
      { recipient: carol.address, amount: 100n * E18 },
    ]);
    const registry = await new SharedIdentityRegistry__factory(deployer).deploy();
    await token.wireIdentityRegistry(await registry.getAddress());
    await registry.set(alice.address, 1n);
    await registry.set(bob.address, 2n);
    await registry.set(carol.address, 3n);
    return { token, factory, registry, deployer, alice, bob, carol, dave, relayer };
  }

  const sq = (x: bigint) => isqrt(x);

  describe("wiring the identity registry", function () {
    it("should revert with TokenRegistryWiringClosed for anyone but the deployer, and for the deployer a second time", async function () {
      const { token, registry, alice } = await loadFixture(quadraticFixture);
      await expect(token.connect(alice).wireIdentityRegistry(await registry.getAddress()))
        .to.be.revertedWithCustomError(token, "TokenRegistryWiringClosed")
        .withArgs(alice.address);
      const [deployer] = await hre.ethers.getSigners();
      await expect(token.wireIdentityRegistry(await registry.getAddress()))
        .to.be.revertedWithCustomError(token, "TokenRegistryWiringClosed")
        .withArgs(deployer.address);
    });

    it("should revert with TokenInvalidRegistry for a registry that is not a contract", async function () {
      const { factory, alice } = await loadFixture(quadraticFixture);
      const fresh = await factory.deploy("C", "C", 1n, [{ recipient: alice.address, amount: 1n }]);
      await expect(fresh.wireIdentityRegistry(alice.address))
        .to.be.revertedWithCustomError(fresh, "TokenInvalidRegistry")
        .withArgs(alice.address);
    });

    it("should emit IdentityRegistryWired and cache nothing before it is wired", async function () {
      const { factory, registry, alice } = await loadFixture(quadraticFixture);
      const fresh = await factory.deploy("C", "C", 4n, [{ recipient: alice.address, amount: 4n }]);
      await fresh.sync(alice.address); // not wired: no identity to cache
      expect(await fresh.contributionOf(alice.address)).to.deep.equal([0n, 0n]);
      await expect(fresh.wireIdentityRegistry(await registry.getAddress()))
        .to.emit(fresh, "IdentityRegistryWired")
        .withArgs(await registry.getAddress());
      await fresh.sync(alice.address);
      expect(await fresh.contributionOf(alice.address)).to.deep.equal([1n, 2n]);
    });
  });

  describe("sync", function () {
    it("should revert with TokenInvalidRegistry for an identity id beyond the 192-bit cache", async function () {
      const { token, registry, dave } = await loadFixture(quadraticFixture);
      await registry.set(dave.address, 1n << 192n);
      await expect(token.sync(dave.address))
        .to.be.revertedWithCustomError(token, "TokenInvalidRegistry")
        .withArgs(await registry.getAddress());
    });

    it("should cache the identity and add √balance and one identity to the delegate", async function () {
      const { token, alice, bob } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(bob.address);
      await expect(token.sync(alice.address))
        .to.emit(token, "IdentitySynced")
        .withArgs(alice.address, 0n, 1n)
        .and.to.emit(token, "QuadraticVotesChanged")
        .withArgs(bob.address, 0n, sq(600n * E18), 0n, 1n);
      expect(await token.contributionOf(alice.address)).to.deep.equal([1n, sq(600n * E18)]);
      expect(await token.contributorOf(1n)).to.equal(alice.address);
      expect(await token.getQuadraticVotes(bob.address)).to.equal(sq(600n * E18));
      expect(await token.getDelegatedIdentities(bob.address)).to.equal(1n);
      expect(await token.getVotes(bob.address)).to.equal(600n * E18);
    });

    it("should change nothing and emit nothing when the cached identity is current", async function () {
      const { token, alice } = await loadFixture(quadraticFixture);
      await token.sync(alice.address);
      await expect(token.sync(alice.address)).to.not.emit(token, "IdentitySynced");
    });

    it("should remove the contribution of an identity the registry no longer counts", async function () {
      const { token, registry, alice } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      await token.sync(alice.address);
      await registry.set(alice.address, 0n);
      await expect(token.sync(alice.address))
        .to.emit(token, "IdentitySynced")
        .withArgs(alice.address, 1n, 0n)
        .and.to.emit(token, "QuadraticVotesChanged")
        .withArgs(alice.address, sq(600n * E18), 0n, 1n, 0n);
      expect(await token.contributorOf(1n)).to.equal(ZeroAddress);
      expect(await token.getVotes(alice.address)).to.equal(600n * E18); // linear votes stay
    });

    it("should take an identity away from its previous account when the new one syncs (one contributor per identity)", async function () {
      const { token, registry, alice, bob, dave } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      await token.connect(dave).delegate(bob.address);
      await token.sync(alice.address);
      await registry.set(dave.address, 1n); // a faulty or rotated registry reports identity 1 on dave too
      await expect(token.sync(dave.address))
        .to.emit(token, "IdentitySynced")
        .withArgs(alice.address, 1n, 0n)
        .and.to.emit(token, "IdentitySynced")
        .withArgs(dave.address, 0n, 1n);
      expect(await token.contributorOf(1n)).to.equal(dave.address);
      expect(await token.contributionOf(alice.address)).to.deep.equal([0n, 0n]);
      expect(await token.getDelegatedIdentities(alice.address)).to.equal(0n);
      expect(await token.getQuadraticVotes(alice.address)).to.equal(0n);
      expect(await token.getDelegatedIdentities(bob.address)).to.equal(1n);
      // and back: alice syncs again, dave loses it
      await token.sync(alice.address);
      expect(await token.contributorOf(1n)).to.equal(alice.address);
      expect(await token.getDelegatedIdentities(bob.address)).to.equal(0n);
    });

    it("should move a contribution from one identity to another for an account whose id changed", async function () {
      const { token, registry, alice } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      await token.sync(alice.address);
      await registry.set(alice.address, 9n);
      await expect(token.sync(alice.address)).to.emit(token, "IdentitySynced").withArgs(alice.address, 1n, 9n);
      expect(await token.contributorOf(1n)).to.equal(ZeroAddress);
      expect(await token.contributorOf(9n)).to.equal(alice.address);
      expect(await token.getDelegatedIdentities(alice.address)).to.equal(1n);
      expect(await token.getQuadraticVotes(alice.address)).to.equal(sq(600n * E18));
    });
  });

  describe("transfers", function () {
    it("should recompute both sides' √ and move the linear votes in one checkpoint per delegate", async function () {
      const { token, alice, bob, carol } = await loadFixture(quadraticFixture);
      for (const a of [alice, bob]) {
        await token.connect(a).delegate(carol.address);
        await token.sync(a.address);
      }
      await token.connect(carol).delegate(carol.address);
      await token.sync(carol.address);
      const before = await token.numCheckpoints(carol.address);
      await token.connect(alice).transfer(bob.address, 100n * E18);
      expect(await token.numCheckpoints(carol.address)).to.equal(before + 1n);
      expect(await token.getQuadraticVotes(carol.address)).to.equal(sq(500n * E18) + sq(400n * E18) + sq(100n * E18));
      expect(await token.getVotes(carol.address)).to.equal(1000n * E18);
      const [, votes, quadratic, identities] = await token.checkpoints(carol.address, Number(before));
      expect([votes, quadratic, identities]).to.deep.equal([
        1000n * E18,
        await token.getQuadraticVotes(carol.address),
        3n,
      ]);
    });

    it("should add nothing quadratic for tokens on an account without identity (splitting gains nothing)", async function () {
      const { token, alice, dave } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      await token.connect(dave).delegate(alice.address);
      await token.sync(alice.address);
      await token.sync(dave.address);
      await expect(token.connect(alice).transfer(dave.address, 200n * E18))
        .to.emit(token, "QuadraticVotesChanged")
        .withArgs(alice.address, sq(600n * E18), sq(400n * E18), 1n, 1n);
      expect(await token.getVotes(alice.address)).to.equal(600n * E18);
      expect(await token.getQuadraticVotes(alice.address)).to.equal(sq(400n * E18));
    });

    it("should emit DelegateVotesChanged on both sides for delegated holders", async function () {
      const { token, alice, bob } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      await token.connect(bob).delegate(bob.address);
      await expect(token.connect(alice).transfer(bob.address, 1n))
        .to.emit(token, "DelegateVotesChanged")
        .withArgs(alice.address, 600n * E18, 600n * E18 - 1n)
        .and.to.emit(token, "DelegateVotesChanged")
        .withArgs(bob.address, 300n * E18, 300n * E18 + 1n);
    });

    it("should change nothing on a transfer to oneself", async function () {
      const { token, alice } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      await token.sync(alice.address);
      await expect(token.connect(alice).transfer(alice.address, 5n)).to.not.emit(token, "QuadraticVotesChanged");
      expect(await token.getQuadraticVotes(alice.address)).to.equal(sq(600n * E18));
    });
  });

  describe("delegation", function () {
    it("should move linear votes, √ and the identity from the old delegate to the new one", async function () {
      const { token, alice, bob } = await loadFixture(quadraticFixture);
      await token.sync(alice.address);
      await token.connect(alice).delegate(alice.address);
      await expect(token.connect(alice).delegate(bob.address))
        .to.emit(token, "DelegateChanged")
        .withArgs(alice.address, alice.address, bob.address)
        .and.to.emit(token, "QuadraticVotesChanged")
        .withArgs(alice.address, sq(600n * E18), 0n, 1n, 0n)
        .and.to.emit(token, "QuadraticVotesChanged")
        .withArgs(bob.address, 0n, sq(600n * E18), 0n, 1n);
      expect(await token.getVotes(alice.address)).to.equal(0n);
      expect(await token.getVotes(bob.address)).to.equal(600n * E18);
    });

    it("should write no checkpoint when re-delegating to the same delegate", async function () {
      const { token, alice } = await loadFixture(quadraticFixture);
      await token.connect(alice).delegate(alice.address);
      const n = await token.numCheckpoints(alice.address);
      await token.connect(alice).delegate(alice.address);
      expect(await token.numCheckpoints(alice.address)).to.equal(n);
    });

    it("should give past figures from the checkpoints and refuse a timepoint not in the past", async function () {
      const { token, alice } = await loadFixture(quadraticFixture);
      await token.sync(alice.address);
      await token.connect(alice).delegate(alice.address);
      const at = await time.latest();
      await time.increase(10);
      expect(await token.getPastQuadraticVotes(alice.address, at - 1)).to.equal(0n);
      expect(await token.getPastQuadraticVotes(alice.address, at)).to.equal(sq(600n * E18));
      expect(await token.getPastDelegatedIdentities(alice.address, at)).to.equal(1n);
      expect(await token.getPastQuadraticPower(alice.address, at)).to.deep.equal([sq(600n * E18), 1n]);
      expect(await token.getPastTotalSupply(0n)).to.equal(0n);
      const now = await token.clock();
      await expect(token.getPastQuadraticVotes(alice.address, now))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(now, now);
    });
  });

  describe("delegateBySig", function () {
    const TYPES = {
      Delegation: [
        { name: "delegatee", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "expiry", type: "uint256" },
      ],
    };
    async function sign(
      token: CounterweightToken,
      signer: Awaited<ReturnType<typeof hre.ethers.getSigner>>,
      delegatee: string,
      nonce: bigint,
      expiry: bigint,
    ) {
      const { chainId } = await hre.ethers.provider.getNetwork();
      const domain = { name: await token.name(), version: "1", chainId, verifyingContract: await token.getAddress() };
      return Signature.from(await signer.signTypedData(domain, TYPES, { delegatee, nonce, expiry }));
    }

    it("should revert with VotesExpiredSignature after the expiry", async function () {
      const { token, alice, bob } = await loadFixture(quadraticFixture);
      const expiry = BigInt(await time.latest()) - 1n;
      const sig = await sign(token, alice, bob.address, 0n, expiry);
      await expect(token.delegateBySig(bob.address, 0n, expiry, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "VotesExpiredSignature")
        .withArgs(expiry);
    });

    it("should refuse a replayed signature with InvalidAccountNonce (attack: delegation replay)", async function () {
      const { token, alice, bob, relayer } = await loadFixture(quadraticFixture);
      const expiry = BigInt(await time.latest()) + 3600n;
      const sig = await sign(token, alice, bob.address, 0n, expiry);
      await token.connect(relayer).delegateBySig(bob.address, 0n, expiry, sig.v, sig.r, sig.s);
      await expect(token.connect(relayer).delegateBySig(bob.address, 0n, expiry, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
        .withArgs(alice.address, 1n);
    });

    it("should delegate the signer's linear and quadratic votes, relayed by anyone", async function () {
      const { token, alice, bob, relayer } = await loadFixture(quadraticFixture);
      await token.sync(alice.address);
      const expiry = BigInt(await time.latest()) + 3600n;
      const sig = await sign(token, alice, bob.address, 0n, expiry);
      await expect(token.connect(relayer).delegateBySig(bob.address, 0n, expiry, sig.v, sig.r, sig.s))
        .to.emit(token, "DelegateChanged")
        .withArgs(alice.address, ZeroAddress, bob.address);
      expect(await token.delegates(alice.address)).to.equal(bob.address);
      expect(await token.getQuadraticVotes(bob.address)).to.equal(sq(600n * E18));
      expect(await token.nonces(alice.address)).to.equal(1n);
    });
  });

  describe("constructor", function () {
    it("should revert with TokenCapTooLarge above 2^96 - 1", async function () {
      const { factory, alice } = await loadFixture(quadraticFixture);
      const max = (1n << 96n) - 1n;
      await expect(factory.deploy("C", "C", max + 1n, [{ recipient: alice.address, amount: max + 1n }]))
        .to.be.revertedWithCustomError(factory, "TokenCapTooLarge")
        .withArgs(max + 1n, max);
      expect(await factory.deploy("C", "C", max, [{ recipient: alice.address, amount: max }])).to.not.equal(undefined);
    });
  });
});
