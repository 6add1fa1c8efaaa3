import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { impersonateAccount, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import CounterweightModule from "../../deploy/modules/Counterweight";
import { IDS } from "../../scripts/lib/ids";
import { buildIdentityTree } from "../../scripts/lib/identityTree";
import { asIgnition, localhostParameters } from "../deploy/localParameters";
import { CappedStakingRewards__factory } from "../../typechain-types";
import { UniswapV2Pair__factory } from "../../typechain-types/baselines";

/** Contract names of the futures the member tasks read from the address book. */
const NAMES: Record<string, string> = {
  [IDS.token]: "CounterweightToken",
  [IDS.timelock]: "TimelockController",
  [IDS.registry]: "IdentityRegistry",
  [IDS.governor]: "CounterweightGovernor",
  [IDS.vault]: "VestingVault",
  [IDS.farm]: "CappedStakingRewards",
};

/**
 * The suite deployed through its Ignition modules on the in-process chain from the localhost
 * parameters (`withoutEas`: the Merkle list only, Identity.eas and schema zero), with an identity root
 * covering accounts 1..5 (their proofs file written to `dir`), and the address book written where
 * the tasks look for it (deploy/deployments/<deploymentId>).
 */
export async function deploySuite(deploymentId: string, opts: { withoutEas?: boolean } = {}) {
  const signers = await hre.ethers.getSigners();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-member-"));
  const members = signers.slice(1, 6);
  const proofs = buildIdentityTree(
    members.map((s, i) => ({ humanId: hre.ethers.zeroPadValue(hre.ethers.toBeHex(i + 1), 32), account: s.address })),
  );
  const proofsFile = path.join(dir, "proofs.json");
  fs.writeFileSync(proofsFile, JSON.stringify(proofs, null, 2));
  // deploy/parameters/localhost.json as cw:deploy reads it (LocalUniswap/LocalEAS stand-ins
  // deployed first), with the identity root of accounts 1..5.
  const local = await localhostParameters();
  const parameters = asIgnition({
    ...local.parameters,
    Counterweight: { ...local.parameters.Counterweight, identityRoot: proofs.root },
    ...(opts.withoutEas === true
      ? { Identity: { ...local.parameters.Identity, eas: hre.ethers.ZeroAddress, schema: hre.ethers.ZeroHash } }
      : {}),
  });
  const d = await hre.ignition.deploy(CounterweightModule, { parameters });
  const bookDir = path.join(hre.config.paths.ignition, "deployments", deploymentId);
  const entries: Record<string, string> = {
    [IDS.token]: await d.token.getAddress(),
    [IDS.timelock]: await d.timelock.getAddress(),
    [IDS.registry]: await d.registry.getAddress(),
    [IDS.governor]: await d.governor.getAddress(),
    [IDS.vault]: await d.vault.getAddress(),
    [IDS.farm]: await d.farm.getAddress(),
    [IDS.pair]: await d.pair.getAddress(),
  };
  await writeBook(bookDir, entries);
  const pair = UniswapV2Pair__factory.connect(await d.pair.getAddress(), signers[0]);
  return { signers, members, d, pair, weth: local.weth, dir, bookDir, entries, proofs, proofsFile };
}

/**
 * Writes an address book as Ignition would (deployed_addresses.json and the artifacts). A test
 * rewrites it after loadFixture, since reverting to another fixture's snapshot brings back that
 * fixture's contracts while the files on disk hold the last deployment's.
 */
export async function writeBook(bookDir: string, entries: Record<string, string>): Promise<void> {
  fs.rmSync(bookDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(bookDir, "artifacts"), { recursive: true });
  fs.writeFileSync(path.join(bookDir, "deployed_addresses.json"), JSON.stringify(entries));
  for (const [future, name] of Object.entries(NAMES)) {
    const artifact = await hre.artifacts.readArtifact(name);
    fs.writeFileSync(path.join(bookDir, "artifacts", `${future}.json`), JSON.stringify(artifact));
  }
}

/** Starts a farm reward period as the timelock would (the distributor role is the timelock's). */
export async function startFarmPeriod(d: Awaited<ReturnType<typeof deploySuite>>["d"], amount: bigint) {
  const timelock = await d.timelock.getAddress();
  await impersonateAccount(timelock);
  await setBalance(timelock, 10n ** 18n);
  const signer = await hre.ethers.getSigner(timelock);
  await CappedStakingRewards__factory.connect(await d.farm.getAddress(), signer).notifyRewardAmount(amount);
  await time.increase(1);
}

/** Runs a task and returns what it printed (console.log captured). */
export async function runTask(name: string, args: Record<string, unknown>): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...a: unknown[]) => {
    lines.push(a.map(String).join(" "));
  };
  try {
    await hre.run(name, args);
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}
