import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";

/**
 * `npx hardhat history [--cases FILE] [--only ID] [--out DIR] [--quiet]` (also `npm run history --`):
 * replays the governance attacks of sim/history/cases.json on the in-process chain against the
 * baselines they hit and Counterweight, and writes summary.json and report.md to DIR.
 */
task("history", "Replay public governance attacks (Beanstalk, Build Finance, Compound 289, vote buying)")
  .addOptionalParam("cases", "cases JSON (default sim/history/cases.json)", undefined, types.string)
  .addOptionalParam("only", "replay only the case with this id", undefined, types.string)
  .addOptionalParam("out", "output directory (default reports/history)", "reports/history", types.string)
  .addFlag("quiet", "no progress bar")
  .setAction(async (args: { cases?: string; only?: string; out: string; quiet: boolean }, hre) => {
    const { CasesError, loadCases } = await import("./schema");
    let file;
    try {
      file = loadCases(args.cases);
    } catch (err) {
      if (err instanceof CasesError) throw new HardhatPluginError("counterweight", err.message, err);
      throw err;
    }
    const cases = args.only === undefined ? file.cases : file.cases.filter((c) => c.id === args.only);
    if (cases.length === 0)
      throw new HardhatPluginError(
        "counterweight",
        `--only "${args.only}": no such case (${file.cases.map((c) => c.id).join(", ")})`,
      );
    const { ensureCompiled } = await import("../../scripts/lib/build");
    await ensureCompiled(hre);
    const [{ runHistory }, { writeHistory }, { terminalUi }, path] = await Promise.all([
      import("./run"),
      import("./report"),
      import("../progress"),
      import("node:path"),
    ]);
    const ui = terminalUi(args.quiet);
    const result = await runHistory(hre, cases, ui);
    const written = writeHistory(result, path.resolve(hre.config.paths.root, args.out));
    ui.log(`report: ${path.relative(process.cwd(), written.markdown)} (+ summary.json)`);
    return written;
  });
