import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { SweepError } from "./grid";
import { mergeShards, writeShard, writeSweep } from "./output";
import type { ScenarioConfigInput } from "../config/schema";
import { parseShard, planSweep, shardTasks } from "./plan";
import { runTasks } from "./run";
import { headlineClaims, type SweepOutput } from "./output";
import { pointConfig } from "./grid";
import { RECHECK_MAX_AGENTS, recheckSample, runRecheck } from "./recheck";

const USAGE = `usage: npm run sweep -- --scenario governance --grid "whale-share=0.3:0.9:7,turnout=0.02:1:8" --seeds 5
       npm run sweep -- --scenario mining --grid "cap-multiple=1:64:7,whale-share=0.3:0.9:7" --seeds 5
         [--seed FIRST] [--agents N] [--scenario-config FILE] [--out DIR] [--workers K] [--shard i/N]
         [--recheck N]  (re-run N sample points on the chain engine, at most ${RECHECK_MAX_AGENTS} agents)
       npm run sweep -- merge [--out DIR] [--recheck N] SHARD_DIR...`;

function int(name: string, v: string | undefined, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new SweepError(`--${name} must be an integer, got "${v}"`);
  return n;
}

function recheckCount(v: string | undefined): number {
  const n = int("recheck", v, 0);
  if (n < 0 || n > 100) throw new SweepError(`--recheck must be an integer in [0, 100], got ${n}`);
  return n;
}

/** Adds the chain re-check of `n` sample points (at their first seed) to a whole sweep's output. */
export async function withRecheck(out: SweepOutput, n: number): Promise<{ out: SweepOutput; seconds: number }> {
  if (n === 0) return { out, seconds: 0 };
  const t0 = performance.now();
  const base = out.spec.config as ScenarioConfigInput;
  const sample = recheckSample(out.axes, headlineClaims(out), n).map((point) => ({
    point,
    seed: out.spec.firstSeed,
    config: pointConfig(base, point),
  }));
  console.log(`sweep: re-checking ${sample.length} point(s) on the chain engine, one at a time`);
  const recheck = await runRecheck(out.spec.scenario, sample, n, (line) => console.log(line));
  return { out: { ...out, recheck }, seconds: (performance.now() - t0) / 1000 };
}

/** `npm run sweep -- …`: validates everything, runs (or merges), writes the outputs; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (argv[0] === "merge") {
      const { values, positionals } = parseArgs({
        args: argv.slice(1),
        options: { out: { type: "string" }, recheck: { type: "string" } },
        allowPositionals: true,
      });
      const out = values.out ?? "reports/sweep";
      const n = recheckCount(values.recheck);
      const merged = await withRecheck(mergeShards(positionals), n);
      const files = await writeSweep(out, merged.out);
      console.log(`merged ${positionals.length} shard(s) into ${out}: ${files.join(", ")}`);
      return 0;
    }
    const { values } = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: "string", default: "governance" },
        grid: { type: "string" },
        seeds: { type: "string" },
        seed: { type: "string" },
        agents: { type: "string" },
        "scenario-config": { type: "string" },
        out: { type: "string" },
        workers: { type: "string" },
        shard: { type: "string" },
        recheck: { type: "string" },
        help: { type: "boolean" },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (values.grid === undefined) throw new SweepError("--grid is required");
    const workers = int("workers", values.workers, os.cpus().length);
    if (workers < 1) throw new SweepError(`--workers must be ≥ 1, got ${workers}`);
    const plan = planSweep({
      scenario: values.scenario ?? "governance",
      grid: values.grid,
      seeds: int("seeds", values.seeds, 5),
      firstSeed: int("seed", values.seed, 1),
      agents: values.agents === undefined ? undefined : int("agents", values.agents, 0),
      configFile: values["scenario-config"],
    });
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    const recheck = recheckCount(values.recheck);
    if (shard && recheck > 0)
      throw new SweepError("--recheck needs the whole grid's results: give it to `merge` instead of to a shard");
    const tasks = shard ? shardTasks(plan.tasks, shard) : plan.tasks;
    const out = values.out ?? (shard ? `reports/sweep/shard-${shard.index}-of-${shard.count}` : "reports/sweep");
    const t0 = performance.now();
    const rows = await runTasks(plan, tasks, workers);
    const runSeconds = (performance.now() - t0) / 1000;
    const result = { spec: plan.spec, axes: plan.axes, rows };
    let files: string[];
    let recheckSeconds = 0;
    if (shard) {
      writeShard(out, { ...result, shard, totalTasks: plan.tasks.length });
      files = ["shard.json"];
    } else {
      const checked = await withRecheck(result, recheck);
      recheckSeconds = checked.seconds;
      files = await writeSweep(out, checked.out);
    }
    const seconds = (performance.now() - t0) / 1000;
    fs.writeFileSync(
      path.join(out, "timing.json"),
      JSON.stringify(
        { tasks: tasks.length, workers, cpus: os.cpus().length, runSeconds, recheckSeconds, totalSeconds: seconds },
        null,
        2,
      ) + "\n",
    );
    console.log(
      `sweep: ${tasks.length} point×seed runs on ${Math.min(workers, tasks.length)} worker(s) in ${runSeconds.toFixed(1)} s ` +
        `(${seconds.toFixed(1)} s with outputs) → ${out}: ${[...files, "timing.json"].join(", ")}`,
    );
    return 0;
  } catch (err) {
    if (
      err instanceof SweepError ||
      (err instanceof Error && err.name === "ConfigError") ||
      (err instanceof TypeError && "code" in err)
    ) {
      console.error(`sweep: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
