import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Measure, RangeDelta } from "./events";

/** Where scans are cached unless `--cache DIR` says otherwise (under Hardhat's cache/, git-ignored). */
export const DEFAULT_CACHE_ROOT = path.join("cache", "audit");

const CACHE_VERSION = 1;

const metaSchema = z.object({
  version: z.literal(CACHE_VERSION),
  chainId: z.number().int(),
  token: z.string(),
  measure: z.enum(["balance", "votes"]),
  fromBlock: z.number().int().nonnegative(),
  /** The end block the scan in this directory was pinned to, and its hash when pinned. */
  toBlock: z.number().int().nonnegative(),
  toBlockHash: z.string(),
  /** True once every range up to toBlock is in ranges.jsonl. */
  complete: z.boolean(),
});
export type CacheMeta = z.infer<typeof metaSchema>;

const deploymentSchema = z.object({ block: z.number().int().nonnegative(), hash: z.string(), how: z.string() });
export type CachedDeployment = z.infer<typeof deploymentSchema>;

/** What loading the cache found: the usable ranges, and what it had to drop. */
export interface LoadedRanges {
  ranges: RangeDelta[];
  /** Lines dropped: cut off by an interruption, unreadable, beyond the end block, or not contiguous. */
  dropped: number;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** One line of ranges.jsonl: a completed range and its delta (amounts as decimal strings). */
function serialize(d: RangeDelta): string {
  const entries = [...d.entries].map(([a, v]) => [a, v.toString()]);
  return `${JSON.stringify({ from: d.from, to: d.to, logs: d.logs, entries })}\n`;
}

function parseLine(line: string): RangeDelta | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(r.from) || !Number.isSafeInteger(r.to) || !Number.isSafeInteger(r.logs)) return undefined;
  if (!Array.isArray(r.entries)) return undefined;
  const entries = new Map<string, bigint>();
  for (const e of r.entries) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "string" || typeof e[1] !== "string") return undefined;
    if (!/^0x[0-9a-f]{40}$/.test(e[0]) || !/^-?\d+$/.test(e[1])) return undefined;
    entries.set(e[0], BigInt(e[1]));
  }
  return { from: r.from as number, to: r.to as number, logs: r.logs as number, entries };
}

/**
 * The on-disk record of one scan (token, chain, measure, start block): meta.json says which end
 * block it is pinned to, and ranges.jsonl holds one line per completed range, appended as soon as
 * the range is done. A line is the unit of progress: an interrupted scan leaves at most one
 * cut-off line, which is dropped; a resumed scan applies each kept line once, in order, and goes on
 * from the block after the last.
 */
export class ScanCache {
  /** `<root>/<chainId>-<token>`: every scan of this token on this chain, and its deployment block. */
  readonly dir: string;
  private readonly deploymentFile: string;

  constructor(
    root: string,
    readonly chainId: number,
    readonly token: string,
    readonly measure: Measure,
  ) {
    this.dir = path.join(root, `${chainId}-${token.toLowerCase()}`);
    this.deploymentFile = path.join(this.dir, "deployment.json");
  }

  /** The directory of the scan starting at `fromBlock` (one per measure and start block). */
  scanDir(fromBlock: number): string {
    return path.join(this.dir, `${this.measure === "balance" ? "transfers" : "votes"}-from-${fromBlock}`);
  }

  readDeployment(): CachedDeployment | undefined {
    const parsed = deploymentSchema.safeParse(readJson(this.deploymentFile));
    return parsed.success ? parsed.data : undefined;
  }

  writeDeployment(d: CachedDeployment): void {
    fs.mkdirSync(this.dir, { recursive: true });
    writeAtomic(this.deploymentFile, `${JSON.stringify(d, null, 2)}\n`);
  }

  readMeta(fromBlock: number): CacheMeta | undefined {
    const parsed = metaSchema.safeParse(readJson(path.join(this.scanDir(fromBlock), "meta.json")));
    if (!parsed.success) return undefined;
    const m = parsed.data;
    const same =
      m.chainId === this.chainId &&
      m.token.toLowerCase() === this.token.toLowerCase() &&
      m.measure === this.measure &&
      m.fromBlock === fromBlock;
    return same ? m : undefined;
  }

  writeMeta(meta: CacheMeta): void {
    const dir = this.scanDir(meta.fromBlock);
    fs.mkdirSync(dir, { recursive: true });
    writeAtomic(path.join(dir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
  }

  /**
   * The cached ranges that chain from `fromBlock` without gap or overlap and end at or before
   * `upTo`. Anything else (a cut-off last line, lines past `upTo`) is dropped from the file too, so
   * what is appended next continues the chain.
   */
  loadRanges(fromBlock: number, upTo: number): LoadedRanges {
    const file = path.join(this.scanDir(fromBlock), "ranges.jsonl");
    if (!fs.existsSync(file)) return { ranges: [], dropped: 0 };
    const text = fs.readFileSync(file, "utf8");
    const lines = text.split("\n");
    const cutOff = lines.pop(); // "" when the file ends with a newline, else a line cut off mid-write
    let dropped = cutOff === undefined || cutOff === "" ? 0 : 1;
    const ranges: RangeDelta[] = [];
    let cursor = fromBlock;
    let i = 0;
    for (; i < lines.length; i++) {
      const d = parseLine(lines[i]);
      if (d === undefined || d.from !== cursor || d.to < d.from || d.to > upTo) break;
      ranges.push(d);
      cursor = d.to + 1;
    }
    dropped += lines.length - i;
    if (dropped > 0) writeAtomic(file, ranges.map(serialize).join(""));
    return { ranges, dropped };
  }

  append(fromBlock: number, delta: RangeDelta): void {
    fs.appendFileSync(path.join(this.scanDir(fromBlock), "ranges.jsonl"), serialize(delta));
  }

  /** Forgets the scan from `fromBlock` (the chain was reorganised below its pinned block). */
  reset(fromBlock: number): void {
    fs.rmSync(this.scanDir(fromBlock), { recursive: true, force: true });
  }
}
