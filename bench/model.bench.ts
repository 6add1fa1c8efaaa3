import os from "node:os";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Rng } from "../sim/random";
import { generatePopulationColumns, KIND_CODE } from "../sim/population";
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

/** Wall and CPU (user + system) seconds of one stage; CPU time is what a loaded machine distorts least. */
interface Stage {
  wall: number;
  cpu: number;
}

function timed<T>(f: () => T): { value: T; stage: Stage } {
  const wall0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const value = f();
  const cpu = process.cpuUsage(cpu0);
  return {
    value,
    stage: { wall: Number(process.hrtime.bigint() - wall0) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 },
  };
}

/** Runs of the point (BENCH_MODEL_RUNS, default 3): the figures are the median run's stages. */
const RUNS = Number(process.env.BENCH_MODEL_RUNS ?? 3);

function onePoint() {
  const rng = new Rng(CONFIG.seed);
  const population = timed(() =>
    generatePopulationColumns(rng, {
      retail: CONFIG.retail,
      whales: CONFIG.whales,
      whaleShare: CONFIG.whaleShare,
      vcs: CONFIG.vcs,
      vcShare: CONFIG.vcShare,
      total: CONFIG.total,
      retailVerifiedRate: CONFIG.retailVerifiedRate,
    }),
  );
  const pop = population.value;

  const behaviour = timed(() => {
    const n = pop.kinds.length;
    const support = new Uint8Array(n);
    let verifiedCount = 0;
    for (let i = 0; i < n; i++) {
      if (pop.verified[i] === 1) verifiedCount++;
      if (pop.kinds[i] !== KIND_CODE.retail) {
        support[i] = 1;
      } else if (!rng.chance(CONFIG.turnout)) {
        support[i] = NO_VOTE;
      } else {
        const r = rng.next();
        support[i] = r < CONFIG.retailAgainst ? 0 : r < CONFIG.retailAgainst + CONFIG.retailFor ? 1 : 2;
      }
    }
    return { support, verifiedCount: BigInt(verifiedCount) };
  });
  const { support, verifiedCount } = behaviour.value;

  const count = timed(() =>
    governancePoint({
      votes: pop.amounts,
      alphaVotes: pop.amounts,
      verified: pop.verified,
      support,
      quorumIdentities: identityQuorum(verifiedCount, CONFIG.quorumShare[0], CONFIG.quorumShare[1]),
      totalSupply: pop.total,
      ozQuorumPercent: CONFIG.ozQuorumPercent,
    }),
  );
  const stages = { population: population.stage, behaviour: behaviour.stage, count: count.stage };
  const total: Stage = {
    wall: stages.population.wall + stages.behaviour.wall + stages.count.wall,
    cpu: stages.population.cpu + stages.behaviour.cpu + stages.count.cpu,
  };
  return { n: pop.kinds.length, verifiedCount, point: count.value, stages: { ...stages, total } };
}

/**
 * `BENCH_ONLY=model npm run bench` (`npm run bench:model`): one governance point through the model
 * engine at a million agents, timed in stages (population, behaviour, counting all three governors),
 * wall and CPU time, RUNS times on fresh state (the integers must agree run to run); the median run
 * (by total wall time) is reported. No chain is used; the chain engine's figures are in simulation.json.
 */
export default async function bench(_hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new RangeError(`BENCH_MODEL_RUNS must be an integer ≥ 1, got ${RUNS}`);
  const loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  const runs: ReturnType<typeof onePoint>[] = [];
  for (let r = 0; r < RUNS; r++) {
    runs.push(onePoint());
    const a = runs[0].point;
    const b = runs[r].point;
    if (
      JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) !==
      JSON.stringify(b, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))
    ) {
      throw new Error(`model bench: run ${r} counted differently from run 0`);
    }
  }
  const median = [...runs].sort((a, b) => a.stages.total.wall - b.stages.total.wall)[Math.floor(RUNS / 2)];
  const { n, verifiedCount, point } = median;
  const s = median.stages;
  console.log(
    `model: ${n} agents, median of ${RUNS}: population ${s.population.wall.toFixed(2)} s, behaviour ${s.behaviour.wall.toFixed(2)} s, ` +
      `count ${s.count.wall.toFixed(2)} s, total ${s.total.wall.toFixed(2)} s wall, ${s.total.cpu.toFixed(2)} s CPU (budget 5 s)`,
  );
  const pick = (k: keyof Stage) => ({
    population: s.population[k],
    behaviour: s.behaviour[k],
    count: s.count[k],
    total: s.total[k],
  });
  const total = s.total.wall;
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
    runs: RUNS,
    /** The median run's stages, wall clock. */
    seconds: pick("wall"),
    /** The same run's CPU time (user + system) per stage. */
    cpuSeconds: pick("cpu"),
    /** Every run's total wall seconds, in run order. */
    runSeconds: runs.map((r) => r.stages.total.wall),
    loadAverage,
    cpus: os.cpus().length,
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
