import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Rng } from "../sim/random";
import { generatePopulation } from "../sim/population";
import { governancePoint, identityQuorum, NO_VOTE } from "../sim/model/governance/point";

/** The point measured: the default population's shape at a million agents. */
const CONFIG = {
  seed: 42,
  retail: 1_000_000,
  whales: 20,
  whaleShare: 0.45,
  vcs: 5,
  vcShare: 0.1,
  total: 1_000_000_000n * 10n ** 18n,
  retailVerifiedRate: 0.9,
  /** Retail votes: 72 % Against, 18 % For, 10 % Abstain; whales and VCs vote For. */
  retailAgainst: 0.72,
  retailFor: 0.18,
  /** Share of retail that votes at all. */
  turnout: 1,
  /** Counterweight quorum: this share of verified identities (at least 1), as the governance scenario. */
  quorumShare: [1n, 10n] as const,
  ozQuorumPercent: 4n,
} as const;

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * `BENCH_ONLY=model npm run bench` (`npm run bench:model`): one governance point through the model
 * engine at a million agents, timed in stages (population, behaviour, counting all three governors).
 * No chain is used; the chain engine's figures are in simulation.json.
 */
export default async function bench(_hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const t0 = process.hrtime.bigint();
  const rng = new Rng(CONFIG.seed);
  const pop = generatePopulation(rng, {
    retail: CONFIG.retail,
    whales: CONFIG.whales,
    whaleShare: CONFIG.whaleShare,
    vcs: CONFIG.vcs,
    vcShare: CONFIG.vcShare,
    total: CONFIG.total,
    retailVerifiedRate: CONFIG.retailVerifiedRate,
  });
  const populationSeconds = seconds(t0);

  const t1 = process.hrtime.bigint();
  const n = pop.agents.length;
  const votes = pop.agents.map((a) => a.amount);
  const verified = new Uint8Array(n);
  const support = new Uint8Array(n);
  let verifiedCount = 0n;
  for (let i = 0; i < n; i++) {
    const a = pop.agents[i];
    if (a.verified) {
      verified[i] = 1;
      verifiedCount += 1n;
    }
    if (a.kind !== "retail") {
      support[i] = 1;
    } else if (!rng.chance(CONFIG.turnout)) {
      support[i] = NO_VOTE;
    } else {
      const r = rng.next();
      support[i] = r < CONFIG.retailAgainst ? 0 : r < CONFIG.retailAgainst + CONFIG.retailFor ? 1 : 2;
    }
  }
  const behaviourSeconds = seconds(t1);

  const t2 = process.hrtime.bigint();
  const point = governancePoint({
    votes,
    alphaVotes: votes,
    verified,
    support,
    quorumIdentities: identityQuorum(verifiedCount, CONFIG.quorumShare[0], CONFIG.quorumShare[1]),
    totalSupply: pop.total,
    ozQuorumPercent: CONFIG.ozQuorumPercent,
  });
  const countSeconds = seconds(t2);
  const total = seconds(t0);
  console.log(
    `model: ${n} agents, population ${populationSeconds.toFixed(2)} s, behaviour ${behaviourSeconds.toFixed(2)} s, ` +
      `count ${countSeconds.toFixed(2)} s, total ${total.toFixed(2)} s (budget 5 s)`,
  );
  const str = (t: { against: bigint; for: bigint; abstain: bigint; quorum: bigint }) => ({
    against: t.against.toString(),
    for: t.for.toString(),
    abstain: t.abstain.toString(),
    quorum: t.quorum.toString(),
  });
  return {
    config: {
      ...CONFIG,
      total: CONFIG.total.toString(),
      quorumShare: CONFIG.quorumShare.map(String),
      ozQuorumPercent: CONFIG.ozQuorumPercent.toString(),
    },
    agents: n,
    verified: verifiedCount.toString(),
    seconds: { population: populationSeconds, behaviour: behaviourSeconds, count: countSeconds, total },
    budgetSeconds: 5,
    withinBudget: total < 5,
    outcome: {
      counterweight: {
        ...str(point.counterweight),
        identities: point.counterweight.identities.toString(),
        quorumReached: point.counterweight.quorumReached,
        outcome: point.counterweight.outcome,
      },
      oz: { ...str(point.oz), quorumReached: point.oz.quorumReached, outcome: point.oz.outcome },
      alpha: { ...str(point.alpha), quorumReached: point.alpha.quorumReached, outcome: point.alpha.outcome },
    },
  };
}
