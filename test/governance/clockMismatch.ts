import hre from "hardhat";
import type { Addressable } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { CounterweightGovernor__factory, TimelockController__factory } from "../../typechain-types";
import { Uni__factory } from "../../typechain-types/baselines";

/**
 * Prepares a CounterweightGovernor over Uniswap's UNI (it votes on block numbers and has no
 * ERC-6372, which OZ reads as mode=blocknumber&from=default) and the registry `registryOf` deploys,
 * with a fresh timelock: `deploy` sends the governor's deployment (for the caller to expect its
 * revert), and `factory`'s interface names the error.
 */
export async function governorOverUni(
  registryOf: (deployer: HardhatEthersSigner) => Promise<Addressable>,
): Promise<{ factory: CounterweightGovernor__factory; deploy: () => Promise<unknown> }> {
  const [deployer] = await hre.ethers.getSigners();
  const now = BigInt(await time.latest());
  const uni = await new Uni__factory(deployer).deploy(deployer.address, deployer.address, now + 86_400n);
  const registry = await registryOf(deployer);
  const timelock = await new TimelockController__factory(deployer).deploy(60n, [], [], deployer.address);
  const factory = new CounterweightGovernor__factory(deployer);
  const addresses = [await uni.getAddress(), await registry.getAddress(), await timelock.getAddress()] as const;
  const deploy = () =>
    factory.deploy(...addresses, {
      votingDelay: 60n,
      votingPeriod: 3600,
      proposalThreshold: 0n,
      quorumIdentities: 1n,
      lateQuorumExtension: 0n,
    });
  return { factory, deploy };
}
