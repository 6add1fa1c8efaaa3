import path from "node:path";
import { getAddress, isAddress } from "ethers";
import type { AuditCheck, Holder, HolderSet } from "../types";
import { ScanCache, DEFAULT_CACHE_ROOT } from "./cache";
import {
  balancesFromChainCheck,
  balanceSpotCheck,
  DEFAULT_SPOT_CHECKS,
  negativeBalanceCheck,
  supplyCheck,
  votesSpotCheck,
  votesSupplyCheck,
  type SpotCheckPlan,
  type Units,
} from "./checks";
import { RpcClient } from "./client";
import { DEFAULT_CODE_CHECK_LIMIT, detectContracts } from "./contracts";
import { scanStart } from "./deployment";
import type { Measure } from "./events";
import { scanLedger, validCachedMeta, type LedgerScanStats } from "./ledgerScan";
import { lookThroughPair, type PairLookThrough } from "./lookThrough";
import { mapLimit } from "../../pool";
import { rates, silentProgress, type ScanProgress } from "./progress";
import { DEFAULT_RANGE_POLICY, validateRangePolicy, type RangePolicy } from "./rangeScan";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry";
import { TokenReader } from "./token";
import { HttpTransport, type RpcTransport } from "./transport";

export { DEFAULT_CACHE_ROOT } from "./cache";
export { ScanInterrupted } from "./rangeScan";
export { RpcError, HttpTransport, Eip1193Transport, type RpcTransport } from "./transport";
export { terminalScanProgress, silentProgress, type ScanProgress } from "./progress";
export type { Measure } from "./events";

/** `scanHolders` input: the token, where to reach its chain, and how to scan. */
export interface ScanHoldersOptions {
  /** The token's address. */
  token: string;
  /** `--rpc URL`; or give `transport` (an EIP-1193 provider for `--network NAME`). */
  rpc?: string;
  transport?: RpcTransport;
  /** First block scanned (default: the token's deployment block, by binary search on eth_getCode). */
  fromBlock?: number;
  /** Last block scanned (default: an interrupted scan's pinned end, else the latest block, pinned at start). */
  toBlock?: number;
  /** "balance" (Transfer logs) or "votes" (DelegateVotesChanged: delegated voting power). */
  measure?: Measure;
  /** Cache root (`--cache DIR`; default cache/audit); null: no cache. */
  cacheDir?: string | null;
  ranges?: Partial<RangePolicy>;
  retry?: Partial<RetryPolicy>;
  spotChecks?: Partial<SpotCheckPlan>;
  /** Largest holders checked with eth_getCode (0: none). */
  codeCheckLimit?: number;
  /**
   * Amounts from balanceOf at the end block for every address the logs name, instead of the
   * Transfer-log balances (rebasing or fee-taking tokens); one eth_call per holder.
   */
  balancesFromChain?: boolean;
  /** Pass Uniswap V2 pairs among the holders through to their LP holders ("balance" only). */
  lookThroughV2?: boolean;
  progress?: ScanProgress;
  /** Stops the scan between two ranges (the cache keeps every completed range). */
  signal?: AbortSignal;
  /** Retry waits (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

/** What a scan did, besides its result: for the summary, the report and the benchmarks. */
export interface ScanStats {
  chainId: number;
  endpoint: string;
  fromBlock: number;
  toBlock: number;
  /** How fromBlock was chosen ("--from-block", the deployment block by binary search, …). */
  start: string;
  scan: LedgerScanStats;
  /** The LP scans of the pairs looked through. */
  pairs: PairLookThrough[];
  rpcCalls: number;
  rpcRetries: number;
  /** Blocks and logs per second of this run's scanning (cached ranges excluded). */
  blocksPerSecond: number;
  logsPerSecond: number;
  elapsedMs: number;
}

function blockOption(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
    throw new Error(`--${name} must be a block number (an integer >= 0), got ${v}`);
  }
}

/** Holders in the HolderSet order: amount descending, then address ascending (as a number). */
export function sortHolders(holders: Holder[]): Holder[] {
  return holders.sort((a, b) =>
    a.amount === b.amount ? (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1) : a.amount > b.amount ? -1 : 1,
  );
}

function mergeHolders(holders: readonly Holder[]): Holder[] {
  const byAddress = new Map<string, Holder>();
  for (const h of holders) {
    const key = h.address.toLowerCase();
    const prev = byAddress.get(key);
    byAddress.set(key, { address: h.address, amount: (prev?.amount ?? 0n) + h.amount });
  }
  return sortHolders([...byAddress.values()].filter((h) => h.amount > 0n));
}

/**
 * Rebuilds the holders of an ERC-20 (or its delegates' voting power) from its logs over JSON-RPC,
 * checks the result against the chain, and returns it as the audit's HolderSet.
 */
