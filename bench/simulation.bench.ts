import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { performance } from "node:perf_hooks";
import { agentSigners } from "../sim/chain/accounts";
import { DeterministicClock } from "../sim/chain/clock";
import { useMiddleware } from "../sim/chain/middleware";
import { TxCounter } from "../sim/chain/txCounter";
import { TestERC20__factory } from "../typechain-types";

/**
 * The simulator's speed next to its ceiling, on the same in-process chain:
 * - ceiling: plain TestERC20 transfers from impersonated agents, awaited one by one as the scenarios
 *   do, without and with the runner's provider hooks (deterministic clock + tx counter);
 * - simulator: the default `npm run simulate` (1,000 retail, every scenario), wall time and tx/s.
 * BENCH_SIMULATION_PART=ceiling measures the ceiling only (the report says so);
 * BENCH_SIMULATION_AGENTS=10000 measures a larger run.
 */
const TRANSFERS = 2_000;
const SENDERS = 20;

async function transfersPerSecond(
  hre: HardhatRuntimeEnvironment,
  label: string,
): Promise<{ transfers: number; seconds: number; txPerSecond: number }> {
  const [deployer] = await hre.ethers.getSigners();
  const token = await new TestERC20__factory(deployer).deploy("Bench", "BEN");
  const agents = await agentSigners(hre, SENDERS, 7, label);
  for (const a of agents) await (await token.mint(a.address, 10n ** 24n)).wait();
  const started = performance.now();
  for (let i = 0; i < TRANSFERS; i++) {
    const from = agents[i % SENDERS];
    const to = agents[(i + 1) % SENDERS];
    await (await token.connect(from).transfer(to.address, 1n)).wait();
  }
  const seconds = (performance.now() - started) / 1000;
  return { transfers: TRANSFERS, seconds: round(seconds, 3), txPerSecond: round(TRANSFERS / seconds, 1) };
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

export default async function simulationBench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const raw = await transfersPerSecond(hre, "ceiling-raw");
  const restore = useMiddleware(hre.network.provider, [
    new TxCounter().middleware,
    new DeterministicClock().middleware,
  ]);
  let hooked;
  try {
    hooked = await transfersPerSecond(hre, "ceiling-hooked");
  } finally {
    restore();
  }
  const ceiling = {
    description: `${TRANSFERS} TestERC20 transfers, sequential awaits, ${SENDERS} impersonated senders`,
    raw,
    withRunnerHooks: hooked,
  };
  if (process.env.BENCH_SIMULATION_PART === "ceiling") {
    return { ceiling, simulator: "not measured (BENCH_SIMULATION_PART=ceiling)" };
  }

  // Fails loudly (no numbers written) when sim/scenarios is missing.
  const { loadScenarios } = await import("../sim/cli/scenarios");
  const scenarios = await loadScenarios();
  const { parseOptions } = await import("../sim/cli/options");
  const { runSimulation } = await import("../sim/runner");
  await hre.network.provider.request({ method: "hardhat_reset", params: [] });
  const options = parseOptions({ agents: process.env.BENCH_SIMULATION_AGENTS ?? "1000", quiet: true });
  const started = performance.now();
  const run = await runSimulation(hre, options, scenarios, { progressBar: false, log: (l) => console.log(`  ${l}`) });
  const wallSeconds = (performance.now() - started) / 1000;
  const transactions = run.timing.reduce((a, t) => a + t.transactions, 0);
  const txPerSecond = transactions / wallSeconds;
  return {
    ceiling,
    simulator: {
      options: {
        agents: options.agents,
        whales: options.whales,
        vcs: options.vcs,
        seed: options.seed,
        scenarios: options.scenarios,
      },
      wallSeconds: round(wallSeconds, 2),
      transactions,
      txPerSecond: round(txPerSecond, 1),
      ratioToCeiling: round(txPerSecond / raw.txPerSecond, 3),
      perScenario: run.timing,
    },
  };
}
