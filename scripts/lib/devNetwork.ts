import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TaskError } from "./inputErrors";

/** The networks dev helpers accept: Hardhat's in-process chain and a local `npx hardhat node`. */
export const DEV_NETWORKS = ["hardhat", "localhost"] as const;
export const DEV_CHAIN_ID = 31337n;

/**
 * Refuses anything but a local development chain (chain id 31337 reached as `hardhat` or
 * `localhost`): dev helpers set balances and move time, which only a dev chain allows.
 */
export async function assertDevNetwork(hre: HardhatRuntimeEnvironment, task: string): Promise<void> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const name = hre.network.name;
  if (chainId !== DEV_CHAIN_ID || !(DEV_NETWORKS as readonly string[]).includes(name)) {
    throw new TaskError(
      `${task} runs only on a local development chain (network ${DEV_NETWORKS.join(" or ")}, chain id ${DEV_CHAIN_ID}); ` +
        `this is network ${name}, chain id ${chainId}: nothing was sent`,
    );
  }
}
