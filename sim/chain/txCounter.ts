import type { Middleware } from "./middleware";

const SENDS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);

/** Counts the transactions the chain accepted (sent and mined, reverted ones included). */
export class TxCounter {
  private count = 0;

  /** `onSend` is told the running count after every accepted transaction (e.g. to move a progress bar). */
  constructor(private readonly onSend?: (count: number) => void) {}

  readonly middleware: Middleware = async (args, next) => {
    const result = await next(args);
    if (SENDS.has(args.method)) {
      this.count++;
      this.onSend?.(this.count);
    }
    return result;
  };

  get transactions(): number {
    return this.count;
  }
}
