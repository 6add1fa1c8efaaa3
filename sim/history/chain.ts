import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  TimelockController__factory,
  type CounterweightGovernor,
  type CounterweightToken,
  type IGovernor,
} from "../../typechain-types";
import { sendAll } from "../chain/batch";
import { deployBypassedRegistry, deployRegisteredIdentities } from "../chain/governanceIdentity";
import {
  ProposalState,
  advanceTo,
  asGovernor,
  execute,
  propose,
  queueAndWait,
  type ProposalCall,
} from "../chain/governor";

/** Chain plumbing the history replays share: a token with a fixed distribution, governors, votes. */

export const E18 = 10n ** 18n;
export const DAY = 86_400n;

/** Whole tokens → 18-decimal units. */
export const units = (tokens: number | bigint): bigint => BigInt(tokens) * E18;

export interface Allocation {
  address: string;
  tokens: bigint;
}

/** An ERC20Votes token (CounterweightToken, timestamp clock) minted once to `allocations`. */
export async function deployToken(deployer: Signer, allocations: readonly Allocation[]): Promise<CounterweightToken> {
  const cap = allocations.reduce((a, x) => a + units(x.tokens), 0n);
  const token = await new CounterweightToken__factory(deployer).deploy(
    "Replay",
    "RPL",
    cap,
    allocations.map((a) => ({ recipient: a.address, amount: units(a.tokens) })),
  );
  await token.waitForDeployment();
  return token;
}

/** Every signer delegates its votes to itself. */
export async function selfDelegate(
  hre: HardhatRuntimeEnvironment,
  token: CounterweightToken,
  signers: readonly HardhatEthersSigner[],
): Promise<void> {
  await sendAll(
    hre.network.provider,
    signers.map((s) => ({ from: s, tx: token.delegate.populateTransaction(s.address) })),
  );
}

export interface CounterweightParams {
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  quorumIdentities: bigint;
  lateQuorumExtension: bigint;
  timelockDelay: bigint;
}

/**
 * Counterweight's quadratic governor over `token` with its own TimelockController (governor =
 * proposer and canceller, anyone executes, deployer renounces admin), keyed to an
 * IdentityRegistry where each of `verified` is registered as one identity (or, with `bypassed`,
 * a test registry where every account is its own identity). The token is wired to that registry
 * (a token reads one registry: it must be fresh) and each of `verified` is synced into the
 * token's quadratic votes, as a deployment's members would be.
 */
export async function deployCounterweight(
  hre: HardhatRuntimeEnvironment,
  deployer: HardhatEthersSigner,
  token: CounterweightToken,
  verified: readonly Signer[],
  p: CounterweightParams,
  label: string,
  bypassed = false,
): Promise<{ governor: CounterweightGovernor; timelock: string }> {
  if ((await token.identityRegistry()) !== hre.ethers.ZeroAddress)
    throw new Error(`${label || "replay"}: the token already reads a registry; deploy a fresh token per governor`);
  const registry = bypassed
    ? await deployBypassedRegistry(deployer)
    : (await deployRegisteredIdentities(hre, deployer, verified, label)).registry;
  await (await token.connect(deployer).wireIdentityRegistry(registry)).wait();
  const members = await Promise.all(verified.map((v) => v.getAddress()));
  await sendAll(
    hre.network.provider,
    members.map((a) => ({ from: { address: a }, tx: token.sync.populateTransaction(a) })),
  );
  const timelock = await new TimelockController__factory(deployer).deploy(
    p.timelockDelay,
    [],
    [hre.ethers.ZeroAddress],
    deployer.address,
  );
  const governor = await new CounterweightGovernor__factory(deployer).deploy(
    await token.getAddress(),
    registry,
    await timelock.getAddress(),
    p,
  );
  const g = await governor.getAddress();
  await (await timelock.grantRole(await timelock.PROPOSER_ROLE(), g)).wait();
  await (await timelock.grantRole(await timelock.CANCELLER_ROLE(), g)).wait();
  await (await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).wait();
  return { governor, timelock: await timelock.getAddress() };
}

export type Support = 0 | 1 | 2;

export interface Ballot {
  signer: HardhatEthersSigner;
  support: Support;
}

export interface GovernorRun {
  state: bigint;
  passed: boolean;
  executed: boolean;
  against: bigint;
  for: bigint;
}

/**
 * Proposes `call` from `proposer`, opens the vote, casts `ballots` in order (plus `during`, a hook
 * run while the vote is open, e.g. a flash-loan vote), closes it and, if it succeeded, queues and
 * executes it through the timelock. Returns the final state and tallies (raw units).
 */
export async function runProposal(
  hre: HardhatRuntimeEnvironment,
  governorAddress: string,
  proposer: HardhatEthersSigner,
  call: ProposalCall,
  ballots: readonly Ballot[],
  during?: (g: IGovernor, id: bigint) => Promise<void>,
): Promise<GovernorRun> {
  const g = asGovernor(governorAddress, proposer);
  const id = await propose(hre, g, proposer, call);
  await advanceTo(hre, (await g.proposalSnapshot(id)) + 1n);
  if (during) await during(g, id);
  await sendAll(
    hre.network.provider,
    ballots.map((b) => ({ from: b.signer, tx: g.castVote.populateTransaction(id, b.support) })),
  );
  await advanceTo(hre, (await g.proposalDeadline(id)) + 1n);
  // proposalVotes has GovernorCountingSimple's ABI on both governors (ours and OpenZeppelin's).
  const [against, forVotes] = await CounterweightGovernor__factory.connect(governorAddress, proposer).proposalVotes(id);
  const state = await g.state(id);
  const passed = state === ProposalState.Succeeded;
  if (passed) {
    await queueAndWait(hre, g, proposer, call);
    await execute(hre, g, proposer, call);
  }
  const executed = (await g.state(id)) === ProposalState.Executed;
  return { state, passed, executed, against, for: forVotes };
}
