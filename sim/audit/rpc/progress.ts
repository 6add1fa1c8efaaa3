import { MultiBar, type SingleBar } from "cli-progress";

/** Where a scan reports its progress: a live bar on a terminal, periodic lines in a log, or nothing. */
export interface ScanProgress {
  /** A scan of `totalBlocks` blocks starts, `cachedBlocks` of them already done (from the cache). */
  start(label: string, totalBlocks: number, cachedBlocks: number): void;
  /** `doneBlocks` blocks (cached included) and `logs` logs scanned so far, at range span `span`. */
  update(doneBlocks: number, logs: number, span: number): void;
  /** A line above the bar (a split, a retry, a resumed cache). */
  note(line: string): void;
  /** The scan ended (or failed): remove the bar, print the closing line. */
  stop(): void;
}

export const silentProgress: ScanProgress = { start() {}, update() {}, note() {}, stop() {} };

/** Blocks and logs per second since the scan (this run's part of it) started. */
export function rates(
  doneBlocks: number,
  cachedBlocks: number,
  logs: number,
  elapsedMs: number,
): { bps: number; lps: number } {
  const s = Math.max(elapsedMs, 1) / 1000;
  return { bps: Math.round((doneBlocks - cachedBlocks) / s), lps: Math.round(logs / s) };
}

/**
 * The terminal's progress: a cli-progress bar with blocks and logs per second when stderr is a
 * TTY; otherwise a line every `intervalMs` (CI logs) and a closing line.
 */
export function terminalScanProgress(
  options: { tty?: boolean; intervalMs?: number; write?: (line: string) => void } = {},
): ScanProgress {
  const tty = options.tty ?? (process.stderr.isTTY === true && process.env.CI === undefined);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const intervalMs = options.intervalMs ?? 10_000;
  let bars: MultiBar | undefined;
  let bar: SingleBar | undefined;
  let label = "";
  let total = 0;
  let cached = 0;
  let startedAt = 0;
  let lastLine = 0;
  let last = { done: 0, logs: 0, span: 0 };
  const line = () => {
    const { bps, lps } = rates(last.done, cached, last.logs, Date.now() - startedAt);
    const pct = total === 0 ? 100 : Math.floor((last.done / total) * 100);
    return `${label}: ${last.done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} blocks (${pct}%), ${last.logs.toLocaleString("en-US")} logs, ${bps.toLocaleString("en-US")} blocks/s, ${lps.toLocaleString("en-US")} logs/s`;
  };
  return {
    start(l, totalBlocks, cachedBlocks) {
      label = l;
      total = totalBlocks;
      cached = cachedBlocks;
      startedAt = Date.now();
      lastLine = startedAt;
      last = { done: cachedBlocks, logs: 0, span: 0 };
      if (tty) {
        bars = new MultiBar({
          format: `{label} [{bar}] {percentage}% | {value}/{total} blocks | {bps} blocks/s | {logs} logs, {lps} logs/s | span {span} | ETA {eta_formatted}`,
          barsize: 25,
          hideCursor: true,
          clearOnComplete: false,
          fps: 5,
        });
        bar = bars.create(Math.max(totalBlocks, 1), cachedBlocks, { label, bps: 0, logs: 0, lps: 0, span: "-" });
      }
    },
    update(doneBlocks, logs, span) {
      last = { done: doneBlocks, logs, span };
      if (bar !== undefined) {
        const { bps, lps } = rates(doneBlocks, cached, logs, Date.now() - startedAt);
        bar.update(doneBlocks, { label, bps, logs, lps, span });
      } else if (Date.now() - lastLine >= intervalMs) {
        lastLine = Date.now();
        write(line());
      }
    },
    note(text) {
      if (bars !== undefined) bars.log(`${text}\n`);
      else write(text);
    },
    stop() {
      if (bars !== undefined) {
        bars.stop();
        bars = undefined;
        bar = undefined;
      }
      write(line());
    },
  };
}
