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

export type * from "./types";
export { inOrder } from "../mechanism";
export { COUNTERWEIGHT_GOVERNOR, UNISWAP_GOVERNOR_ALPHA, OZ_GOVERNOR_SIMPLE };
export { ozGovernor } from "./ozGovernor";
export { deployPopulationToken, proposalOn } from "./shared";
