import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";

/**
 * `npm run bench`: runs every `bench/*.bench.ts` module on a fresh in-process chain and writes its
 * result to `reports/bench/<name>.json`. Each module default-exports `(hre) => Promise<object>`.
 * `BENCH_ONLY=governance,mining npm run bench` runs only the named modules. The modules of `OPT_IN`
 * (the 1k/3k/10k scale runs, 30+ minutes) run only when named (`npm run bench:scale`).
 */
const OPT_IN = ["scale"];
type BenchModule = { default: (h: typeof hre) => Promise<Record<string, unknown>> };

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_ONLY ?? "").split(",").filter((s) => s.length > 0);
  const dir = __dirname;
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .map((f) => f.replace(/\.bench\.ts$/, ""))
    .filter((n) => (wanted.length === 0 ? !OPT_IN.includes(n) : wanted.includes(n)))
    .sort();
  if (names.length === 0) throw new Error(`no bench modules matched ${wanted.join(",") || "(all)"}`);
  const outDir = path.join(hre.config.paths.root, "reports", "bench");
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    await hre.network.provider.request({ method: "hardhat_reset", params: [] });
    const started = Date.now();
    const mod = (await import(path.join(dir, `${name}.bench.ts`))) as BenchModule;
    const result = await mod.default(hre);
    const report = { name, generatedBy: "npm run bench", network: hre.network.name, ...result };
    const file = path.join(outDir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
    console.log(
      `bench ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), file)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
