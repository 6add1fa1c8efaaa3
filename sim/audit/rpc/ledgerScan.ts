import type { RpcClient } from "./client";
import type { CacheMeta, ScanCache } from "./cache";
import { reduceLogs, topicFor, type Measure } from "./events";
import { Ledger } from "./ledger";
import type { ScanProgress } from "./progress";
import { scanRanges, type RangePolicy } from "./rangeScan";

/** One scan's figures, quoted in the summary and the report. */
export interface LedgerScanStats {
  fromBlock: number;
  toBlock: number;
  /** Ranges taken from the cache, and the blocks they cover. */
  cachedRanges: number;
  cachedBlocks: number;
  /** Cache lines dropped (cut off by an interruption, beyond the end block, or after a reorg). */
  droppedCacheLines: number;
  /** Ranges asked for in this run, the logs they returned and the splits it took. */
  ranges: number;
  logs: number;
  splits: number;
  smallestSpan?: number;
  elapsedMs: number;
}

export interface LedgerScanRequest {
  client: RpcClient;
  chainId: number;
  address: string;
  measure: Measure;
  fromBlock: number;
  toBlock: number;
  toBlockHash: string;
  cache?: ScanCache;
  policy: RangePolicy;
  progress: ScanProgress;
  label: string;
  signal?: AbortSignal;
}

/**
 * The cached scan from `fromBlock`, if the chain still holds the block it was pinned to (same hash,
 * so every cached range is still history); otherwise the cache is discarded and undefined returned.
 */
export async function validCachedMeta(
  cache: ScanCache,
  client: RpcClient,
  fromBlock: number,
  note: (line: string) => void,
): Promise<CacheMeta | undefined> {
  const meta = cache.readMeta(fromBlock);
  if (meta === undefined) return undefined;
  let hash: string | undefined;
  try {
    hash = (await client.block(meta.toBlock)).hash;
  } catch {
    hash = undefined; // the block is gone: a restarted local node, a shorter chain
  }
  if (hash !== meta.toBlockHash) {
    note(
      `cache ${cache.scanDir(fromBlock)} was pinned to block ${meta.toBlock}, which this chain no longer has; discarded`,
    );
    cache.reset(fromBlock);
    return undefined;
  }
  return meta;
}

/**
 * Rebuilds the ledger of `address` over [fromBlock, toBlock]: the cached ranges first (each once, in
 * order), then the rest over eth_getLogs, each completed range appended to the cache before the
 * next is asked for, so an interruption loses at most the range in flight.
 */
export async function scanLedger(req: LedgerScanRequest): Promise<{ ledger: Ledger; stats: LedgerScanStats }> {
  const started = Date.now();
  const ledger = new Ledger(req.measure, req.fromBlock);
  const stats: LedgerScanStats = {
    fromBlock: req.fromBlock,
    toBlock: req.toBlock,
    cachedRanges: 0,
    cachedBlocks: 0,
    droppedCacheLines: 0,
    ranges: 0,
    logs: 0,
    splits: 0,
    elapsedMs: 0,
  };
  const { cache } = req;
  const meta = (): CacheMeta => ({
    version: 1,
    chainId: req.chainId,
    token: req.address,
    measure: req.measure,
    fromBlock: req.fromBlock,
    toBlock: req.toBlock,
    toBlockHash: req.toBlockHash,
    complete: ledger.cursor > req.toBlock,
  });
  if (cache !== undefined) {
    await validCachedMeta(cache, req.client, req.fromBlock, (l) => req.progress.note(l));
    const loaded = cache.loadRanges(req.fromBlock, req.toBlock);
    for (const r of loaded.ranges) ledger.apply(r);
    stats.cachedRanges = loaded.ranges.length;
    stats.cachedBlocks = ledger.cursor - req.fromBlock;
    stats.droppedCacheLines = loaded.dropped;
    cache.writeMeta(meta());
  }
  const totalBlocks = req.toBlock - req.fromBlock + 1;
  req.progress.start(req.label, totalBlocks, stats.cachedBlocks);
  if (stats.cachedRanges > 0) {
    req.progress.note(
      `${req.label}: resumed from the cache, ${stats.cachedRanges} ranges (blocks ${req.fromBlock}–${ledger.cursor - 1})${stats.droppedCacheLines > 0 ? `, ${stats.droppedCacheLines} unusable lines dropped` : ""}`,
    );
  }
  let logs = 0;
  try {
    const scanned = await scanRanges({
      client: req.client,
      address: req.address,
      topic0: topicFor(req.measure),
      fromBlock: ledger.cursor,
      toBlock: req.toBlock,
      policy: req.policy,
      signal: req.signal,
      onRange(from, to, rangeLogs) {
        const delta = reduceLogs(req.measure, from, to, rangeLogs);
        cache?.append(req.fromBlock, delta);
        ledger.apply(delta);
        logs += rangeLogs.length;
        req.progress.update(ledger.cursor - req.fromBlock, logs, to - from + 1);
      },
      onSplit({ from, to, nextSpan, message }) {
        req.progress.note(
          `${req.label}: blocks ${from}–${to} refused (${message.slice(0, 120)}); retrying ${nextSpan} blocks`,
        );
      },
    });
    Object.assign(stats, {
      ranges: scanned.ranges,
      logs: scanned.logs,
      splits: scanned.splits,
      smallestSpan: scanned.smallestSpan,
    });
  } finally {
    req.progress.stop();
  }
  if (cache !== undefined) cache.writeMeta(meta());
  stats.elapsedMs = Date.now() - started;
  return { ledger, stats };
}
