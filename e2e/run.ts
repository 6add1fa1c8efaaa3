/**
 * End-to-end: a real local node (`hardhat node`, or anvil with `--node anvil` / E2E_NODE=anvil) on a free loopback port, the suite deployed with `cw:deploy` and
 * the shipped localhost parameters, then docs/deploying.md's walkthrough command by command: a
 * proposal's whole life through the timelock, a vesting claim and a farm claim; then the deployment
 * and every task re-run and shown to change nothing. The node is stopped whatever happens. Run: `npm run e2e` (or `npm run e2e -- --node anvil`;
 * `--no-reruns` leaves out the closing re-runs).
 */
import fs from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { LocalNode, parseE2eArgs } from "./node";
import { hardhatCli, runningCli } from "./cli";
import { scenario } from "./scenario";

const root = path.resolve(__dirname, "..");

async function main(): Promise<void> {
  const { node: kind, reruns } = parseE2eArgs(process.argv.slice(2), process.env);
  const started = Date.now();
  const runId = `e2e-${Date.now()}-${process.pid}`;
  const runDir = path.join(root, ".e2e", runId);
  const deploymentDir = path.join(root, "deploy", "deployments", runId);
  fs.mkdirSync(runDir, { recursive: true });
  const log = (s: string) => console.log(s);
  let node: LocalNode | undefined;
  const stopNow = (signal: NodeJS.Signals) => {
    node?.killNow();
    for (const child of runningCli) {
      child.kill("SIGKILL");
    }
    console.error(`e2e: ${signal}, node stopped`);
    process.exit(130);
  };
  process.once("SIGINT", stopNow);
  process.once("SIGTERM", stopNow);
  process.once("exit", () => node?.killNow());
  try {
    await hardhatCli(root, {}, ["compile", "--quiet"], { network: false, log });
    node = await LocalNode.start(kind, root, path.join(runDir, "node.log"));
    log(`e2e: ${kind} node on ${node.url} (pid group), run folder ${runDir}`);
    const env = { CW_E2E_RPC: node.url };
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    try {
      await scenario({
        root,
        runDir,
        deploymentId: runId,
        provider,
        log,
        reruns,
        cli: (args) => hardhatCli(root, env, args, { log }),
      });
    } finally {
      provider.destroy();
    }
    log(`e2e: PASSED on ${kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (node !== undefined) {
      const port = node.port;
      await node.stop();
      log(`e2e: node stopped, port ${port} free`);
    }
  }
  // Kept on failure for debugging; removed on success so repeated runs do not pile up.
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.rmSync(deploymentDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
