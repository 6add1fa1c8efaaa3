import { expect } from "chai";
import hre from "hardhat";
import { configSchema, delegationConfig, type ScenarioConfig } from "../../sim/config/schema";
import { Rng } from "../../sim/random";
import { generatePopulation, type Population } from "../../sim/population";
import { delegationScenario } from "../../sim/scenarios/delegation";
import { planDelegation, validateDelegation, type DelegationPlan } from "../../sim/scenarios/delegationPlan";
import { parseOptions } from "../../sim/cli/options";
import { display } from "../../sim/scenarios/governanceMetrics";
import { DelegatedQuadraticTally, Support, delegationWorkedExample } from "../../sim/model";
import type { MetricValue, ScenarioResult } from "../../sim/types";
// An implementation of ⌊√⌋ other than the model engine's, so the checks below are not circular.
import { isqrt } from "../../scripts/lib/isqrt";

const E9n = 10n ** 9n;
const E18n = 10n ** 18n;

describe("Simulation: delegation under linear, today's √ and quadratic delegation", function () {
  let result: ScenarioResult;
  let plan: DelegationPlan;
  let population: Population;
  let config: ScenarioConfig;

  before(async function () {
    this.timeout(300_000);
    await hre.network.provider.request({ method: "hardhat_reset", params: [] });
    const rng = new Rng(20_261_201);
    population = generatePopulation(rng.fork("population"), {
      retail: 40,
      whales: 2,
      whaleShare: 0.6,
      total: 600_000_000n * E18n,
      retailVerifiedRate: 0.9,
    });
    config = configSchema.parse({
      delegation: {
        delegates: 3,
        choice: "uniform",
        delegateVotes: ["split", "against", "for"],
        syncLag: { revoked: 4, windowSeconds: 2 * 86_400, keeperIntervals: ["never", 43_200, "every-block"] },
      },
    });
    plan = planDelegation(population, config, new Rng(7).fork("scenario"));
    const started = Date.now();
    result = await delegationScenario({ hre, population, config, rng: new Rng(7).fork("scenario") });
    console.log(`      delegation scenario with 40 retail: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  const mechanism = (id: string) => {
    const m = result.mechanisms.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no mechanism ${id}`);
    return m.metrics;
  };
  const variant = (id: string): Record<string, MetricValue> => {
    const v = result.variants?.find((x) => x.id === id);
    if (v === undefined) throw new Error(`no variant ${id}`);
    return v.metrics;
  };
  const agents = () => population.agents;
  const membersOf = (k: number) => agents().filter((_, i) => plan.delegateOf[i] === k);
  const sqrtOfVerified = (list: readonly { amount: bigint; verified: boolean }[]) =>
    list.reduce((a, x) => a + (x.verified ? isqrt(x.amount) : 0n), 0n);

  it("should draw delegators, direct voters and a custodian from the config", function () {
    const c = delegationConfig(config);
    expect(plan.roles.filter((r) => r === "delegator").length).to.be.greaterThan(10);
    expect(plan.delegateVotes).to.deep.equal(["split", "against", "for"]);
    expect(result.parameters?.splitDelegates).to.equal(1);
    expect(result.parameters?.delegates).to.equal(c.delegates);
    expect(agents().every((a, i) => a.kind === "retail" || plan.roles[i] === "direct")).to.equal(true);
  });

  describe("when a delegate's weight is read at the snapshot", function () {
    it("should weigh each delegate Σ√ of its verified delegators under quadratic delegation", function () {
      for (let k = 0; k < 3; k++) {
        expect(variant(`delegate-${k}`).quadraticWeight, `delegate ${k}`).to.equal(
          display(sqrtOfVerified(membersOf(k)), E9n),
        );
        expect(variant(`delegate-${k}`).delegatedIdentities).to.equal(membersOf(k).filter((a) => a.verified).length);
      }
    });

    it("should weigh each delegate ⌊√ its delegated tokens⌋ under today's √, less than Σ√ when two or more delegate", function () {
      for (let k = 0; k < 3; k++) {
        const linear = membersOf(k).reduce((a, x) => a + x.amount, 0n);
        expect(variant(`delegate-${k}`).todaysSqrtWeight).to.equal(display(isqrt(linear), E9n));
        if (membersOf(k).filter((a) => a.verified).length >= 2)
          expect(Number(variant(`delegate-${k}`).todaysSqrtWeight)).to.be.lessThan(
            Number(variant(`delegate-${k}`).quadraticWeight),
          );
      }
    });
  });

  describe("when the proposal is counted", function () {
    // The For weight each counting must give, computed here from the plan and the balances.
    const expectedFor = (
      weigh: (a: { amount: bigint; verified: boolean }[]) => bigint,
      split: boolean,
      onlyVerified: boolean,
    ) => {
      let total = 0n;
      agents().forEach((a, i) => {
        if (plan.roles[i] === "direct" && plan.support[i] === 1 && (!onlyVerified || a.verified)) total += weigh([a]);
      });
      for (let k = 0; k < 3; k++) {
        const members = membersOf(k);
        if (members.length === 0 || (onlyVerified && !members.some((a) => a.verified))) continue;
        const v = plan.delegateVotes[k];
        if (v === "for") total += weigh(members);
        if (v === "split") {
          if (split) total += weigh(members.filter((a) => plan.support[a.index] === 1));
          else {
            const byTokens = [0, 1, 2].map((s) =>
              members.filter((a) => plan.support[a.index] === s).reduce((x, a) => x + a.amount, 0n),
            );
            const best =
              byTokens[0] >= byTokens[1] && byTokens[0] >= byTokens[2] ? 0 : byTokens[1] >= byTokens[2] ? 1 : 2;
            if (best === 1) total += weigh(members);
          }
        }
      }
      return total;
    };

    it("should give the linear For votes of the OpenZeppelin baseline (tokens)", function () {
      const want = expectedFor((l) => l.reduce((a, x) => a + x.amount, 0n), false, false);
      expect(mechanism("oz-governor-simple").forWeight).to.equal(display(want, E18n));
    });

    it("should give today's √ For weight: ⌊√ delegated tokens⌋ per voter", function () {
      const want = expectedFor((l) => isqrt(l.reduce((a, x) => a + x.amount, 0n)), false, true);
      expect(mechanism("todays-sqrt").forWeight).to.equal(display(want, E9n));
    });

    it("should give quadratic delegation's For weight: Σ√ per delegator, the custodian's split passing preferences on", function () {
      const want = expectedFor((l) => sqrtOfVerified(l), true, true);
      expect(mechanism("counterweight").forWeight).to.equal(display(want, E9n));
    });

    it("should leave retail a larger weight share under quadratic delegation than under today's √, and both above linear", function () {
      const share = (id: string) => Number(mechanism(id).retailWeightShare);
      expect(share("counterweight")).to.be.greaterThan(share("todays-sqrt"));
      expect(share("todays-sqrt")).to.be.greaterThan(share("oz-governor-simple"));
      expect(mechanism("counterweight").delegationKept).to.equal(1);
      expect(Number(mechanism("todays-sqrt").delegationKept)).to.be.lessThan(1);
    });
  });

  describe("when delegators lose their identity before the snapshot", function () {
    const revokedSqrt = () => plan.revoked.reduce((a, i) => a + isqrt(agents()[i].amount), 0n);

    it("should leave exactly the revoked delegators' √ and seats counted when no keeper runs", function () {
      const m = variant("sync-lag-never");
      expect(m.staleSqrtWei).to.equal(revokedSqrt().toString());
      expect(m.staleSeats).to.equal(plan.revoked.length);
      expect(m.keeperTransactions).to.equal(0);
      expect(plan.revoked.length).to.equal(4);
    });

    it("should leave nothing stale with a keeper every block, at one transaction per revocation", function () {
      const m = variant("sync-lag-every-block");
      expect(m.staleSqrtWei).to.equal("0");
      expect(m.staleSeats).to.equal(0);
      expect(m.keeperTransactions).to.equal(4);
    });

    it("should leave, with a keeper every 12 hours, only the revocations after its last run", function () {
      const last = 43_200 * Math.floor((2 * 86_400 - 1) / 43_200);
      const after = plan.revoked.filter((_, j) => plan.revokeOffsets[j] > last);
      const m = variant("sync-lag-43200s");
      expect(m.staleSqrtWei).to.equal(after.reduce((a, i) => a + isqrt(agents()[i].amount), 0n).toString());
      expect(m.staleSeats).to.equal(after.length);
    });
  });

  it("should compute issue 18's worked figure: √100,000 against 100·√1,000", function () {
    const w = variant("worked-example");
    expect(w.todaysSqrtWeight).to.equal(display(isqrt(100_000n * E18n), E9n));
    expect(w.quadraticWeight).to.equal(display(100n * isqrt(1_000n * E18n), E9n));
    expect(Math.round(Number(w.todaysSqrtWeight))).to.equal(316);
    expect(Math.round(Number(w.quadraticWeight))).to.equal(3162);
    const { todaysSqrt, quadratic } = delegationWorkedExample(100n, 1_000n);
    expect(quadratic / todaysSqrt).to.equal(9n);
  });

  describe("its options and config", function () {
    it("should run only with --scenario delegation, not in the default run", function () {
      expect(parseOptions({ scenario: "delegation" }).scenarios).to.deep.equal(["delegation"]);
      expect(parseOptions({ scenario: "all" }).scenarios).to.not.include("delegation");
    });

    it("should refuse retail shares that do not sum to 1, naming the field", function () {
      const r = configSchema.safeParse({ delegation: { retail: { delegate: 0.5, direct: 0.2, abstain: 0.2 } } });
      expect(r.success).to.equal(false);
      expect(JSON.stringify(r.error?.issues)).to.include("delegate + direct + abstain must be 1");
    });

    it("should refuse, before any chain work, a keeper interval not shorter than the window", function () {
      const c = configSchema.parse({ delegation: { syncLag: { windowSeconds: 3_600, keeperIntervals: [3_600] } } });
      expect(validateDelegation(population, c)).to.deep.equal([
        'delegation.syncLag.keeperIntervals: 3600 s is not shorter than the window (3600 s): the keeper would never run (use "never")',
      ]);
    });
  });

  describe("the model's delegated tally", function () {
    const power = { linear: 0n, quadratic: 10n, identities: 3n };

    it("should refuse a split above the remaining weight and change nothing", function () {
      const t = new DelegatedQuadraticTally(1n);
      expect(t.cast("0xa", power, { against: 4n, for: 0n, abstain: 0n }).ok).to.equal(true);
      expect(t.cast("0xa", power, { against: 0n, for: 7n, abstain: 0n })).to.deep.equal({
        ok: false,
        error: "GovernorExceedRemainingWeight",
      });
      expect([t.againstWeight, t.forWeight, t.quorumIdentities]).to.deep.equal([4n, 0n, 0n]);
    });

    it("should seat a delegate's identities in proportion to its For/Abstain weight, at most once each, over several calls", function () {
      const t = new DelegatedQuadraticTally(3n);
      expect(t.cast("0xa", power, { against: 0n, for: 0n, abstain: 0n })).to.deep.equal({
        ok: false,
        error: "GovernorInvalidVoteParams",
      });
      t.cast("0xa", power, { against: 0n, for: 2n, abstain: 0n });
      expect(t.quorumIdentities).to.equal(1n); // ⌈3 · 2 / 10⌉
      t.cast("0xa", power, { against: 0n, for: 2n, abstain: 1n });
      expect(t.quorumIdentities).to.equal(2n); // ⌈3 · 5 / 10⌉
      expect(t.cast("0xa", power, Support.For)).to.deep.equal({ ok: true, against: 0n, for: 5n, abstain: 0n });
      expect(t.cast("0xa", power, Support.For)).to.deep.equal({ ok: false, error: "GovernorAlreadyCastVote" });
      expect([t.forWeight, t.abstainWeight, t.quorumIdentities]).to.deep.equal([9n, 1n, 3n]);
      expect(t.outcome()).to.equal("Succeeded");
    });
  });
});
