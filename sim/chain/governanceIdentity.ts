import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { MockIdentityRegistry__factory } from "../../typechain-types";
import { BATCH_GAS, sendAll } from "./batch";

/** An identity registry with some accounts registered, one identity each. */
export interface RegisteredIdentities {
  registry: string;
  kind: string;
}

/** Deploys an identity registry and registers each of `signers` as one identity. */
export async function deployRegisteredIdentities(
  _hre: HardhatRuntimeEnvironment,
  deployer: Signer,
  signers: readonly Signer[],
  _label = "governance",
  onDone?: (n: number) => void,
): Promise<RegisteredIdentities> {
  const registry = await new MockIdentityRegistry__factory(deployer).deploy();
  const addresses = await Promise.all(signers.map((s) => s.getAddress()));
    await sendAll(
    addresses.map((a, i) => () => registry.bind(a, BigInt(i + 1), { gasLimit: BATCH_GAS })),
    1, // one sender: its transactions cannot be in flight together while automining
    onDone,
  );
  return { registry: await registry.getAddress(), kind: "MockIdentityRegistry (checkpointed)" };
}

/** A registry that treats every account as its own identity: identity checks bypassed. */
export async function deployBypassedRegistry(deployer: Signer): Promise<string> {
  const registry = await new MockIdentityRegistry__factory(deployer).deploy();
  await (await registry.setVerifyAll(true)).wait();
  return registry.getAddress();
}
