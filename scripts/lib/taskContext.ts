import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { AddressBook, defaultDeploymentId, deploymentDir } from "./addressBook";

/** The deployment id a task operates on: `--deployment-id`, else Ignition's default chain-<id>. */
export async function resolveDeploymentId(
  hre: HardhatRuntimeEnvironment,
  deploymentId: string | undefined,
): Promise<string> {
  return deploymentId ?? defaultDeploymentId((await hre.ethers.provider.getNetwork()).chainId);
}

/** The address book of the deployment a task operates on (`--deployment-id`, else chain-<id>). */
export async function loadBook(hre: HardhatRuntimeEnvironment, deploymentId: string | undefined): Promise<AddressBook> {
  return AddressBook.load(deploymentDir(hre.config.paths.ignition, await resolveDeploymentId(hre, deploymentId)));
}

export { IDS } from "./ids";
