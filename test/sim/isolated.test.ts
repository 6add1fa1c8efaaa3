import { expect } from "chai";
import { EventEmitter } from "node:events";
import { splitReport } from "../../sim/chain/providerTime";
import { parseOptions } from "../../sim/cli/options";
import {
  ISOLATE_FROM_AGENTS,
  WORKER_CACHED_STATES,
  WORKER_CACHED_STATES_BY_SCENARIO,
  isolateScenarios,
  runIsolated,
  workerCachedStates,
  workerEnv,
  type ScenarioJob,
  type WorkerHandle,
  type WorkerMessage,
} from "../../sim/isolated";
import type { RunnerUi } from "../../sim/progress";
import { PlanError, type ScenarioRegistry, type ScenarioTiming } from "../../sim/runner";
import type { Scenario, ScenarioResult } from "../../sim/types";

/** A stand-in scenario for the parent side (the workers below are fakes: nothing runs on a chain). */
function planned(validate?: () => string[]): Scenario {
  const run = (): Promise<ScenarioResult> => Promise.reject(new Error("the parent must not run scenarios itself"));
  return Object.assign(run, { steps: () => 10, ...(validate === undefined ? {} : { validate }) });
}

const registry = (validate?: () => string[]): ScenarioRegistry => ({
  governance: planned(validate),
  mining: planned(),
  vesting: planned(),
  delegation: planned(),
});

function timing(scenario: ScenarioTiming["scenario"], transactions: number): ScenarioTiming {
  const split = splitReport({ execution: 0.5, calls: 0.1, queries: 0.1, js: 0.3 });
  return { scenario, wallSeconds: 1, transactions, blocks: transactions, transactionsPerSecond: transactions, split };
}

type Script = (job: ScenarioJob) => { messages: WorkerMessage[]; code: number | null };

/** A fake worker process: answers the job it is sent with the scripted messages, then exits. */
function fakeLauncher(script: Script, jobs: ScenarioJob[]): () => WorkerHandle {
  return () => {
    const events = new EventEmitter();
    return {
      on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
      send(job: ScenarioJob) {
        jobs.push(job);
        const { messages, code } = script(job);
        setImmediate(() => {
          for (const m of messages) events.emit("message", m);
          events.emit("exit", code, null);
        });
        return true;
      },
    } as WorkerHandle;
  };
}

const ui = (lines: string[]): RunnerUi => ({ progressBar: false, log: (l) => lines.push(l) });

/** A worker that runs its one scenario: progress, a log line, its result (big integers included). */
const honest: Script = (job) => {
  const name = job.options.scenarios[0];
  const result = { scenario: name, mechanisms: [], reading: name, parameters: { supply: "1" } } as ScenarioResult;
  return {
    messages: [
      { kind: "sent", sent: 3 },
      { kind: "log", line: `${name}: done` },
      { kind: "done", result, timing: timing(name, name.length) },
    ],
    code: 0,
  };
};

describe("one process per scenario (sim/isolated)", function () {
  it("is used from ISOLATE_FROM_AGENTS retail agents on the in-process chain, whatever the scenarios", function () {
    // One scenario too: only a worker's chain gets the bounded state cache.
    expect(isolateScenarios({ agents: ISOLATE_FROM_AGENTS }, "hardhat")).to.equal(true);
    expect(isolateScenarios({ agents: 10_000 }, "hardhat")).to.equal(true);
    expect(isolateScenarios({ agents: ISOLATE_FROM_AGENTS - 1 }, "hardhat")).to.equal(false);
    expect(isolateScenarios({ agents: 10_000 }, "localhost")).to.equal(false);
  });

  it("gives a worker the parent's environment on the in-process network, EDR's state cache bounded unless set", function () {
    const env = workerEnv({ PATH: "/bin", HARDHAT_NETWORK: "localhost" }, "/repo/hardhat.config.ts", "mining");
    expect(env).to.deep.equal({
      PATH: "/bin",
      HARDHAT_NETWORK: "hardhat",
      HARDHAT_CONFIG: "/repo/hardhat.config.ts",
      __EDR_MAX_CACHED_STATES: String(WORKER_CACHED_STATES),
    });
    // Governance never goes back to a past block: its worker keeps a few states.
    expect(workerEnv({}, "c", "governance").__EDR_MAX_CACHED_STATES).to.equal(
      String(WORKER_CACHED_STATES_BY_SCENARIO.governance),
    );
    expect(workerCachedStates("governance")).to.be.below(WORKER_CACHED_STATES);
    expect(workerEnv({ __EDR_MAX_CACHED_STATES: "1000" }, "c", "governance").__EDR_MAX_CACHED_STATES).to.equal("1000");
  });

  it("refuses a plan that cannot run before starting any worker", async function () {
    const jobs: ScenarioJob[] = [];
    const options = parseOptions({ scenario: "all" });
    await expect(
      runIsolated(
        options,
        registry(() => ["too few whales"]),
        ui([]),
        fakeLauncher(honest, jobs),
      ),
    ).to.be.rejectedWith(PlanError, "governance: too few whales");
    expect(jobs).to.have.length(0);
  });

  it("runs each scenario in its own worker, in plan order, and merges results, timings and log lines", async function () {
    const jobs: ScenarioJob[] = [];
    const lines: string[] = [];
    const options = parseOptions({ scenario: "all", agents: "12" });
    const run = await runIsolated(options, registry(), ui(lines), fakeLauncher(honest, jobs));
    expect(jobs.map((j) => j.options.scenarios)).to.deep.equal([["governance"], ["mining"], ["vesting"]]);
    for (const j of jobs) expect({ ...j.options, scenarios: options.scenarios }).to.deep.equal(options);
    expect(run.results.map((r) => r.scenario)).to.deep.equal(["governance", "mining", "vesting"]);
    expect(run.timing.map((t) => t.transactions)).to.deep.equal([10, 6, 7]);
    expect(lines).to.deep.equal(["governance: done", "mining: done", "vesting: done"]);
    expect(run.network).to.equal("hardhat");
    expect(run.options).to.equal(options);
    expect(run.population.agents.filter((a) => a.kind === "retail")).to.have.length(12);
  });

  it("fails with the worker's error, and stops at the first failing scenario", async function () {
    const jobs: ScenarioJob[] = [];
    const failing: Script = (job) =>
      job.options.scenarios[0] === "mining"
        ? { messages: [{ kind: "error", message: "pool reverted" }], code: 1 }
        : honest(job);
    const options = parseOptions({ scenario: "all" });
    await expect(runIsolated(options, registry(), ui([]), fakeLauncher(failing, jobs))).to.be.rejectedWith(
      "mining: pool reverted",
    );
    expect(jobs.map((j) => j.options.scenarios[0])).to.deep.equal(["governance", "mining"]);
  });

  it("fails when a worker dies without a result, naming the scenario and how it ended", async function () {
    const options = parseOptions({ scenario: "all" });
    const dies: Script = () => ({ messages: [{ kind: "sent", sent: 1 }], code: 137 });
    await expect(runIsolated(options, registry(), ui([]), fakeLauncher(dies, []))).to.be.rejectedWith(
      "the governance worker exited (code 137) before sending its result",
    );
    const wrong: Script = (job) => honest({ options: { ...job.options, scenarios: ["vesting"] } });
    await expect(runIsolated(options, registry(), ui([]), fakeLauncher(wrong, []))).to.be.rejectedWith(
      'scenario "governance" returned a result for "vesting"',
    );
  });
});
