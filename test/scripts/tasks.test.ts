import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { id } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import CounterweightModule from "../../deploy/modules/Counterweight";
import { IDS } from "../../scripts/lib/ids";
import { InputError } from "../../scripts/lib/inputErrors";
import { localhostParameters } from "../deploy/localParameters";
import type { ProofsFile } from "../../scripts/lib/identityTree";
import { CappedStakingRewards__factory, CounterweightToken__factory } from "../../typechain-types";

/**
 * The operator tasks run in-process against a Counterweight deployment whose address book is
 * written where the tasks look for it (deploy/deployments/<id>), as Ignition writes it on a node.
 */
describe("Operator tasks", function () {
  const deploymentId = `test-tasks-${process.pid}`;
  const bookDir = path.join(hre.config.paths.ignition, "deployments", deploymentId);
  let tmp: string;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-tasks-"));
  });
  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(bookDir, { recursive: true, force: true });
  });

  async function deployFixture() {
    const signers = await hre.ethers.getSigners();
    const { ignition } = await localhostParameters();
    const d = await hre.ignition.deploy(CounterweightModule, { parameters: ignition });
    const entries: Record<string, string> = {
      [IDS.token]: await d.token.getAddress(),
      [IDS.timelock]: await d.timelock.getAddress(),
      [IDS.registry]: await d.registry.getAddress(),
      [IDS.governor]: await d.governor.getAddress(),
      [IDS.vault]: await d.vault.getAddress(),
      [IDS.farm]: await d.farm.getAddress(),
    };
    const names: Record<string, string> = {
      [IDS.token]: "CounterweightToken",
      [IDS.timelock]: "TimelockController",
      [IDS.registry]: "IdentityRegistry",
      [IDS.governor]: "CounterweightGovernor",
      [IDS.vault]: "VestingVault",
      [IDS.farm]: "CappedStakingRewards",
    };
    fs.rmSync(bookDir, { recursive: true, force: true });
    fs.mkdirSync(path.join(bookDir, "artifacts"), { recursive: true });
    fs.writeFileSync(path.join(bookDir, "deployed_addresses.json"), JSON.stringify(entries));
    for (const [future, name] of Object.entries(names)) {
      const artifact = await hre.artifacts.readArtifact(name);
      fs.writeFileSync(path.join(bookDir, "artifacts", `${future}.json`), JSON.stringify(artifact));
    }
    // Voters: the deployer (above the proposal threshold) delegates to itself.
    await d.token.delegate(signers[0].address);
    await time.increase(2);
    return { signers, d };
  }

  function write(name: string, text: string): string {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
  }

  describe("identity:merkle", function () {
    it("should report every bad line and duplicate before writing anything", async function () {
      await loadFixture(deployFixture);
      const [a, b] = await hre.ethers.getSigners();
      const csv = write("bad.csv", `humanId,account\n1,${a.address}\nx,${b.address}\n2,${a.address}\n3,0x12\n`);
      const out = path.join(tmp, "bad.proofs.json");
      let error: unknown;
      try {
        await hre.run("identity:merkle", { csv, out, deploymentId });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(InputError);
      const fields = (error as InputError).problems.map((p) => `${p.line}:${p.field}`);
      expect(fields).to.have.members(["3:humanId", "5:account"]);
      expect(fs.existsSync(out)).to.equal(false);
    });

    it("should refuse direct mode without the registry role and point to --via-proposal", async function () {
      await loadFixture(deployFixture);
      const [a] = await hre.ethers.getSigners();
      const csv = write("ids.csv", `humanId,account\n1,${a.address}\n`);
      await expect(hre.run("identity:merkle", { csv, apply: true, deploymentId })).to.be.rejectedWith(/--via-proposal/);
    });

    it("should write a proposal that sets the root, and nothing on a dry run", async function () {
      const { d } = await loadFixture(deployFixture);
      const [a, b] = await hre.ethers.getSigners();
      const csv = write("ids2.csv", `humanId,account\n1,${a.address}\n2,${b.address}\n`);
      const dry = path.join(tmp, "dry.json");
      await hre.run("identity:merkle", { csv, viaProposal: dry, dryRun: true, deploymentId });
      expect(fs.existsSync(dry)).to.equal(false);
      const file = path.join(tmp, "root.json");
      await hre.run("identity:merkle", { csv, viaProposal: file, deploymentId });
      const proofs = JSON.parse(fs.readFileSync(`${csv}.proofs.json`, "utf8")) as ProofsFile;
      const proposal = JSON.parse(fs.readFileSync(file, "utf8")) as { actions: { args: string[] }[] };
      expect(proposal.actions[0].args).to.deep.equal([proofs.root]);
      expect(await d.registry.merkleRoot()).to.not.equal(proofs.root);
    });
  });

  describe("gov:propose", function () {
    it("should send nothing on a dry run, propose once, then find the proposal and send nothing", async function () {
      const { d } = await loadFixture(deployFixture);
      const file = write(
        "p.json",
        JSON.stringify({
          description: "Set the root",
          actions: [{ contract: IDS.registry, method: "setMerkleRoot", args: [id("root")] }],
        }),
      );
      const block = await hre.ethers.provider.getBlockNumber();
      await hre.run("gov:propose", { file, dryRun: true, deploymentId });
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      await hre.run("gov:propose", { file, deploymentId });
      expect((await d.governor.queryFilter(d.governor.filters.ProposalCreated())).length).to.equal(1);
      const after = await hre.ethers.provider.getBlockNumber();
      await hre.run("gov:propose", { file, deploymentId });
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(after);
    });

    it("should refuse to queue a proposal that has not succeeded", async function () {
      await loadFixture(deployFixture);
      const file = write(
        "q.json",
        JSON.stringify({
          description: "x",
          actions: [{ contract: IDS.registry, method: "setMerkleRoot", args: [id("q")] }],
        }),
      );
      await expect(hre.run("gov:queue", { file, deploymentId })).to.be.rejectedWith(/not proposed/);
    });
  });

  describe("farm:fund", function () {
    it("should propose only notifyRewardAmount when the farm already holds the rewards", async function () {
      await loadFixture(deployFixture);
      const file = path.join(tmp, "farm.json");
      await hre.run("farm:fund", { amount: "1000", viaProposal: file, deploymentId });
      const proposal = JSON.parse(fs.readFileSync(file, "utf8")) as { actions: { method: string; args: string[] }[] };
      expect(proposal.actions.map((a) => a.method)).to.deep.equal(["notifyRewardAmount"]);
      expect(proposal.actions[0].args).to.deep.equal([(1000n * 10n ** 18n).toString()]);
    });

    it("should not count rewards already promised to stakers as free: it proposes the shortfall", async function () {
      const { d } = await loadFixture(deployFixture);
      // The timelock starts a period with everything the farm holds, so none of it is free.
      const timelock = await d.timelock.getAddress();
      await hre.network.provider.send("hardhat_impersonateAccount", [timelock]);
      await hre.network.provider.send("hardhat_setBalance", [timelock, "0x56bc75e2d63100000"]);
      const farm = CappedStakingRewards__factory.connect(
        await d.farm.getAddress(),
        await hre.ethers.getSigner(timelock),
      );
      const token = CounterweightToken__factory.connect(await d.token.getAddress(), hre.ethers.provider);
      const held = await token.balanceOf(await farm.getAddress());
      await farm.notifyRewardAmount(held);
      await hre.network.provider.send("hardhat_stopImpersonatingAccount", [timelock]);
      await time.increaseTo(await farm.periodFinish());
      const file = path.join(tmp, "farm-shortfall.json");
      await hre.run("farm:fund", { amount: "1000", viaProposal: file, deploymentId });
      const proposal = JSON.parse(fs.readFileSync(file, "utf8")) as { actions: { method: string; args: string[] }[] };
      expect(proposal.actions.map((a) => a.method)).to.deep.equal(["transfer", "notifyRewardAmount"]);
      const owed = await farm.rewardsOutstanding();
      const free = held > owed ? held - owed : 0n;
      expect(proposal.actions[0].args[1]).to.equal((1000n * 10n ** 18n - free).toString());
    });

    it("should reject a malformed amount before reading the chain", async function () {
      await expect(hre.run("farm:fund", { amount: "1e6", deploymentId })).to.be.rejectedWith(InputError);
    });

    it("should refuse direct mode to a signer without the distributor role", async function () {
      await loadFixture(deployFixture);
      await expect(hre.run("farm:fund", { amount: "1000", deploymentId })).to.be.rejectedWith(
        /REWARDS_DISTRIBUTOR_ROLE/,
      );
    });
  });

  describe("status", function () {
    it("should print the roles and the supply split", async function () {
      await loadFixture(deployFixture);
      const lines: string[] = [];
      const log = console.log;
      console.log = (...a: unknown[]) => lines.push(a.join(" "));
      try {
        await hre.run("status", { deploymentId });
      } finally {
        console.log = log;
      }
      const text = lines.join("\n");
      expect(text).to.match(/Token#TimelockController\s+PROPOSER_ROLE\s+Governance#CounterweightGovernor/);
      expect(text).to.match(/Supply split/);
    });
  });
});
