import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { AddressBook, defaultDeploymentId, deploymentDir } from "./addressBook";

/** The address book of the deployment a task operates on (`--deployment-id`, else chain-<id>). */
export async function loadBook(hre: HardhatRuntimeEnvironment, deploymentId: string | undefined): Promise<AddressBook> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  return AddressBook.load(deploymentDir(hre.config.paths.ignition, deploymentId ?? defaultDeploymentId(chainId)));
}

/** Future ids of the suite's contracts, as the Ignition modules name them. */
export const IDS = {
  token: "Token#CounterweightToken",
  timelock: "Token#TimelockController",
  registry: "Identity#IdentityRegistry",
  governor: "Governance#CounterweightGovernor",
  vault: "Vesting#VestingVault",
  farm: "Counterweight#CappedStakingRewards",
  pair: "Counterweight#UniswapV2Pair",
} as const;
