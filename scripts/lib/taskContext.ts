import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { AddressBook, defaultDeploymentId, deploymentDir } from "./addressBook";

/** The address book of the deployment a task operates on (`--deployment-id`, else chain-<id>). */
export async function loadBook(hre: HardhatRuntimeEnvironment, deploymentId: string | undefined): Promise<AddressBook> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  return AddressBook.load(deploymentDir(hre.config.paths.ignition, deploymentId ?? defaultDeploymentId(chainId)));
}

export { IDS } from "./ids";
