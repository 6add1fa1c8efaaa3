/**
 * A scenario worker process (forked by sim/isolated.ts): receives the run's options with one
 * scenario, runs it on a fresh in-process chain with `runSimulation`, forwards its progress and
 * sends back its result and timing, then exits (taking EDR's memory with it).
 */
import type { ScenarioJob, WorkerMessage } from "./isolated";

/** Progress messages at most this often (a message per transaction would cost more than it shows). */
const SENT_EVERY_MS = 200;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, () => resolve()));
}

async function run(job: ScenarioJob): Promise<void> {
  const { default: hre } = await import("hardhat");
  const [{ loadScenarios }, { runSimulation }] = await Promise.all([import("./cli/scenarios"), import("./runner")]);
  const scenarios = await loadScenarios();
  let lastSent = 0;
  const ui = { progressBar: false, log: (line: string) => void send({ kind: "log", line }) };
  const none = () => undefined;
  const run = await runSimulation(hre, job.options, scenarios, ui, () => ({
    begin: none,
    end: none,
    stop: none,
    log: ui.log,
    sent(sent) {
      const now = Date.now();
      if (now - lastSent < SENT_EVERY_MS) return;
      lastSent = now;
      void send({ kind: "sent", sent });
    },
  }));
  await send({ kind: "done", result: run.results[0], timing: run.timing[0] });
}

process.once("message", (job: ScenarioJob) => {
  run(job).then(
    () => process.exit(0),
    async (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      await send({ kind: "error", message: e.message, stack: e.stack });
      process.exit(1);
    },
  );
});
