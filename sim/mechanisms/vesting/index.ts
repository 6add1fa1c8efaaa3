import { LIQUID_AT_LAUNCH } from "./liquid";
import { UNISWAP_TREASURY_VESTER } from "./treasuryVester";
import { COUNTERWEIGHT_VAULT } from "./vault";
import type { VestingMechanism } from "./types";

/** The VC vesting mechanisms the vesting scenario runs, in report order. A new one: one file, one line here. */
export const VESTING_MECHANISMS: readonly VestingMechanism[] = [
  LIQUID_AT_LAUNCH,
  UNISWAP_TREASURY_VESTER,
  COUNTERWEIGHT_VAULT,
];

export type * from "./types";
export { LIQUID_AT_LAUNCH, UNISWAP_TREASURY_VESTER, COUNTERWEIGHT_VAULT };
export { treasuryVester } from "./treasuryVester";
export { counterweightVault } from "./vault";
export { tranchesFor } from "./tranches";
