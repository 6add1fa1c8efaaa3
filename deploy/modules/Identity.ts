import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress, ZeroHash } from "ethers";
import TokenModule from "./Token";

/** Default rotation cooldown: 30 days. */
export const DEFAULT_ROTATION_COOLDOWN = 30 * 24 * 60 * 60;

/**
 * The identity registry, governed by the timelock (DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE).
 *
 * Parameters: `eas` (the EAS contract of the target chain; the zero address disables the
 * attestation path, leaving only Merkle-list registration) and `schema` (the EAS schema UID whose
 * data is `abi.encode(bytes32 humanId)`, schema string "bytes32 humanId"; required when `eas` is
 * set) and `rotationCooldown` (seconds a rotated identity waits on its new account before it counts
 * again; default 30 days, at most 365 days). Trusted attesters, the Merkle root and source
 * retirements are set later through governance proposals.
 *
 * The deployer then wires the token to the registry (`wireIdentityRegistry`, once: the token's
 * quadratic votes are synced from this registry, and nobody can re-wire it afterwards).
 */
export default buildModule("Identity", (m) => {
  const { timelock, token } = m.useModule(TokenModule);
  const registry = m.contract("IdentityRegistry", [
    m.getParameter("eas", ZeroAddress),
    m.getParameter("schema", ZeroHash),
    timelock,
    m.getParameter("rotationCooldown", DEFAULT_ROTATION_COOLDOWN),
  ]);
  m.call(token, "wireIdentityRegistry", [registry], { id: "wireTokenToRegistry" });
  return { registry, timelock, token };
});
