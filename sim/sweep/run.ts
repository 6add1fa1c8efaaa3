import { fork } from "node:child_process";
import path from "node:path";
import { runPoint, type PointResult } from "./points";
import type { SweepPlan, SweepTask } from "./plan";
import type { WorkerJob, WorkerReply } from "./worker";

export interface SweepRow extends SweepTask {
  result: PointResult;
}

function runInWorker(plan: SweepPlan, tasks: readonly SweepTask[]): Promise<SweepRow[]> {
  return new Promise((resolve, reject) => {
    const isTs = __filename.endsWith(".ts");
    const child = fork(path.join(__dirname, isTs ? "worker.ts" : "worker.js"), [], {
      execArgv: isTs ? ["--require", "ts-node/register/transpile-only"] : [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let rows: SweepRow[] | undefined;
    child.on("message", (reply: WorkerReply) => {
      const byIndex = new Map(tasks.map((t) => [t.index, t]));
      rows = reply.rows.map((r) => ({ ...(byIndex.get(r.index) as SweepTask), result: r.result }));
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (rows !== undefined && code === 0) resolve(rows);
      else reject(new Error(`sweep worker exited with code ${code} before replying`));
    });
    const job: WorkerJob = {
      scenario: plan.spec.scenario,
      tasks: tasks.map((t) => ({ index: t.index, seed: t.seed, config: plan.configs[t.index] })),
    };
    child.send(job);
  });
}

/**
 * Runs the given tasks on `workers` processes (1 = in this process), tasks dealt round-robin so
 * each worker gets a similar mix of points. Rows come back in task order whatever the split.
 */
export async function runTasks(plan: SweepPlan, tasks: readonly SweepTask[], workers: number): Promise<SweepRow[]> {
  const k = Math.max(1, Math.min(workers, tasks.length));
  let rows: SweepRow[];
  if (k === 1) {
    rows = tasks.map((t) => ({ ...t, result: runPoint(plan.spec.scenario, plan.configs[t.index], t.seed) }));
  } else {
    const parts = Array.from({ length: k }, (_, w) => tasks.filter((_, i) => i % k === w));
    rows = (await Promise.all(parts.map((p) => runInWorker(plan, p)))).flat();
  }
  return rows.sort((a, b) => a.index - b.index);
}
