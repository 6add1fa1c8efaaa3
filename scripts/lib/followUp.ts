import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/**
 * The command line of a follow-up task, with the `--network` and `--deployment-id` it needs, as a
 * task prints it for the operator to copy ("next: npx hardhat gov:vote --network localhost …").
 */
export function followUp(
  hre: HardhatRuntimeEnvironment,
  deploymentId: string,
  task: string,
  args: readonly string[] = [],
): string {
  return ["npx hardhat", task, "--network", hre.network.name, "--deployment-id", deploymentId, ...args].join(" ");
}

/** The deployment id of an address book's folder (deploy/deployments/<id>). */
export function deploymentIdOf(bookDir: string): string {
  return path.basename(bookDir);
}
