import { readFileSync } from "node:fs";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { MisbehavingIdentitySource__factory } from "../../../typechain-types";
import { deploySourcesFixture } from "./fixtures";

enum Mode {
  Valid,
  Revert,
  BurnGas,
  ShortData,
  NotBool,
  HugeData,
  NeedsGas,
}

/** The sources fixture plus a misbehaving source (source 5) through which alice registered (identity 1). */
async function misbehavingFixture() {
  const f = await deploySourcesFixture();
  const bad = await new MisbehavingIdentitySource__factory(f.deployer).deploy();
  await (await f.registry.connect(f.governor).addSource(await bad.getAddress())).wait();
  await (await f.registry.connect(f.alice).registerWithSource(5n, "0x")).wait();
  const registeredAt = BigInt(await time.latest());
  await time.increase(10);
  return { ...f, bad, badSourceId: 5n, registeredAt };
}

describe("IdentityRegistry against a misbehaving external source", function () {
  it("should expose the validAt gas cap of 200,000, the figure the docs quote", async function () {
    const { registry } = await loadFixture(misbehavingFixture);
    const cap = await registry.SOURCE_GAS_CAP();
    expect(cap).to.equal(200_000n);
    const quoted = cap.toLocaleString("en-US");
    for (const doc of ["docs/identity.md", "docs/design.md"]) {
      const figures = [...readFileSync(doc, "utf8").matchAll(/`SOURCE_GAS_CAP`\s*(?:=|\()\s*([\d,]+)/g)].map(
        (m) => m[1],
      );
      expect(figures.length, doc).to.be.greaterThan(0);
      expect(figures, doc).to.deep.equal(figures.map(() => quoted));
    }
  });

  it("reverting source: its identities do not count, and lookups do not revert", async function () {
    const { registry, bad, alice, registeredAt } = await loadFixture(misbehavingFixture);
    expect(await registry.identityAt(alice.address, registeredAt)).to.equal(1n);
    await (await bad.setMode(Mode.Revert)).wait();
    expect(await registry.identityAt(alice.address, registeredAt)).to.equal(0n);
    expect(await registry.isVerified(alice.address)).to.equal(false);
  });

  it("gas-burning source: the lookup spends at most the cap in the source and answers does-not-count", async function () {
    const { registry, bad, alice, registeredAt } = await loadFixture(misbehavingFixture);
    await (await bad.setMode(Mode.BurnGas)).wait();
    expect(await registry.identityAt(alice.address, registeredAt)).to.equal(0n);
    const gas = await registry.identityAt.estimateGas(alice.address, registeredAt);
    expect(gas).to.be.lessThan(300_000n);
  });

  it("short, non-bool or oversized answers: do not count", async function () {
    const { registry, bad, alice, registeredAt } = await loadFixture(misbehavingFixture);
    for (const mode of [Mode.ShortData, Mode.NotBool, Mode.HugeData]) {
      await (await bad.setMode(mode)).wait();
      expect(await registry.identityAt(alice.address, registeredAt)).to.equal(0n);
    }
    await (await bad.setMode(Mode.Valid)).wait();
    expect(await registry.identityAt(alice.address, registeredAt)).to.equal(1n);
  });

  it("gas griefing of syncRevocation (63/64 rule): a caller who gives too little gas cannot end a valid identity", async function () {
    const { registry, bad, stranger } = await loadFixture(misbehavingFixture);
    // The source is valid but needs 150,000 gas: starved of it, its call fails.
    await (await bad.setMode(Mode.NeedsGas)).wait();
    await (await bad.setMinGas(150_000n)).wait();
    await expect(registry.connect(stranger).syncRevocation(1n))
      .to.be.revertedWithCustomError(registry, "IdentityAttestationStillValid")
      .withArgs(1n, await registry.attestationOf(1n));
    // Every gas limit that gives the source less than it needs must revert (IdentitySourceCallStarved
    // when the registry can still run on; out of gas otherwise), never read the identity as invalid.
    const errors: string[] = [];
    for (let gasLimit = 60_000n; gasLimit <= 400_000n; gasLimit += 10_000n) {
      try {
        await (await registry.connect(stranger).syncRevocation(1n, { gasLimit })).wait();
        errors.push("did not revert");
      } catch (e) {
        errors.push(String(e));
      }
    }
    expect(errors.filter((e) => e === "did not revert")).to.deep.equal([]);
    expect(errors.some((e) => e.includes("IdentitySourceCallStarved"))).to.equal(true);
    expect((await registry.identity(1n)).revoked).to.equal(false);
    expect(await registry.isVerified(await registry.identity(1n).then((r) => r.account))).to.equal(true);
  });

  it("a source that truly fails with the full cap: anyone may end its identity", async function () {
    const { registry, bad, stranger, alice } = await loadFixture(misbehavingFixture);
    await (await bad.setMode(Mode.BurnGas)).wait();
    await expect(registry.connect(stranger).syncRevocation(1n))
      .to.emit(registry, "IdentityRevoked")
      .withArgs(1n, alice.address);
  });
});
