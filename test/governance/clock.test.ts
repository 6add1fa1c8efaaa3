import { expect } from "chai";
import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import {
  BlockClockRegistry__factory,
  CounterweightGovernor__factory,
  TimelockController__factory,
} from "../../typechain-types";
import { Uni__factory } from "../../typechain-types/baselines";

describe("CounterweightGovernor clock", function () {
  it("should refuse a registry on the block-number clock even beside a token on the same clock (its clock is the timestamp)", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const now = BigInt(await time.latest());
    // UNI votes on block numbers (no ERC-6372: OZ reads it as mode=blocknumber&from=default), and so
    // does this registry stand-in; the governor's clock is the timestamp whatever the token says.
    const uni = await new Uni__factory(deployer).deploy(deployer.address, deployer.address, now + 86_400n);
    const registry = await new BlockClockRegistry__factory(deployer).deploy();
    const timelock = await new TimelockController__factory(deployer).deploy(60n, [], [], deployer.address);
    const factory = new CounterweightGovernor__factory(deployer);
    await expect(
      factory.deploy(await uni.getAddress(), await registry.getAddress(), await timelock.getAddress(), {
        votingDelay: 60n,
        votingPeriod: 3600,
        proposalThreshold: 0n,
        quorumIdentities: 1n,
        lateQuorumExtension: 0n,
      }),
    )
      .to.be.revertedWithCustomError(factory, "GovernanceClockMismatch")
      .withArgs("mode=timestamp", "mode=blocknumber&from=default");
  });
});
