import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { MockIdentityRegistry__factory } from "../../typechain-types";
import { deployRegistryForSimulation, registerAgents } from "./identity";

/** An identity registry with some accounts registered, one identity each. */
export interface RegisteredIdentities {
  registry: string;
  kind: string;
}

/**
 * Deploys Counterweight's IdentityRegistry (Merkle path; `deployer` holds GOVERNOR_ROLE instead of
 * a timelock) with the given rotation cooldown and registers each of `signers` as one identity:
 * one registration per agent.
 */
export async function deployRegisteredIdentities(
  hre: HardhatRuntimeEnvironment,
  deployer: Signer,
  signers: readonly Signer[],
  label = "governance",
  onDone?: (n: number) => void,
  rotationCooldownSeconds = 0,
): Promise<RegisteredIdentities> {
  const registry = await deployRegistryForSimulation(hre, deployer, rotationCooldownSeconds);
  await registerAgents(registry, deployer, signers, label);
  onDone?.(signers.length);
  return { registry: await registry.getAddress(), kind: "IdentityRegistry (Merkle registration)" };
}

/** A test-only registry that treats every account as its own identity: identity checks bypassed. */
export async function deployBypassedRegistry(deployer: Signer): Promise<string> {
  const registry = await new MockIdentityRegistry__factory(deployer).deploy();
  await (await registry.setVerifyAll(true)).wait();
  return registry.getAddress();
}
