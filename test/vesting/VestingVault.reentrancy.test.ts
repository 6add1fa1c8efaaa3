import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { BubblingReentrantToken__factory, VestingVault__factory } from "../../typechain-types";

describe("VestingVault attack: reentrancy via a hostile token", function () {
  async function fixture() {
    const [deployer, alice] = await hre.ethers.getSigners();
    const token = await new BubblingReentrantToken__factory(deployer).deploy(10n ** 30n);
    const vault = await new VestingVault__factory(deployer).deploy(token, deployer.address, deployer.address, [
      { minCliff: 0, minDuration: 1, revocable: true },
    ]);
    await token.approve(await vault.getAddress(), hre.ethers.MaxUint256);
    return { deployer, alice, token, vault };
  }

  it("should block every token-moving entry point re-entered from a token callback", async function () {
    const { vault, token, alice } = await loadFixture(fixture);
    const iface = vault.interface;
    const start = BigInt(await time.latest()) + 3600n;
    const terms = { beneficiary: alice.address, amount: 10n, category: 0, start, cliff: 0n, duration: 100n };
    const payloads = [
      iface.encodeFunctionData("createSchedule", [{ terms, salt: hre.ethers.id("x") }]),
      iface.encodeFunctionData("createSchedules", [[{ terms, salt: hre.ethers.id("y") }]]),
      iface.encodeFunctionData("createTrancheSchedule", [
        {
          beneficiary: alice.address,
          category: 0,
          start,
          tranches: [{ time: start + 1n, amount: 1n }],
          salt: hre.ethers.id("z"),
        },
      ]),
      iface.encodeFunctionData("createMerkleAllocation", [hre.ethers.id("r"), 1n, start, start]),
      iface.encodeFunctionData("sweepMerkleAllocation", [0n]),
      iface.encodeFunctionData("release", [1n]),
      iface.encodeFunctionData("releaseMany", [[1n]]),
      iface.encodeFunctionData("revoke", [1n]),
    ];
    for (const [i, payload] of payloads.entries()) {
      await token.arm(await vault.getAddress(), payload);
      await expect(vault.createSchedule({ terms, salt: hre.ethers.id(`outer-${i}`) })).to.be.revertedWithCustomError(
        vault,
        "ReentrancyGuardReentrantCall",
      );
    }
    await token.arm(hre.ethers.ZeroAddress, "0x");
    await expect(vault.createSchedule({ terms, salt: hre.ethers.id("clean") })).to.emit(vault, "ScheduleCreated");
  });
});
