import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeGovernor } from "./Governor.behavior";
import { deployBaselineStack, PARAMS } from "./fixtures";
import { asGovernor } from "../../sim/chain/governor";

describe("OpenZeppelin Governor + GovernorCountingSimple (baseline)", function () {
  async function baseline() {
    const s = await deployBaselineStack();
    return {
      governor: asGovernor(await s.governor.getAddress(), s.deployer),
      voters: s.voters,
      outsider: s.outsider,
      proposalThreshold: PARAMS.proposalThreshold,
    };
  }
  shouldBehaveLikeGovernor(() => loadFixture(baseline));
});
