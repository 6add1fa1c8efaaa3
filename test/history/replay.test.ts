import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import {
  loadCases,
  type BeanstalkCase,
  type BribeCase,
  type BuildCase,
  type CompoundCase,
} from "../../sim/history/schema";
import { replayCase, type CaseResult, type MechanismOutcome } from "../../sim/history/replay";

/**
 * Each replay's outcome under each mechanism against figures computed here from the case file
 * alone (the contracts' rules written out by hand), not from the replay's own output.
 */
const file = loadCases();
const byKind = <T>(kind: string) => file.cases.find((c) => c.kind === kind) as T;
const mech = (r: CaseResult, id: string): MechanismOutcome => {
  const m = r.mechanisms.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no mechanism ${id}`);
  return m;
};
const fresh = new Map<string, CaseResult>();
const close = (a: number, b: number, tol = 0.01) => expect(a).to.be.closeTo(b, tol);

describe("History replayed", function () {
  this.timeout(120_000);

  describe("Beanstalk flash-loan supermajority", function () {
    const c = byKind<BeanstalkCase>("flash-supermajority");
    const S = c.chain.supplyTokens;
    const flash = S * c.published.attackerVotingShare.value;
    const own = S * c.published.proposalThresholdShare.value;
    const honest = S - flash - own;
    let r: CaseResult;
    before(async () => {
      r = await replayCase(hre, c);
      fresh.set(c.id, r);
    });

    it("Beanstalk flash-loan supermajority: the same-block path counts the loan and executes in the attack transaction", function () {
      const m = mech(r, "beanstalk-same-block-model");
      expect(flash / S >= c.published.supermajorityShare.value).to.equal(true);
      expect(m.executed).to.equal(true);
      expect(m.flashWeightCounted).to.equal(flash);
      expect(m.secondsVoteToExecution).to.equal(0);
    });

    it("Beanstalk flash-loan supermajority: OpenZeppelin's snapshot counts none of the loan and the proposal fails", function () {
      const m = mech(r, "oz-governor-simple");
      expect(m.flashWeightCounted).to.equal(0);
      expect(m.forWeight).to.equal(own);
      expect(m.againstWeight).to.equal(honest);
      expect([m.passed, m.executed, m.stoppedBy]).to.deep.equal([false, false, "snapshot"]);
    });

    it("Beanstalk flash-loan supermajority: Counterweight refuses the flash contract's vote (no identity) and √ outweighs the attacker", function () {
      const m = mech(r, "counterweight");
      const n = c.assumed.honestHolders.value;
      const each = Math.floor(honest / n);
      const against = Math.sqrt(each) * (n - 1) + Math.sqrt(honest - each * (n - 1));
      expect(m.flashWeightCounted).to.equal(null);
      close(m.forWeight, Math.sqrt(own));
      close(m.againstWeight, against);
      expect([m.passed, m.executed, m.stoppedBy]).to.deep.equal([false, false, "identity check"]);
    });
  });

  describe("Build Finance low-turnout takeover", function () {
    const c = byKind<BuildCase>("low-turnout-takeover");
    const attacker = c.assumed.attackerTokens.value;
    const against = c.assumed.againstVotes.value;
    let r: CaseResult;
    before(async () => {
      r = await replayCase(hre, c);
      fresh.set(c.id, r);
    });

    it("Build Finance low-turnout takeover: linear counting with Build's 5,000 quorum hands mint control over", function () {
      const m = mech(r, "oz-governor-simple");
      const sumAgainst = against.reduce((a, b) => a + b, 0);
      const passes = attacker > sumAgainst && attacker >= c.published.quorumTokens.value;
      expect(passes).to.equal(true);
      expect([m.passed, m.executed]).to.deep.equal([true, true]);
      expect([m.forWeight, m.againstWeight]).to.deep.equal([attacker, sumAgainst]);
    });

    it("Build Finance low-turnout takeover: Counterweight's identity quorum stops one holder however many tokens it holds", function () {
      const m = mech(r, "counterweight");
      const identities = 1 + against.length + c.assumed.silentHolders.value;
      const quorum = Math.max(1, Math.floor(identities / 10));
      expect(quorum).to.be.greaterThan(1);
      close(m.forWeight, Math.sqrt(attacker));
      close(
        m.againstWeight,
        against.reduce((a, t) => a + Math.sqrt(t), 0),
      );
      expect([m.passed, m.executed, m.quorumReached, m.stoppedBy]).to.deep.equal([false, false, false, "quorum"]);
      const row = r.capture.find((x) => x.mechanism === "counterweight");
      expect(row?.identities).to.equal(quorum - 1);
      expect(row?.tokens).to.equal(null);
    });
  });

  describe("Compound Proposal 289 bloc vote", function () {
    const c = byKind<CompoundCase>("bloc-vote");
    const k = c.chain.scale;
    const F = c.published.forVotes.value;
    const A = c.published.againstVotes.value;
    let r: CaseResult;
    before(async () => {
      r = await replayCase(hre, c);
      fresh.set(c.id, r);
    });

    it("Compound Proposal 289 bloc vote: the published tally is 51.8 / 48.2", function () {
      close(F / (F + A), c.published.forShare.value, 0.0001);
    });

    it("Compound Proposal 289 bloc vote: GovernorAlpha and OZ's Bravo-style counting pay the grant", function () {
      for (const id of ["uniswap-governor-alpha", "oz-governor-simple"]) {
        const m = mech(r, id);
        expect(F > A && F >= c.published.quorumTokens.value).to.equal(true);
        expect([m.passed, m.executed], id).to.deep.equal([true, true]);
        expect([m.forWeight, m.againstWeight], id).to.deep.equal([F * k, A * k]);
      }
    });

    it("Compound Proposal 289 bloc vote: √ per identity defeats one bloc against six delegates", function () {
      const m = mech(r, "counterweight");
      const n = c.assumed.againstDelegates.value;
      const each = Math.floor(A / n);
      const against = (Math.sqrt(each * k) * (n - 1) + Math.sqrt((A - each * (n - 1)) * k)) as number;
      close(m.forWeight, Math.sqrt(F * k));
      close(m.againstWeight, against);
      expect([m.passed, m.executed, m.stoppedBy]).to.deep.equal([false, false, "tally"]);
      // Least identities for the bloc's COMP, spread evenly: √(m·F) > Σ√against (unscaled).
      const w = against / Math.sqrt(k);
      let mNeeded = 1;
      while (Math.sqrt(mNeeded * F) <= w) mNeeded++;
      expect(r.capture.find((x) => x.mechanism === "counterweight")?.identities).to.equal(mNeeded - 1);
    });
  });

  describe("Vote-buying round", function () {
    const c = byKind<BribeCase>("bribe-round");
    const holders = c.assumed.holders.value;
    const F = c.assumed.briberTokens.value;
    let r: CaseResult;
    before(async () => {
      r = await replayCase(hre, c);
      fresh.set(c.id, r);
    });

    /** Least token-votes to bribe, by dynamic programming over the tokens bribed (not subsets). */
    function leastBribedTokens(weight: (t: number) => number): number {
      const total = holders.reduce((a, b) => a + b, 0);
      const best = new Float64Array(total + 1).fill(-1);
      best[0] = 0;
      for (const t of holders)
        for (let s = total; s >= t; s--) if (best[s - t] >= 0) best[s] = Math.max(best[s], best[s - t] + weight(t));
      const all = holders.reduce((a, t) => a + weight(t), 0);
      for (let s = 0; s <= total; s++) if (best[s] >= 0 && weight(F) + best[s] > all - best[s]) return s;
      throw new Error("no bribe wins");
    }

    it("Vote-buying round: the cheapest bribes pass the proposal under linear counting at $0.07 a vote", function () {
      const tokens = leastBribedTokens((t) => t);
      const row = r.capture.find((x) => x.mechanism === "oz-governor-simple");
      expect(row?.tokens).to.equal(tokens);
      close(row?.quote ?? -1, tokens * c.published.bribePerVoteQuote.value);
      expect(mech(r, "oz-governor-simple").executed).to.equal(true);
    });

    it("Vote-buying round: √ per identity prices bribes per identity, and the cheapest set still passes on chain", function () {
      const tokens = leastBribedTokens(Math.sqrt);
      expect(r.capture.find((x) => x.mechanism === "counterweight")?.tokens).to.equal(tokens);
      const m = mech(r, "counterweight");
      expect(m.executed).to.equal(true);
      expect(m.forWeight).to.be.greaterThan(m.againstWeight);
    });

    it("Vote-buying round: with identities free the briber needs no bribe, only ⌈W²/T⌉ addresses", function () {
      const w = holders.reduce((a, t) => a + Math.sqrt(t), 0);
      const k = Math.floor((w * w) / F) + 1;
      expect(Math.sqrt((k - 1) * F)).to.be.at.most(w);
      expect(Math.sqrt(k * F)).to.be.greaterThan(w);
      const row = r.capture.find((x) => x.mechanism === "counterweight-no-identity-cost");
      expect([row?.identities, row?.quote]).to.deep.equal([k - 1, 0]);
      expect(mech(r, "counterweight-no-identity-cost").executed).to.equal(true);
    });
  });

  describe("the committed report", function () {
    it("should equal a fresh replay (reports/history/summary.json, which the docs quote)", function () {
      const committed = JSON.parse(
        fs.readFileSync(path.join(__dirname, "../../reports/history/summary.json"), "utf8"),
      ) as {
        cases: CaseResult[];
      };
      expect(committed.cases.map((c) => c.id)).to.deep.equal([...fresh.keys()]);
      for (const c of committed.cases) expect(JSON.parse(JSON.stringify(fresh.get(c.id))), c.id).to.deep.equal(c);
    });
  });

  describe("the cases file", function () {
    it("should refuse a figure citing a source the case does not list, naming its path", async function () {
      const { casesSchema } = await import("../../sim/history/schema");
      const bad = structuredClone(file) as { cases: { published: Record<string, { source: number }> }[] };
      bad.cases[0].published.lossQuote.source = 9;
      const parsed = casesSchema.safeParse(bad);
      expect(parsed.success).to.equal(false);
      expect(parsed.error?.issues.map((i) => i.path.join("."))).to.include("cases.0.published.lossQuote.source");
    });
  });
});
