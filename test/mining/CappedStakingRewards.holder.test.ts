import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { registerAgents } from "../../sim/chain/identity";
import { rotateIdentity } from "../../sim/chain/mining";
import { CAPS, WAD, cappedFixture, curve } from "./fixtures";

/** The registrant fallback with a registrant that later registers a second identity,
 * rotation chains, and a revocation. At most one position per identity; Σ effective exact. */
describe("CappedStakingRewards: the account holding an identity's cap", function () {
  it("should credit each identity to at most one position through rotation chains and a second registration", async function () {
    const f = await loadFixture(cappedFixture);
    const farm = f.farm;
    const [a, b, c, d] = f.users;
    const id1 = (await registerAgents(f.registry, f.governor, [a], "probe-1")).get(a.address)!;
    await farm.connect(a).stake(500n * WAD);
    await rotateIdentity(f, a, b); // id1 now at b; registrant still a
    const id2 = (await registerAgents(f.registry, f.governor, [a], "probe-2")).get(a.address)!;
    await farm.poke(a.address); // a: id2 (registrant a), no record for id2
    expect(await farm.creditedIdentityOf(a.address)).to.equal(id2);
    await farm.connect(b).stake(500n * WAD); // id1: fallback a, which holds id2 -> no eviction
    expect(await farm.creditedIdentityOf(b.address)).to.equal(id1);
    expect(await farm.creditedIdentityOf(a.address)).to.equal(id2);
    await rotateIdentity(f, b, c);
    await farm.connect(c).stake(500n * WAD); // record b -> b evicted
    expect(await farm.creditedIdentityOf(b.address)).to.equal(0n);
    await rotateIdentity(f, c, b);
    await rotateIdentity(f, b, d); // b never re-staked
    await farm.connect(d).stake(500n * WAD); // record c -> c evicted
    expect(await farm.creditedIdentityOf(c.address)).to.equal(0n);
    await f.registry.connect(f.governor).revokeIdentity(id2);
    await farm.poke(a.address);
    let sum = 0n;
    const seen = new Set<bigint>();
    for (const u of f.users) {
      const id = await farm.creditedIdentityOf(u.address);
      if (id !== 0n) {
        expect(seen.has(id)).to.equal(false);
        seen.add(id);
        expect(await f.registry.identityOf(u.address)).to.equal(id);
      }
      const stake = await farm.balanceOf(u.address);
      const eff = await farm.effectiveBalanceOf(u.address);
      expect(eff).to.equal(id === 0n ? curve(stake, CAPS.unverifiedCap, 0n) : curve(stake, CAPS.cap, CAPS.slope));
      sum += eff;
    }
    expect(await farm.totalEffectiveSupply()).to.equal(sum);
  });
});
