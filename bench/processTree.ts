import { spawn } from "node:child_process";
import fs from "node:fs";

/**
 * Resident memory of a whole process tree, read from Linux's /proc: a process and every
 * descendant (`/proc/PID/task/TID/children`), each counted by its VmRSS, which includes native
 * heaps such as EDR's. `/usr/bin/time -v` reports only the largest single process; a run that
 * forks workers needs the sum.
 */

/** The process and its descendants, parent first; processes that exit while being read are left out. */
export function processTree(root: number): number[] {
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      let children = "";
      try {
        children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
      } catch {
        continue;
      }
      for (const c of children.split(/\s+/).filter((s) => s.length > 0)) visit(Number(c));
    }
  };
  visit(root);
  return out;
}

/** VmRSS of one process in bytes (0 once it has exited). */
export function residentBytes(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return 0;
  }
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return m === null ? 0 : Number(m[1]) * 1024;
}

/** The summed VmRSS of the tree rooted at `root`, in bytes. */
export function treeResidentBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + residentBytes(pid), 0);
}

export interface TreeRun {
  exitCode: number | null;
  wallSeconds: number;
  /** The largest summed VmRSS of the tree seen by sampling every `sampleMs`. */
  peakTreeBytes: number;
  /** Processes in the tree when the peak was seen. */
  peakProcesses: number;
  samples: number;
}

/** Whether this machine has the /proc files the sampler reads. */
export function canSampleTree(): boolean {
  return fs.existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
}

/** Runs `command args` (output inherited) and samples its process tree's resident memory until it exits. */
export function runSampled(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; sampleMs?: number },
): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "inherit" });
    let peakTreeBytes = 0;
    let peakProcesses = 0;
    let samples = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const tree = processTree(child.pid);
      const bytes = tree.reduce((sum, pid) => sum + residentBytes(pid), 0);
      samples++;
      if (bytes > peakTreeBytes) {
        peakTreeBytes = bytes;
        peakProcesses = tree.length;
      }
    };
    const timer = setInterval(sample, options.sampleMs ?? 250);
    child.once("error", (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.once("exit", (exitCode) => {
      clearInterval(timer);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ exitCode, wallSeconds, peakTreeBytes, peakProcesses, samples });
    });
  });
}
