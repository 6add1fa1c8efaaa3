import { SingleBar } from "cli-progress";

/** How a run reports itself: a live bar per scenario on a terminal, one plain line otherwise. */
export interface RunnerUi {
  /** Draw a live progress bar (false: no bar, only the closing line per scenario). */
  readonly progressBar: boolean;
  /** Writes one finished line (a scenario's time and transactions, the report's path). */
  log(line: string): void;
  /** Where bars are drawn (default process.stderr, as cli-progress does). */
  readonly stream?: NodeJS.WritableStream;
}

/** The terminal UI: bars unless --quiet or stdout is not a TTY (CI logs, pipes). */
export function terminalUi(quiet: boolean): RunnerUi {
  return {
    progressBar: !quiet && process.stdout.isTTY === true && process.stderr.isTTY === true,
    log: (line) => console.log(line),
  };
}

/** Progress of one scenario: forwards ctx.onProgress to a bar, if any. */
export interface ScenarioProgress {
  update(done: number, total: number): void;
  stop(): void;
}

export function startProgress(ui: RunnerUi, name: string): ScenarioProgress {
  if (!ui.progressBar) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${name.padEnd(10)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
    stream: ui.stream,
  });
  bar.start(1, 0);
  let knownTotal = 1;
  return {
    update(done, total) {
      if (total > 0 && total !== knownTotal) {
        knownTotal = total;
        bar.setTotal(total);
      }
      bar.update(Math.min(done, knownTotal));
    },
    stop() {
      bar.stop();
    },
  };
}
