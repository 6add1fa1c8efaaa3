import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { getAddress, parseUnits, type JsonRpcProvider } from "ethers";
import { AddressBook, deploymentDir } from "../scripts/lib/addressBook";
import type { ProofsFile } from "../scripts/lib/identityTree";
import { IDS } from "../scripts/lib/ids";
import {
  CappedStakingRewards__factory,
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  TimelockController__factory,
} from "../typechain-types";
import { UniswapV2Pair__factory } from "../typechain-types/baselines";
import { vestingSteps } from "./vestingSteps";
import { auditStep } from "./auditStep";

export interface ScenarioEnv {
  root: string;
  /** Ignition deployment id of this run (also passed to every task). */
  deploymentId: string;
  runDir: string;
  provider: JsonRpcProvider;
  log: (s: string) => void;
  /** Re-run the deployment and every idempotent task at the end and check nothing is sent. */
  reruns: boolean;
  cli: (args: string[]) => Promise<string>;
}

const E18 = 10n ** 18n;
/** How many read-only CLI runs go at once (two cores is the CI machine's and a laptop's floor). */
const RERUN_CONCURRENCY = 2;

/** Runs the thunks, at most `limit` at a time; rejects with the first failure once all settled. */
async function inParallel(limit: number, jobs: readonly (() => Promise<unknown>)[]): Promise<void> {
  const queue = [...jobs];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      try {
        await job();
      } catch (e) {
        failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

/**
 * The localhost walkthrough of docs/deploying.md, command by command, through the project's tasks
 * only (ethers reads state to check each effect; the one RPC call that acts is hardhat_setBalance,
 * which empties a holder's ETH to show it can still delegate and vote through a relayer).
 */
export async function scenario(env: ScenarioEnv): Promise<void> {
  const { root, runDir, provider, log, deploymentId } = env;
  const cli = (args: string[]) => env.cli(args);
  const task = (args: string[]) => env.cli([...args, "--deployment-id", deploymentId]);
  const file = (name: string) => path.join(runDir, name);
  const accounts = ((await provider.send("eth_accounts", [])) as string[]).map((a) => getAddress(a));
  const members = accounts.slice(1, 6);
  const gasless = members[4]; // account 5: registers once, then never holds ETH again
  const block = () => provider.getBlockNumber();
  let b = await block();

  log("\n== help and input validation");
  fs.writeFileSync(file("bad.csv"), "humanId,account\n1,0xnope\nx,0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n");
  await inParallel(RERUN_CONCURRENCY, [
    async () => assert.match(await cli(["identity:merkle", "--help"]), /--via-proposal/),
    async () => assert.match(await cli(["gov:vote", "--help"]), /--sign-only/),
    () => assert.rejects(cli(["identity:merkle", "--csv", file("bad.csv")])),
  ]);

  log("\n== deployment (cw:deploy with the shipped localhost parameters)");
  // docs/deploying.md's walkthrough: the parameters name the local Uniswap and EAS stand-ins by
  // Ignition id, and identityRoot is the root of the shipped identities list (dev accounts #1..#10).
  const parametersFile = path.join("deploy", "parameters", "localhost.json");
  const identitiesCsv = path.join("deploy", "parameters", "localhost.identities.csv");
  const proofsFile = path.join("deploy", "parameters", "localhost.identities.proofs.json");
  const params = JSON.parse(fs.readFileSync(path.join(root, parametersFile), "utf8")) as Record<
    string,
    Record<string, unknown>
  >;
  const proofs = JSON.parse(fs.readFileSync(path.join(root, proofsFile), "utf8")) as ProofsFile;
  for (const m of members) assert.ok(proofs.entries[m] !== undefined, `${m} is in ${proofsFile}`);
  const deployArgs = ["cw:deploy", "--parameters", parametersFile];
  const deployed = await task(deployArgs);
  assert.match(deployed, /LocalUniswap#UniswapV2Factory/);
  const dir = deploymentDir(path.join(root, "deploy"), deploymentId);
  const book = AddressBook.load(dir);
  const token = CounterweightToken__factory.connect(book.get(IDS.token), provider);
  const timelock = TimelockController__factory.connect(book.get(IDS.timelock), provider);
  const registry = IdentityRegistry__factory.connect(book.get(IDS.registry), provider);
  const governor = CounterweightGovernor__factory.connect(book.get(IDS.governor), provider);
  const farm = CappedStakingRewards__factory.connect(book.get(IDS.farm), provider);
  const pair = UniswapV2Pair__factory.connect(book.get(IDS.pair), provider);
  assert.equal(await registry.merkleRoot(), proofs.root, "genesis batch set the identity root");
  assert.equal(params.Counterweight.identityRoot, proofs.root, "localhost.json names the shipped list's root");
  assert.equal(await timelock.getMinDelay(), BigInt(String(params.Counterweight.timelockMinDelay)));
  assert.equal(await pair.factory(), book.get("LocalUniswap#UniswapV2Factory"), "the pair is the local factory's");
  assert.equal(await registry.eas(), book.get("LocalEAS#EAS"), "the registry reads the local EAS");
  assert.equal(await registry.rotationCooldown(), BigInt(String(params.Identity.rotationCooldown)));
  assert.equal(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), accounts[0]), false);
  assert.equal(await timelock.hasRole(await timelock.PROPOSER_ROLE(), accounts[0]), false);

  log("\n== fund the members (dev:fund)");
  const from = members.map((_, i) => String(i + 1)).join(","); // "1,2,3,4,5"
  await task(["dev:fund", "--to", from, "--cwt", "1000000", "--eth", "100"]);
  for (const m of members) assert.equal(await token.balanceOf(m), 1_000_000n * E18);

  log("\n== register identities (identity:register), delegate (token:delegate)");
  b = await block();
  await task(["identity:register", "--proofs", proofsFile, "--from", from, "--dry-run"]);
  assert.equal(await block(), b, "dry run sent nothing");
  await task(["identity:register", "--proofs", proofsFile, "--from", from]);
  for (const m of members) assert.notEqual(await registry.identityOf(m), 0n, `${m} registered`);
  await task(["token:delegate", "--from", "0,1,2,3,4"]);
  for (const a of accounts.slice(0, 5)) assert.equal(await token.delegates(a), a, `${a} self-delegated`);

  log("\n== gasless delegation: account 5 holds no ETH, signs; account 0 relays");
  await provider.send("hardhat_setBalance", [gasless, "0x0"]);
  await task(["token:delegate", "--from", "5", "--sign-only", "--out", file("sigs.json")]);
  await task(["gov:relay", "--file", file("sigs.json")]);
  assert.equal(await token.delegates(gasless), gasless, "the relayed delegation counts");
  assert.equal(await token.getVotes(gasless), 1_000_000n * E18);
  assert.equal(await provider.getBalance(gasless), 0n, "account 5 paid nothing");

  log("\n== quadratic delegation: account 4 delegates to account 3 (token:delegate --to)");
  await task(["token:delegate", "--from", "4", "--to", "3"]);
  assert.equal(await token.delegates(members[3]), members[2], "account 4 delegates to account 3");
  const rootW = 1_000_000_000_000n; // √(1,000,000 CWT in wei)
  assert.equal(await token.getVotes(members[2]), 2_000_000n * E18, "linear votes add up");
  assert.equal(await token.getQuadraticVotes(members[2]), 2n * rootW, "Σ√ of the two delegators, not √ of the sum");
  assert.equal(await token.getDelegatedIdentities(members[2]), 2n);

  log("\n== propose a farm reward period (farm:fund --via-proposal, gov:propose)");
  const farmAmount = "1000000";
  const proposal = file("farm-proposal.json");
  await task(["farm:fund", "--amount", farmAmount, "--via-proposal", proposal]);
  b = await block();
  await task(["gov:propose", "--file", proposal, "--dry-run"]);
  assert.equal(await block(), b);
  await task(["gov:propose", "--file", proposal]);
  const created = await governor.queryFilter(governor.filters.ProposalCreated());
  assert.equal(created.length, 1);
  const proposalId = created[0].args.proposalId;

  log("\n== vote (dev:advance, gov:vote; a signed ballot relayed for the account without ETH)");
  await task(["dev:advance", "--past", "voting-delay", "--proposal-file", proposal]);
  assert.equal(await governor.state(proposalId), 1n, "Active");
  await task(["gov:vote", "--file", proposal, "--support", "For", "--from", "1,2"]);
  // account 3 votes with its own √ and account 4's (a delegated vote: 2 identities for quorum)
  await task(["gov:vote", "--file", proposal, "--support", "Against", "--reason", "too early", "--from", "3"]);
  await task([
    "gov:vote",
    "--file",
    proposal,
    "--support",
    "For",
    "--from",
    "5",
    "--sign-only",
    "--out",
    file("sigs.json"),
  ]);
  await task(["gov:relay", "--file", file("sigs.json")]);
  for (const m of members.filter((_, i) => i !== 3)) {
    assert.equal(await governor.hasVoted(proposalId, m), true, `${m} voted`);
  }
  assert.equal(await governor.proposalQuorumIdentities(proposalId), 3n, "For: accounts 1, 2 and 5");
  const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
  const w = 1_000_000n * E18;
  const sqrtW = 1_000_000_000_000n; // √(1,000,000 CWT in wei)
  assert.equal(w, sqrtW * sqrtW);
  assert.deepEqual(
    [against, forVotes, abstain],
    [2n * sqrtW, 3n * sqrtW, 0n],
    "√ tallies: 3 For, 1 Against carrying 2 identities' roots",
  );
  const reasons = await governor.queryFilter(governor.filters.VoteCast(members[2]));
  assert.equal(reasons[0].args.reason, "too early");
  assert.equal(await provider.getBalance(gasless), 0n, "account 5 voted without ETH");

  log("\n== queue and execute (dev:advance, gov:queue, gov:execute)");
  await task(["dev:advance", "--past", "voting-period", "--proposal-file", proposal]);
  assert.equal(await governor.state(proposalId), 4n, "Succeeded");
  await task(["gov:queue", "--file", proposal]);
  await task(["dev:advance", "--past", "timelock", "--proposal-file", proposal]);
  await task(["gov:execute", "--file", proposal]);
  assert.equal(await governor.state(proposalId), 7n, "Executed");
  const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
  assert.ok((await farm.periodFinish()) > now, "the farm period runs");
  const forDuration = await farm.getRewardForDuration();
  const funded = parseUnits(farmAmount, 18);
  assert.ok(forDuration <= funded && forDuration > funded - (await farm.rewardsDuration()), "period pays the amount");

  log("\n== provide liquidity (dev:lp), stake (farm:stake), claim (farm:claim)");
  await task(["dev:lp", "--cwt", "10000000", "--weth", "1000", "--to", "1"]);
  const lp1 = await pair.balanceOf(members[0]);
  assert.ok(lp1 > 0n, "LP minted to account 1");
  await task(["dev:lp", "--cwt", "5000000", "--to", "2"]);
  const lp2 = await pair.balanceOf(members[1]);
  assert.ok(lp2 > 0n && lp2 < lp1, "half the deposit, at the pool's ratio");
  await task(["farm:stake", "--all", "--from", "1,2"]);
  assert.equal(await farm.balanceOf(members[0]), lp1);
  assert.equal(await farm.balanceOf(members[1]), lp2);
  await task(["dev:advance", "--seconds", "3600"]);
  const before = await token.balanceOf(members[0]);
  await task(["farm:claim", "--from", "1"]);
  const farmClaim = (await token.balanceOf(members[0])) - before;
  assert.ok(farmClaim > 0n, "farm rewards claimed");
  log(`farm claim: ${farmClaim} wei`);

  const vesting = await vestingSteps({ provider, log, book, accounts, file, task, cli });
  await auditStep({ provider, log, token: book.get(IDS.token), file, cli });

  log("\n== status");
  const status = await task(["status"]);
  assert.match(status, /Token#CounterweightToken/);
  assert.match(status, /Executed/);

  if (!env.reruns) {
    log("\n== re-runs skipped (--no-reruns)");
    await vesting.release();
    return;
  }
  log("\n== re-running the deployment and every idempotent task sends nothing");
  // Each re-run only reads the chain, so they run RERUN_CONCURRENCY at a time (the CLI's start-up
  // dominates); the block number is compared once all have finished.
  b = await block();
  const nothing = /nothing to (send|do)/;
  const expectNothing = (args: string[]) => async () => assert.match(await task(args), nothing);
  await inParallel(RERUN_CONCURRENCY, [
    async () => assert.match(await task(deployArgs), /Nothing new to deploy/),
    // The shipped proofs file is what identity:merkle writes from the shipped CSV, and the root is set.
    async () => {
      const r = await task([
        "identity:merkle",
        "--csv",
        identitiesCsv,
        "--out",
        proofsFile,
        "--via-proposal",
        file("root.json"),
      ]);
      assert.match(r, /already up to date/);
      assert.match(r, /root is already .*nothing to send/);
      assert.equal(fs.existsSync(file("root.json")), false);
    },
    ...vesting.rerun,
    expectNothing(["dev:fund", "--to", from, "--cwt", "1000000"]),
    expectNothing(["identity:register", "--proofs", proofsFile, "--from", from]),
    expectNothing(["token:delegate", "--from", "0,1,2,3"]),
    expectNothing(["token:delegate", "--from", "4", "--to", "3"]),
    expectNothing(["gov:relay", "--file", file("sigs.json")]),
    expectNothing(["farm:stake", "--all", "--from", "1,2"]),
    expectNothing(["dev:advance", "--past", "timelock", "--proposal-file", proposal]),
    expectNothing(["farm:fund", "--amount", farmAmount]),
    expectNothing(["gov:propose", "--file", proposal]),
    expectNothing(["gov:queue", "--file", proposal]),
    expectNothing(["gov:execute", "--file", proposal]),
    async () => {
      const again = await task(["farm:fund", "--amount", farmAmount, "--via-proposal", file("farm-proposal-2.json")]);
      assert.match(again, nothing);
      assert.equal(fs.existsSync(file("farm-proposal-2.json")), false);
    },
  ]);
  assert.equal(await block(), b, "no transaction was sent by any re-run");

  await vesting.release();
}
