import type { Holder } from "./types";

/** The HolderSet order: amount descending, then address ascending (lower-case hex). Sorts in place. */
export function sortHolders(holders: Holder[]): Holder[] {
  const keyed = holders.map((h) => ({ h, k: h.address.toLowerCase() }));
  keyed.sort((a, b) =>
    a.h.amount > b.h.amount ? -1 : a.h.amount < b.h.amount ? 1 : a.k < b.k ? -1 : a.k > b.k ? 1 : 0,
  );
  for (let i = 0; i < keyed.length; i++) holders[i] = keyed[i].h;
  return holders;
}

/** Σ amounts. */
export function sumAmounts(amounts: readonly bigint[]): bigint {
  let s = 0n;
  for (const a of amounts) s += a;
  return s;
}
