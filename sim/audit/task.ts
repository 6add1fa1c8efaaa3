import { task, types } from "hardhat/config";
import { AUDIT_BOOLEAN_FLAGS, AUDIT_VALUE_FLAGS } from "./options";

/**
 * `npx hardhat audit --csv FILE (--decimals N | --token ADDRESS) [--labels FILE] [--exclude KINDS] [--merge-top 1,5,10,50]
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
// The JSON-RPC input (scripts/lib/auditRpc.ts, sim/audit/rpc): read-only, no key needed.
const RPC_VALUE_FLAGS: readonly [string, string][] = [
  ["token", "audit this token's holders from the chain (its Transfer logs) instead of a CSV"],
  ["rpc", "JSON-RPC endpoint (else the --network's URL; read-only, no key)"],
  ["fromBlock", "first block scanned (default: the token's deployment block, found on eth_getCode)"],
  ["toBlock", "last block scanned (default: the latest, pinned when the scan starts)"],
  ["cache", "scan cache directory, so an interrupted scan resumes (default cache/audit)"],
];
const RPC_FLAGS: readonly [string, string][] = [
  ["votes", "delegated voting power (DelegateVotesChanged) instead of balances"],
  ["noCache", "scan without the on-disk cache"],
  ["lookThroughV2", "pass Uniswap V2 pairs among the holders through to their LP holders"],
  ["balancesFromChain", "amounts from balanceOf at the end block (rebasing or fee-taking tokens)"],
];
for (const [key, description] of RPC_VALUE_FLAGS) audit.addOptionalParam(key, description, undefined, types.string);
for (const [key, description] of RPC_FLAGS) audit.addFlag(key, description);

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
  const text = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);
  const flag = (k: string) => args[k] === true;
  const rpcArgs = {
    token: text("token"),
    rpc: text("rpc"),
    fromBlock: text("fromBlock"),
    toBlock: text("toBlock"),
    cache: text("cache"),
    votes: flag("votes"),
    noCache: flag("noCache"),
    lookThroughV2: flag("lookThroughV2"),
    balancesFromChain: flag("balancesFromChain"),
  };
  // --token with --csv: the CSV's holders, the chain's decimals(); --token alone: the chain's holders.
  const chain =
    rpcArgs.token === undefined
      ? {}
      : options.csv !== undefined
        ? {
            decimals: async () => (await import("../../scripts/lib/auditRpc")).tokenDecimalsForTask(rpcArgs, hre),
          }
        : {
            scan: async () => {
              const { scanForTask } = await import("../../scripts/lib/auditRpc");
              return (await scanForTask(rpcArgs, hre, (l) => progress.log(l), options.quiet)).holderSet;
            },
          };
  let result;
  try {
    result = await runAudit(options, progress, chain);
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
