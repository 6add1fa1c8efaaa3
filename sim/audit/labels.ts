import { z } from "zod";
import { addressField, readAddressRows } from "./addressRows";
import type { Holder } from "./types";

/** What a labelled address is. */
export const LABEL_KINDS = ["exchange", "contract", "treasury", "burn", "team", "vc", "other"] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface Label {
  address: string;
  label: string;
  kind: LabelKind;
}

const labelRow = z.object({
  address: addressField,
  label: z.string().min(1, "empty label"),
  kind: z.enum(LABEL_KINDS, { message: `kind must be one of ${LABEL_KINDS.join(", ")}` }),
});

/**
 * Reads a labels file: CSV `address,label,kind` (kind in exchange | contract | treasury | burn |
 * team | vc | other). Addresses sharing a label are one entity (e.g. the hot wallets of one
 * exchange). Every bad row and every address labelled twice is listed with its line; nothing is
 * returned then.
 */
export function readLabels(file: string): Map<string, Label> {
  const rows = readAddressRows(file, labelRow);
  return new Map(rows.map((r) => [r.value.address.toLowerCase(), r.value]));
}

/** Parses `--exclude exchange,burn`: a list of label kinds. */
export function parseKinds(text: string | undefined): { ok: true; kinds: LabelKind[] } | { ok: false; reason: string } {
  if (text === undefined || text.trim() === "") return { ok: true, kinds: [] };
  const kinds = text.split(",").map((s) => s.trim().toLowerCase());
  const bad = kinds.filter((k) => !(LABEL_KINDS as readonly string[]).includes(k));
  if (bad.length > 0) return { ok: false, reason: `unknown kind ${bad.join(", ")} (kinds: ${LABEL_KINDS.join(", ")})` };
  return { ok: true, kinds: [...new Set(kinds)] as LabelKind[] };
}

/** An excluded holder, quoted in the report. */
export interface Excluded {
  address: string;
  label: string;
  kind: LabelKind;
  amount: bigint;
}

/** Holders minus those whose label kind is excluded (order kept), and the excluded ones. */
export function excludeKinds(
  holders: readonly Holder[],
  labels: ReadonlyMap<string, Label>,
  kinds: readonly LabelKind[],
): { kept: Holder[]; excluded: Excluded[] } {
  if (kinds.length === 0) return { kept: [...holders], excluded: [] };
  const kept: Holder[] = [];
  const excluded: Excluded[] = [];
  for (const h of holders) {
    const l = labels.get(h.address.toLowerCase());
    if (l !== undefined && kinds.includes(l.kind)) excluded.push({ ...l, address: h.address, amount: h.amount });
    else kept.push(h);
  }
  return { kept, excluded };
}
