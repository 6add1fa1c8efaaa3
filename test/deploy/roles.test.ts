import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { ZeroAddress, id, type InterfaceAbi } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import CounterweightModule from "../../deploy/modules/Counterweight";
import { UniswapV2FactoryArtifact, UniswapV2PairArtifact } from "../../deploy/modules/uniswapArtifacts";
import { roleHashes, scanRoles, type RoleGrant } from "../../scripts/lib/roles";
import { asIgnition, localhostParameters } from "./localParameters";
import {
  ROLE_POWERS,
  extractTable,
  normalizeTable,
  renderRolesTable,
  replaceTable,
} from "../../scripts/lib/rolesTable";
import {
  CounterweightGovernor__factory,
  IAccessControl__factory,
  TimelockController__factory,
} from "../../typechain-types";

const ROLES_DOC = path.join(__dirname, "..", "..", "docs", "roles.md");

describe("Deployment roles (deploy/modules/Counterweight.ts)", function () {
  async function deployFixture() {
    const signers = await hre.ethers.getSigners();
    const local = await localhostParameters();
    const identityRoot = id("a test identity root");
    const parameters = {
      ...local.parameters,
      Counterweight: { ...local.parameters.Counterweight, identityRoot },
    };
    const deployed = await hre.ignition.deploy(CounterweightModule, { parameters: asIgnition(parameters) });
    const uni = { factory: local.factory, weth: local.weth };
    // Every contract of the suite with the name its artifact has and its ABI.
    const suite: { id: string; name: string; address: string; abi: InterfaceAbi }[] = [];
    for (const [key, contract] of Object.entries(deployed)) {
      const address = await contract.getAddress();
      const name =
        key === "pair" ? "UniswapV2Pair" : (await hre.artifacts.readArtifact(contractNameOf(key))).contractName;
      const abi = key === "pair" ? UniswapV2PairArtifact.abi : (await hre.artifacts.readArtifact(name)).abi;
      suite.push({ id: key, name, address, abi });
    }
    const grants = await scanRoles(
      hre.ethers.provider,
      suite,
      signers.map((s) => s.address),
    );
    return { signers, deployed, suite, grants, parameters, identityRoot, uni };
  }

  /** The artifact name behind each key the top-level module returns. */
  function contractNameOf(key: string): string {
    const names: Record<string, string> = {
      token: "CounterweightToken",
      timelock: "TimelockController",
      registry: "IdentityRegistry",
      governor: "CounterweightGovernor",
      vault: "VestingVault",
      farm: "CappedStakingRewards",
    };
    const n = names[key];
    if (n === undefined) throw new Error(`unknown module output ${key}`);
    return n;
  }

  function labeller(suite: { id: string; name: string; address: string }[]) {
    return (address: string) => {
      if (address === ZeroAddress) return "anyone (address(0))";
      const hit = suite.find((c) => c.address.toLowerCase() === address.toLowerCase());
      return hit ? hit.name : address;
    };
  }

  async function governorView(grants: RoleGrant[], suite: { id: string; address: string }[]) {
    const governor = suite.find((c) => c.id === "governor");
    if (governor === undefined) throw new Error("no governor");
    const executor = await CounterweightGovernor__factory.connect(governor.address, hre.ethers.provider).timelock();
    return [...grants, { contract: "governor", address: governor.address, role: "executor", holder: executor }];
  }

  describe("when the suite is deployed", function () {
    it("should leave every admin and privileged role with the timelock (proposer/canceller: the governor, executor: anyone)", async function () {
      const { grants, deployed } = await loadFixture(deployFixture);
      const timelock = await deployed.timelock.getAddress();
      const governor = await deployed.governor.getAddress();
      expect(grants.length).to.be.greaterThan(0);
      for (const g of grants) {
        const where = `${g.contract}.${g.role} held by ${g.holder}`;
        if (g.contract === "timelock" && (g.role === "PROPOSER_ROLE" || g.role === "CANCELLER_ROLE")) {
          expect(g.holder, where).to.equal(governor);
        } else if (g.contract === "timelock" && g.role === "EXECUTOR_ROLE") {
          expect(g.holder, where).to.equal(ZeroAddress);
        } else {
          expect(g.holder, where).to.equal(timelock);
        }
      }
      expect(await CounterweightGovernor__factory.connect(governor, hre.ethers.provider).timelock()).to.equal(timelock);
    });

    it("should leave no role of any contract with the deployer or any other known account", async function () {
      const { signers, suite } = await loadFixture(deployFixture);
      for (const c of suite) {
        const ac = IAccessControl__factory.connect(c.address, hre.ethers.provider);
        for (const [n, role] of await roleHashes(hre.ethers.provider, c.address, c.abi)) {
          for (const s of signers) {
            expect(await ac.hasRole(role, s.address), `${c.name}.${n} held by ${s.address}`).to.equal(false);
          }
        }
      }
    });

    it("should have run the genesis batch: identity root set, the real timelock delay in force", async function () {
      const { deployed, parameters, identityRoot } = await loadFixture(deployFixture);
      const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), hre.ethers.provider);
      expect(await timelock.getMinDelay()).to.equal(BigInt(String(parameters.Counterweight.timelockMinDelay)));
      expect(await deployed.registry.merkleRoot()).to.equal(identityRoot);
    });

    it("should split the supply per the parameters: treasury to the timelock, farm rewards to the farm, the rest to the deployer", async function () {
      const { deployed, parameters, signers } = await loadFixture(deployFixture);
      const t = parameters.Token;
      const token = deployed.token;
      expect(await token.balanceOf(await deployed.timelock.getAddress())).to.equal(t.treasury);
      expect(await token.balanceOf(await deployed.farm.getAddress())).to.equal(t.farmRewards);
      expect(await token.balanceOf(signers[0].address)).to.equal(t.vesting + t.liquidity);
      expect(await token.totalSupply()).to.equal(t.supply);
    });

    it("should create the real Uniswap V2 pair of the token as the farm's staking token", async function () {
      const { deployed, uni } = await loadFixture(deployFixture);
      const factory = await hre.ethers.getContractAt(UniswapV2FactoryArtifact.abi, uni.factory);
      const pair = (await factory.getPair(await deployed.token.getAddress(), uni.weth)) as string;
      expect(pair).to.equal(await deployed.pair.getAddress());
    });

    it("should document every role in docs/roles.md exactly as deployed", async function () {
      const { grants, suite } = await loadFixture(deployFixture);
      const all = await governorView(grants, suite);
      const byId = (key: string) => suite.find((c) => c.id === key)?.name ?? key;
      for (const g of all) {
        expect(
          ROLE_POWERS[`${byId(g.contract)}.${g.role}`],
          `${byId(g.contract)}.${g.role} has no description`,
        ).to.not.equal(undefined);
      }
      const table = renderRolesTable(all, byId, labeller(suite));
      if (process.env.UPDATE_ROLES_DOC === "1") {
        fs.writeFileSync(ROLES_DOC, replaceTable(fs.readFileSync(ROLES_DOC, "utf8"), table));
      }
      const documented = extractTable(fs.readFileSync(ROLES_DOC, "utf8"));
      expect(documented, "docs/roles.md has no generated table").to.not.equal(undefined);
      expect(normalizeTable(documented ?? ""), "run with UPDATE_ROLES_DOC=1 to regenerate").to.deep.equal(
        normalizeTable(table),
      );
    });
  });
});
