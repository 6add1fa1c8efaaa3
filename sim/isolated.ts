import { fork } from "node:child_process";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ScenarioName } from "./cli/flags";
import type { SimulationOptions } from "./cli/options";
import { startRunProgress, type RunnerUi } from "./progress";
import { validatePlan, type ScenarioRegistry, type ScenarioTiming, type SimulationRun } from "./runner";
import type { ScenarioResult } from "./types";

/**
 * From this many retail agents up, `hardhat simulate` on the in-process chain runs each scenario in
 * its own process (a fresh EDR chain each), a single scenario included: EDR keeps every block,
 * receipt and state it has mined in its native heap, and neither evm_revert nor hardhat_reset hands
 * that memory back to the system, so in one process the peak is that of all scenarios together
 * rather than of the largest; and only a worker gets the bounded state cache (WORKER_CACHED_STATES,
 * read when its chain is created). Measured (2026-12-02, load ≈ 1): `--scenario governance
 * --agents 10000` in the task's own process peaked at 5.44 GB, `--scenario mining` at 5.36 GB. Below
 * it (the default 1,000) one process is faster: a worker costs a Hardhat start-up.
 */
export const ISOLATE_FROM_AGENTS = 2_000;

/** Whether `hardhat simulate` runs each scenario in a worker process (see ISOLATE_FROM_AGENTS). */
export function isolateScenarios(options: Pick<SimulationOptions, "agents">, network: string): boolean {
  return network === "hardhat" && options.agents >= ISOLATE_FROM_AGENTS;
}

/** What the parent sends a scenario worker: the run's options with one scenario. */
export interface ScenarioJob {
  options: SimulationOptions;
}

/** What a scenario worker sends back, in this order: progress, then one `done` or `error`. */
export type WorkerMessage =
  | { kind: "sent"; sent: number }
  | { kind: "log"; line: string }
  | { kind: "done"; result: ScenarioResult; timing: ScenarioTiming }
  | { kind: "error"; message: string; stack?: string };

