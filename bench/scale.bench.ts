import type { HardhatRuntimeEnvironment } from "hardhat/types";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ISOLATE_FROM_AGENTS, isolateScenarios } from "../sim/isolated";
import { parseOptions } from "../sim/cli/options";
import { canSampleTree, runSampled } from "./processTree";

/**
 * Issue 15's scale measure: `hardhat simulate --agents N` (all scenarios, seed 42, in-process chain)
 * for N = 1,000, 3,000 and 10,000 (BENCH_SCALE_AGENTS=1000,3000 for fewer), each in a fresh
 * process, with the peak resident memory of its whole process tree (every worker and EDR's native
 * heap included, sampled from /proc) and its wall time. Targets: the 10,000 peak under 4 GB and
 * wall time no worse than linear in the agents (linearity ≤ 1).
 */
const DEFAULT_AGENTS = [1_000, 3_000, 10_000];
const LIMIT_BYTES = 4e9;
const MB = 1e6;

interface ScaleRun {
  agents: number;
  /** "process per scenario" from ISOLATE_FROM_AGENTS agents up (sim/isolated.ts), else "one process". */
  processes: string;
  /** The simulate process from start to exit (Hardhat start-up, every scenario, the report). */
  wallSeconds: number;
  /** The scenarios alone (timing.json's totalWallSeconds). */
  scenarioSeconds: number;
  transactions: number;
  peakTreeMB: number;
  peakProcesses: number;
  mbPerAgent: number;
  /** The 1-minute load average before and after, and the cores: runs on a loaded machine are slower. */
  load: { cores: number; loadAverage1m: [number, number] };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function agentsToRun(): number[] {
  const raw = process.env.BENCH_SCALE_AGENTS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_AGENTS;
  const list = raw.split(",").map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new Error(`BENCH_SCALE_AGENTS="${raw}": expected a comma-separated list of integers ≥ 1`);
  }
  return list;
}

async function measure(root: string, agents: number): Promise<ScaleRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `cw-scale-${agents}-`));
  const before = os.loadavg()[0];
  const hardhat = path.join(root, "node_modules", ".bin", "hardhat");
  const run = await runSampled(hardhat, ["simulate", "--agents", String(agents), "--out", out, "--quiet"], {
    cwd: root,
    env: { ...process.env, HARDHAT_NETWORK: "hardhat" },
  });
  if (run.exitCode !== 0) throw new Error(`simulate --agents ${agents} exited with ${run.exitCode}; output in ${out}`);
  const timing = JSON.parse(fs.readFileSync(path.join(out, "timing.json"), "utf8")) as {
    totalWallSeconds: number;
    totalTransactions: number;
  };
  fs.rmSync(out, { recursive: true, force: true });
  const options = parseOptions({ agents: String(agents) });
  const result: ScaleRun = {
    agents,
    processes: isolateScenarios(options, "hardhat") ? "process per scenario" : "one process",
    wallSeconds: round(run.wallSeconds, 1),
    scenarioSeconds: round(timing.totalWallSeconds, 1),
    transactions: timing.totalTransactions,
    peakTreeMB: round(run.peakTreeBytes / MB, 0),
    peakProcesses: run.peakProcesses,
    mbPerAgent: round(run.peakTreeBytes / MB / agents, 3),
    load: { cores: os.cpus().length, loadAverage1m: [round(before, 2), round(os.loadavg()[0], 2)] },
  };
  console.log(
    `  ${agents} agents: ${result.wallSeconds} s, ${result.transactions} transactions, peak ${result.peakTreeMB} MB (${result.processes})`,
  );
  return result;
}

export default async function scale(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  if (!canSampleTree()) throw new Error("the scale bench reads /proc/PID/task/TID/children (Linux only)");
  const runs: ScaleRun[] = [];
  for (const agents of agentsToRun()) runs.push(await measure(hre.config.paths.root, agents));
  const smallest = runs.reduce((a, b) => (b.agents < a.agents ? b : a));
  const largest = runs.reduce((a, b) => (b.agents > a.agents ? b : a));
  const linearity = (r: ScaleRun, key: "wallSeconds" | "scenarioSeconds") =>
    round(r[key] / smallest[key] / (r.agents / smallest.agents), 3);
  return {
    description:
      "`hardhat simulate --agents N --quiet` (all scenarios, seed 42, in-process chain), one fresh process tree per N. peakTreeMB: the largest sum of VmRSS over the simulate process and all its descendants (workers, EDR's native heap included), sampled every 250 ms from /proc. linearity: (wall time / the smallest run's) / (agents / the smallest run's agents); ≤ 1 is no worse than linear.",
    isolateFromAgents: ISOLATE_FROM_AGENTS,
    limitMB: LIMIT_BYTES / MB,
    runs,
    largest: {
      agents: largest.agents,
      peakTreeMB: largest.peakTreeMB,
      underLimit: largest.peakTreeMB * MB < LIMIT_BYTES,
    },
    linearity: runs
      .filter((r) => r !== smallest)
      .map((r) => ({
        from: smallest.agents,
        to: r.agents,
        wallTime: linearity(r, "wallSeconds"),
        scenarioTime: linearity(r, "scenarioSeconds"),
        transactions: round(r.transactions / smallest.transactions / (r.agents / smallest.agents), 3),
      })),
  };
}
