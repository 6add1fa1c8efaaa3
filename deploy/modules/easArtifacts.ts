import type { Artifact } from "hardhat/types";
import { solidityPackedKeccak256, ZeroAddress } from "ethers";

/** The EAS schema the identity registry accepts: `abi.encode(bytes32 humanId)`. */
export const HUMAN_ID_SCHEMA = "bytes32 humanId";

/** An EAS schema UID: keccak256(abi.encodePacked(schema, resolver, revocable)), as SchemaRegistry computes it. */
export function easSchemaUid(schema: string, resolver: string = ZeroAddress, revocable = true): string {
  return solidityPackedKeccak256(["string", "address", "bool"], [schema, resolver, revocable]);
}

/** The UID of HUMAN_ID_SCHEMA registered without resolver, revocable (what LocalEAS registers). */
export const HUMAN_ID_SCHEMA_UID = easSchemaUid(HUMAN_ID_SCHEMA);

/** A Hardhat artifact exactly as `@ethereum-attestation-service/eas-contracts` publishes it (never recompiled). */
function fromNpm(file: string): Artifact {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Artifact;
}

export const EASArtifact = fromNpm("@ethereum-attestation-service/eas-contracts/artifacts/contracts/EAS.sol/EAS.json");
export const SchemaRegistryArtifact = fromNpm(
  "@ethereum-attestation-service/eas-contracts/artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json",
);
