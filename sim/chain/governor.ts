import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { IGovernor__factory, type IGovernor } from "../../typechain-types";

/** A Governor proposal, as `propose`/`queue`/`execute` take it. */
export interface ProposalCall {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** The IGovernor view of any OpenZeppelin-ABI governor (ours or the baseline). */
export function asGovernor(address: string, signer: Signer): IGovernor {
  return IGovernor__factory.connect(address, signer);
}

function descriptionHash(hre: HardhatRuntimeEnvironment, p: ProposalCall): string {
  return hre.ethers.id(p.description);
}

/** Advances the chain clock to `timestamp` (at least one second) and mines a block. */
export async function advanceTo(hre: HardhatRuntimeEnvironment, timestamp: bigint): Promise<void> {
  const latest = await hre.ethers.provider.getBlock("latest");
  const now = BigInt(latest?.timestamp ?? 0);
  const target = timestamp > now ? timestamp : now + 1n;
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(target)] });
  await hre.network.provider.request({ method: "evm_mine", params: [] });
}

/** Submits a proposal and returns its id. */
export async function propose(
  hre: HardhatRuntimeEnvironment,
  governor: IGovernor,
  proposer: Signer,
  p: ProposalCall,
): Promise<bigint> {
  const g = governor.connect(proposer);
  await (await g.propose(p.targets, p.values, p.calldatas, p.description)).wait();
  return g.getProposalId(p.targets, p.values, p.calldatas, descriptionHash(hre, p));
}

/** Moves time just past the proposal snapshot, so it is Active. */
export async function startVoting(hre: HardhatRuntimeEnvironment, governor: IGovernor, id: bigint): Promise<void> {
  await advanceTo(hre, (await governor.proposalSnapshot(id)) + 1n);
}

/** Moves time just past the proposal deadline, so it is Succeeded or Defeated. */
export async function endVoting(hre: HardhatRuntimeEnvironment, governor: IGovernor, id: bigint): Promise<void> {
  await advanceTo(hre, (await governor.proposalDeadline(id)) + 1n);
}

/** Queues a succeeded proposal in the timelock and waits out its delay. */
export async function queueAndWait(
  hre: HardhatRuntimeEnvironment,
  governor: IGovernor,
  caller: Signer,
  p: ProposalCall,
): Promise<void> {
  const g = governor.connect(caller);
  await (await g.queue(p.targets, p.values, p.calldatas, descriptionHash(hre, p))).wait();
  const id = await g.getProposalId(p.targets, p.values, p.calldatas, descriptionHash(hre, p));
  await advanceTo(hre, await g.proposalEta(id));
}

/** Executes a queued proposal whose delay has passed. */
export async function execute(
  hre: HardhatRuntimeEnvironment,
  governor: IGovernor,
  caller: Signer,
  p: ProposalCall,
): Promise<void> {
  const g = governor.connect(caller);
  await (await g.execute(p.targets, p.values, p.calldatas, descriptionHash(hre, p))).wait();
}

/** IGovernor.ProposalState values. */
export const ProposalState = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;
