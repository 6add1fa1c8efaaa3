import v8 from "node:v8";
import vm from "node:vm";
import type { Middleware } from "./middleware";

/**
 * Resident memory the process may gain between two full garbage collections that
 * `responseCollector` forces. Measured (2026-12-02, `simulate --scenario governance --agents 3000`
 * with a 1-state EDR cache, load ≈ 1–2): max RSS 2.13 GB without, 1.87 GB at 128 MB (8
 * collections), 1.67 GB at 64 MB (13, 0.6 s), 1.65 GB at 32 MB (24, 1.0 s); a collection every 200
 * requests gave 1.41 GB but cost 8.2 s of CPU (204 collections of ~40 ms). Against 37db884 (same
 * day, same summary bytes): the default run 1.74 → 1.38 GB; mining --agents 3000 1.48 → 1.43 GB;
 * but mining --agents 10000 2.16–2.23 → 2.48–2.50 GB (2 runs each, load ≈ 1–2), not understood.
 */
export const GC_AFTER_GROWTH_BYTES = 32 * 2 ** 20;

/** Requests between two readings of the resident memory. */
const CHECK_EVERY = 32;

/** V8's full collection: `global.gc` when Node runs with --expose-gc, else exposed at run time. */
export function fullGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/**
 * A middleware for the in-process chain that forces a full garbage collection whenever the
 * process's resident memory has grown by `growth` bytes since the last one (checked every
 * CHECK_EVERY requests). Each answer of EDR (Hardhat's in-process chain) is a native object that
 * holds the execution traces of the transactions it mined (every EVM step and call: ~1,000–2,700
 * steps for a vote, 270,000 for a 250-recipient Disperse, a few hundred bytes each) until V8
 * collects it. V8 sees only its small JavaScript wrapper, which young-generation collections do
 * not free, so the traces pile up in EDR's heap until a full collection, which a ~100 MB
 * JavaScript heap rarely needs: in governance at 3,000 agents the 3,000 Counterweight votes alone
 * left +600 MB. A collection changes nothing the chain does. `gc` and `rss` (the resident memory
 * in bytes) are parameters so that tests can count collections against a memory they control.
 */
export function responseCollector(
  growth: number = GC_AFTER_GROWTH_BYTES,
  gc: () => void = fullGc(),
  rss: () => number = process.memoryUsage.rss,
): Middleware {
  if (!(growth > 0)) throw new RangeError(`responseCollector: growth ${growth} is not > 0`);
  let requests = 0;
  let limit = rss() + growth;
  return async (args, next) => {
    if (++requests % CHECK_EVERY === 0 && rss() > limit) {
      gc();
      limit = rss() + growth;
    }
    return next(args);
  };
}
