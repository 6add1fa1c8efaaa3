import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { DelegatedQuadraticTally, Support } from "../../sim/model";

/**
 * docs/governance.md's worked figures for the quorum seats, recomputed with the model engine's
 * tally (which the delegation scenario checks against GovernorCountingQuadratic on chain to the
 * wei), so the typed numbers cannot drift from the rule.
 */
describe("docs/governance.md: the quorum-seat examples", function () {
  const doc = fs.readFileSync(path.join(__dirname, "../../docs/governance.md"), "utf8").replace(/\s+/g, " ");

  it("should seat 3 of Dave's 4 identities for his 20 / 30 / 10 split of 60", function () {
    expect(doc).to.include("⌈4 · (30 + 10) / 60⌉ = ⌈2.67⌉ = 3 of his 4 identities");
    const t = new DelegatedQuadraticTally(1n);
    const dave = { linear: 0n, quadratic: 60n * 10n ** 9n, identities: 4n };
    t.cast("dave", dave, { against: 20n * 10n ** 9n, for: 30n * 10n ** 9n, abstain: 10n * 10n ** 9n });
    expect(t.quorumIdentities).to.equal(3n);
    const sliver = new DelegatedQuadraticTally(1n);
    sliver.cast("dave", dave, { against: dave.quadratic - 1n, for: 0n, abstain: 1n });
    expect(sliver.quorumIdentities).to.equal(1n);
  });

  it("should seat 1, then 3, then 5 of a 5-identity delegate of weight 1,000 (sliver, For 400, the rest)", function () {
    expect(doc).to.include("Against 999 and Abstain 1 seats ⌈5 · 1 / 1,000⌉ = 1 identity, not 5");
    expect(doc).to.include("Abstain 1, then For 400, then the remaining 599 For seat 1, then ⌈5 · 401 / 1,000⌉ = 3");
    const sliver = new DelegatedQuadraticTally(1n);
    sliver.cast("d", { linear: 0n, quadratic: 1_000n, identities: 5n }, { against: 999n, for: 0n, abstain: 1n });
    expect(sliver.quorumIdentities).to.equal(1n);
    const t = new DelegatedQuadraticTally(1n);
    const delegate = { linear: 0n, quadratic: 1_000n, identities: 5n };
    t.cast("d", delegate, { against: 0n, for: 0n, abstain: 1n });
    expect(t.quorumIdentities).to.equal(1n);
    t.cast("d", delegate, { against: 0n, for: 400n, abstain: 0n });
    expect(t.quorumIdentities).to.equal(3n);
    expect(t.cast("d", delegate, Support.For)).to.deep.equal({ ok: true, against: 0n, for: 599n, abstain: 0n });
    expect(t.quorumIdentities).to.equal(5n);
  });
});
