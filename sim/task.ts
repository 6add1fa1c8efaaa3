import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { BOOLEAN_FLAGS, VALUE_FLAGS } from "./cli/flags";
import "./audit/task";

/**
 * `npx hardhat simulate [--scenario-config FILE] [--agents N] [--whales N] [--whale-share X] [--vcs N] [--vc-share X]
 * [--seed N] [--scenario governance|mining|vesting|all] [--out DIR] [--quiet]` plus the config flags
 * (`--whale-strategy`, `--identity-price`, `--bribe-per-vote`, `--whale-exit`, `--retail-swap`, …: CONFIG_FLAGS
 * in sim/cli/flags.ts, each setting one config field), also
 * `npm run simulate -- …`; add Hardhat's `--network localhost` to run on a node. Parameters arrive
 * as strings and are validated by the zod schema (sim/cli/options.ts) before any chain work; the
 * simulator itself is imported only when the task runs.
 */
const simulate = task("simulate", "Run the whale-vs-retail simulation and write the report");
for (const f of VALUE_FLAGS)
  simulate.addOptionalParam(
    f.key,
    f.default === undefined ? f.description : `${f.description} (default ${f.default})`,
    undefined,
    types.string,
  );
for (const f of BOOLEAN_FLAGS) simulate.addFlag(f.key, f.description);

simulate.setAction(async (args: Record<string, string | boolean | undefined>, hre) => {
  const { OptionsError, parseOptions } = await import("./cli/options");
  let options;
  try {
    options = parseOptions(args);
  } catch (err) {
    if (err instanceof OptionsError) throw new HardhatPluginError("counterweight", err.message, err);
    throw err;
  }
  // A fresh clone has no artifacts or TypeChain types yet, and the scenarios import both.
  const { ensureCompiled } = await import("../scripts/lib/build");
  await ensureCompiled(hre);
  const [{ loadScenarios }, { PlanError, runSimulation }, { terminalUi }, { writeReport }, path] = await Promise.all([
    import("./cli/scenarios"),
    import("./runner"),
    import("./progress"),
    import("./report/write"),
    import("node:path"),
  ]);
  const scenarios = await loadScenarios();
  const ui = terminalUi(options.quiet);
  let run;
  try {
    // From ISOLATE_FROM_AGENTS up, one process per scenario bounds the peak memory (sim/isolated.ts).
    const { isolateScenarios, launchScenarioWorker, runIsolated } = await import("./isolated");
    run = isolateScenarios(options, hre.network.name)
      ? await runIsolated(options, scenarios, ui, (name) => launchScenarioWorker(hre, name))
      : await runSimulation(hre, options, scenarios, ui);
  } catch (err) {
    if (err instanceof PlanError) throw new HardhatPluginError("counterweight", err.message, err);
    throw err;
  }
  const files = await writeReport(run, path.resolve(hre.config.paths.root, options.out));
  // Charts of scenarios that ran but lacked the data are worth a line; unrun scenarios are expected.
  for (const s of files.skipped) if (!s.endsWith("was not run")) ui.log(`chart skipped: ${s}`);
  const shown = path.relative(process.cwd(), files.markdown);
  ui.log(`report: ${shown.startsWith("..") ? files.markdown : shown} (+ summary.json, ${files.charts.length} charts)`);
  return files;
});
