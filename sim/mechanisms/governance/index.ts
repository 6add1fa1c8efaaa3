import { COUNTERWEIGHT_GOVERNOR } from "./counterweight";
import { UNISWAP_GOVERNOR_ALPHA } from "./governorAlpha";
import { OZ_GOVERNOR_SIMPLE } from "./ozGovernor";
import type { GovernanceMechanism } from "./types";

/** The governors the governance scenario runs, in report order. A new baseline: one file, one line here. */
export const GOVERNANCE_MECHANISMS: readonly GovernanceMechanism[] = [
  OZ_GOVERNOR_SIMPLE,
  UNISWAP_GOVERNOR_ALPHA,
  COUNTERWEIGHT_GOVERNOR,
];

/**
 * `list` with the ids of `first` in that order, then every other mechanism in list order: the
 * committed reference runs pin each phase's transaction order, and a mechanism added to the list
 * runs after them without touching the scenario.
 */
export function inOrder(list: readonly GovernanceMechanism[], first: readonly string[]): GovernanceMechanism[] {
  const head = first.flatMap((id) => list.filter((m) => m.id === id));
  return [...head, ...list.filter((m) => !first.includes(m.id))];
}

export type * from "./types";
export { COUNTERWEIGHT_GOVERNOR, UNISWAP_GOVERNOR_ALPHA, OZ_GOVERNOR_SIMPLE };
export { ozGovernor } from "./ozGovernor";
export { deployPopulationToken, proposalOn } from "./shared";
