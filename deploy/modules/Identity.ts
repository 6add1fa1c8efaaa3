import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress, ZeroHash } from "ethers";
import TokenModule from "./Token";

/**
 * The identity registry, governed by the timelock (DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE).
 *
 * Parameters: `eas` (the EAS contract of the target chain; the zero address disables the
 * attestation path, leaving only Merkle-list registration) and `schema` (the EAS schema UID whose
 * data is `abi.encode(bytes32 humanId)`, schema string "bytes32 humanId"; required when `eas` is
 * set). Trusted attesters and the Merkle root are set later through governance proposals.
 */
export default buildModule("Identity", (m) => {
  const { timelock, token } = m.useModule(TokenModule);
  const registry = m.contract("IdentityRegistry", [
    m.getParameter("eas", ZeroAddress),
    m.getParameter("schema", ZeroHash),
    timelock,
  ]);
  return { registry, timelock, token };
});
