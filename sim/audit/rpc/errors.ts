import { RpcError } from "./transport";

/**
 * What to do about a failed call:
 * - "range": the provider refused an eth_getLogs block range as too large (too many results, response
 *   too big, range over its cap): halve the range and ask again;
 * - "transient": rate limits, timeouts, dropped connections, 5xx, a lagging node: wait and retry;
 * - "fatal": anything else (bad address, reverted call, pruned state): stop with the node's message.
 */
export type RpcFailure = "range" | "transient" | "fatal";

/**
 * eth_getLogs refusals that a smaller block range cures, as providers word them. Matched on the
 * message (lower-cased), because codes are shared with unrelated errors (-32005 is also Infura's
 * rate limit, -32602 any bad parameter). Sources: the public issue threads that quote each answer.
 */
export const RANGE_ERROR_PATTERNS: readonly { provider: string; pattern: RegExp }[] = [
  // Alchemy: "Log response size exceeded. … this block range should work: [0x…, 0x…]" (bancorprotocol/webapp#523)
  { provider: "Alchemy", pattern: /log response size exceeded/ },
  // Infura, geth-based nodes, zkSync: -32005 "query returned more than 10000 results" (Infura docs; aurora-relayer#327)
  { provider: "Infura / geth", pattern: /query returned more than \d+ results/ },
  // Infura's live block-range cap: -32602 "range 1000000 exceeds limit of 10000" (INFURA/infura#237)
  { provider: "Infura", pattern: /range \d+ exceeds limit of \d+/ },
  // Infura: -32005 "query timeout exceeded" (a narrower range answers within its 10 s)
  { provider: "Infura", pattern: /query timeout exceeded/ },
  // QuickNode: -32614 "eth_getLogs is limited to a 10,000 range" (OffchainLabs/arbitrum-sdk#609)
  { provider: "QuickNode", pattern: /eth_getlogs is limited to a [\d,]+ range/ },
  // BSC dataseeds and other public nodes: -32005 "limit exceeded" (DefiLlama/dimension-adapters#864)
  { provider: "BSC / public nodes", pattern: /^limit exceeded$/ },
  // Tenderly: "range 9009594 is bigger than range limit 2000" (bobanetwork/boba_legacy#827)
  { provider: "Tenderly", pattern: /range \d+ is bigger than range limit/ },
  // Ankr: "maximum [from, to] blocks distance: 10000" (ponder-sh/ponder#1940)
  { provider: "Ankr", pattern: /maximum \[from, to\] blocks distance/ },
  // Erigon (rpc.logs.maxrange), reth, Candle, others: "block range too large/high", "exceeds max block range/results"
  { provider: "Erigon / reth / others", pattern: /block range (is )?too (large|high|wide|big)/ },
  { provider: "reth / others", pattern: /exceeds? (the )?max(imum)? (block range|results|logs)/ },
  // zkSync era: -32008 "Response is too big" (matter-labs/zksync-era#3412)
  { provider: "zkSync", pattern: /response (is )?too (big|large)/ },
  { provider: "generic", pattern: /(more than|over) [\d,]+ (logs|results)/ },
  { provider: "generic", pattern: /too many (logs|results)/ },
];

/** Rate limits: checked first, since some share words with the range errors ("limit", "exceeded"). */
const RATE_LIMIT_PATTERN =
  /rate limit|rate-limit|request rate|too many requests|credits limited|compute units|exceeded its .*capacity|throughput|daily request count|try again later|temporarily unavailable|capacity exceeded/;

/** A node that is momentarily behind, or a load balancer that hit one. */
const LAGGING_NODE_PATTERN =
  /header not found|unknown block|block not found|not yet available|internal error|timeout|timed out|econnreset|socket hang up|busy/;

const TRANSIENT_HTTP = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** Classifies a failure of `method`: only eth_getLogs has "range" failures. */
export function classifyRpcFailure(err: unknown, method: string): RpcFailure {
  if (!(err instanceof RpcError)) return "fatal";
  const msg = err.message.toLowerCase().trim();
  const { code, httpStatus, network } = err.details;
  if (network === true) return "transient";
  if (httpStatus === 429 || code === 429 || RATE_LIMIT_PATTERN.test(msg)) return "transient";
  if (method === "eth_getLogs") {
    if (httpStatus === 413) return "range";
    if (RANGE_ERROR_PATTERNS.some((p) => p.pattern.test(msg))) return "range";
  }
  if (httpStatus !== undefined && TRANSIENT_HTTP.has(httpStatus)) return "transient";
  if (code === -32603 || LAGGING_NODE_PATTERN.test(msg)) return "transient";
  return "fatal";
}

/**
 * The sub-range a provider suggests in its refusal (Alchemy: "this block range should work:
 * [0x…, 0x…]"; zkSync: "Try with this block range [0x0, 0x30f]"), when it starts at `from` and ends
 * strictly inside the refused range; otherwise undefined (reth has been seen to echo the refused range).
 */
export function suggestedRangeEnd(err: unknown, from: number, to: number): number | undefined {
  if (!(err instanceof RpcError)) return undefined;
  const m = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(err.message);
  if (m === null) return undefined;
  const start = Number.parseInt(m[1], 16);
  const end = Number.parseInt(m[2], 16);
  return start === from && end >= from && end < to ? end : undefined;
}

/** Block-range caps providers state in their refusals ("range 1000000 exceeds limit of 10000"). */
const RANGE_CAP_PATTERNS: readonly RegExp[] = [
  /exceeds limit of ([\d,]+)/, // Infura
  /limited to a ([\d,]+) range/, // QuickNode
  /blocks distance: ([\d,]+)/, // Ankr
  /range limit ([\d,]+)/, // Tenderly
  /max range: ([\d,]+)/, // Erigon rpc.logs.maxrange
  /block range is limited to ([\d,]+)/,
];

/**
 * The most blocks per eth_getLogs the provider says it accepts, when its refusal states a cap
 * (a block-range limit, not a result count); the scan then never asks for more.
 */
export function statedRangeCap(err: unknown): number | undefined {
  if (!(err instanceof RpcError)) return undefined;
  const msg = err.message.toLowerCase();
  for (const p of RANGE_CAP_PATTERNS) {
    const m = p.exec(msg);
    if (m !== null) {
      const n = Number(m[1].replace(/,/g, ""));
      if (Number.isSafeInteger(n) && n >= 1) return n;
    }
  }
  return undefined;
}
