// A user's test against the deployed building blocks, through this project's compiled sources,
// the package's shipped artifacts and its TypeChain types.
/* global describe, it */
const assert = require("node:assert/strict");
const hre = require("hardhat");
const { deploy } = require("../scripts/deploy");
const { CappedStakingRewards__factory, VestingVault__factory } = require("@counterweight/contracts/types");
const vaultArtifact = require("@counterweight/contracts/artifacts/VestingVault.json");

const E18 = 10n ** 18n;
const leaf = (humanId, account) =>
  hre.ethers.keccak256(
    hre.ethers.keccak256(hre.ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "address"], [humanId, account])),
  );
const increase = async (seconds) => {
  await hre.network.provider.send("evm_increaseTime", [seconds]);
  await hre.network.provider.send("evm_mine");
};

describe("@counterweight/contracts in a user's Hardhat project", function () {
  it("caps a verified staker's yield, vests a schedule and counts a vote as the square root", async function () {
    const { admin, token, lp, registry, farm, vault, governor } = await deploy();
    const humanId = hre.ethers.id("alice");
    await (await registry.setMerkleRoot(leaf(humanId, admin.address))).wait();
    await (await registry.registerWithMerkleProof(humanId, [])).wait();
    assert.equal(await registry.identityOf(admin.address), 1n);
    await (await token.sync(admin.address)).wait(); // the identity now counts in the token's Σ√

    // Farm, through the package's TypeChain types: 5,000 staked, 1,000 effective (the cap).
    const typedFarm = CappedStakingRewards__factory.connect(await farm.getAddress(), admin);
    await (await token.transfer(await farm.getAddress(), 700n * E18)).wait();
    await (await typedFarm.notifyRewardAmount(700n * E18)).wait();
    await (await lp.approve(await farm.getAddress(), 5000n * E18)).wait();
    await (await typedFarm.stake(5000n * E18)).wait();
    assert.equal(await typedFarm.effectiveBalanceOf(admin.address), 1000n * E18);
    await increase(3600);
    assert.ok((await typedFarm.earned(admin.address)) > 0n);

    // Vault: a one-hour linear schedule, released in full after its end.
    const typedVault = VestingVault__factory.connect(await vault.getAddress(), admin);
    const start = (await hre.ethers.provider.getBlock("latest")).timestamp + 10;
    await (await token.approve(await vault.getAddress(), 100n * E18)).wait();
    const terms = { beneficiary: admin.address, amount: 100n * E18, category: 0, start, cliff: 0, duration: 3600 };
    await (await typedVault.createSchedule({ terms, salt: hre.ethers.ZeroHash })).wait();
    const id = await typedVault.directScheduleId(admin.address, hre.ethers.ZeroHash);
    await increase(4000);
    assert.equal(await typedVault.releasable(id), 100n * E18);

    // The shipped artifact deploys the same vault.
    const factory = new hre.ethers.ContractFactory(vaultArtifact.abi, vaultArtifact.bytecode, admin);
    const shipped = await factory.deploy(await token.getAddress(), admin.address, admin.address, [
      { minCliff: 0, minDuration: 0, revocable: false },
    ]);
    await shipped.waitForDeployment();
    assert.equal(await shipped.categoryCount(), 1n);

    // Governor: a vote weighs the Σ√ delegated to the voter (here its own √balance).
    await (await token.delegate(admin.address)).wait();
    await increase(1);
    const tx = await governor.propose([await token.getAddress()], [0], ["0x"], "first");
    const receipt = await tx.wait();
    const proposalId = governor.interface.parseLog(receipt.logs[0]).args.proposalId;
    await increase(61);
    await (await governor.castVote(proposalId, 1)).wait();
    const snapshot = await governor.proposalSnapshot(proposalId);
    const votes = await token.getPastVotes(admin.address, snapshot);
    const [, forVotes] = await governor.proposalVotes(proposalId);
    assert.ok(forVotes * forVotes <= votes && (forVotes + 1n) * (forVotes + 1n) > votes);
  });
});
