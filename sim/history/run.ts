import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { performance } from "node:perf_hooks";
import { DeterministicClock, SIM_EPOCH } from "../chain/clock";
import { useMiddleware } from "../chain/middleware";
import { TxCounter } from "../chain/txCounter";
import { startRunProgress, type RunnerUi } from "../progress";
import type { HistoryCase } from "./schema";
import { replayCase, type CaseResult } from "./replay";

export interface HistoryRun {
  network: string;
  cases: CaseResult[];
  /** Wall time and transactions per case (not written to summary.json: it varies between runs). */
  timing: { id: string; wallSeconds: number; transactions: number }[];
}

/** About the transactions each kind sends (for the progress bar), from measured runs. */
const STEPS: Record<HistoryCase["kind"], number> = {
  "flash-supermajority": 54,
  "low-turnout-takeover": 111,
  "bloc-vote": 79,
  "bribe-round": 126,
};

/**
 * Replays `cases` in order on the chain, each from the same state (evm_snapshot/evm_revert) and on
 * a deterministic clock, with one progress bar sized before the first transaction.
 */
export async function runHistory(
  hre: HardhatRuntimeEnvironment,
  cases: readonly HistoryCase[],
  ui: RunnerUi,
): Promise<HistoryRun> {
  const progress = startRunProgress(
    ui,
    cases.map((c) => ({ name: c.id, steps: STEPS[c.kind] })),
  );
  let startTx = 0;
  const counter = new TxCounter((n) => progress.sent(n - startTx));
  const clock = new DeterministicClock(hre.network.name === "hardhat" ? SIM_EPOCH : 0);
  const restore = useMiddleware(hre.network.provider, [counter.middleware, clock.middleware]);
  const results: CaseResult[] = [];
  const timing: HistoryRun["timing"] = [];
  try {
    for (const c of cases) {
      startTx = counter.transactions;
      progress.begin(c.id);
      const started = performance.now();
      results.push(await replayCase(hre, c));
      progress.end();
      const wallSeconds = Math.round(performance.now() - started) / 1000;
      const transactions = counter.transactions - startTx;
      timing.push({ id: c.id, wallSeconds, transactions });
      progress.log(`${c.id}: ${wallSeconds.toFixed(1)} s, ${transactions} transactions`);
    }
  } finally {
    progress.stop();
    restore();
  }
  return { network: hre.network.name, cases: results, timing };
}
