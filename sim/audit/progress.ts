import { SingleBar } from "cli-progress";
import type { AuditProgress } from "./run";

/**
 * The audit's progress: on a terminal a bar while the holders file is read (MB and rows per second),
 * then one line per stage; plain lines only with --quiet or when output is not a terminal (CI, pipes).
 */
export function auditProgress(quiet: boolean): Required<AuditProgress> {
  const tty = !quiet && process.stdout.isTTY === true && process.stderr.isTTY === true;
  let bar: SingleBar | undefined;
  let started = 0;
  return {
    log: (line) => console.log(line),
    reading(bytes, size, rows) {
      if (!tty) return;
      if (bar === undefined) {
        started = Date.now();
        bar = new SingleBar({
          format:
            "reading holders [{bar}] {percentage}% | {mb}/{totalMb} MB | {rows} rows ({rate} rows/s) | ETA {eta_formatted}",
          barsize: 30,
          hideCursor: true,
          fps: 10,
        });
        bar.start(size, 0, { mb: "0", totalMb: (size / 1e6).toFixed(1), rows: 0, rate: 0 });
      }
      const s = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(bytes, {
        mb: (bytes / 1e6).toFixed(1),
        rows: rows.toLocaleString("en-US"),
        rate: Math.round(rows / s).toLocaleString("en-US"),
      });
    },
    doneReading() {
      bar?.stop();
      bar = undefined;
    },
  };
}
