import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parseUnits, type JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { AddressBook, deploymentDir } from "../scripts/lib/addressBook";
import type { ProofsFile } from "../scripts/lib/identityTree";
import { IDS } from "../scripts/lib/ids";
import {
  CappedStakingRewards__factory,
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  TestERC20__factory,
  TimelockController__factory,
} from "../typechain-types";
import { UniswapV2Pair__factory } from "../typechain-types/baselines";
import { vestingSteps } from "./vestingSteps";

export interface ScenarioEnv {
  root: string;
  /** Ignition deployment id of this run (also passed to every task). */
  deploymentId: string;
  runDir: string;
  provider: JsonRpcProvider;
  log: (s: string) => void;
  cli: (args: string[]) => Promise<string>;
}

const E18 = 10n ** 18n;

async function increaseTime(provider: JsonRpcProvider, seconds: bigint): Promise<void> {
  await provider.send("evm_increaseTime", [Number(seconds)]);
  await provider.send("evm_mine", []);
}

async function send(p: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await p).wait();
}

export async function scenario(env: ScenarioEnv): Promise<void> {
  const { root, runDir, provider, log, deploymentId } = env;
  const cli = (args: string[]) => env.cli(args);
  const task = (args: string[]) => env.cli([...args, "--deployment-id", deploymentId]);
  const file = (name: string) => path.join(runDir, name);
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const signer = (i: number): Promise<JsonRpcSigner> => provider.getSigner(accounts[i]);
  const deployer = await signer(0);
  const voters = await Promise.all([1, 2, 3, 4, 5].map(signer));

  log("\n== help and input validation");
  const help = await cli(["identity:merkle", "--help"]);
  assert.match(help, /--via-proposal/);
  fs.writeFileSync(file("bad.csv"), "humanId,account\n1,0xnope\nx,0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n");
  await assert.rejects(cli(["identity:merkle", "--csv", file("bad.csv")]));

  log("\n== identities: the localhost list (dev accounts #1–#10) and its proofs");
  const identitiesCsv = path.join("deploy", "parameters", "localhost.identities.csv");
  await cli(["identity:merkle", "--csv", identitiesCsv, "--out", file("proofs.json")]);
  const proofs = JSON.parse(fs.readFileSync(file("proofs.json"), "utf8")) as ProofsFile;
  const params = JSON.parse(
    fs.readFileSync(path.join(root, "deploy", "parameters", "localhost.json"), "utf8"),
  ) as Record<string, Record<string, unknown>>;
  assert.equal(params.Counterweight.identityRoot, proofs.root, "localhost.json deploys the shipped list's root");

  log("\n== deployment (cw:deploy: LocalUniswap, LocalEAS, then the suite)");
  const deployArgs = ["cw:deploy", "--parameters", "deploy/parameters/localhost.json", "--deployment-id", deploymentId];
  await cli(["cw:deploy", "--parameters", "deploy/parameters/localhost.json", "--dry-run"]);
  await cli(deployArgs);
  const dir = deploymentDir(path.join(root, "deploy"), deploymentId);
  const book = AddressBook.load(dir);
  const token = CounterweightToken__factory.connect(book.get(IDS.token), deployer);
  const timelock = TimelockController__factory.connect(book.get(IDS.timelock), deployer);
  const registry = IdentityRegistry__factory.connect(book.get(IDS.registry), deployer);
  const governor = CounterweightGovernor__factory.connect(book.get(IDS.governor), deployer);
  const farm = CappedStakingRewards__factory.connect(book.get(IDS.farm), deployer);
  const pair = UniswapV2Pair__factory.connect(book.get(IDS.pair), deployer);
  const weth = TestERC20__factory.connect(book.get("LocalUniswap#TestERC20"), deployer);
  assert.equal(await registry.merkleRoot(), proofs.root, "genesis batch set the identity root");
  assert.equal(await timelock.getMinDelay(), BigInt(String(params.Counterweight.timelockMinDelay)));
  assert.equal(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address), false);
  assert.equal(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer.address), false);

  log("\n== holders register their identities and delegate");
  for (const [i, v] of voters.entries()) {
    const entry = proofs.entries[v.address];
    await send(registry.connect(v).registerWithMerkleProof(entry.humanId, entry.proof));
    await send(token.transfer(v.address, BigInt(i + 1) * 1_000_000n * E18));
    await send(token.connect(v).delegate(v.address));
    assert.notEqual(await registry.identityOf(v.address), 0n);
  }
  await send(token.delegate(deployer.address));

  log("\n== public liquidity: the deployer seeds the real Uniswap V2 pair");
  const pairAddress = await pair.getAddress();
  await send(weth.mint(deployer.address, 1_000n * E18));
  await send(token.transfer(pairAddress, 10_000_000n * E18));
  await send(weth.transfer(pairAddress, 1_000n * E18));
  await send(pair.mint(deployer.address));
  const lp = await pair.balanceOf(deployer.address);
  assert.ok(lp > 0n);
  await send(pair.transfer(voters[0].address, lp / 4n));
  await send(pair.transfer(voters[1].address, lp / 4n));

  const vesting = await vestingSteps({ provider, log, book, deployer, voters, file, task: cli });

  log("\n== farm period funded by a proposal: propose → vote → queue → execute");
  const farmAmount = "1000000";
  await task(["farm:fund", "--amount", farmAmount, "--via-proposal", file("farm-proposal.json")]);
  await task(["gov:propose", "--file", file("farm-proposal.json"), "--dry-run"]);
  await task(["gov:propose", "--file", file("farm-proposal.json")]);
  const created = await governor.queryFilter(governor.filters.ProposalCreated());
  assert.equal(created.length, 1);
  const proposalId = created[0].args.proposalId;
  await increaseTime(provider, (await governor.votingDelay()) + 1n);
  for (const v of voters) {
    await send(governor.connect(v).castVote(proposalId, 1));
  }
  await increaseTime(provider, (await governor.votingPeriod()) + 1n);
  assert.equal(await governor.state(proposalId), 4n, "Succeeded");
  await task(["gov:queue", "--file", file("farm-proposal.json")]);
  await increaseTime(provider, (await timelock.getMinDelay()) + 1n);
  await task(["gov:execute", "--file", file("farm-proposal.json")]);
  assert.equal(await governor.state(proposalId), 7n, "Executed");
  const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
  assert.ok((await farm.periodFinish()) > now, "the farm period runs");
  const forDuration = await farm.getRewardForDuration();
  const funded = parseUnits(farmAmount, 18);
  assert.ok(forDuration <= funded && forDuration > funded - (await farm.rewardsDuration()), "period pays the amount");

  log("\n== farm: stake LP, earn, claim");
  for (const v of voters.slice(0, 2)) {
    const amount = await pair.balanceOf(v.address);
    await send(pair.connect(v).approve(await farm.getAddress(), amount));
    await send(farm.connect(v).stake(amount));
  }
  await increaseTime(provider, 3600n);
  const before = await token.balanceOf(voters[0].address);
  await send(farm.connect(voters[0]).getReward());
  const farmClaim = (await token.balanceOf(voters[0].address)) - before;
  assert.ok(farmClaim > 0n, "farm rewards claimed");
  log(`farm claim: ${farmClaim} wei`);

  log("\n== status");
  const status = await task(["status"]);
  assert.match(status, /Token#CounterweightToken/);
  assert.match(status, /Executed/);

  log("\n== re-running the deployment and every task changes nothing");
  const block = await provider.getBlockNumber();
  const rerun = await cli(deployArgs);
  assert.match(rerun, /Nothing new to deploy/);
  const r1 = await task([
    "identity:merkle",
    "--csv",
    identitiesCsv,
    "--out",
    file("proofs.json"),
    "--via-proposal",
    file("root.json"),
  ]);
  assert.match(r1, /already/);
  await vesting.rerun();
  assert.match(await task(["farm:fund", "--amount", farmAmount]), /nothing to send/);
  assert.match(await task(["gov:propose", "--file", file("farm-proposal.json")]), /nothing to send/);
  assert.match(await task(["gov:queue", "--file", file("farm-proposal.json")]), /nothing to send/);
  assert.match(await task(["gov:execute", "--file", file("farm-proposal.json")]), /nothing to send/);
  const again = await task(["farm:fund", "--amount", farmAmount, "--via-proposal", file("farm-proposal-2.json")]);
  assert.match(again, /nothing to send/);
  assert.equal(fs.existsSync(file("farm-proposal-2.json")), false);
  assert.equal(await provider.getBlockNumber(), block, "no transaction was sent by any re-run");

  await vesting.claim();
}
