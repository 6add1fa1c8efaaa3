import { deployOzBaseline } from "../../chain/baselineGovernors";
import { actOnGovernor, onWorldToken, readGovernor } from "./shared";
import type { GovernanceMechanism } from "./types";

const E18n = 10n ** 18n;

/**
 * OpenZeppelin Governor + GovernorCountingSimple + GovernorVotes + GovernorVotesQuorumFraction +
 * GovernorTimelockControl (contracts/baselines/OZBaselineGovernor.sol, composed from
 * @openzeppelin/contracts only) over the world's token: one token, one vote.
 */
export function ozGovernor(opts: { id: string; label: string; quorumPercent?: bigint }): GovernanceMechanism {
  return {
    id: opts.id,
    label: opts.label,
    baseline: true,
    async deploy(world) {
      const { governor } = await deployOzBaseline(world.deployer, world.token, {
        votingDelay: world.params.votingDelay,
        votingPeriod: world.params.votingPeriod,
        proposalThreshold: world.params.proposalThreshold,
        quorumPercent: opts.quorumPercent ?? world.params.ozQuorumPercent,
        timelockDelay: world.params.timelockDelay,
      });
      return onWorldToken(await governor.getAddress());
    },
    // It reads the world's token, whose holdings the world already gave.
    async distribute() {},
    act: (world, d, action) => actOnGovernor(world, d, action, "oz"),
    read: (world, d) => readGovernor(world, d, E18n),
  };
}

export const OZ_GOVERNOR_SIMPLE = ozGovernor({
  id: "oz-governor-simple",
  label: "OpenZeppelin Governor + GovernorCountingSimple",
});
