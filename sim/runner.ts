import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { performance } from "node:perf_hooks";
import type { ScenarioName } from "./cli/flags";
import type { SimulationOptions } from "./cli/options";
import { trustSendAnswers } from "./chain/batch";
import { DeterministicClock, SIM_EPOCH } from "./chain/clock";
import { inFlightLimit } from "./chain/inFlight";
import { responseCollector } from "./chain/nativeGc";
import { useMiddleware } from "./chain/middleware";
import { staleConnectionGuard } from "./chain/staleConnection";
import { TxCounter } from "./chain/txCounter";
import { ProviderTimer, splitDelta, splitReport, type TimeSplit } from "./chain/providerTime";
import { generatePopulation, type Population } from "./population";
import { startRunProgress, type PlannedScenario, type RunProgress, type RunnerUi } from "./progress";
import { Rng } from "./random";
import type { Scenario, ScenarioResult } from "./types";

/** Tokens split among the agents: 600M of a 1B supply, in 18-decimal units. */
export const POPULATION_TOTAL = 600_000_000n * 10n ** 18n;

export type ScenarioRegistry = Record<ScenarioName, Scenario>;

/** Wall time and chain work of one scenario (the only part of a run that varies between runs). */
export interface ScenarioTiming {
  scenario: ScenarioName;
  wallSeconds: number;
  /** Transactions sent (eth_sendTransaction / eth_sendRawTransaction accepted by the chain). */
  transactions: number;
  /** Blocks mined (block number delta), including time-travel blocks. */
  blocks: number;
  transactionsPerSecond: number;
  /** Seconds inside the provider (EVM execution, calls, other queries) and in JS, adding up to the wall time (see `ProviderTimer`). */
  split: TimeSplit & { share: TimeSplit };
}

export interface SimulationRun {
  options: SimulationOptions;
  network: string;
  population: Population;
  results: ScenarioResult[];
  timing: ScenarioTiming[];
}

async function rpc<T>(hre: HardhatRuntimeEnvironment, method: string, params: unknown[] = []): Promise<T> {
  return (await hre.network.provider.request({ method, params })) as T;
}

/** The population every scenario shares (same seed and config → same agents and amounts). */
export function buildPopulation(options: SimulationOptions): Population {
  return generatePopulation(new Rng(options.seed), {
    retail: options.agents,
    whales: options.whales,
    whaleShare: options.whaleShare,
    vcs: options.vcs,
    vcShare: options.vcShare,
    total: POPULATION_TOTAL,
    retailVerifiedRate: options.config.retail.verifiedRate,
    paretoAlpha: options.config.population.paretoAlpha,
  });
}

/** A run refused before any chain work: the scenarios that cannot run and why. */
export class PlanError extends Error {
  override readonly name = "PlanError";
}

/**
 * Asks every chosen scenario whether it can run on this population and config; throws a PlanError
 * listing every reason (naming the scenario) before anything touches the chain.
 */
export function validatePlan(
  options: SimulationOptions,
  scenarios: ScenarioRegistry,
  population = buildPopulation(options),
): Population {
  for (const name of options.scenarios) {
    if (typeof scenarios[name] !== "function") throw new Error(`no scenario registered for "${name}"`);
  }
  const reasons = options.scenarios.flatMap((name) =>
    (scenarios[name].validate?.(population, options.config) ?? []).map((r) => `${name}: ${r}`),
  );
  if (reasons.length > 0) throw new PlanError(`the simulation cannot run as asked:\n  ${reasons.join("\n  ")}`);
  return population;
}

/**
 * Runs the chosen scenarios in order on ONE population. Each starts from the same chain state
 * (evm_snapshot before, evm_revert after, in-process and on a node alike) and the same chain time
 * (a deterministic clock: block timestamps never follow the wall clock), with its own random stream
 * `new Rng(seed).fork(name)`, so a scenario's numbers do not depend on which others ran.
 */