/** The part of a ChildProcess the parent uses (a test passes a fake). */
export interface WorkerHandle {
  on(event: "message", listener: (message: WorkerMessage) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  send(job: ScenarioJob): unknown;
}

/** Starts the worker of one scenario. */
export type LaunchWorker = (scenario: ScenarioName) => WorkerHandle;

/**
 * Block states EDR keeps in a scenario worker (`__EDR_MAX_CACHED_STATES`, read by EDR 0.12 when
 * the provider is created; default 100,000): it caches the full state after every block it mines
 * and recomputes an evicted one from the blocks' state diffs (from the genesis on) when asked for
 * it. 8,192 covers every revert a scenario makes (mining's variants go back at most 378 blocks at
 * 10,000 agents); governance, which mines ~60,000 blocks at 10,000 agents and reverts only at its
 * end, keeps fewer (WORKER_CACHED_STATES_BY_SCENARIO).
 * Measured (2026-12-02, at most 2 requests in flight): governance --agents 3000 max RSS
 * 2.32–2.36 GB with the default, 1.70 GB with 16; but 16 slowed mining --agents 3000 from 33.0–34.0 s
 * to 41.1–44.2 s (EVM execution 19.5–20.4 → 27.5–29.6 s, load ≈ 3, alternating runs) for
 * 1.84–1.91 → 0.89–0.92 GB; mining --agents 10000 with 8,192: 2.41 GB, 194 s (load 4.4 → 2.7).
 */
export const WORKER_CACHED_STATES = 8_192;

/**
 * Scenarios that never go back to a past block (no evm_revert but the runner's last, to the fresh
 * chain, and no call on a past block), whose worker keeps only a few states: an evicted state is
 * never asked for there, and a cached one costs what its block changed (~65 kB for a vote).
 * Measured (2026-12-02, governance, full collections as in sim/chain/nativeGc.ts, load ≈ 1–2):
 * --agents 3000 max RSS 2.40 GB with 8,192 states, 1.87 GB with 1, same summary bytes and time
 * (36–37 s); --agents 10000 with 64: 2.43 GB, 129.5 s (3.32–3.60 GB, ~130 s before either change).
 */
export const WORKER_CACHED_STATES_BY_SCENARIO: Readonly<Partial<Record<ScenarioName, number>>> = {
  governance: 64,
};

/** The states EDR keeps in `scenario`'s worker. */
export function workerCachedStates(scenario: ScenarioName): number {
  return WORKER_CACHED_STATES_BY_SCENARIO[scenario] ?? WORKER_CACHED_STATES;
}

/**
 * A worker's environment: the parent's, on the in-process network, EDR's state cache bounded
 * (`workerCachedStates`) unless set.
 */
export function workerEnv(parent: NodeJS.ProcessEnv, configFile: string, scenario: ScenarioName): NodeJS.ProcessEnv {
  return {
    __EDR_MAX_CACHED_STATES: String(workerCachedStates(scenario)),
    ...parent,
    HARDHAT_NETWORK: "hardhat",
    HARDHAT_CONFIG: configFile,
  };
}

/**
 * Forks sim/scenarioWorker on the same Hardhat config and the in-process network (see
 * `workerEnv`); "advanced" serialisation carries bigints and nested results as they are.
 */
export function launchScenarioWorker(hre: HardhatRuntimeEnvironment, scenario: ScenarioName): WorkerHandle {
  const isTs = __filename.endsWith(".ts");
  return fork(path.join(__dirname, isTs ? "scenarioWorker.ts" : "scenarioWorker.js"), [], {
    cwd: hre.config.paths.root,
    env: workerEnv(process.env, hre.config.paths.configFile, scenario),
    execArgv: isTs ? ["--require", "ts-node/register/transpile-only"] : [],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Runs one scenario in a fresh worker; progress goes to `onSent` / `onLog`. */
function runInWorker(
  launch: LaunchWorker,
  options: SimulationOptions,
  name: ScenarioName,
  onSent: (sent: number) => void,
  onLog: (line: string) => void,
): Promise<{ result: ScenarioResult; timing: ScenarioTiming }> {
  return new Promise((resolve, reject) => {
    const child = launch(name);
    let outcome: { result: ScenarioResult; timing: ScenarioTiming } | Error | undefined;
    child.on("message", (m) => {
      if (m.kind === "sent") onSent(m.sent);
      else if (m.kind === "log") onLog(m.line);
      else if (m.kind === "done") outcome = { result: m.result, timing: m.timing };
      else {
        const err = new Error(`${name}: ${m.message}`);
        if (m.stack !== undefined) err.stack = m.stack;
        outcome = err;
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (outcome instanceof Error) reject(outcome);
      else if (outcome !== undefined && code === 0) resolve(outcome);
      else reject(new Error(`the ${name} worker exited (${signal ?? `code ${code}`}) before sending its result`));
    });
    child.send({ options: { ...options, scenarios: [name] } });
  });
}

/**
 * `runSimulation` with each scenario in its own worker process, one at a time in plan order, so
 * the peak memory is that of the largest scenario. The result is the same as in one process: each
 * scenario starts from a fresh chain there and from a revert to the fresh chain here, with the same
 * clock and its own random stream. The plan is validated here, before the first worker starts.
 */
export async function runIsolated(
  options: SimulationOptions,
  scenarios: ScenarioRegistry,
  ui: RunnerUi,
  launch: LaunchWorker,
): Promise<SimulationRun> {
  const population = validatePlan(options, scenarios);
  const progress = startRunProgress(
    ui,
    options.scenarios.map((name) => ({ name, steps: scenarios[name].steps(population, options.config) })),
  );
  const results: ScenarioResult[] = [];
  const timing: ScenarioTiming[] = [];
  try {
    for (const name of options.scenarios) {
      progress.begin(name);
      const done = await runInWorker(
        launch,
        options,
        name,
        (sent) => progress.sent(sent),
        (line) => progress.log(line),
      );
      progress.end();
      if (done.result.scenario !== name) {
        throw new Error(`scenario "${name}" returned a result for "${done.result.scenario}"`);
      }
      results.push(done.result);
      timing.push(done.timing);
    }
  } finally {
    progress.stop();
  }
  return { options, network: "hardhat", population, results, timing };
}
