import { task, types } from "hardhat/config";
import { AUDIT_BOOLEAN_FLAGS, AUDIT_VALUE_FLAGS } from "./options";

/**
 * `npx hardhat audit --csv FILE --decimals N [--labels FILE] [--exclude KINDS] [--merge-top 1,5,10,50]
 * [--top-k 1,10,100] [--oz-quorum-percent 4] [--identity-quorum-share 0.1] [--lp] [--allocations FILE]
 * [--scenario-config FILE] [--out DIR] [--quiet]`, also `npm run audit -- …`: concentration of a real
 * token's holders and what Counterweight's mechanisms would change (docs/audit.md). Every input is
 * validated before anything is written; the audit itself is imported only when the task runs.
 */
const audit = task("audit", "Audit a token's holder concentration and what Counterweight would change");
for (const f of AUDIT_VALUE_FLAGS)
  audit.addOptionalParam(
    f.key,
    f.default === undefined ? f.description : `${f.description} (default ${f.default})`,
    undefined,
    types.string,
  );
for (const f of AUDIT_BOOLEAN_FLAGS) audit.addFlag(f.key, f.description);

audit.setAction(async (args: Record<string, string | boolean | undefined>, hre) => {
  const [{ parseAuditOptions }, { runAudit }, { writeAudit }, { auditProgress }, path] = await Promise.all([
    import("./options"),
    import("./run"),
    import("./write"),
    import("./progress"),
    import("node:path"),
  ]);
  const options = parseAuditOptions(args);
  const progress = auditProgress(options.quiet);
  let result;
  try {
    result = await runAudit(options, progress);
  } finally {
    progress.doneReading();
  }
  const files = await writeAudit(result, path.resolve(hre.config.paths.root, options.out));
  const shown = path.relative(process.cwd(), files.markdown);
  progress.log(
    `report: ${shown.startsWith("..") ? files.markdown : shown} (+ summary.json, ${files.charts.length} charts)`,
  );
  return files;
});
