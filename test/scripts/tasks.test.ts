import { expect } from "chai";
import { stripVTControlCharacters } from "node:util";
import { spawn } from "node:child_process";
import { HardhatPluginError } from "hardhat/plugins";
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
import type { StatusReport } from "../../scripts/tasks/status";
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
      expect(text).to.match(/Supply split \(total 1,000,000,000 CWT\)/);
      expect(text).to.match(/block time \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \(now\)/);
    });

    it("should print amounts in wei only with --json", async function () {
      const { d } = await loadFixture(deployFixture);
      const lines: string[] = [];
      const log = console.log;
      console.log = (...a: unknown[]) => lines.push(a.join(" "));
      try {
        await hre.run("status", { deploymentId, json: true });
      } finally {
        console.log = log;
      }
      const report = JSON.parse(lines.join("\n")) as StatusReport;
      expect(report.supply.total).to.equal((await d.token.totalSupply()).toString());
      expect(report.deploymentId).to.equal(deploymentId);
      expect(report.vault?.held).to.equal((await d.token.balanceOf(await d.vault.getAddress())).toString());
    });
  });
  describe("bad input is a clean plugin error and sends nothing", function () {
    async function state() {
      const [signer] = await hre.ethers.getSigners();
      return {
        block: await hre.ethers.provider.getBlockNumber(),
        eth: await hre.ethers.provider.getBalance(signer.address),
      };
    }
    async function refused(taskName: string, args: Record<string, unknown>, message: RegExp) {
      const before = await state();
      let error: unknown;
      try {
        await hre.run(taskName, { deploymentId, ...args });
      } catch (e) {
        error = e;
      }
      expect(HardhatPluginError.isHardhatPluginError(error), String(error)).to.equal(true);
      expect((error as HardhatPluginError).pluginName).to.equal("counterweight");
      expect((error as Error).message).to.match(message);
      expect(await state()).to.deep.equal(before);
    }

    it("should say file not found: PATH for every file a task reads", async function () {
      await loadFixture(deployFixture);
      const missing = path.join(tmp, "missing.csv");
      await refused("identity:merkle", { csv: missing, apply: true }, new RegExp(`^file not found: ${missing}$`));
      for (const t of ["gov:propose", "gov:queue", "gov:execute"]) {
        await refused(t, { file: path.join(tmp, "missing.json") }, /^file not found: .*missing\.json$/);
      }
    });

    it("should name a bad EIP-55 checksum in the identity CSV", async function () {
      await loadFixture(deployFixture);
      const [a] = await hre.ethers.getSigners();
      const typo = a.address.replace(/[a-f]/, (c) => c.toUpperCase());
      const csv = write("typo.csv", `humanId,account\n1,${typo}\n`);
      await refused("identity:merkle", { csv, apply: true }, /typo\.csv:2 account: bad EIP-55 checksum/);
    });

    it("should refuse a farm amount with a comma, and a proposal file with a bad field, by name", async function () {
      await loadFixture(deployFixture);
      await refused("farm:fund", { amount: "1,000" }, /--amount amount: 1,000: "1,000" contains a comma/);
      const file = write(
        "bad-proposal.json",
        '\ufeff{\n  "description": "x",\n  "actions": [{ "target": "0x12", "calldata": "0x" }]\n}\n',
      );
      await refused("gov:propose", { file }, /bad-proposal\.json:3 actions\.0\.target: not an address/);
    });

    it("should refuse a proposal from a signer without votes, in token units", async function () {
      await loadFixture(deployFixture);
      const [, other] = await hre.ethers.getSigners();
      const file = write(
        "novotes.json",
        JSON.stringify({
          description: "nv",
          actions: [{ contract: IDS.registry, method: "setMerkleRoot", args: [id("nv")] }],
        }),
      );
      const original = hre.ethers.getSigners;
      hre.ethers.getSigners = async () => [other];
      try {
        await refused("gov:propose", { file }, /has 0 votes, below the proposal threshold 1,000,000: register/);
      } finally {
        hre.ethers.getSigners = original;
      }
    });

    it("should print the complete gov:propose command after writing a proposal", async function () {
      await loadFixture(deployFixture);
      const [a] = await hre.ethers.getSigners();
      const csv = write("follow.csv", `humanId,account\n1,${a.address}\n`);
      const file = path.join(tmp, "follow.json");
      const lines: string[] = [];
      const log = console.log;
      console.log = (...x: unknown[]) => lines.push(x.join(" "));
      try {
        await hre.run("identity:merkle", { csv, viaProposal: file, deploymentId });
      } finally {
        console.log = log;
      }
      expect(lines.join("\n")).to.contain(
        `npx hardhat gov:propose --network hardhat --deployment-id ${deploymentId} --file ${file}`,
      );
    });
  });

  describe("on the command line", function () {
    // Hardhat 2 prints stack traces by default where it believes it runs on CI (ci-info's variables,
    // or Linux without a display server): run the CLI as on an operator's desktop.
    const desktop: NodeJS.ProcessEnv = { ...process.env, DISPLAY: ":0", TS_NODE_TRANSPILE_ONLY: "true" };
    for (const k of ["CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "RUN_ID", "GITHUB_ACTIONS"]) delete desktop[k];
    const cli = (...extra: string[]): Promise<{ status: number | null; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(
          "npx",
          [
            "hardhat",
            "vesting:create",
            "--file",
            path.join(tmp, "nope.csv"),
            "--vault",
            "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            ...extra,
          ],
          { cwd: hre.config.paths.root, env: desktop, stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stderr }));
      });

    it("should print a bad input as a few lines from the counterweight plugin, the stack only on request", async function () {
      // Both CLI runs at once: each is a fresh Hardhat start, most of this test's time.
      const [r, traced] = await Promise.all([cli(), cli("--show-stack-traces")]);
      expect(r.status).to.equal(1);
      // Hardhat colours its error line where the terminal allows it; the text is what matters.
      const stderr = stripVTControlCharacters(r.stderr);
      expect(stderr).to.contain(`Error in plugin counterweight: file not found: ${path.join(tmp, "nope.csv")}`);
      expect(stderr).to.not.match(/^\s+at /m);
      expect(stderr.trim().split("\n").length).to.be.at.most(3);
      expect(stripVTControlCharacters(traced.stderr)).to.match(/^\s+at readInputFile/m);
    });
  });
});
