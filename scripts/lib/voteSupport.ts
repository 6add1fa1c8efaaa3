/** IGovernor vote types (GovernorCountingSimple's "bravo" order), by name. */
export const SUPPORT_NAMES = ["Against", "For", "Abstain"] as const;
export type SupportName = (typeof SUPPORT_NAMES)[number];

/** "for" / "For" / "FOR" → { name: "For", value: 1 }; undefined for anything else. */
export function parseSupport(text: string): { name: SupportName; value: number } | undefined {
  const i = SUPPORT_NAMES.findIndex((n) => n.toLowerCase() === text.trim().toLowerCase());
  return i < 0 ? undefined : { name: SUPPORT_NAMES[i], value: i };
}
