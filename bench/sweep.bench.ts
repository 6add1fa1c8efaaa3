import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { withRecheck } from "../sim/sweep/cli";
import { writeSweep } from "../sim/sweep/output";
import { planSweep } from "../sim/sweep/plan";
import { runTasks } from "../sim/sweep/run";

/** The sweep measured: issue 15's governance grid, as `npm run sweep` is given it. */
const SPEC = {
  scenario: "governance",
  grid: "whale-share=0.3:0.9:7,turnout=0.02:1:8",
  seeds: 5,
  firstSeed: 1,
  agents: 10_000,
} as const;
/** Budget for the model runs on 2 cores (issue 15), seconds. */
const BUDGET_SECONDS = 120;

/** `BENCH_SWEEP_RECHECK=N` adds the chain re-check of N sample points (minutes: off by default). */
const RECHECK = Number(process.env.BENCH_SWEEP_RECHECK ?? 0);

/** CPU seconds of this process's reaped children (Linux /proc; null elsewhere). */
function childrenCpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks).
    const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * `BENCH_ONLY=sweep npm run bench`: the 56-point × 5-seed governance sweep at 10,000 agents on the
 * model engine, on one worker process per core as `npm run sweep` runs it, then its outputs
 * (sweep.json, CSV, heatmaps, report) written to a temporary directory. Wall time and CPU time
 * (this process and its workers). With BENCH_SWEEP_RECHECK=8 the chain re-check sample is timed
 * too; otherwise the last figure `npm run sweep:readme` recorded is quoted with its source.
 */
export default async function bench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  if (!Number.isInteger(RECHECK) || RECHECK < 0)
    throw new RangeError(`BENCH_SWEEP_RECHECK must be an integer ≥ 0, got ${process.env.BENCH_SWEEP_RECHECK}`);
  const loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  const workers = os.cpus().length;
  const plan = planSweep(SPEC);

  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  const children0 = childrenCpuSeconds();
  const rows = await runTasks(plan, plan.tasks, workers);
  const runSeconds = (performance.now() - wall0) / 1000;
  const children1 = childrenCpuSeconds();
  const runCpu = cpuSeconds() - cpu0 + (children0 === null || children1 === null ? 0 : children1 - children0);

  const out = { spec: plan.spec, axes: plan.axes, rows };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-sweep-"));
  const wall1 = performance.now();
  await writeSweep(dir, out);
  const outputSeconds = (performance.now() - wall1) / 1000;
  const sweepJson = createHash("sha256")
    .update(fs.readFileSync(path.join(dir, "sweep.json")))
    .digest("hex");
  fs.rmSync(dir, { recursive: true, force: true });

  let recheck: Record<string, unknown>;
  if (RECHECK > 0) {
    const checked = await withRecheck(out, RECHECK);
    const r = checked.out.recheck;
    recheck = {
      measured: true,
      points: r?.points.length ?? 0,
      agreeing: r?.points.filter((p) => p.match).length ?? 0,
      agents: r?.agents ?? 0,
      network: hre.network.name,
      seconds: checked.seconds,
      chainSeconds: r?.chainSeconds ?? 0,
      modelSeconds: r?.modelSeconds ?? 0,
    };
  } else {
    const file = path.join(hre.config.paths.root, "reports", "sweep", "governance", "timing.json");
    const last = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { recheckSeconds?: number }) : {};
    recheck = {
      measured: false,
      how: "BENCH_SWEEP_RECHECK=8 BENCH_ONLY=sweep npm run bench",
      lastRecorded: {
        source: "reports/sweep/governance/timing.json (npm run sweep:readme, 8 points at 1,000 agents)",
        seconds: last.recheckSeconds ?? null,
      },
    };
  }
  console.log(
    `sweep: ${plan.tasks.length} point×seed runs at ${SPEC.agents} agents on ${workers} worker(s): ` +
      `${runSeconds.toFixed(1)} s wall, ${runCpu.toFixed(1)} s CPU, outputs ${outputSeconds.toFixed(1)} s (budget ${BUDGET_SECONDS} s)`,
  );
  return {
    spec: SPEC,
    command: `npm run sweep -- --scenario ${SPEC.scenario} --grid "${SPEC.grid}" --seeds ${SPEC.seeds} --agents ${SPEC.agents}`,
    tasks: plan.tasks.length,
    workers,
    cpus: workers,
    loadAverage,
    seconds: { run: runSeconds, outputs: outputSeconds, total: runSeconds + outputSeconds },
    /** CPU time of the model runs: this process and its worker processes (null: not measurable here). */
    cpuSeconds: { run: children0 === null ? null : runCpu },
    budgetSeconds: BUDGET_SECONDS,
    withinBudget: runSeconds + outputSeconds < BUDGET_SECONDS,
    sweepJsonSha256: sweepJson,
    recheck,
  };
}
