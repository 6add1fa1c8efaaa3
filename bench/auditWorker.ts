/**
 * Child process of bench/audit.bench.ts: runs one audit (the same functions `npx hardhat audit`
 * calls, without Hardhat's start-up) and prints its stage times and peak RSS as one JSON line.
 * Usage: node -r ts-node/register/transpile-only bench/auditWorker.ts CSV OUT_DIR [--lp]
 */
import { parseAuditOptions } from "../sim/audit/options";
import { runAudit } from "../sim/audit/run";
import { writeAudit } from "../sim/audit/write";

async function main(): Promise<void> {
  const [csv, out, ...rest] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const options = parseAuditOptions({ csv, decimals: "18", out, quiet: true, lp: rest.includes("--lp") });
  const result = await runAudit(options, { log: () => undefined });
  const files = await writeAudit(result, out);
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = files.summaryData;
  console.log(
    JSON.stringify({
      seconds: { ...result.seconds, total },
      // CPU time (user + system) of the process: on a shared machine, the work done regardless of load.
      cpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e4) / 100,
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      holders: s.input.holders,
      models: s.models.length,
      gini: s.models[0].linear.gini,
      sqrtGini: s.models[0].sqrt.gini,
      nakamoto: s.models[0].linear.nakamoto,
      sqrtNakamoto: s.models[0].sqrt.nakamoto,
      farm: s.models[0].farm !== undefined,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
