import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import LocalEASModule from "../../deploy/modules/LocalEAS";
import LocalUniswapModule from "../../deploy/modules/LocalUniswap";
import { HUMAN_ID_SCHEMA_UID } from "../../deploy/modules/easArtifacts";
import { IDS } from "../../scripts/lib/ids";
import type { SuiteParameters } from "../../scripts/lib/deployParameters";
import type { DeploySuiteResult } from "../../scripts/lib/deploySuite";
import {
  CappedStakingRewards__factory,
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  TimelockController__factory,
  VestingVault__factory,
} from "../../typechain-types";
import {
  SchemaRegistry__factory,
  UniswapV2Factory__factory,
  UniswapV2Pair__factory,
} from "../../typechain-types/baselines";
import { LOCALHOST_JSON, PARAMETERS_DIR } from "./localParameters";

const INSTANCES = path.join(hre.config.paths.cache, ".hardhat-network-instances.json");
const SHIPPED = fs
  .readdirSync(PARAMETERS_DIR)
  .filter((f) => f.endsWith(".json") && !f.endsWith(".proofs.json"))
  .sort();

/**
 * `npx hardhat cw:deploy` run in-process, journalled like a node deployment
 * (--write-localhost-deployment) under deploy/deployments/test-cwdeploy-<pid>-<n>, removed after.
 */
