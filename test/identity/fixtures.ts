import hre from "hardhat";
import { solidityPackedKeccak256 } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import IdentityModule from "../../deploy/modules/Identity";
import type { EAS } from "../../typechain-types/baselines";
import { HUMAN_SCHEMA, deployEas as deployEasOn, schemaUid } from "../../sim/chain/eas";
import { IdentityRegistry__factory, TimelockController__factory, type IdentityRegistry } from "../../typechain-types";

/** A schema the registry must refuse, beside the one it accepts. */
export const OTHER_SCHEMA = "bytes32 somethingElse";

export { HUMAN_SCHEMA, attest, encodeHumanId, schemaUid, type AttestOptions } from "../../sim/chain/eas";

/** A readable human identifier for tests. */
export function human(name: string): string {
  return solidityPackedKeccak256(["string"], [name]);
}

/** Deploys the real SchemaRegistry and EAS and registers both test schemas. */
export async function deployEas(deployer: HardhatEthersSigner): Promise<EAS> {
  return deployEasOn(deployer, [HUMAN_SCHEMA, OTHER_SCHEMA]);
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
