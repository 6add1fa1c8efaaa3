import hre from "hardhat";
import { AbiCoder, ZeroAddress, ZeroHash, solidityPackedKeccak256, type BytesLike } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import IdentityModule from "../../deploy/modules/Identity";
import { EAS__factory, SchemaRegistry__factory, type EAS } from "../../typechain-types/baselines";
import { IdentityRegistry__factory, TimelockController__factory, type IdentityRegistry } from "../../typechain-types";

/** The schema the registry accepts, and one it must refuse. */
export const HUMAN_SCHEMA = "bytes32 humanId";
export const OTHER_SCHEMA = "bytes32 somethingElse";

/** EAS schema UID: keccak256(abi.encodePacked(schema, resolver, revocable)). */
export function schemaUid(schema: string): string {
  return solidityPackedKeccak256(["string", "address", "bool"], [schema, ZeroAddress, true]);
}

/** A readable human identifier for tests. */
export function human(name: string): string {
  return solidityPackedKeccak256(["string"], [name]);
}

export function encodeHumanId(humanId: BytesLike): string {
  return AbiCoder.defaultAbiCoder().encode(["bytes32"], [humanId]);
}

export interface AttestOptions {
  recipient: string;
  data: string;
  schema?: string;
  expirationTime?: bigint;
}

/** Attests through the real EAS and returns the new attestation's UID (from its Attested event). */
export async function attest(eas: EAS, attester: HardhatEthersSigner, opts: AttestOptions): Promise<string> {
  const tx = await eas.connect(attester).attest({
    schema: opts.schema ?? schemaUid(HUMAN_SCHEMA),
    data: {
      recipient: opts.recipient,
      expirationTime: opts.expirationTime ?? 0n,
      revocable: true,
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

/** Deploys the real SchemaRegistry and EAS and registers both test schemas. */
export async function deployEas(deployer: HardhatEthersSigner): Promise<EAS> {
  const schemas = await new SchemaRegistry__factory(deployer).deploy();
  await schemas.waitForDeployment();
  const eas = await new EAS__factory(deployer).deploy(await schemas.getAddress());
  await eas.waitForDeployment();
  await (await schemas.register(HUMAN_SCHEMA, ZeroAddress, true)).wait();
  await (await schemas.register(OTHER_SCHEMA, ZeroAddress, true)).wait();
  return eas;
}

/** A signer for a contract address (the timelock), funded for gas. */
export async function signerFor(address: string): Promise<HardhatEthersSigner> {
  await impersonateAccount(address);
  await setBalance(address, 10n ** 20n);
  return hre.ethers.getSigner(address);
}

/**
 * Production deployment (Ignition Token + Identity modules) wired to a real local EAS; the
 * timelock (which holds GOVERNOR_ROLE) trusts `attester`. No rotation cooldown (tests of the
 * cooldown set one).
 */
export async function deployIdentityFixture() {
  const [deployer, attester, stranger, alice, bob, carol, dave, erin] = await hre.ethers.getSigners();
  const eas = await deployEas(deployer);
  const schema = schemaUid(HUMAN_SCHEMA);
  const deployed = await hre.ignition.deploy(IdentityModule, {
    parameters: { Identity: { eas: await eas.getAddress(), schema, rotationCooldown: 0 } },
  });
  const registry: IdentityRegistry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
  const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), deployer);
  const governor = await signerFor(await timelock.getAddress());
  await (await registry.connect(governor).setAttester(attester.address, true)).wait();
  return { registry, eas, schema, timelock, governor, deployer, attester, stranger, alice, bob, carol, dave, erin };
}
