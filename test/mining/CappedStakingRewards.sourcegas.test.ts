import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MisbehavingIdentitySource__factory } from "../../typechain-types";
import { cappedFixture, WAD } from "./fixtures";

const NEEDS_GAS = 6;

/** Capped farm; alice verified through an external source that needs 150,000 gas to answer, staking 500 LP. */
async function sourceGasFixture() {
  const f = await cappedFixture();
  const [alice, poker] = f.users;
  const source = await new MisbehavingIdentitySource__factory(f.deployer).deploy();
  await (await f.registry.connect(f.governor).addSource(await source.getAddress())).wait();
  const sourceId = await f.registry.sourceCount();
  await (await f.registry.connect(alice).registerWithSource(sourceId, "0x")).wait();
  await (await f.farm.connect(alice).stake(500n * WAD)).wait();
  await (await source.setMinGas(150_000n)).wait();
  await (await source.setMode(NEEDS_GAS)).wait();
  return { ...f, alice, poker, source };
}

describe("CappedStakingRewards with an external identity source", function () {
  it("poke gas griefing (63/64 rule): a poker who gives too little gas cannot evict a verified staker", async function () {
    const { farm, alice, poker } = await loadFixture(sourceGasFixture);
    const effective = await farm.effectiveBalanceOf(alice.address);
    expect(effective).to.equal(500n * WAD);
    let starved = 0;
    for (let gasLimit = 100_000n; gasLimit <= 400_000n; gasLimit += 10_000n) {
      try {
        await (await farm.connect(poker).poke(alice.address, { gasLimit })).wait();
      } catch (e) {
        // A starved poke reverts: that is the defence.
        if (String(e).includes("IdentitySourceCallStarved")) starved += 1;
      }
      expect(await farm.effectiveBalanceOf(alice.address)).to.equal(effective);
    }
    expect(starved).to.be.greaterThan(0);
    await (await farm.connect(poker).poke(alice.address)).wait();
    expect(await farm.effectiveBalanceOf(alice.address)).to.equal(effective);
  });

  it("a source that really fails: a poke with enough gas takes the staker to the unverified cap", async function () {
    const { farm, alice, poker, source } = await loadFixture(sourceGasFixture);
    await (await source.setMode(1)).wait();
    await (await farm.connect(poker).poke(alice.address)).wait();
    expect(await farm.effectiveBalanceOf(alice.address)).to.equal(10n * WAD);
  });
});
