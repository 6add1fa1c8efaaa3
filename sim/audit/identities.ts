import type { Label } from "./labels";
import type { Holder } from "./types";

/** One identity of an identity model: its name (an address, or a label), its addresses, its amount. */
export interface Identity {
  name: string;
  members: number;
  amount: bigint;
}

function byAmountDesc(a: Identity, b: Identity): number {
  return a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** "One address, one identity": the optimistic bound (holders already sorted). */
export function addressIdentities(holders: readonly Holder[]): Identity[] {
  return holders.map((h) => ({ name: h.address, members: 1, amount: h.amount }));
}

/**
 * Labelled addresses sharing a label merge into one identity (named after the label); unlabelled
 * holders stay one identity each. Sorted by amount descending, then name.
 */
export function labelIdentities(holders: readonly Holder[], labels: ReadonlyMap<string, Label>): Identity[] {
  const groups = new Map<string, Identity>();
  const out: Identity[] = [];
  for (const h of holders) {
    const l = labels.get(h.address.toLowerCase());
    if (l === undefined) {
      out.push({ name: h.address, members: 1, amount: h.amount });
      continue;
    }
    const g = groups.get(l.label);
    if (g === undefined) groups.set(l.label, { name: l.label, members: 1, amount: h.amount });
    else {
      g.members += 1;
      g.amount += h.amount;
    }
  }
  if (groups.size === 0) return out;
  return [...out, ...groups.values()].sort(byAmountDesc);
}

/**
 * The k largest identities merged into one (the pessimistic reading: one party behind all of
 * them); the merged identity is the largest, so the order holds. k above the count merges all.
 */
export function mergeTop(identities: readonly Identity[], k: number): Identity[] {
  const n = Math.min(k, identities.length);
  let amount = 0n;
  let members = 0;
  for (let i = 0; i < n; i++) {
    amount += identities[i].amount;
    members += identities[i].members;
  }
  return [{ name: `top ${n} merged`, members, amount }, ...identities.slice(n)];
}
