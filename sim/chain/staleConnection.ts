import type { RequestArguments } from "hardhat/types";
import { performance } from "node:perf_hooks";
import type { Middleware } from "./middleware";

/** Socket errors that mean the node closed a kept-alive connection before it read the request. */
const STALE_SOCKET_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/** The idle gap after which a kept-alive connection may already be closed by the node. */
export const STALE_AFTER_MS = 1_000;

function isStaleSocket(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && STALE_SOCKET_CODES.has(code)) return true;
  return cause !== undefined && cause !== err && isStaleSocket(cause);
}

/**
 * Guards requests to a node over HTTP against its closing an idle kept-alive connection at the moment
 * the next request goes out on it (a Hardhat node closes idle connections after 5 s; when the
 * simulator's event loop is busy for longer — charts, a loaded machine — the client's own idle timer
 * cannot fire first, and the request fails with "other side closed").
 *
 * After an idle gap of `staleAfterMs` or more, it first sends `eth_chainId` (read-only, so safe to
 * repeat) and repeats it once if the connection turns out to be closed; the request itself then goes
 * out on a live connection and is never sent twice. Any other failure is passed on unchanged.
 */
export function staleConnectionGuard(
  staleAfterMs = STALE_AFTER_MS,
  now: () => number = () => performance.now(),
): Middleware {
  let lastSettled = now();
  const settle = () => {
    lastSettled = now();
  };
  return async (args: RequestArguments, next) => {
    if (now() - lastSettled >= staleAfterMs) {
      try {
        await next({ method: "eth_chainId" });
      } catch (err) {
        if (!isStaleSocket(err)) throw err;
        await next({ method: "eth_chainId" });
      }
    }
    try {
      return await next(args);
    } finally {
      settle();
    }
  };
}