describe("cw:deploy", function () {
  const prefix = `test-cwdeploy-${process.pid}`;
  let tmp: string;
  let n = 0;
  const nextId = () => `${prefix}-${++n}`;
  const dirOf = (id: string) => path.join(hre.config.paths.ignition, "deployments", id);

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-deploy-"));
  });
  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
    for (let i = 1; i <= n; i++) fs.rmSync(dirOf(`${prefix}-${i}`), { recursive: true, force: true });
    if (fs.existsSync(INSTANCES)) {
      const known = JSON.parse(fs.readFileSync(INSTANCES, "utf8")) as Record<string, string>;
      for (const k of Object.keys(known)) if (k.startsWith(prefix)) delete known[k];
      fs.writeFileSync(INSTANCES, `${JSON.stringify(known, null, 2)}\n`);
    }
  });

  async function cwDeploy(file: string, deploymentId: string, extra: Record<string, unknown> = {}) {
    return (await hre.run("cw:deploy", {
      parameters: file,
      deploymentId,
      writeLocalhostDeployment: true,
      quiet: true,
      ...extra,
    })) as DeploySuiteResult;
  }

  function write(name: string, content: unknown): string {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return f;
  }

  const localhost = () =>
    JSON.parse(fs.readFileSync(LOCALHOST_JSON, "utf8")) as Record<string, Record<string, unknown>>;

  /** Reads every deployed value back from the chain and compares it with the parameters used. */
  async function expectDeployedAsWritten(r: DeploySuiteResult): Promise<void> {
    const p: SuiteParameters = r.parameters;
    const provider = hre.ethers.provider;
    const [deployer] = await hre.ethers.getSigners();
    const book = JSON.parse(
      fs.readFileSync(path.join(dirOf(r.deploymentId), "deployed_addresses.json"), "utf8"),
    ) as Record<string, string>;
    expect(book).to.deep.include(r.addresses);

    const token = CounterweightToken__factory.connect(book[IDS.token], provider);
    const timelock = TimelockController__factory.connect(book[IDS.timelock], provider);
    const registry = IdentityRegistry__factory.connect(book[IDS.registry], provider);
    const governor = CounterweightGovernor__factory.connect(book[IDS.governor], provider);
    const vault = VestingVault__factory.connect(book[IDS.vault], provider);
    const farm = CappedStakingRewards__factory.connect(book[IDS.farm], provider);

    // Token: metadata and the supply split.
    expect(await token.name()).to.equal(p.Token.name);
    expect(await token.symbol()).to.equal(p.Token.symbol);
    expect(await token.totalSupply()).to.equal(p.Token.supply);
    expect(await token.balanceOf(book[IDS.timelock])).to.equal(p.Token.treasury);
    expect(await token.balanceOf(book[IDS.farm])).to.equal(p.Token.farmRewards);
    expect(await token.balanceOf(deployer.address)).to.equal(p.Token.vesting + p.Token.liquidity);

    // Timelock after the genesis batch; identity root and EAS wiring.
    expect(await timelock.getMinDelay()).to.equal(BigInt(p.Counterweight.timelockMinDelay));
    expect(await registry.merkleRoot()).to.equal(p.Counterweight.identityRoot);
    expect(await registry.eas()).to.equal(p.Identity.eas);
    expect(await registry.schema()).to.equal(p.Identity.schema);
    expect(await registry.rotationCooldown()).to.equal(BigInt(p.Identity.rotationCooldown));

    // Governance settings.
    expect(await governor.votingDelay()).to.equal(BigInt(p.Governance.votingDelay));
    expect(await governor.votingPeriod()).to.equal(BigInt(p.Governance.votingPeriod));
    expect(await governor.proposalThreshold()).to.equal(p.Governance.proposalThreshold);
    expect(await governor.quorumIdentities()).to.equal(BigInt(p.Governance.quorumIdentities));
    expect(await governor.lateQuorumVoteExtension()).to.equal(BigInt(p.Governance.lateQuorumExtension));
    expect(await governor.timelock()).to.equal(book[IDS.timelock]);
    expect(await governor.token()).to.equal(book[IDS.token]);

    // Vesting policies, fixed forever.
    expect(await vault.categoryCount()).to.equal(BigInt(p.Vesting.policies.length));
    for (const [i, q] of p.Vesting.policies.entries()) {
      const on = await vault.policy(i);
      expect([on.minCliff, on.minDuration, on.revocable], `policy ${i}`).to.deep.equal([
        BigInt(q.minCliff),
        BigInt(q.minDuration),
        q.revocable,
      ]);
    }

    // Farm: caps, slope, unverified cap, period, the real pair on the given factory, distributor.
    const [cap, slope, unverifiedCap] = await farm.caps();
    expect({ cap, slope, unverifiedCap }).to.deep.equal({
      cap: p.Farm.cap,
      slope: p.Farm.slope,
      unverifiedCap: p.Farm.unverifiedCap,
    });
    expect(await farm.rewardsDuration()).to.equal(BigInt(p.Farm.rewardsDuration));
    const factory = UniswapV2Factory__factory.connect(p.Farm.uniswapV2Factory, provider);
    const pairAddress = await factory.getPair(book[IDS.token], p.Farm.weth);
    expect(await farm.stakingToken()).to.equal(pairAddress);
    expect(book[IDS.pair]).to.equal(pairAddress);
    const pair = UniswapV2Pair__factory.connect(pairAddress, provider);
    expect([await pair.token0(), await pair.token1()].sort()).to.deep.equal([book[IDS.token], p.Farm.weth].sort());
    expect(await farm.rewardsToken()).to.equal(book[IDS.token]);
    expect(await farm.registry()).to.equal(book[IDS.registry]);
    const distributorRole = await farm.REWARDS_DISTRIBUTOR_ROLE();
    expect(await farm.hasRole(distributorRole, book[IDS.timelock])).to.equal(true);
    expect(await farm.hasRole(distributorRole, deployer.address)).to.equal(p.Farm.distributor === deployer.address);
    if (p.Farm.distributor !== undefined && p.Farm.distributor !== hre.ethers.ZeroAddress) {
      expect(await farm.hasRole(distributorRole, p.Farm.distributor)).to.equal(true);
    }
  }

  for (const file of SHIPPED) {
    describe(`given deploy/parameters/${file}`, function () {
      let result: DeploySuiteResult;
      let id: string;

      before(async function () {
        let source = path.join(PARAMETERS_DIR, file);
        if (file !== "localhost.json") {
          // A public network's file: the chain's Uniswap V2, WETH and EAS are stood in for by
          // local deployments of the same npm builds.
          const uni = await hre.ignition.deploy(LocalUniswapModule);
          const eas = await hre.ignition.deploy(LocalEASModule);
          const raw = JSON.parse(fs.readFileSync(source, "utf8")) as Record<string, Record<string, unknown>>;
          raw.Farm.uniswapV2Factory = await uni.factory.getAddress();
          raw.Farm.weth = await uni.weth.getAddress();
          if (raw.Identity.eas !== hre.ethers.ZeroAddress) raw.Identity.eas = await eas.eas.getAddress();
          source = write(file, raw);
        }
        id = nextId();
        result = await cwDeploy(source, id);
      });

      it("should deploy every value the file states, read back from the chain", async function () {
        expect(result.executed).to.be.greaterThan(0);
        await expectDeployedAsWritten(result);
      });

      it("should send nothing when run again on the complete deployment", async function () {
        const block = await hre.ethers.provider.getBlockNumber();
        const again = await cwDeploy(file === "localhost.json" ? LOCALHOST_JSON : path.join(tmp, file), id);
        expect(again.executed).to.equal(0);
        expect(again.addresses).to.deep.equal(result.addresses);
        expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      });
    });
  }

  describe("given localhost.json's local stand-ins", function () {
    it("should deploy LocalUniswap and LocalEAS in the same deployment and wire their addresses", async function () {
      const id = nextId();
      const r = await cwDeploy(LOCALHOST_JSON, id);
      const book = JSON.parse(fs.readFileSync(path.join(dirOf(id), "deployed_addresses.json"), "utf8")) as Record<
        string,
        string
      >;
      expect(r.parameters.Farm.uniswapV2Factory).to.equal(book["LocalUniswap#UniswapV2Factory"]);
      expect(r.parameters.Farm.weth).to.equal(book["LocalUniswap#TestERC20"]);
      expect(r.parameters.Identity.eas).to.equal(book["LocalEAS#EAS"]);
      const schemas = SchemaRegistry__factory.connect(book["LocalEAS#SchemaRegistry"], hre.ethers.provider);
      const record = await schemas.getSchema(HUMAN_ID_SCHEMA_UID);
      expect(record.schema).to.equal("bytes32 humanId");
      expect(localhost().Identity.schema).to.equal(HUMAN_ID_SCHEMA_UID);
    });

    it("should print nothing-sent on a dry run and write no deployment", async function () {
      const id = nextId();
      const block = await hre.ethers.provider.getBlockNumber();
      const r = await cwDeploy(LOCALHOST_JSON, id, { dryRun: true });
      expect(r.dryRun).to.equal(true);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      expect(fs.existsSync(dirOf(id))).to.equal(false);
    });
  });

  describe("given a bad parameters file", function () {
    const cases: { name: string; edit: (p: Record<string, Record<string, unknown>>) => void; message: RegExp }[] = [
      {
        name: "an unknown module",
        edit: (p) => (p.Farmm = { cap: "1n" }),
        message: /Farmm: unknown module \(known: Token, Identity, Governance, Vesting, Farm, Counterweight\)/,
      },
      {
        name: "an unknown key",
        edit: (p) => (p.Farm.capp = "1n"),
        message: /Farm\.capp: unknown key: Farm reads uniswapV2Factory, weth, cap/,
      },
      {
        name: "farm settings under Counterweight (the old layout)",
        edit: (p) => (p.Counterweight.rewardsDuration = 86400),
        message: /Counterweight\.rewardsDuration: unknown key: the farm's settings are read under Farm/,
      },
      {
        name: "a second farmRewards",
        edit: (p) => (p.Farm.farmRewards = "100000000000000000000000000n"),
        message: /Farm\.farmRewards: unknown key: set once, as Token\.farmRewards/,
      },
      {
        name: "a duration in milliseconds",
        edit: (p) => (p.Farm.rewardsDuration = 5_184_000_000),
        message:
          /Farm\.rewardsDuration: 5184000000 s \(60000 days\) is above the .* limit: durations are in seconds \(if 5184000000 is milliseconds, write 5184000\)/,
      },
      {
        name: "an amount without the n suffix",
        edit: (p) => (p.Farm.cap = "10000000000000000000000"),
        message: /Farm\.cap: wei amounts are strings with the n suffix/,
      },
      {
        name: "an amount as a JSON number",
        edit: (p) => (p.Governance.proposalThreshold = 1e24),
        message: /Governance\.proposalThreshold: wei amounts are strings with the n suffix/,
      },
      {
        name: "whole tokens written as wei",
        edit: (p) => (p.Farm.unverifiedCap = "10n"),
        message: /Farm\.unverifiedCap: 10 wei is 0\.00000000000000001 tokens: amounts are in wei/,
      },
      {
        name: "a bad address",
        edit: (p) => (p.Identity.eas = "0xC2679fBD37d54388Ce493F1DB75320D236e1815"),
        message: /Identity\.eas: expected an address or "LocalEAS#EAS" \(local chain only\)/,
      },
      {
        name: "a bad checksum",
        edit: (p) => (p.Farm.weth = "0xfFf9976782d46CC05630D1f6eBAb18b2324d6b14"),
        message: /Farm\.weth: expected an address .*\(bad EIP-55 checksum\)/,
      },
      {
        name: "a missing key",
        edit: (p) => delete p.Governance.votingPeriod,
        message: /Governance\.votingPeriod: missing \(every key is required\)/,
      },
      {
        name: "a slope above 1",
        edit: (p) => (p.Farm.slope = "2000000000000000000n"),
        message: /Farm\.slope: 2000000000000000000 is above 1e18/,
      },
      {
        name: "a supply that is not the sum of its split",
        edit: (p) => (p.Token.treasury = "400000000000000000000000001n"),
        message: /Token\.supply: supply 1000000000000000000000000000 ≠ treasury \+ farmRewards \+ vesting \+ liquidity/,
      },
      {
        name: "a timelock born with a delay",
        edit: (p) => (p.Token.timelockMinDelay = 60),
        message: /Token\.timelockMinDelay: must be 0: the timelock is born without delay for the genesis batch/,
      },
      {
        name: "a late-quorum extension longer than the voting period",
        edit: (p) => (p.Governance.lateQuorumExtension = 7200),
        message: /Governance\.lateQuorumExtension: 7200 s \(2 h\) is above Governance\.votingPeriod/,
      },
      {
        name: "a schema that LocalEAS does not register",
        edit: (p) => (p.Identity.schema = `0x${"11".repeat(32)}`),
        message: /Identity\.schema: LocalEAS registers "bytes32 humanId", whose UID is 0xab7e/,
      },
    ];

    for (const c of cases) {
      it(`should refuse ${c.name}, naming file, line, module and key, and send nothing`, async function () {
        const p = localhost();
        c.edit(p);
        const file = write(`bad-${c.name.replace(/\W+/g, "-")}.json`, p);
        const id = nextId();
        const block = await hre.ethers.provider.getBlockNumber();
        const err = await cwDeploy(file, id).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(HardhatPluginError);
        const message = (err as Error).message;
        expect(message).to.match(c.message);
        expect(message).to.match(new RegExp(`in ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, nothing was sent`));
        expect(message).to.match(new RegExp(`${path.basename(file).replace(/\./g, "\\.")}:\\d+ `), "names the line");
        expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
        expect(fs.existsSync(dirOf(id))).to.equal(false);
      });
    }

    it("should say file not found for a missing file", async function () {
      const err = await cwDeploy(path.join(tmp, "nope.json"), nextId()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(HardhatPluginError);
      expect((err as Error).message).to.equal(`file not found: ${path.join(tmp, "nope.json")}`);
    });

    it("should refuse an address with no contract on this chain before sending anything", async function () {
      const p = localhost();
      p.Farm.uniswapV2Factory = "0x000000000000000000000000000000000000dEaD";
      p.Farm.weth = "0x000000000000000000000000000000000000bEEF";
      const file = write("no-code.json", p);
      const block = await hre.ethers.provider.getBlockNumber();
      const err = await cwDeploy(file, nextId()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(HardhatPluginError);
      expect((err as Error).message).to.match(/Farm\.uniswapV2Factory: no contract at 0x0+dEaD on hardhat/);
      expect((err as Error).message).to.match(/Farm\.weth: no contract at 0x0+bEEF/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });

    it("should refuse an EAS whose registry lacks the identity schema", async function () {
      const p = localhost();
      const eas = await hre.ignition.deploy(LocalEASModule);
      p.Identity.eas = await eas.eas.getAddress();
      p.Identity.schema = `0x${"22".repeat(32)}`;
      const file = write("unregistered-schema.json", p);
      const block = await hre.ethers.provider.getBlockNumber();
      const err = await cwDeploy(file, nextId()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as Error).message).to.match(/Identity\.schema: 0x2222.* is not registered in the SchemaRegistry/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });
});
