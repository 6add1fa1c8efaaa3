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

/** A `hardhat node` child running in its own process group, so stopping it kills every descendant. */
export class HardhatNode {
  private exited = false;
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly url: string,
  ) {
    child.once("exit", () => {
      this.exited = true;
    });
  }

  static async start(root: string, logFile: string, timeoutMs = 120_000): Promise<HardhatNode> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = fs.openSync(logFile, "a");
    const child = spawn(
      path.join(root, "node_modules", ".bin", "hardhat"),
      ["node", "--hostname", "127.0.0.1", "--port", String(port)],
      { cwd: root, detached: true, stdio: ["ignore", log, log] },
    );
    fs.closeSync(log);
    const node = new HardhatNode(child, port, url);
    const deadline = Date.now() + timeoutMs;
    while (!(await rpcReady(url))) {
      if (node.exited) {
        throw new Error(`hardhat node exited before answering; see ${logFile}`);
      }
      if (Date.now() > deadline) {
        await node.stop();
        throw new Error(`hardhat node did not answer on ${url} within ${timeoutMs} ms; see ${logFile}`);
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
