import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroHash, id } from "ethers";
import IdentityModule from "./Identity";

/**
 * Counterweight's governor over the token, identity registry and timelock of the Identity module.
 *
 * Wiring: the governor becomes the timelock's only proposer and canceller (executors: anyone, set
 * by the Token module); then, as the very last step, the deployer renounces the timelock's
 * DEFAULT_ADMIN_ROLE, so the timelock administers itself and every contract it owns (the registry
 * roles, the treasury, the governor's settings). Nothing is left to the deployer.
 *
 * Parameters (seconds on the timestamp clock; threshold in token wei; quorum in identities):
 * votingDelay, votingPeriod, proposalThreshold, quorumIdentities, lateQuorumExtension.
 */
export default buildModule("Governance", (m) => {
  const { registry, timelock, token } = m.useModule(IdentityModule);
  const deployer = m.getAccount(0);

  const governor = m.contract("CounterweightGovernor", [
    token,
    registry,
    timelock,
    {
      votingDelay: m.getParameter("votingDelay", 24 * 60 * 60),
      votingPeriod: m.getParameter("votingPeriod", 7 * 24 * 60 * 60),
      proposalThreshold: m.getParameter("proposalThreshold", 1_000_000n * 10n ** 18n),
      quorumIdentities: m.getParameter("quorumIdentities", 100),
      lateQuorumExtension: m.getParameter("lateQuorumExtension", 2 * 24 * 60 * 60),
    },
  ]);

  const proposer = m.call(timelock, "grantRole", [id("PROPOSER_ROLE"), governor], { id: "grantProposerToGovernor" });
  const canceller = m.call(timelock, "grantRole", [id("CANCELLER_ROLE"), governor], {
    id: "grantCancellerToGovernor",
  });
  m.call(timelock, "renounceRole", [ZeroHash, deployer], {
    id: "deployerRenouncesTimelockAdmin",
    after: [proposer, canceller],
  });

  return { governor, registry, timelock, token };
});
