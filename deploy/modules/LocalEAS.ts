import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress } from "ethers";
import { EASArtifact, HUMAN_ID_SCHEMA, SchemaRegistryArtifact } from "./easArtifacts";

/**
 * Local stand-in for a chain's Ethereum Attestation Service (localhost and tests only): the real
 * SchemaRegistry and EAS from the `@ethereum-attestation-service/eas-contracts` npm build, with
 * the identity schema "bytes32 humanId" registered (no resolver, revocable), whose UID is
 * HUMAN_ID_SCHEMA_UID. On a public network use the chain's EAS (deployed by the EAS team) instead.
 *
 * `npx hardhat cw:deploy` deploys this module first, in the same deployment, when the parameters
 * file says `"Identity": { "eas": "LocalEAS#EAS", … }` (allowed on chain 31337 only).
 */
export default buildModule("LocalEAS", (m) => {
  const schemaRegistry = m.contract("SchemaRegistry", SchemaRegistryArtifact, []);
  const eas = m.contract("EAS", EASArtifact, [schemaRegistry]);
  m.call(schemaRegistry, "register", [HUMAN_ID_SCHEMA, ZeroAddress, true], { id: "RegisterHumanIdSchema" });
  return { eas, schemaRegistry };
});
