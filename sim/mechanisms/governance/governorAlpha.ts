import { deployAlphaStack, disperseTokens } from "../../chain/baselineGovernors";
import { sendAll } from "../../chain/batch";
import { txOf } from "../../chain/calldata";
import { eventsOf } from "../../chain/events";
import { ProposalState } from "../../chain/governor";
import { GovernorAlpha__factory, Timelock__factory, Uni__factory } from "../../../typechain-types/baselines";
import type { GovernanceDeployment, GovernanceMechanism, GovernanceWorld } from "./types";

const E18n = 10n ** 18n;
const DAY = 86_400n;
/** Fraction of UNI's fixed 1B supply handed to the population (the rest stays with the deployer). */
export const UNI_SHARE_PPM = 600_000n;

function proposalOf(d: GovernanceDeployment): bigint {
  if (d.proposal === null) throw new Error(`${d.governor}: no proposal yet (act "propose" first)`);
  return d.proposal;
}

const alphaOf = (world: GovernanceWorld, d: GovernanceDeployment) =>
  GovernorAlpha__factory.connect(d.governor, world.deployer);

/**
 * Uniswap's GovernorAlpha + Timelock + UNI from the npm build artifacts (@uniswap/governance):
 * the population's holdings scaled onto UNI's fixed supply. It has no Abstain (an abstaining agent
 * stays home) and counts in blocks.
 */
export const UNISWAP_GOVERNOR_ALPHA: GovernanceMechanism = {
  id: "uniswap-governor-alpha",
  label: "Uniswap GovernorAlpha + UNI",
  baseline: true,
  async deploy(world) {
    const alpha = await deployAlphaStack(world.hre, world.deployer);
    return {
      governor: await alpha.governor.getAddress(),
      contracts: { uni: await alpha.uni.getAddress(), timelock: await alpha.timelock.getAddress() },
      proposal: null,
      fromBlock: 0,
      scale: { num: 1n, den: 1n },
    };
  },
  async distribute(world, d, holdings) {
    const uni = Uni__factory.connect(d.contracts.uni, world.deployer);
    const forPopulation = ((await uni.totalSupply()) * UNI_SHARE_PPM) / 1_000_000n;
    d.scale = { num: forPopulation, den: world.population.total };
    await disperseTokens(
      world.deployer,
      uni,
      holdings.signers.map((s) => s.address),
      holdings.amounts.map((a) => (a * forPopulation) / world.population.total),
    );
    await sendAll(
      world.hre.network.provider,
      holdings.signers.flatMap((s, i) => {
        const to = holdings.delegatees[i];
        return to === null ? [] : [{ from: s, tx: txOf(uni, "delegate", [to]) }];
      }),
    );
  },
  async act(world, d, action) {
    const governor = alphaOf(world, d);
    const { hre } = world;
    const mineTo = async (block: bigint) => {
      const now = BigInt(await hre.ethers.provider.getBlockNumber());
      if (block >= now)
        await hre.network.provider.request({
          method: "hardhat_mine",
          params: ["0x" + (block - now + 1n).toString(16)],
        });
    };
    switch (action.kind) {
      case "propose": {
        d.fromBlock = await hre.ethers.provider.getBlockNumber();
        const timelock = Timelock__factory.connect(d.contracts.timelock, world.deployer);
        await (
          await governor
            .connect(action.proposer)
            .propose(
              [d.contracts.timelock],
              [0n],
              [""],
              [timelock.interface.encodeFunctionData("setDelay", [3n * DAY])],
              world.describe(action.tag || "alpha"),
            )
        ).wait();
        d.proposal = await governor.latestProposalIds(action.proposer.address);
        return;
      }
      case "open":
        return mineTo((await governor.proposals(proposalOf(d))).startBlock);
      case "close":
        return mineTo((await governor.proposals(proposalOf(d))).endBlock);
      case "votes": {
        const id = proposalOf(d);
        await sendAll(
          hre.network.provider,
          action.ballots.flatMap((b) =>
            b.support === 2 ? [] : [{ from: b.from, tx: txOf(governor, "castVote", [id, b.support === 1]) }],
          ),
        );
        return;
      }
      case "vote":
        if ("split" in action) throw new Error("GovernorAlpha cannot split a vote");
        if (action.support !== 2)
          await (await governor.connect(action.from).castVote(proposalOf(d), action.support === 1)).wait();
        return;
    }
  },
  async read(world, d) {
    const governor = alphaOf(world, d);
    const id = proposalOf(d);
    const state = await governor.state(id);
    const p = await governor.proposals(id);
    const events = await eventsOf(governor, "VoteCast", d.fromBlock);
    return {
      // GovernorAlpha's ProposalState puts Succeeded at 4, as OpenZeppelin's does.
      passed: state === ProposalState.Succeeded,
      state,
      tally: { against: p.againstVotes, for: p.forVotes, abstain: 0n },
      unit: E18n,
      votes: events
        .filter((e) => e.proposalId === id)
        .map((e) => ({ voter: e.voter, support: e.support ? 1 : 0, weight: e.votes })),
      snapshot: p.startBlock,
      deadline: p.endBlock,
    };
  },
};
