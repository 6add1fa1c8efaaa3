import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port any more. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function rpcReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** The local nodes the end-to-end run (and the walkthrough in docs/deploying.md) works against. */
export const NODE_KINDS = ["hardhat", "anvil"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Hardhat's default dev mnemonic: anvil is given it explicitly so both nodes hold the same accounts. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** What `hardhat node` starts with by default (20 accounts of 10,000 ETH); anvil is told the same. */
export const DEV_ACCOUNTS = 20;
export const DEV_BALANCE_ETH = 10_000;

export interface E2eArgs {
  node: NodeKind;
  /** The closing re-run of the deployment and of every idempotent task (`--no-reruns` skips it). */
  reruns: boolean;
}

/**
 * `npm run e2e -- [--node hardhat|anvil] [--no-reruns]`: the node is `--node`, else E2E_NODE, else
 * hardhat. Throws naming the accepted values on anything else.
 */
export function parseE2eArgs(argv: readonly string[], env: NodeJS.ProcessEnv): E2eArgs {
  let value: string | undefined;
  let reruns = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--node") {
      value = argv[i + 1];
      if (value === undefined) throw new Error(`--node needs a value: ${NODE_KINDS.join(" or ")}`);
      i++;
    } else if (a.startsWith("--node=")) {
      value = a.slice("--node=".length);
    } else if (a === "--no-reruns") {
      reruns = false;
    } else {
      throw new Error(`unknown argument "${a}" (accepted: --node ${NODE_KINDS.join("|")}, --no-reruns)`);
    }
  }
  value ??= env.E2E_NODE === undefined || env.E2E_NODE === "" ? "hardhat" : env.E2E_NODE;
  const node = NODE_KINDS.find((k) => k === value);
  if (node === undefined) throw new Error(`unknown node "${value}": use ${NODE_KINDS.join(" or ")}`);
  return { node, reruns };
}

const ARCH: Partial<Record<string, string>> = { x64: "amd64", arm64: "arm64" };

/** The anvil binary npm installed with @foundry-rs/anvil (its `npx anvil` launcher is bypassed, as for forge). */
export function anvilBinary(root: string): string {
  const arch = ARCH[process.arch];
  if (arch === undefined) throw new Error(`no @foundry-rs/anvil binary for ${process.platform}-${process.arch}`);
  const exe = process.platform === "win32" ? "anvil.exe" : "anvil";
  return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/${exe}`, { paths: [root] });
}

/**
 * The command line that starts `kind` on 127.0.0.1:port with Hardhat's dev chain: chain id 31337,
 * the default mnemonic, 20 accounts of 10,000 ETH. anvil also gets `--hardfork cancun` (what the
 * contracts are compiled for) and `--prune-history`: anvil 1.7.1 otherwise copies its whole state
 * for every block it mines, so the ~40,000 blocks of GovernorAlpha's voting period take minutes.
 */
export function nodeCommand(kind: NodeKind, root: string, port: number): { command: string; args: string[] } {
  if (kind === "hardhat") {
    return {
      command: path.join(root, "node_modules", ".bin", "hardhat"),
      args: ["node", "--hostname", "127.0.0.1", "--port", String(port)],
    };
  }
  return {
    command: anvilBinary(root),
    args: [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--chain-id",
      "31337",
      "--mnemonic",
      DEV_MNEMONIC,
      "--accounts",
      String(DEV_ACCOUNTS),
      "--balance",
      String(DEV_BALANCE_ETH),
      "--hardfork",
      "cancun",
      "--prune-history",
    ],
  };
}

/** A local node child (`hardhat node` or anvil) in its own process group, so stopping it kills every descendant. */
export class LocalNode {
  private exited = false;
  private constructor(
    readonly kind: NodeKind,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly url: string,
  ) {
    child.once("exit", () => {
      this.exited = true;
    });
  }

  static async start(kind: NodeKind, root: string, logFile: string, timeoutMs = 120_000): Promise<LocalNode> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = fs.openSync(logFile, "a");
    const { command, args } = nodeCommand(kind, root, port);
    const child = spawn(command, args, { cwd: root, detached: true, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    const node = new LocalNode(kind, child, port, url);
    const deadline = Date.now() + timeoutMs;
    while (!(await rpcReady(url))) {
      if (node.exited) {
        throw new Error(`${kind} node exited before answering; see ${logFile}`);
      }
      if (Date.now() > deadline) {
        await node.stop();
        throw new Error(`${kind} node did not answer on ${url} within ${timeoutMs} ms; see ${logFile}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return node;
  }

  /** SIGTERM to the whole group, SIGKILL after 5 s; resolves once the port is free again. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.exited) {
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        // already gone
      }
      const deadline = Date.now() + 5_000;
      while (!this.exited && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!this.exited) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    const deadline = Date.now() + 10_000;
    while (!(await portIsFree(this.port))) {
      if (Date.now() > deadline) {
        throw new Error(`port ${this.port} still in use after stopping the node`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Synchronous last resort for process exit handlers. */
  killNow(): void {
    if (this.child.pid !== undefined && !this.exited) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}