export async function runSimulation(
  hre: HardhatRuntimeEnvironment,
  options: SimulationOptions,
  scenarios: ScenarioRegistry,
  ui: RunnerUi,
  /** How progress is shown (default: `startRunProgress(ui, plan)`; a scenario worker forwards it to its parent). */
  showProgress: (plan: readonly PlannedScenario[]) => RunProgress = (plan) => startRunProgress(ui, plan),
): Promise<SimulationRun> {
  // Everything is checked before the first chain request.
  const population = validatePlan(options, scenarios);
  const results: ScenarioResult[] = [];
  const timing: ScenarioTiming[] = [];
  // In-process the chain starts at a fixed time; a node keeps its own clock (no jump to 2030 on a
  // chain people keep using), and blocks still advance one second each from its latest block.
  const clock = new DeterministicClock(hre.network.name === "hardhat" ? SIM_EPOCH : 0);
  // One bar for the whole run, its total known before the first transaction.
  const progress = showProgress(
    options.scenarios.map((name) => ({ name, steps: scenarios[name].steps(population, options.config) })),
  );
  let startTx = 0;
  const counter = new TxCounter((count) => progress.sent(count - startTx));
  // On a node over HTTP, innermost: a request after an idle gap first checks the connection is live.
  const guard = hre.network.name === "hardhat" ? [] : [staleConnectionGuard()];
  // In-process, at most CHAIN_REQUESTS_IN_FLIGHT requests reach EDR at once (its memory: see inFlight.ts).
  const limit = hre.network.name === "hardhat" ? [inFlightLimit()] : [];
  // In-process, a full garbage collection frees EDR's answers (and their traces) as memory grows.
  const collect = hre.network.name === "hardhat" ? [responseCollector()] : [];
  // Innermost of all: times the provider alone.
  const timer = new ProviderTimer();
  const unpatch = useMiddleware(hre.network.provider, [
    counter.middleware,
    clock.middleware,
    ...guard,
    ...limit,
    ...collect,
    timer.middleware,
  ]);
  // In-process with Hardhat's defaults, a send answers once mined and rejects a revert, so batches
  // need no receipts there (sim/chain/batch.ts); Hardhat's ethers provider, which signers' batches
  // go through, sends to the same network provider and is trusted with it.
  const untrust = sendsAnswerWhenMined(hre)
    ? [trustSendAnswers(hre.network.provider), trustSendAnswers(hre.ethers.provider)]
    : [];
  const restore = () => {
    for (const undo of untrust) undo();
    unpatch();
  };
  try {
    for (const name of options.scenarios) {
      const scenario = scenarios[name];
      const snapshot = await rpc<string>(hre, "evm_snapshot");
      const startBlock = Number(await rpc<string>(hre, "eth_blockNumber"));
      startTx = counter.transactions;
      progress.begin(name);
      const started = performance.now();
      const splitStart = timer.snapshot();
      let result: ScenarioResult;
      try {
        result = await scenario({
          hre,
          population,
          config: options.config,
          rng: new Rng(options.seed).fork(name),
          variants: options.variants,
        });
      } catch (err) {
        await rpc<boolean>(hre, "evm_revert", [snapshot]);
        throw err;
      }
      progress.end();
      const wallSeconds = (performance.now() - started) / 1000;
      const split = splitReport(splitDelta(timer.snapshot(), splitStart));
      const blocks = Number(await rpc<string>(hre, "eth_blockNumber")) - startBlock;
      const transactions = counter.transactions - startTx;
      if (result.scenario !== name) throw new Error(`scenario "${name}" returned a result for "${result.scenario}"`);
      if (!(await rpc<boolean>(hre, "evm_revert", [snapshot]))) throw new Error(`evm_revert failed after "${name}"`);
      const t: ScenarioTiming = {
        scenario: name,
        wallSeconds: round(wallSeconds, 3),
        transactions,
        blocks,
        transactionsPerSecond: round(wallSeconds > 0 ? transactions / wallSeconds : 0, 1),
        split,
      };
      timing.push(t);
      results.push(result);
      progress.log(
        `${name}: ${t.wallSeconds.toFixed(1)} s, ${transactions.toLocaleString("en-US")} transactions (${t.transactionsPerSecond} tx/s)`,
      );
    }
  } finally {
    progress.stop();
    restore();
  }
  return { options, network: hre.network.name, population, results, timing };
}

/**
 * Whether the network's `eth_sendTransaction` answers only once its transaction is mined and
 * rejects a revert: Hardhat's in-process network with automine and throwOnTransactionFailures.
 */
export function sendsAnswerWhenMined(hre: Pick<HardhatRuntimeEnvironment, "network">): boolean {
  const c = hre.network.config as { throwOnTransactionFailures?: boolean; mining?: { auto?: boolean } };
  return hre.network.name === "hardhat" && c.throwOnTransactionFailures === true && c.mining?.auto !== false;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
