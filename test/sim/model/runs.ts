/** Runs per differential property: a short seeded run in `npm test`, FC_RUNS (e.g. `npm run test:long`) for more. */
export const RUNS = Number(process.env.FC_RUNS ?? 3);

/** The fixed fast-check seed of each property (same seed, same populations and actions). */
export const SEED = 150_004;

/** Whether a failed transaction's error names `reason` (a custom error name or a require string). */
export function revertedWith(error: unknown, reason: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(reason);
}

/** fast-check options of every differential property: no shrinking unless FC_SHRINK=1 (each shrink step replays the chain). */
export function fcOptions(): { numRuns: number; seed: number; endOnFailure: boolean } {
  return { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FC_SHRINK !== "1" };
}
