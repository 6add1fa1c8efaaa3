import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import TokenModule from "../../deploy/modules/Token";

describe("Token module", function () {
  async function deployFixture() {
    const [deployer] = await hre.ethers.getSigners();
    const { token, timelock } = await hre.ignition.deploy(TokenModule);
    return { deployer, token, timelock };
  }

  it("mints the treasury share to the timelock and the rest to the deployer", async function () {
    const { deployer, token, timelock } = await loadFixture(deployFixture);
    expect(await token.balanceOf(await timelock.getAddress())).to.equal(400_000_000n * 10n ** 18n);
    expect(await token.balanceOf(deployer.address)).to.equal(600_000_000n * 10n ** 18n);
    expect(await token.totalSupply()).to.equal(await token.cap());
  });
});