export async function scanHoldersWithStats(
  options: ScanHoldersOptions,
): Promise<{ holderSet: HolderSet; stats: ScanStats }> {
  const started = Date.now();
  if (!isAddress(options.token)) throw new Error(`--token "${options.token}" is not an address`);
  const token = getAddress(options.token);
  const measure = options.measure ?? "balance";
  blockOption("from-block", options.fromBlock);
  blockOption("to-block", options.toBlock);
  const policy: RangePolicy = { ...DEFAULT_RANGE_POLICY, ...options.ranges };
  if (options.ranges?.maxSpan !== undefined && options.ranges.initialSpan === undefined) {
    policy.initialSpan = Math.min(policy.initialSpan, policy.maxSpan);
  }
  validateRangePolicy(policy);
  const spot: SpotCheckPlan = { ...DEFAULT_SPOT_CHECKS, ...options.spotChecks };
  const progress = options.progress ?? silentProgress;
  let transport = options.transport;
  if (transport === undefined) {
    if (options.rpc === undefined) throw new Error("scanHolders needs --rpc URL or a network");
    transport = new HttpTransport(options.rpc);
  }
  const client = new RpcClient(
    transport,
    { ...DEFAULT_RETRY, ...options.retry },
    {
      sleep: options.sleep,
      onRetry: ({ method, attempt, delayMs, error }) =>
        progress.note(`${method} failed (${error.message.slice(0, 120)}); retry ${attempt} in ${delayMs} ms`),
    },
  );

  const chainId = await client.chainId();
  const latest = await client.blockNumber();
  if (options.toBlock !== undefined && options.toBlock > latest) {
    throw new Error(`--to-block ${options.toBlock} is past the chain's latest block ${latest}`);
  }
  const cacheRoot = options.cacheDir === null ? undefined : path.resolve(options.cacheDir ?? DEFAULT_CACHE_ROOT);
  const cacheFor = (address: string, m: Measure) =>
    cacheRoot === undefined ? undefined : new ScanCache(cacheRoot, chainId, address, m);
  const cache = cacheFor(token, measure);

  // The first block: given, or the deployment block (cached with its hash, so a new chain is noticed).
  const startOf = async (address: string): Promise<{ block: number; how: string }> => {
    const c = cacheFor(address, measure);
    const cached = c?.readDeployment();
    if (cached !== undefined && cached.block <= latest && (await client.block(cached.block)).hash === cached.hash) {
      return { block: cached.block, how: `${cached.how} (cached)` };
    }
    const found = await scanStart(client, address, latest);
    c?.writeDeployment({ block: found.block, hash: (await client.block(found.block)).hash, how: found.how });
    return found;
  };
  const start =
    options.fromBlock === undefined ? await startOf(token) : { block: options.fromBlock, how: "--from-block" };
  const fromBlock = start.block;

  // The last block: given, else where an interrupted scan was pinned, else the latest (pinned now).
  let toBlock = options.toBlock;
  if (toBlock === undefined && cache !== undefined) {
    const meta = await validCachedMeta(cache, client, fromBlock, (l) => progress.note(l));
    if (meta !== undefined && !meta.complete) {
      toBlock = meta.toBlock;
      progress.note(`resuming the interrupted scan pinned to block ${toBlock} (pass --to-block to choose another end)`);
    }
  }
  toBlock ??= latest;
  if (fromBlock > toBlock) throw new Error(`--from-block ${fromBlock} is after the end block ${toBlock}`);
  const toBlockHash = (await client.block(toBlock)).hash;

  const reader = new TokenReader(client, token);
  let decimals: number;
  try {
    decimals = await reader.decimals(toBlock);
  } catch (e) {
    throw new Error(
      `${token} has no decimals() at block ${toBlock} (${e instanceof Error ? e.message : String(e)}): is it an ERC-20?`,
    );
  }
  const symbol = await reader.symbol(toBlock);
  const units: Units = { decimals, symbol };
  const event = measure === "balance" ? "Transfer" : "DelegateVotesChanged";

  const { ledger, stats: scan } = await scanLedger({
    client,
    chainId,
    address: token,
    measure,
    fromBlock,
    toBlock,
    toBlockHash,
    cache,
    policy,
    progress,
    label: `${symbol ?? token} ${event}`,
    signal: options.signal,
  });

  const positives: Holder[] = [];
  const negatives: Holder[] = [];
  for (const [address, amount] of ledger.entries()) {
    (amount > 0n ? positives : negatives).push({ address: getAddress(address), amount });
  }
  let holders = sortHolders(positives);
  const sum = holders.reduce((s, h) => s + h.amount, 0n);
  const totalSupply = await reader.totalSupply(toBlock);

  const checks: AuditCheck[] = [];
  const scanRate = rates(toBlock - fromBlock + 1, scan.cachedBlocks, scan.logs, scan.elapsedMs);
  checks.push({
    name: `${event} log scan`,
    ok: true,
    detail: `blocks ${fromBlock}–${toBlock} (from ${start.how}) on chain ${chainId} via ${transport.label}: ${scan.ranges} eth_getLogs ranges, ${scan.logs} logs${scan.cachedRanges > 0 ? `, ${scan.cachedRanges} ranges resumed from the cache` : ""}, ${scan.splits} splits on "too many results"${scan.smallestSpan !== undefined ? ` (smallest accepted span ${scan.smallestSpan} blocks)` : ""}, ${client.counters.retries} retries; ${scanRate.bps} blocks/s, ${scanRate.lps} logs/s`,
  });
  if (measure === "balance" && options.balancesFromChain === true) {
    // Rebasing and fee-taking tokens: the logs give the holder set, balanceOf gives the amounts.
    const everyone = [...positives, ...negatives];
    const onChain = await mapLimit(everyone, 8, (h) => reader.balanceOf(h.address, toBlock));
    const changed = everyone
      .map((h, i) => ({ holder: h, actual: onChain[i] }))
      .filter((m) => m.actual !== m.holder.amount);
    holders = sortHolders(
      everyone.map((h, i) => ({ address: h.address, amount: onChain[i] })).filter((h) => h.amount > 0n),
    );
    checks.push(balancesFromChainCheck(everyone.length, changed, toBlock, units));
    checks.push(
      supplyCheck(
        holders.reduce((t, h) => t + h.amount, 0n),
        totalSupply,
        toBlock,
        units,
        "balanceOf",
      ),
    );
  } else if (measure === "balance") {
    checks.push(negativeBalanceCheck(negatives, units));
    checks.push(supplyCheck(sum, totalSupply, toBlock, units));
    checks.push(await balanceSpotCheck(reader, holders, toBlock, spot, units));
  } else {
    checks.push(votesSupplyCheck(sum, totalSupply, toBlock, units));
    checks.push(await votesSpotCheck(client, reader, holders, toBlock, spot, units));
  }

  let contracts: string[] | undefined;
  const codeLimit = options.codeCheckLimit ?? DEFAULT_CODE_CHECK_LIMIT;
  if (codeLimit > 0) {
    const found = await detectContracts(client, holders, toBlock, codeLimit);
    contracts = found.contracts;
    checks.push(found.check);
  }

  const pairs: PairLookThrough[] = [];
  if (options.lookThroughV2 === true) {
    if (measure === "votes") {
      checks.push({
        name: "Uniswap V2 look-through",
        ok: true,
        detail: "not applied: a pair holds tokens, not delegated votes",
      });
    } else {
      if (contracts === undefined)
        throw new Error("Uniswap V2 look-through needs the eth_getCode contract check (codeCheckLimit > 0)");
      const isPair = new Set<string>();
      for (const c of contracts) {
        const tokens = await new TokenReader(client, c).v2PairTokens(toBlock);
        if (tokens !== undefined && tokens.includes(token)) isPair.add(c);
      }
      let next: Holder[] = [];
      for (const h of holders) {
        if (!isPair.has(h.address)) {
          next.push(h);
          continue;
        }
        const pairReader = new TokenReader(client, h.address);
        const { holders: shares, result } = await lookThroughPair(
          h,
          {
            reader: pairReader,
            lpLedger: async () => {
              const pairFrom = (await startOf(h.address)).block;
              const lp = await scanLedger({
                client,
                chainId,
                address: h.address,
                measure: "balance",
                fromBlock: pairFrom,
                toBlock,
                toBlockHash,
                cache: cacheFor(h.address, "balance"),
                policy,
                progress,
                label: `pair ${h.address} LP Transfer`,
                signal: options.signal,
              });
              return lp.ledger;
            },
          },
          toBlock,
          units,
        );
        next = next.concat(shares);
        pairs.push(result);
        checks.push(result.check);
      }
      if (isPair.size === 0) {
        checks.push({
          name: "Uniswap V2 look-through",
          ok: true,
          detail: `no Uniswap V2 pair of ${token} among the ${contracts.length} contracts found`,
        });
      }
      holders = mergeHolders(next);
    }
  }

  const holderSet: HolderSet = {
    source: { kind: "rpc", token, chainId, fromBlock, toBlock, measure },
    decimals,
    symbol,
    totalSupply,
    holders,
    checks,
    contracts,
  };
  const stats: ScanStats = {
    chainId,
    endpoint: transport.label,
    fromBlock,
    toBlock,
    start: start.how,
    scan,
    pairs,
    rpcCalls: client.counters.calls,
    rpcRetries: client.counters.retries,
    blocksPerSecond: scanRate.bps,
    logsPerSecond: scanRate.lps,
    elapsedMs: Date.now() - started,
  };
  return { holderSet, stats };
}

/** The audit's RPC input: `--token ADDRESS --rpc URL` (or `--network NAME`). */
export async function scanHolders(options: ScanHoldersOptions): Promise<HolderSet> {
  return (await scanHoldersWithStats(options)).holderSet;
}
