import { MultiBar } from "cli-progress";

/** How a run reports itself: one live bar for the whole run on a terminal, plain lines otherwise. */
export interface RunnerUi {
  /** Draw a live progress bar (false: no bar, only the closing line per scenario). */
  readonly progressBar: boolean;
  /** Writes one finished line (a scenario's time and transactions, the report's path). */
  log(line: string): void;
  /** Where bars are drawn (default process.stderr, as cli-progress does). */
  readonly stream?: NodeJS.WritableStream;
}

/** The terminal UI: a bar unless --quiet or stdout is not a TTY (CI logs, pipes). */
export function terminalUi(quiet: boolean): RunnerUi {
  return {
    progressBar: !quiet && process.stdout.isTTY === true && process.stderr.isTTY === true,
    log: (line) => console.log(line),
  };
}

/** One planned scenario: its name and the transactions it expects to send (Scenario.steps). */
export interface PlannedScenario {
  name: string;
  steps: number;
}

/**
 * Progress of the whole run, sized before the first transaction: the total is the sum of every
 * scenario's expected transactions, and the bar moves with each transaction sent. A scenario that
 * sends more than it expected holds at the end of its share; one that sends fewer jumps to it when
 * it ends, so the bar never runs backwards or past 100%.
 */
export interface RunProgress {
  /** The scenario `name` starts (in plan order). */
  begin(name: string): void;
  /** The running scenario has sent `sent` transactions so far. */
  sent(sent: number): void;
  /** The running scenario finished: the bar moves to the end of its share. */
  end(): void;
  /** A finished line (a scenario's time): printed above the bar while it runs, else through ui.log. */
  log(line: string): void;
  /** Removes the bar (also after a failure). */
  stop(): void;
}

export function startRunProgress(ui: RunnerUi, plan: readonly PlannedScenario[]): RunProgress {
  const steps = plan.map((p) => Math.max(1, Math.round(p.steps)));
  const total = steps.reduce((a, b) => a + b, 0);
  if (!ui.progressBar) {
    const none = () => undefined;
    return { begin: none, sent: none, end: none, log: (line) => ui.log(line), stop: none };
  }
  const width = Math.max(...plan.map((p) => p.name.length));
  const bars = new MultiBar({
    format: `{scenario} [{bar}] {percentage}% | ~{value}/{total} transactions | {duration_formatted} (ETA {eta_formatted})`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
    etaBuffer: 200,
    stream: ui.stream,
  });
  let index = -1;
  let offset = 0;
  const label = (i: number) => `${plan[i].name.padEnd(width)} ${i + 1}/${plan.length}`;
  const bar = bars.create(total, 0, { scenario: label(0) });
  return {
    begin(name) {
      index = plan.findIndex((p, i) => i > index && p.name === name);
      if (index < 0) throw new Error(`scenario "${name}" is not in the progress plan`);
      offset = steps.slice(0, index).reduce((a, b) => a + b, 0);
      bar.update(offset, { scenario: label(index) });
      bars.update(); // draw now: the total shows from the first frame
    },
    sent(sent) {
      if (index >= 0) bar.update(offset + Math.min(sent, steps[index]));
    },
    end() {
      if (index >= 0) bar.update(offset + steps[index]);
    },
    log(line) {
      bars.log(line + "\n");
      bars.update(); // print it now, above the bar
    },
    stop() {
      bars.stop();
    },
  };
}
