import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Task processes still running, so a signal handler can stop them with the node. */
export const runningCli = new Set<ChildProcess>();

/** Runs `hardhat --config e2e/hardhat.config.ts --network localhost <args>` as an operator would. */
export function hardhatCli(
  root: string,
  env: Record<string, string>,
  args: readonly string[],
  opts: { network?: boolean; log: (s: string) => void },
): Promise<string> {
  const full = [
    "--config",
    path.join("e2e", "hardhat.config.ts"),
    ...(opts.network === false ? [] : ["--network", "localhost"]),
    ...args,
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "hardhat"), full, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    runningCli.add(child);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      runningCli.delete(child);
      // Logged whole when it ends, so runs that overlap do not interleave their output.
      opts.log(`$ hardhat ${args.join(" ")}`);
      opts.log(`    (${((Date.now() - started) / 1000).toFixed(1)} s, exit ${code})`);
      for (const line of out.trimEnd().split("\n")) {
        opts.log(`    ${line}`);
      }
      if (code === 0) {
        resolve(out);
      } else {
        reject(new Error(`hardhat ${args.join(" ")} exited with ${code}`));
      }
    });
  });
}
