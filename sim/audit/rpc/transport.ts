/**
 * The JSON-RPC transport the scanner talks through: an HTTP endpoint (`--rpc URL`) or any EIP-1193
 * provider (`--network NAME`, Hardhat's in-process chain). Every failure becomes an RpcError that
 * keeps what classifying it needs: the JSON-RPC code and message, the HTTP status, Retry-After.
 */

/** One JSON-RPC call; `params` and the result are plain JSON. */
export interface RpcTransport {
  /** Short description for messages and the report ("http://127.0.0.1:8545", "hardhat network"). */
  readonly label: string;
  request(method: string, params: readonly unknown[]): Promise<unknown>;
}

/** A failed JSON-RPC call, whatever failed: the network, HTTP, or the node's JSON-RPC error. */
export class RpcError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly details: {
      /** The JSON-RPC error code, when the node answered with one. */
      code?: number;
      /** The HTTP status, when it was not 200. */
      httpStatus?: number;
      /** The JSON-RPC error's `data`, when present. */
      data?: unknown;
      /** Milliseconds the server asked us to wait (HTTP Retry-After). */
      retryAfterMs?: number;
      /** True when no answer came at all (connection refused or reset, timeout). */
      network?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "RpcError";
  }
}

interface JsonRpcErrorBody {
  code?: unknown;
  message?: unknown;
  data?: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function rpcErrorFromBody(method: string, err: JsonRpcErrorBody, httpStatus?: number): RpcError {
  const code = typeof err.code === "number" ? err.code : undefined;
  const message = typeof err.message === "string" ? err.message : JSON.stringify(err);
  // Some gateways put the useful text in `data` (Tenderly: data.payload); keep it in the message.
  const extra =
    isRecord(err.data) && typeof err.data.payload === "string"
      ? `: ${err.data.payload}`
      : typeof err.data === "string"
        ? `: ${err.data}`
        : "";
  return new RpcError(method, `${message}${extra}`, { code, httpStatus, data: err.data });
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** JSON-RPC 2.0 over HTTP POST with Node's fetch; one request per call, each with a timeout. */
export class HttpTransport implements RpcTransport {
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 60_000,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`--rpc "${url}" is not a URL (expected http://… or https://…)`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new Error(`--rpc "${url}": only http:// and https:// endpoints are supported`);
    }
  }

  /** The URL without its path or query, which often hold an API key. */
  get label(): string {
    const u = new URL(this.url);
    return `${u.protocol}//${u.host}`;
  }

  async request(method: string, params: readonly unknown[]): Promise<unknown> {
    const id = this.nextId++;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const reason =
        e instanceof Error ? (e.name === "TimeoutError" ? `timeout after ${this.timeoutMs} ms` : e.message) : String(e);
      throw new RpcError(method, `no answer from ${this.label}: ${reason}`, { network: true });
    }
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new RpcError(method, `answer from ${this.label} cut off: ${e instanceof Error ? e.message : String(e)}`, {
        network: true,
        httpStatus: res.status,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isRecord(body) && isRecord(body.error)) {
      const err = rpcErrorFromBody(method, body.error, res.ok ? undefined : res.status);
      throw retryAfterMs === undefined ? err : new RpcError(method, err.message, { ...err.details, retryAfterMs });
    }
    if (!res.ok) {
      throw new RpcError(method, `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 200)}`, {
        httpStatus: res.status,
        retryAfterMs,
      });
    }
    if (!isRecord(body) || !("result" in body)) {
      throw new RpcError(method, `not a JSON-RPC answer from ${this.label}: ${text.slice(0, 200)}`, { network: true });
    }
    return body.result;
  }
}

/** The EIP-1193 shape Hardhat's `hre.network.provider` has. */
export interface Eip1193Like {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** Any EIP-1193 provider (`--network NAME`); its errors become RpcErrors with their code kept. */
export class Eip1193Transport implements RpcTransport {
  constructor(
    private readonly provider: Eip1193Like,
    readonly label: string,
  ) {}

  async request(method: string, params: readonly unknown[]): Promise<unknown> {
    try {
      return await this.provider.request({ method, params: [...params] });
    } catch (e) {
      if (e instanceof RpcError) throw e;
      const rec: Record<string, unknown> = isRecord(e) ? e : {};
      const message = e instanceof Error ? e.message : String(e);
      const code = typeof rec.code === "number" ? rec.code : undefined;
      const httpStatus = typeof rec.status === "number" ? rec.status : undefined;
      throw new RpcError(method, message, { code, httpStatus, data: rec.data });
    }
  }
}
