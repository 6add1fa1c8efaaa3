import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import { loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { IDS } from "../../scripts/lib/ids";
import { readSignatures, renderSignatures } from "../../scripts/lib/signatures";
import {
  CappedStakingRewards__factory,
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  VestingVault__factory,
} from "../../typechain-types";
import { deploySuite, runTask, startFarmPeriod, writeBook } from "./suiteFixture";

const E18 = 10n ** 18n;

/**
 * The member-side, dev-chain and relay tasks on the in-process chain: for each, bad input first
 * (message checked, and no transaction: block number and balances unchanged), then the paths, then
 * re-runs that send nothing.
 */
describe("Member, dev and relay tasks", function () {
  const deploymentId = `test-member-${process.pid}`;
  const cleanup: string[] = [];
  after(function () {
    for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
  });

  async function fixture() {
    const s = await deploySuite(deploymentId);
    cleanup.push(s.dir, s.bookDir);
    const [deployer] = s.signers;
    const token = CounterweightToken__factory.connect(await s.d.token.getAddress(), deployer);
    const registry = IdentityRegistry__factory.connect(await s.d.registry.getAddress(), deployer);
    const governor = CounterweightGovernor__factory.connect(await s.d.governor.getAddress(), deployer);
    const farm = CappedStakingRewards__factory.connect(await s.d.farm.getAddress(), deployer);
    const proposal = path.join(s.dir, "proposal.json");
    fs.writeFileSync(
      proposal,
      JSON.stringify({
        description: "Set the root to a test value",
        actions: [{ contract: IDS.registry, method: "setMerkleRoot", args: [hre.ethers.id("test root")] }],
      }),
    );
    return { ...s, token, registry, governor, farm, proposal };
  }

  /** Registered, funded and self-delegated members 1..5, and the deployer delegated (to propose). */
  async function membersFixture() {
    const f = await load(fixture);
    await hre.run("dev:fund", { to: "1,2,3,4,5", cwt: "1000000", deploymentId });
    await hre.run("identity:register", { proofs: f.proofsFile, from: "1,2,3,4,5", deploymentId });
    await hre.run("token:delegate", { from: "0,1,2,3,4,5", deploymentId });
    await time.increase(2);
    return f;
  }

  /** A proposal made and open for votes. */
  async function activeFixture() {
    const f = await load(membersFixture);
    await hre.run("gov:propose", { file: f.proposal, deploymentId });
    await hre.run("dev:advance", { past: "voting-delay", proposalFile: f.proposal, deploymentId });
    const [e] = await f.governor.queryFilter(f.governor.filters.ProposalCreated());
    return { ...f, proposalId: e.args.proposalId };
  }

  /** The same suite with the Merkle list only (Identity.eas and schema zero). */
  async function withoutEasFixture() {
    const s = await deploySuite(deploymentId, { withoutEas: true });
    cleanup.push(s.dir, s.bookDir);
    return { ...s, registry: IdentityRegistry__factory.connect(await s.d.registry.getAddress(), s.signers[0]) };
  }

  /**
   * loadFixture, then the fixture's address book back on disk. The scenario fixtures build on each
   * other through it (fixture → members → active proposal, fixture → Merkle allocation), so the suite
   * is deployed once (and once more without EAS) and a scenario re-runs only its own steps.
   */
  async function load<T extends { bookDir: string; entries: Record<string, string> }>(
    fx: () => Promise<T>,
  ): Promise<T> {
    const f = await loadFixture(fx);
    await writeBook(f.bookDir, f.entries);
    return f;
  }

  /** Expects `run` to fail with a HardhatPluginError matching `message`, sending nothing. */
  async function expectRefused(
    run: () => Promise<unknown>,
    message: RegExp,
    balances: () => Promise<bigint[]> = async () => [],
  ) {
    const block = await hre.ethers.provider.getBlockNumber();
    const before = await balances();
    let error: unknown;
    try {
      await run();
    } catch (e) {
      error = e;
    }
    expect(error, "the task must fail").to.be.instanceOf(HardhatPluginError);
    expect((error as Error).message).to.match(message);
    expect(await hre.ethers.provider.getBlockNumber(), "no transaction sent").to.equal(block);
    expect(await balances(), "balances unchanged").to.deep.equal(before);
  }

  describe("dev helpers refuse any network but a local dev chain", function () {
    for (const [name, args] of [
      ["dev:fund", { to: "1", cwt: "1" }],
      ["dev:lp", { cwt: "1", weth: "1" }],
      ["dev:advance", { seconds: "60" }],
    ] as const) {
      it(`should refuse ${name} on a network not named localhost/hardhat, sending nothing`, async function () {
        const f = await load(fixture);
        const network = hre.network as { name: string };
        const saved = network.name;
        network.name = "remote";
        const before = await time.latest();
        try {
          await expectRefused(
            () => hre.run(name, { ...args, deploymentId }),
            /runs only on a local development chain.*network remote/,
            async () => [await f.token.balanceOf(f.signers[1].address)],
          );
        } finally {
          network.name = saved;
        }
        expect(await time.latest()).to.equal(before);
      });
    }

    it("should refuse a chain id other than 31337 even on a network named localhost", async function () {
      await load(fixture);
      const provider = hre.ethers.provider as unknown as { getNetwork: () => Promise<{ chainId: bigint }> };
      const saved = provider.getNetwork;
      provider.getNetwork = async () => ({ chainId: 11155111n });
      try {
        await expectRefused(() => hre.run("dev:advance", { seconds: "60", deploymentId }), /chain id 11155111/);
      } finally {
        provider.getNetwork = saved;
      }
    });
  });

  describe("dev:fund", function () {
    it("should refuse top-ups beyond the payer's balance, and the payer as a recipient, sending nothing", async function () {
      const f = await load(fixture);
      const balances = async () => Promise.all(f.signers.slice(0, 3).map((s) => f.token.balanceOf(s.address)));
      await expectRefused(
        () => hre.run("dev:fund", { to: "1,2", cwt: "400000000", deploymentId }),
        /the top-ups need 800,000,000 CWT/,
        balances,
      );
      await expectRefused(() => hre.run("dev:fund", { to: "0,1", cwt: "1", deploymentId }), /paying account/, balances);
      await expectRefused(
        () => hre.run("dev:fund", { to: "1", cwt: "1,000", deploymentId }),
        /--cwt "1,000"/,
        balances,
      );
      await expectRefused(() => hre.run("dev:fund", { to: "99", cwt: "1", deploymentId }), /indexes 0 to 19/, balances);
      await expectRefused(() => hre.run("dev:fund", { to: "1", deploymentId }), /give --cwt and\/or --eth/, balances);
    });

    it("should top accounts up to the balance, print token units, and send nothing when re-run", async function () {
      const f = await load(fixture);
      const [, a, b] = f.signers;
      await f.token.transfer(a.address, 400_000n * E18);
      await setBalance(b.address, 0n);
      const out = await runTask("dev:fund", { to: `1,${b.address}`, cwt: "1000000", eth: "2.5", deploymentId });
      expect(out).to.include("sends 600,000 CWT");
      expect(await f.token.balanceOf(a.address)).to.equal(1_000_000n * E18);
      expect(await f.token.balanceOf(b.address)).to.equal(1_000_000n * E18);
      expect(await hre.ethers.provider.getBalance(b.address)).to.equal(25n * 10n ** 17n);
      const block = await hre.ethers.provider.getBlockNumber();
      expect(await runTask("dev:fund", { to: `1,${b.address}`, cwt: "1000000", eth: "2.5", deploymentId })).to.include(
        "nothing to send",
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("dev:lp", function () {
    it("should refuse a first deposit without --weth and an off-ratio later one, sending nothing", async function () {
      const f = await load(fixture);
      const balances = async () => [await f.token.balanceOf(f.signers[0].address), await f.pair.totalSupply()];
      await expectRefused(
        () => hre.run("dev:lp", { cwt: "1000", deploymentId }),
        /the pair is empty: give --weth/,
        balances,
      );
      await hre.run("dev:lp", { cwt: "10000", weth: "1", deploymentId });
      await expectRefused(
        () => hre.run("dev:lp", { cwt: "10000", weth: "2", deploymentId }),
        /take 1 WETH with 10,000 CWT/,
        balances,
      );
    });

    it("should mint LP to --to, the next deposit at the reserves' ratio", async function () {
      const f = await load(fixture);
      const [, a, b] = f.signers;
      await hre.run("dev:lp", { cwt: "10000000", weth: "1000", to: "1", deploymentId });
      const lpA = await f.pair.balanceOf(a.address);
      expect(lpA).to.equal(isqrt(10_000_000n * E18 * 1000n * E18) - 1000n);
      await hre.run("dev:lp", { cwt: "5000000", to: "2", deploymentId });
      expect(await f.pair.balanceOf(b.address)).to.equal((lpA + 1000n) / 2n);
    });
  });

  describe("dev:advance", function () {
    it("should refuse bad milestones and a proposal that is not queued, changing nothing", async function () {
      const f = await load(activeFixture);
      await expectRefused(() => hre.run("dev:advance", { deploymentId }), /exactly one of --past/);
      await expectRefused(
        () => hre.run("dev:advance", { past: "tomorrow", deploymentId }),
        /expected one of voting-delay/,
      );
      await expectRefused(
        () => hre.run("dev:advance", { past: "timelock", proposalFile: f.proposal, deploymentId }),
        /not queued/,
      );
      await expectRefused(() => hre.run("dev:advance", { past: "cliff", deploymentId }), /needs --schedule/);
    });

    it("should move past the voting period, then do nothing when re-run", async function () {
      const f = await load(activeFixture);
      await hre.run("dev:advance", { past: "voting-period", proposalFile: f.proposal, deploymentId });
      expect(BigInt(await time.latest())).to.equal((await f.governor.proposalDeadline(f.proposalId)) + 1n);
      const block = await hre.ethers.provider.getBlockNumber();
      expect(
        await runTask("dev:advance", { past: "voting-period", proposalFile: f.proposal, deploymentId }),
      ).to.include("nothing to do");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("identity:register", function () {
    it("should refuse a proofs file for another root, an account it lacks, and a missing file, sending nothing", async function () {
      const f = await load(fixture);
      const other = path.join(f.dir, "other.json");
      fs.writeFileSync(other, JSON.stringify({ ...f.proofs, root: hre.ethers.id("other") }));
      const ids = async () => [await f.registry.identityCount()];
      await expectRefused(
        () => hre.run("identity:register", { proofs: other, from: "1", deploymentId }),
        /other\.json root: the file's root/,
        ids,
      );
      await expectRefused(
        () => hre.run("identity:register", { proofs: f.proofsFile, from: "6", deploymentId }),
        /no entry for 0x/,
        ids,
      );
      await expectRefused(
        () => hre.run("identity:register", { proofs: path.join(f.dir, "nope.json"), from: "1", deploymentId }),
        /file not found/,
        ids,
      );
      await expectRefused(
        () => hre.run("identity:register", { from: "1", deploymentId }),
        /exactly one of --proofs/,
        ids,
      );
      await expectRefused(
        () => hre.run("identity:register", { attestation: hre.ethers.ZeroHash, from: "1", deploymentId }),
        new RegExp(`--attestation ${hre.ethers.ZeroHash}: EAS holds no attestation with this UID`),
        ids,
      );
    });

    it("should refuse an attestation on a registry deployed without EAS, sending nothing", async function () {
      const f = await load(withoutEasFixture);
      expect(await f.registry.eas()).to.equal(hre.ethers.ZeroAddress);
      await expectRefused(
        () => hre.run("identity:register", { attestation: hre.ethers.ZeroHash, from: "1", deploymentId }),
        /this registry was deployed without EAS: register with --proofs instead/,
        async () => [await f.registry.identityCount()],
      );
    });

    it("should register several accounts, and send nothing on --dry-run or a re-run", async function () {
      const f = await load(fixture);
      let block = await hre.ethers.provider.getBlockNumber();
      await hre.run("identity:register", { proofs: f.proofsFile, from: "1,2", dryRun: true, deploymentId });
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      await hre.run("identity:register", { proofs: f.proofsFile, from: "1,2", deploymentId });
      expect(await f.registry.identityOf(f.signers[1].address)).to.equal(1n);
      expect(await f.registry.identityOf(f.signers[2].address)).to.equal(2n);
      block = await hre.ethers.provider.getBlockNumber();
      expect(await runTask("identity:register", { proofs: f.proofsFile, from: "1,2", deploymentId })).to.include(
        "already registered",
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("gov:vote", function () {
    it("should refuse a bad support, a pending proposal and a voter without identity, sending nothing", async function () {
      const f = await load(membersFixture);
      await hre.run("gov:propose", { file: f.proposal, deploymentId });
      await expectRefused(
        () => hre.run("gov:vote", { file: f.proposal, support: "yes", from: "1", deploymentId }),
        /expected Against, For, Abstain/,
      );
      await expectRefused(
        () => hre.run("gov:vote", { file: f.proposal, support: "For", from: "1", deploymentId }),
        /Pending: voting opens after .*Z .*dev:advance --network hardhat --deployment-id/,
      );
      await hre.run("dev:advance", { past: "voting-delay", proposalFile: f.proposal, deploymentId });
      await expectRefused(
        () => hre.run("gov:vote", { file: f.proposal, support: "For", from: "0", deploymentId }),
        /no verified identity/,
      );
    });

    it("should count a For vote with its reason and √ weight, then send nothing when re-run", async function () {
      const f = await load(activeFixture);
      await hre.run("gov:vote", { file: f.proposal, support: "for", reason: "good idea", from: "1,2", deploymentId });
      const [against, forVotes] = await f.governor.proposalVotes(f.proposalId);
      expect([against, forVotes]).to.deep.equal([0n, 2n * 10n ** 12n]);
      const [cast] = await f.governor.queryFilter(f.governor.filters.VoteCast(f.signers[1].address));
      expect(cast.args.reason).to.equal("good idea");
      const block = await hre.ethers.provider.getBlockNumber();
      const out = await runTask("gov:vote", { file: f.proposal, support: "For", from: "1,2", deploymentId });
      expect(out).to.include("has already voted");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("gasless: --sign-only then gov:relay", function () {
    it("should relay a delegation and a ballot signed by an account holding no ETH", async function () {
      const f = await load(fixture);
      const holder = f.signers[5];
      await hre.run("dev:fund", { to: "5", cwt: "1000000", deploymentId });
      await hre.run("identity:register", { proofs: f.proofsFile, from: "5", deploymentId });
      await hre.run("token:delegate", { from: "0", deploymentId });
      await setBalance(holder.address, 0n);
      const sigs = path.join(f.dir, "sigs.json");
      await hre.run("token:delegate", { from: "5", signOnly: true, out: sigs, deploymentId });
      await hre.run("gov:relay", { file: sigs, deploymentId });
      expect(await f.token.delegates(holder.address)).to.equal(holder.address);
      await time.increase(2);
      await hre.run("gov:propose", { file: f.proposal, deploymentId });
      await hre.run("dev:advance", { past: "voting-delay", proposalFile: f.proposal, deploymentId });
      await hre.run("gov:vote", {
        file: f.proposal,
        support: "Abstain",
        reason: "no view",
        from: "5",
        signOnly: true,
        out: sigs,
        deploymentId,
      });
      expect(readSignatures(sigs).map((e) => e.value.kind)).to.deep.equal(["delegation", "vote"]);
      await hre.run("gov:relay", { file: sigs, deploymentId });
      const [e] = await f.governor.queryFilter(f.governor.filters.ProposalCreated());
      expect(await f.governor.hasVoted(e.args.proposalId, holder.address)).to.equal(true);
      const [, , abstain] = await f.governor.proposalVotes(e.args.proposalId);
      expect(abstain).to.equal(10n ** 12n);
      expect(await hre.ethers.provider.getBalance(holder.address)).to.equal(0n);
      const block = await hre.ethers.provider.getBlockNumber();
      expect(await runTask("gov:relay", { file: sigs, deploymentId })).to.include("nothing to send");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });

    it("should refuse a tampered signature naming its line and field, sending nothing", async function () {
      const f = await load(fixture);
      const sigs = path.join(f.dir, "tampered.json");
      await hre.run("token:delegate", { from: "1,2", signOnly: true, out: sigs, deploymentId });
      const entries = readSignatures(sigs).map((e) => e.value);
      const [first, second] = entries;
      if (second.kind !== "delegation" || first.kind !== "delegation") throw new Error("expected delegations");
      fs.writeFileSync(sigs, renderSignatures([first, { ...second, delegatee: first.delegator }]));
      await expectRefused(
        () => hre.run("gov:relay", { file: sigs, deploymentId }),
        /tampered\.json:5 signatures\[1\]\.signature: signed by 0x[0-9a-fA-F]+, not by/,
        async () => [await f.token.nonces(f.signers[1].address)],
      );
      expect(await f.token.delegates(f.signers[1].address)).to.equal(hre.ethers.ZeroAddress);
    });

    it("should relay one voter's ballots in nonce order whatever the file order", async function () {
      const f = await load(membersFixture);
      const second = path.join(f.dir, "second.json");
      fs.writeFileSync(
        second,
        JSON.stringify({
          description: "A second proposal",
          actions: [{ contract: IDS.registry, method: "setMerkleRoot", args: [hre.ethers.id("second")] }],
        }),
      );
      await hre.run("gov:propose", { file: f.proposal, deploymentId });
      await hre.run("gov:propose", { file: second, deploymentId });
      await hre.run("dev:advance", { past: "voting-delay", proposalFile: second, deploymentId });
      const sigs = path.join(f.dir, "order.json");
      await hre.run("gov:vote", {
        file: f.proposal,
        support: "For",
        from: "3",
        signOnly: true,
        out: sigs,
        deploymentId,
      });
      await hre.run("gov:vote", {
        file: second,
        support: "Against",
        from: "3",
        signOnly: true,
        out: sigs,
        deploymentId,
      });
      const [a, b] = readSignatures(sigs).map((e) => e.value);
      expect([a.nonce, b.nonce]).to.deep.equal([0n, 1n]);
      fs.writeFileSync(sigs, renderSignatures([b, a]));
      await hre.run("gov:relay", { file: sigs, deploymentId });
      expect(await f.governor.nonces(f.signers[3].address)).to.equal(2n);
    });
  });

  describe("farm:stake and farm:claim", function () {
    it("should refuse a stake beyond the LP balance, sending nothing", async function () {
      const f = await load(membersFixture);
      await hre.run("dev:lp", { cwt: "1000", weth: "1", to: "1", deploymentId });
      await expectRefused(
        () => hre.run("farm:stake", { amount: "1000000", from: "1", deploymentId }),
        /holds .* LP, staking up to 1000000 needs/,
        async () => [await f.pair.balanceOf(f.signers[1].address), await f.farm.totalSupply()],
      );
      await expectRefused(() => hre.run("farm:stake", { from: "1", deploymentId }), /exactly one of --amount/);
    });

    it("should stake up to --amount once, claim rewards, and send nothing when re-run", async function () {
      const f = await load(membersFixture);
      await hre.run("dev:lp", { cwt: "100000", weth: "10", to: "1", deploymentId });
      await hre.run("farm:stake", { amount: "10", from: "1", deploymentId });
      expect(await f.farm.balanceOf(f.signers[1].address)).to.equal(10n * E18);
      let block = await hre.ethers.provider.getBlockNumber();
      expect(await runTask("farm:stake", { amount: "10", from: "1", deploymentId })).to.include("nothing to send");
      expect(await runTask("farm:claim", { from: "1", deploymentId })).to.include("nothing to send");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      await startFarmPeriod(f.d, 86_400n * E18);
      await time.increase(100);
      const before = await f.token.balanceOf(f.signers[1].address);
      await hre.run("farm:claim", { from: "1", deploymentId });
      expect(await f.token.balanceOf(f.signers[1].address)).to.be.greaterThan(before);
      await hre.run("farm:stake", { all: true, from: "1", deploymentId });
      expect(await f.pair.balanceOf(f.signers[1].address)).to.equal(0n);
      block = await hre.ethers.provider.getBlockNumber();
      expect(await runTask("farm:stake", { all: true, from: "1", deploymentId })).to.include("nothing to send");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("vesting:fund-merkle, vesting:claim and vesting:release", function () {
    async function merkleFixture() {
      const f = await load(fixture);
      const now = await time.latest();
      const csv = path.join(f.dir, "m.csv");
      const start = now + 7 * 86_400; // beyond twice vesting:create --merkle's default 3-day fund margin
      fs.writeFileSync(
        csv,
        `beneficiary,amount,category,start,cliff,duration\n${f.signers[3].address},1000,advisor,${start},180d,360d\n${f.signers[4].address},500,advisor,${start},180d,360d\n`,
      );
      const merkle = path.join(f.dir, "m.json");
      await hre.run("vesting:create", { file: csv, vault: await f.d.vault.getAddress(), merkle, batch: 50 });
      return { ...f, merkle, now };
    }

    it("should refuse a past deadline, a local-time deadline and a short balance, sending nothing", async function () {
      const f = await load(merkleFixture);
      const balances = async () => [await f.token.balanceOf(f.signers[0].address)];
      await expectRefused(
        () => hre.run("vesting:fund-merkle", { merkle: f.merkle, deadline: String(f.now - 10), deploymentId }),
        /not in the future/,
        balances,
      );
      await expectRefused(
        () => hre.run("vesting:fund-merkle", { merkle: f.merkle, deadline: "2030-06-01T00:00:00", deploymentId }),
        /has no time zone/,
        balances,
      );
      await expectRefused(
        () => hre.run("vesting:fund-merkle", { merkle: f.merkle, deadline: "2030-02-30", deploymentId }),
        /has no day 30/,
        balances,
      );
      await expectRefused(
        () => hre.run("vesting:fund-merkle", { merkle: f.merkle, deadline: "2100-01-01", from: "7", deploymentId }),
        /holds 0 CWT, the allocation needs 1,500 CWT/,
        balances,
      );
      await expectRefused(
        () => hre.run("vesting:claim", { merkle: f.merkle, from: "3", deploymentId }),
        /fund it first/,
        balances,
      );
    });

    it("should fund once, claim each leaf once (anyone may send), and release after the cliff", async function () {
      const f = await load(merkleFixture);
      const vault = await f.d.vault.getAddress();
      await hre.run("vesting:fund-merkle", { merkle: f.merkle, deadline: "2100-01-01", deploymentId });
      expect(await f.token.balanceOf(vault)).to.equal(1_500n * E18);
      await hre.run("vesting:claim", { merkle: f.merkle, from: "3", deploymentId });
      await hre.run("vesting:claim", { merkle: f.merkle, beneficiary: "4", from: "0", deploymentId });
      let block = await hre.ethers.provider.getBlockNumber();
      expect(
        await runTask("vesting:fund-merkle", { merkle: f.merkle, deadline: "2100-01-01", deploymentId }),
      ).to.include("nothing to send");
      expect(await runTask("vesting:claim", { merkle: f.merkle, from: "3", deploymentId })).to.include(
        "already claimed",
      );
      expect(await runTask("vesting:release", { from: "3", deploymentId })).to.match(/the cliff is at .*Z \(in /);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      const v = VestingVault__factory.connect(vault, f.signers[0]);
      const [claim] = await v.queryFilter(v.filters.MerkleClaimed(undefined, undefined, f.signers[3].address));
      await hre.run("dev:advance", { past: "cliff", schedule: claim.args.scheduleId.toString(), deploymentId });
      const before = await f.token.balanceOf(f.signers[3].address);
      await hre.run("vesting:release", { from: "3", deploymentId });
      const got = (await f.token.balanceOf(f.signers[3].address)) - before;
      expect(got > 0n && got < 1_000n * E18).to.equal(true);
      block = await hre.ethers.provider.getBlockNumber();
      expect(
        await runTask("dev:advance", { past: "cliff", schedule: claim.args.scheduleId.toString(), deploymentId }),
      ).to.include("nothing to do");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("--help", function () {
    it("should describe every parameter and offer --dry-run on every new task", function () {
      const names = [
        "dev:fund",
        "dev:lp",
        "dev:advance",
        "identity:register",
        "token:delegate",
        "gov:vote",
        "gov:relay",
        "farm:stake",
        "farm:claim",
        "vesting:release",
        "vesting:claim",
        "vesting:fund-merkle",
      ];
      for (const n of names) {
        const t = hre.tasks[n];
        expect(t, n).to.not.equal(undefined);
        expect(t.description ?? "", n).to.not.equal("");
        expect(Object.keys(t.paramDefinitions), n).to.include("dryRun");
        for (const [p, d] of Object.entries(t.paramDefinitions))
          expect(d.description ?? "", `${n} --${p}`).to.not.equal("");
      }
    });
  });
});

function isqrt(v: bigint): bigint {
  let x = BigInt(Math.floor(Math.sqrt(Number(v))));
  while (x * x > v) x--;
  while ((x + 1n) * (x + 1n) <= v) x++;
  return x;
}
