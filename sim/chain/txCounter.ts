import type { Middleware } from "./middleware";

const SENDS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);

/** Counts the transactions the chain accepted (sent and mined, reverted ones included). */
export class TxCounter {
  private count = 0;

  readonly middleware: Middleware = async (args, next) => {
    const result = await next(args);
    if (SENDS.has(args.method)) this.count++;
    return result;
  };

  get transactions(): number {
    return this.count;
  }
}
