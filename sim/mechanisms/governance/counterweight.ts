import { CounterweightGovernor__factory } from "../../../typechain-types";
import { actOnGovernor, onWorldToken, readGovernor } from "./shared";
import type { GovernanceMechanism } from "./types";

const E9n = 10n ** 9n;

/**
 * Counterweight's quadratic governor (contracts/governance/CounterweightGovernor.sol): √(tokens)
 * per verified identity, read from the world's token and registry; quorum in identities.
 */
export const COUNTERWEIGHT_GOVERNOR: GovernanceMechanism = {
  id: "counterweight",
  label: "Counterweight quadratic governor",
  baseline: false,
  async deploy(world) {
    const p = world.params;
    const governor = await new CounterweightGovernor__factory(world.deployer).deploy(
      await world.token.getAddress(),
      world.registry,
      world.timelock,
      {
        votingDelay: p.votingDelay,
        votingPeriod: p.votingPeriod,
        proposalThreshold: p.proposalThreshold,
        quorumIdentities: p.quorumIdentities,
        lateQuorumExtension: p.lateQuorumExtension,
      },
    );
    return onWorldToken(await governor.getAddress());
  },
  // Its votes come from the world's token (each verified holder synced by the world's keeper).
  async distribute() {},
  act: (world, d, action) => actOnGovernor(world, d, action, "counterweight"),
  read: (world, d) => readGovernor(world, d, E9n),
};
