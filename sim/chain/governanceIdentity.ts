import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { MockIdentityRegistry__factory } from "../../typechain-types";

/** An identity registry with `signers` registered, one identity each. */
export interface RegisteredIdentities {
  registry: string;
  kind: string;
}

/** Registers each signer as one identity; used by the governance bench. */
export async function deployIdentityForBench(
  _hre: HardhatRuntimeEnvironment,
  deployer: Signer,
  signers: Signer[],
): Promise<RegisteredIdentities> {
  const registry = await new MockIdentityRegistry__factory(deployer).deploy();
  for (const [i, s] of signers.entries()) await (await registry.bind(await s.getAddress(), BigInt(i + 1))).wait();
  return { registry: await registry.getAddress(), kind: "MockIdentityRegistry (checkpointed)" };
}
