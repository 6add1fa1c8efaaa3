import type { EIP1193Provider, RequestArguments } from "hardhat/types";

/** Sees every JSON-RPC request sent through the provider; calls `next` to pass it on. */
export type Middleware = (
  args: RequestArguments,
  next: (args: RequestArguments) => Promise<unknown>,
) => Promise<unknown>;

interface PatchableProvider extends EIP1193Provider {
  send?: (method: string, params?: unknown[]) => Promise<unknown>;
}

/**
 * Routes `request` and `send` of a Hardhat provider (what ethers, Ignition and the network helpers
 * call) through the middlewares, first one outermost. Returns the function that restores the
 * provider. The in-process network and `--network localhost` behave the same.
 */
export function useMiddleware(provider: EIP1193Provider, middlewares: readonly Middleware[]): () => void {
  const target = provider as PatchableProvider;
  const ownRequest = Object.prototype.hasOwnProperty.call(target, "request");
  const ownSend = Object.prototype.hasOwnProperty.call(target, "send");
  const originalRequest = target.request;
  const originalSend = target.send;
  const base = (args: RequestArguments) => originalRequest.call(target, args);
  const chain = middlewares.reduceRight<(args: RequestArguments) => Promise<unknown>>(
    (next, mw) => (args) => mw(args, next),
    base,
  );
  target.request = chain;
  target.send = (method: string, params?: unknown[]) => chain({ method, params });
  return () => {
    if (ownRequest) target.request = originalRequest;
    else delete (target as Partial<PatchableProvider>).request;
    if (ownSend) target.send = originalSend;
    else delete (target as Partial<PatchableProvider>).send;
  };
}
