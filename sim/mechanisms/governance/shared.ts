import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { CounterweightGovernor__factory, CounterweightToken__factory, type IGovernor } from "../../../typechain-types";
import type { CounterweightToken } from "../../../typechain-types";
import { disperseTokens } from "../../chain/baselineGovernors";
import { sendAll } from "../../chain/batch";
import { txOf } from "../../chain/calldata";
import { eventsOf } from "../../chain/events";
import { ProposalState, advanceTo, asGovernor, propose, type ProposalCall } from "../../chain/governor";
import type { Support } from "../../scenarios/ballots";
import type {
  GovernanceAction,
  GovernanceDeployment,
  GovernanceHoldings,
  GovernanceReading,
  GovernanceWorld,
} from "./types";

/** A proposal on `governor` that changes its voting delay (harmless, valid on every governor). */
export function proposalOn(governor: string, description: string): ProposalCall {
  return {
    targets: [governor],
    values: [0n],
    calldatas: [CounterweightGovernor__factory.createInterface().encodeFunctionData("setVotingDelay", [120n])],
    description,
  };
}

/** The population's token: `cap` minted to the deployer, dispersed to the holders, who delegate. */
export async function deployPopulationToken(
  hre: HardhatRuntimeEnvironment,
  deployer: HardhatEthersSigner,
  cap: bigint,
  holdings: GovernanceHoldings,
): Promise<CounterweightToken> {
  const token = await new CounterweightToken__factory(deployer).deploy("Counterweight", "CWT", cap, [
    { recipient: deployer.address, amount: cap },
  ]);
  await disperseTokens(
    deployer,
    token,
    holdings.signers.map((s) => s.address),
    [...holdings.amounts],
  );
  await sendAll(
    hre.network.provider,
    holdings.signers.flatMap((s, i) => {
      const to = holdings.delegatees[i];
      return to === null ? [] : [{ from: s, tx: txOf(token, "delegate", [to]) }];
    }),
  );
  return token;
}

/** A governor's deployment over the world's own token: no other contracts, votes 1:1 with the holdings. */
export function onWorldToken(governor: string): GovernanceDeployment {
  return { governor, contracts: {}, proposal: null, fromBlock: 0, scale: { num: 1n, den: 1n } };
}

function proposalOf(d: GovernanceDeployment): bigint {
  if (d.proposal === null) throw new Error(`${d.governor}: no proposal yet (act "propose" first)`);
  return d.proposal;
}

/** act and read for a governor with OpenZeppelin's IGovernor ABI (OZ's and Counterweight's). */
export async function actOnGovernor(
  world: GovernanceWorld,
  d: GovernanceDeployment,
  action: GovernanceAction,
  tag: string,
): Promise<void> {
  const { hre } = world;
  const governor: IGovernor = asGovernor(d.governor, world.deployer);
  switch (action.kind) {
    case "propose":
      d.fromBlock = await hre.ethers.provider.getBlockNumber();
      d.proposal = await propose(
        hre,
        governor,
        action.proposer,
        proposalOn(d.governor, world.describe(action.tag || tag)),
      );
      return;
    case "open":
      return advanceTo(hre, (await governor.proposalSnapshot(proposalOf(d))) + 1n);
    case "close":
      return advanceTo(hre, (await governor.proposalDeadline(proposalOf(d))) + 1n);
    case "votes": {
      const id = proposalOf(d);
      await sendAll(
        hre.network.provider,
        action.ballots.map((b) => ({ from: b.from, tx: txOf(governor, "castVote", [id, b.support]) })),
      );
      return;
    }
    case "vote": {
      const id = proposalOf(d);
      if ("split" in action) {
        const params = hre.ethers.solidityPacked(
          ["uint128", "uint128", "uint128"],
          [action.split.against, action.split.for, action.split.abstain],
        );
        await (
          await governor.connect(action.from).castVoteWithReasonAndParams(id, 255, "custodian split", params)
        ).wait();
      } else await (await governor.connect(action.from).castVote(id, action.support)).wait();
      return;
    }
  }
}

export async function readGovernor(
  world: GovernanceWorld,
  d: GovernanceDeployment,
  unit: bigint,
): Promise<GovernanceReading> {
  const governor = asGovernor(d.governor, world.deployer);
  const id = proposalOf(d);
  const state = await governor.state(id);
  const [against, forVotes, abstain] = await CounterweightGovernor__factory.connect(
    d.governor,
    world.deployer,
  ).proposalVotes(id);
  const events = await eventsOf(governor, "VoteCast", d.fromBlock);
  return {
    passed: state === ProposalState.Succeeded,
    state,
    tally: { against, for: forVotes, abstain },
    unit,
    votes: events
      .filter((e) => e.proposalId === id)
      .map((e) => ({ voter: e.voter, support: Number(e.support) as Support, weight: e.weight })),
    snapshot: await governor.proposalSnapshot(id),
    deadline: await governor.proposalDeadline(id),
  };
}
