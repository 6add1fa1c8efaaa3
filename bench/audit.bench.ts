import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** The point measured: a million holders of an 18-decimals token, Etherscan's export format. */
const CONFIG = { holders: 1_000_000, decimals: 18, budgetSeconds: 30, budgetRssMiB: 2048, seed: 42 } as const;

/**
 * A deterministic heavy-tailed holders export: holder i (0-based) holds ⌊10^9 / (i + 1)^1.1⌋ tokens
 * plus an 18-digit fraction, addresses distinct (an odd multiplier modulo 2^160), lower-case as
 * Etherscan writes them, rows in address order (not by balance) so the audit has to sort.
 */
async function writeCsv(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write('"HolderAddress","Balance","PendingBalanceUpdate"\n');
  const M = 1n << 160n;
  const K = 0x9e3779b97f4a7c15f39cc0605cedc8341082276bn | 1n;
  let chunk = "";
  for (let i = 0; i < CONFIG.holders; i++) {
    const addr = ((BigInt(i + 1) * K) % M).toString(16).padStart(40, "0");
    const whole = Math.floor(1e9 / Math.pow(i + 1, 1.1));
    const frac = String((i * 7919 + CONFIG.seed) % 1e9).padStart(9, "0") + "000000123";
    chunk += `"0x${addr}","${whole}.${frac}","No"\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}

function runWorker(root: string, csv: string, out: string, extra: string[]): Record<string, unknown> {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join(root, "bench", "auditWorker.ts"), csv, out, ...extra],
    { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 },
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`audit worker failed (${r.status}): ${r.stderr}`);
  const line = r.stdout.trim().split("\n").pop() ?? "{}";
  return { ...(JSON.parse(line) as Record<string, unknown>), processWallSeconds: Math.round(wall * 1000) / 1000 };
}

/**
 * `BENCH_ONLY=audit npm run bench`: a 1,000,000-holder synthetic CSV (generated into a temp dir,
 * never committed) audited in a child process: read, validate, sort, every what-if, report written.
 * Recorded: the stage times, the child's wall time (node and ts-node start-up included, Hardhat's
 * not), its CPU time (the measure that a loaded machine does not inflate) and its peak RSS, against the budgets of issue 17 (< 30 s, < 2 GB).
 */
export default async function bench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-bench-"));
  try {
    const csv = path.join(dir, "holders.csv");
    const bytes = await writeCsv(csv);
    const audit = runWorker(hre.config.paths.root, csv, path.join(dir, "out"), []);
    const wall = audit.processWallSeconds as number;
    const rss = audit.maxRssMiB as number;
    return {
      config: CONFIG,
      csvBytes: bytes,
      audit,
      withinBudget: wall < CONFIG.budgetSeconds && rss < CONFIG.budgetRssMiB,
      cpus: os.cpus().length,
      loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
