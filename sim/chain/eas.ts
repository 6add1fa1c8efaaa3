import { AbiCoder, ZeroAddress, ZeroHash, solidityPackedKeccak256, type BytesLike, type Signer } from "ethers";
import { EAS__factory, SchemaRegistry__factory, type EAS } from "../../typechain-types/baselines";

/** The schema the registry's generic attestation source accepts. */
export const HUMAN_SCHEMA = "bytes32 humanId";

/** EAS schema UID: keccak256(abi.encodePacked(schema, resolver, revocable)). */
export function schemaUid(schema: string, resolver: string = ZeroAddress, revocable = true): string {
  return solidityPackedKeccak256(["string", "address", "bool"], [schema, resolver, revocable]);
}

/** The attestation data of the generic source: abi.encode(bytes32 humanId). */
export function encodeHumanId(humanId: BytesLike): string {
  return AbiCoder.defaultAbiCoder().encode(["bytes32"], [humanId]);
}

export interface AttestOptions {
  recipient: string;
  data: string;
  schema?: string;
  expirationTime?: bigint;
  revocable?: boolean;
}

/** Attests through the real EAS and returns the new attestation's UID (from its Attested event). */
export async function attest(eas: EAS, attester: Signer, opts: AttestOptions): Promise<string> {
  const tx = await eas.connect(attester).attest({
    schema: opts.schema ?? schemaUid(HUMAN_SCHEMA),
    data: {
      recipient: opts.recipient,
      expirationTime: opts.expirationTime ?? 0n,
      revocable: opts.revocable ?? true,
      refUID: ZeroHash,
      data: opts.data,
      value: 0n,
    },
  });
  const receipt = await tx.wait();
  const event = eas.interface.getEvent("Attested");
  for (const log of receipt?.logs ?? []) {
    if (log.topics[0] === event.topicHash) {
      return String(eas.interface.decodeEventLog(event, log.data, log.topics).uid);
    }
  }
  throw new Error("attest: no Attested event");
}

/** Deploys the real SchemaRegistry and EAS (npm build artifacts) and registers `schemas` (revocable, no resolver). */
export async function deployEas(deployer: Signer, schemas: readonly string[] = [HUMAN_SCHEMA]): Promise<EAS> {
  const registry = await new SchemaRegistry__factory(deployer).deploy();
  await registry.waitForDeployment();
  const eas = await new EAS__factory(deployer).deploy(await registry.getAddress());
  await eas.waitForDeployment();
  for (const s of schemas) await (await registry.register(s, ZeroAddress, true)).wait();
  return eas;
}
