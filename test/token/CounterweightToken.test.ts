import { expect } from "chai";
import { PERMIT_TYPES, permitDomain } from "../../sim/chain/permit";
import hre from "hardhat";
import { Signature, ZeroAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import TokenModule from "../../deploy/modules/Token";
import { CounterweightToken__factory, type CounterweightToken } from "../../typechain-types";

const E18 = 10n ** 18n;

describe("Token module", function () {
  async function deployFixture() {
    const [deployer] = await hre.ethers.getSigners();
    const { token, timelock } = await hre.ignition.deploy(TokenModule);
    return { deployer, token, timelock };
  }

  it("mints the treasury share to the timelock and the rest to the deployer", async function () {
    const { deployer, token, timelock } = await loadFixture(deployFixture);
    expect(await token.balanceOf(await timelock.getAddress())).to.equal(400_000_000n * 10n ** 18n);
    expect(await token.balanceOf(deployer.address)).to.equal(600_000_000n * 10n ** 18n);
    expect(await token.totalSupply()).to.equal(await token.cap());
  });
});

describe("CounterweightToken", function () {
  /** A 1,000-token supply split 600 / 300 / 100 between alice, bob and carol. */
  async function tokenFixture() {
    const [deployer, alice, bob, carol, spender] = await hre.ethers.getSigners();
    const factory = new CounterweightToken__factory(deployer);
    const token: CounterweightToken = await factory.deploy("Counterweight", "CWT", 1000n * E18, [
      { recipient: alice.address, amount: 600n * E18 },
      { recipient: bob.address, amount: 300n * E18 },
      { recipient: carol.address, amount: 100n * E18 },
    ]);
    await token.waitForDeployment();
    return { token, factory, deployer, alice, bob, carol, spender };
  }

  async function signPermit(
    token: CounterweightToken,
    owner: HardhatEthersSigner,
    spender: string,
    value: bigint,
    deadline: bigint,
    signer: HardhatEthersSigner = owner,
  ): Promise<Signature> {
    const { chainId } = await hre.ethers.provider.getNetwork();
    const domain = await permitDomain(token, chainId);
    const nonce = await token.nonces(owner.address);
    return Signature.from(
      await signer.signTypedData(domain, PERMIT_TYPES, { owner: owner.address, spender, value, nonce, deadline }),
    );
  }

  describe("constructor", function () {
    describe("when the distribution plan is empty", function () {
      it("should revert with TokenNoAllocations", async function () {
        const { factory } = await loadFixture(tokenFixture);
        await expect(factory.deploy("C", "C", 0n, [])).to.be.revertedWithCustomError(factory, "TokenNoAllocations");
      });
    });

    describe("when an allocation has no recipient", function () {
      it("should revert with TokenAllocationZeroRecipient(index)", async function () {
        const { factory, alice } = await loadFixture(tokenFixture);
        await expect(
          factory.deploy("C", "C", 2n, [
            { recipient: alice.address, amount: 1n },
            { recipient: ZeroAddress, amount: 1n },
          ]),
        )
          .to.be.revertedWithCustomError(factory, "TokenAllocationZeroRecipient")
          .withArgs(1n);
      });
    });

    describe("when an allocation is zero", function () {
      it("should revert with TokenAllocationZeroAmount(index)", async function () {
        const { factory, alice } = await loadFixture(tokenFixture);
        await expect(factory.deploy("C", "C", 0n, [{ recipient: alice.address, amount: 0n }]))
          .to.be.revertedWithCustomError(factory, "TokenAllocationZeroAmount")
          .withArgs(0n);
      });
    });

    describe("when the allocations do not sum to the cap", function () {
      it("should revert with TokenAllocationsNotCap(sum, cap) when they fall short", async function () {
        const { factory, alice, bob } = await loadFixture(tokenFixture);
        await expect(
          factory.deploy("C", "C", 100n, [
            { recipient: alice.address, amount: 60n },
            { recipient: bob.address, amount: 39n },
          ]),
        )
          .to.be.revertedWithCustomError(factory, "TokenAllocationsNotCap")
          .withArgs(99n, 100n);
      });

      it("should revert with TokenAllocationsNotCap(sum, cap) when they exceed it", async function () {
        const { factory, alice } = await loadFixture(tokenFixture);
        await expect(factory.deploy("C", "C", 100n, [{ recipient: alice.address, amount: 101n }]))
          .to.be.revertedWithCustomError(factory, "TokenAllocationsNotCap")
          .withArgs(101n, 100n);
      });
    });

    describe("when the plan is valid", function () {
      it("should mint each allocation, emit Allocated for each, and fix the supply at the cap", async function () {
        const { token, alice, bob, carol } = await loadFixture(tokenFixture);
        const deployTx = token.deploymentTransaction();
        if (deployTx === null) throw new Error("no deployment transaction");
        await expect(deployTx)
          .to.emit(token, "Allocated")
          .withArgs(alice.address, 600n * E18);
        await expect(deployTx)
          .to.emit(token, "Allocated")
          .withArgs(bob.address, 300n * E18);
        await expect(deployTx)
          .to.emit(token, "Allocated")
          .withArgs(carol.address, 100n * E18);
        expect(await token.balanceOf(alice.address)).to.equal(600n * E18);
        expect(await token.balanceOf(bob.address)).to.equal(300n * E18);
        expect(await token.balanceOf(carol.address)).to.equal(100n * E18);
        expect(await token.totalSupply()).to.equal(1000n * E18);
        expect(await token.cap()).to.equal(1000n * E18);
        expect(await token.name()).to.equal("Counterweight");
        expect(await token.symbol()).to.equal("CWT");
        expect(await token.decimals()).to.equal(18n);
      });

      it("should accept several allocations to the same recipient", async function () {
        const { factory, alice } = await loadFixture(tokenFixture);
        const token = await factory.deploy("C", "C", 3n, [
          { recipient: alice.address, amount: 1n },
          { recipient: alice.address, amount: 2n },
        ]);
        expect(await token.balanceOf(alice.address)).to.equal(3n);
      });
    });
  });

  describe("supply", function () {
    it("should expose no mint or burn function to anyone (attack: inflating the supply)", async function () {
      const { token } = await loadFixture(tokenFixture);
      const names: string[] = [];
      token.interface.forEachFunction((f) => names.push(f.name.toLowerCase()));
      expect(names.filter((n) => n.includes("mint") || n.includes("burn"))).to.deep.equal([]);
      expect(names).to.not.include("owner");
    });

    it("should keep the total supply at the cap through transfers", async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      await token.connect(alice).transfer(bob.address, 50n * E18);
      expect(await token.totalSupply()).to.equal(await token.cap());
    });
  });

  describe("permit", function () {
    it("should set an allowance from an off-chain signature and bump the nonce", async function () {
      const { token, alice, spender } = await loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(token, alice, spender.address, 10n * E18, deadline);
      await expect(token.permit(alice.address, spender.address, 10n * E18, deadline, sig.v, sig.r, sig.s))
        .to.emit(token, "Approval")
        .withArgs(alice.address, spender.address, 10n * E18);
      expect(await token.allowance(alice.address, spender.address)).to.equal(10n * E18);
      expect(await token.nonces(alice.address)).to.equal(1n);
      await token.connect(spender).transferFrom(alice.address, spender.address, 10n * E18);
      expect(await token.balanceOf(spender.address)).to.equal(10n * E18);
    });

    it("should revert with ERC2612ExpiredSignature after the deadline", async function () {
      const { token, alice, spender } = await loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) - 1n;
      const sig = await signPermit(token, alice, spender.address, 1n, deadline);
      await expect(token.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });

    it("should revert with ERC2612InvalidSigner when signed by someone else", async function () {
      const { token, alice, bob, spender } = await loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(token, alice, spender.address, 1n, deadline, bob);
      await expect(token.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(bob.address, alice.address);
    });

    it("should refuse a replayed signature (attack: permit replay)", async function () {
      const { token, alice, spender } = await loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(token, alice, spender.address, 1n, deadline);
      await token.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s);
      await expect(
        token.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
    });
  });

  describe("votes", function () {
    it("should run on the ERC-6372 timestamp clock", async function () {
      const { token } = await loadFixture(tokenFixture);
      expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await token.clock()).to.equal(await time.latest());
    });

    it("should count a balance as votes only once its holder delegates", async function () {
      const { token, alice } = await loadFixture(tokenFixture);
      expect(await token.getVotes(alice.address)).to.equal(0n);
      await expect(token.connect(alice).delegate(alice.address))
        .to.emit(token, "DelegateChanged")
        .withArgs(alice.address, ZeroAddress, alice.address);
      expect(await token.getVotes(alice.address)).to.equal(600n * E18);
      expect(await token.delegates(alice.address)).to.equal(alice.address);
    });

    it("should move votes with transfers between delegated holders", async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      await token.connect(alice).delegate(alice.address);
      await token.connect(bob).delegate(bob.address);
      await token.connect(alice).transfer(bob.address, 100n * E18);
      expect(await token.getVotes(alice.address)).to.equal(500n * E18);
      expect(await token.getVotes(bob.address)).to.equal(400n * E18);
    });

    it("should give votes at a past timestamp from the checkpoints", async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      await token.connect(alice).delegate(alice.address);
      const delegatedAt = await time.latest();
      await time.increase(100);
      await token.connect(alice).transfer(bob.address, 200n * E18);
      const transferredAt = await time.latest();
      await time.increase(1);
      expect(await token.getPastVotes(alice.address, delegatedAt - 1)).to.equal(0n);
      expect(await token.getPastVotes(alice.address, delegatedAt)).to.equal(600n * E18);
      expect(await token.getPastVotes(alice.address, transferredAt - 1)).to.equal(600n * E18);
      expect(await token.getPastVotes(alice.address, transferredAt)).to.equal(400n * E18);
      expect(await token.getPastTotalSupply(transferredAt)).to.equal(1000n * E18);
    });

    it("should revert with ERC5805FutureLookup for a timepoint not in the past (attack: flash-loaned votes)", async function () {
      const { token, alice } = await loadFixture(tokenFixture);
      const now = await token.clock();
      await expect(token.getPastVotes(alice.address, now))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(now, now);
      await expect(token.getPastTotalSupply(now + 5n))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(now + 5n, now);
    });
  });
});
