import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the proxy forwards to: an EIP-1193 provider (Hardhat's in-process chain) or a node's URL. */
export type Backend = (method: string, params: unknown[]) => Promise<unknown>;

/** The refusals the proxy sends for an eth_getLogs answer over `maxLogs`, worded as providers word them. */
export const REFUSALS = {
  alchemy: {
    status: 200,
    code: -32602,
    message:
      "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response.",
  },
  infura: { status: 200, code: -32005, message: "query returned more than 10000 results" },
  bsc: { status: 200, code: -32005, message: "limit exceeded" },
  http413: { status: 413, code: -32000, message: "Request Entity Too Large" },
} as const;
export type RefusalStyle = keyof typeof REFUSALS;

/** Transient failures the proxy injects: a 429 with Retry-After, a 503 page, a reset connection. */
export type TransientFault = "429" | "503" | "reset";

export interface FaultPlan {
  /** eth_getLogs answers with more logs than this are refused (undefined: never). */
  maxLogs?: number;
  /** Refusal wording, rotated through in order. */
  refusals?: RefusalStyle[];
  /** Every `transientEvery`-th request fails transiently (undefined: never). */
  transientEvery?: number;
  transients?: TransientFault[];
  /** Methods answered with "method not found", as a non-Hardhat node answers hardhat_metadata. */
  hideMethods?: string[];
  /** Called after each eth_getLogs answer the proxy passed through (e.g. to abort a scan). */
  onLogsServed?: (from: number, to: number, count: number) => void;
}

/** One request the proxy saw, and what it did with it. */
export interface ProxyEvent {
  method: string;
  params: unknown[];
  outcome: "served" | "refused" | TransientFault;
}

/**
 * A small JSON-RPC server in front of a chain that misbehaves on purpose: it refuses eth_getLogs
 * ranges with too many results as Alchemy, Infura or BSC nodes do (a Hardhat node never does), and
 * fails a share of calls transiently. Everything it did is in `events`.
 */
export class FaultProxy {
  readonly events: ProxyEvent[] = [];
  private server: http.Server | undefined;
  private requests = 0;
  private refusalIndex = 0;
  private transientIndex = 0;
  url = "";

  constructor(
    private readonly backend: Backend,
    public plan: FaultPlan = {},
  ) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void this.handle(Buffer.concat(chunks).toString("utf8"), req, res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (s === undefined) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
    this.server = undefined;
  }

  /** The [from, to] ranges of every eth_getLogs the proxy served. */
  servedRanges(): [number, number][] {
    return this.events
      .filter((e) => e.method === "eth_getLogs" && e.outcome === "served")
      .map((e) => {
        const f = e.params[0] as { fromBlock: string; toBlock: string };
        return [Number.parseInt(f.fromBlock, 16), Number.parseInt(f.toBlock, 16)];
      });
  }

  count(outcome: ProxyEvent["outcome"]): number {
    return this.events.filter((e) => e.outcome === outcome).length;
  }

  private async handle(body: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: unknown[] };
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    this.requests++;
    const every = this.plan.transientEvery;
    if (every !== undefined && this.requests % every === 0) {
      const kinds = this.plan.transients ?? ["429", "503", "reset"];
      const kind = kinds[this.transientIndex++ % kinds.length];
      this.events.push({ method, params, outcome: kind });
      if (kind === "reset") {
        req.socket.destroy();
      } else if (kind === "429") {
        send(
          429,
          {
            jsonrpc: "2.0",
            id,
            error: { code: 429, message: "Your app has exceeded its compute units per second capacity." },
          },
          { "retry-after": "0" },
        );
      } else {
        res.writeHead(503, { "content-type": "text/html" });
        res.end("<html><body>503 Service Temporarily Unavailable</body></html>");
      }
      return;
    }
    if (this.plan.hideMethods?.includes(method) === true) {
      this.events.push({ method, params, outcome: "served" });
      send(200, {
        jsonrpc: "2.0",
        id,
        error: { code: -32601, message: `the method ${method} does not exist/is not available` },
      });
      return;
    }
    let result: unknown;
    try {
      result = await this.backend(method, params);
    } catch (e) {
      const rec = e as { code?: unknown; message?: unknown };
      this.events.push({ method, params, outcome: "served" });
      send(200, {
        jsonrpc: "2.0",
        id,
        error: { code: typeof rec.code === "number" ? rec.code : -32000, message: String(rec.message) },
      });
      return;
    }
    if (
      method === "eth_getLogs" &&
      Array.isArray(result) &&
      this.plan.maxLogs !== undefined &&
      result.length > this.plan.maxLogs
    ) {
      const styles = this.plan.refusals ?? ["alchemy", "infura", "bsc", "http413"];
      const r = REFUSALS[styles[this.refusalIndex++ % styles.length]];
      this.events.push({ method, params, outcome: "refused" });
      send(r.status, { jsonrpc: "2.0", id, error: { code: r.code, message: r.message } });
      return;
    }
    this.events.push({ method, params, outcome: "served" });
    send(200, { jsonrpc: "2.0", id, result });
    if (method === "eth_getLogs" && Array.isArray(result)) {
      const f = params[0] as { fromBlock: string; toBlock: string };
      this.plan.onLogsServed?.(Number.parseInt(f.fromBlock, 16), Number.parseInt(f.toBlock, 16), result.length);
    }
  }
}
