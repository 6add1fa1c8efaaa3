/**
 * A sweep worker process (forked by sim/sweep/run.ts): receives its tasks with their configs, runs
 * each on the model engine and sends the rows back in one message.
 */
import type { ScenarioConfig } from "../config/schema";
import type { SweepScenario } from "./plan";
import { runPoint, type PointResult } from "./points";

export interface WorkerJob {
  scenario: SweepScenario;
  tasks: { index: number; seed: number; config: ScenarioConfig }[];
}
export interface WorkerReply {
  rows: { index: number; result: PointResult }[];
}

process.on("message", (job: WorkerJob) => {
  const rows = job.tasks.map((t) => ({ index: t.index, result: runPoint(job.scenario, t.config, t.seed) }));
  process.send?.({ rows } satisfies WorkerReply, () => process.exit(0));
});
