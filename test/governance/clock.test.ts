import { expect } from "chai";
import { BlockClockRegistry__factory } from "../../typechain-types";
import { governorOverUni } from "./clockMismatch";

describe("CounterweightGovernor clock", function () {
  it("should refuse a registry on the block-number clock even beside a token on the same clock (its clock is the timestamp)", async function () {
    // UNI votes on block numbers, and so does this registry stand-in; the governor's clock is the
    // timestamp whatever the token says.
    const { factory, deploy } = await governorOverUni((deployer) => new BlockClockRegistry__factory(deployer).deploy());
    await expect(deploy())
      .to.be.revertedWithCustomError(factory, "GovernanceClockMismatch")
      .withArgs("mode=timestamp", "mode=blocknumber&from=default");
  });
});
