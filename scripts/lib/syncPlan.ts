/**
 * The keeper's plan for `cw:sync`: which accounts' contributions to the token's quadratic votes no
 * longer match what the identity registry counts now, and how to batch their syncs.
 */

/** What the token cached for an account and what the registry counts for it now (0: nothing). */
export interface SyncState {
  account: string;
  /** `token.contributionOf(account).identityId`. */
  cached: bigint;
  /** `registry.bindingOf(account).identityId`. */
  current: bigint;
}

/** Why an account needs a sync. */
export type SyncReason = "no longer counts" | "counts now" | "identity changed";

export interface StaleAccount extends SyncState {
  reason: SyncReason;
}

/** Largest number of syncs per batch transaction (one `multicall`). */
export const MAX_SYNC_BATCH = 500;

/**
 * The accounts whose cached identity differs from the registry's: revoked, expired, retired or
 * rotated away ("no longer counts"), registered or out of a rotation cooldown ("counts now"), or
 * bound to another identity ("identity changed"). Input order is kept; duplicates are dropped.
 */
export function staleAccounts(states: readonly SyncState[]): StaleAccount[] {
  const seen = new Set<string>();
  const out: StaleAccount[] = [];
  for (const s of states) {
    const key = s.account.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (s.cached === s.current) continue;
    const reason: SyncReason =
      s.current === 0n ? "no longer counts" : s.cached === 0n ? "counts now" : "identity changed";
    out.push({ ...s, reason });
  }
  return out;
}

/** Splits `items` into consecutive batches of at most `size` (size ≥ 1). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size ${size} is not a positive integer`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Parses a `--batch` value: an integer from 1 to MAX_SYNC_BATCH, or a message saying what is wrong. */
export function parseBatchSize(text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[0-9]+$/.test(text.trim())) return { ok: false, message: `${text}: not a whole number` };
  const value = Number(text.trim());
  if (value < 1 || value > MAX_SYNC_BATCH) {
    return { ok: false, message: `${text}: must be between 1 and ${MAX_SYNC_BATCH} syncs per transaction` };
  }
  return { ok: true, value };
}

/** Parses a `--from-block` value: a non-negative integer block number. */
export function parseBlock(text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[0-9]+$/.test(text.trim())) return { ok: false, message: `${text}: not a block number` };
  const value = Number(text.trim());
  if (!Number.isSafeInteger(value)) return { ok: false, message: `${text}: too large` };
  return { ok: true, value };
}
