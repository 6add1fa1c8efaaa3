import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { getAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TaskError } from "./inputErrors";

/**
 * The node's accounts named by `spec`: a comma-separated list of indexes (0 = the first account)
 * and addresses, e.g. "1", "0x7099…79C8", "1,2,3". Absent: account 0. Every item must be one of the
 * network's accounts (the node's unlocked accounts, or the configured keys), listed once.
 */
export async function resolveSigners(
  hre: HardhatRuntimeEnvironment,
  spec: string | undefined,
  param = "from",
): Promise<HardhatEthersSigner[]> {
  const signers = await hre.ethers.getSigners();
  if (signers.length === 0) {
    throw new TaskError(`network ${hre.network.name} has no accounts to send from`);
  }
  const items = (spec ?? "0").split(",").map((s) => s.trim());
  const out: HardhatEthersSigner[] = [];
  for (const item of items) {
    let signer: HardhatEthersSigner | undefined;
    if (/^[0-9]+$/.test(item)) {
      signer = signers[Number(item)];
      if (signer === undefined) {
        throw new TaskError(
          `--${param} ${item}: network ${hre.network.name} has ${signers.length} account(s), indexes 0 to ${signers.length - 1}`,
        );
      }
    } else if (isAddress(item)) {
      const address = getAddress(item.toLowerCase());
      signer = signers.find((s) => s.address === address);
      if (signer === undefined) {
        throw new TaskError(
          `--${param} ${item}: not one of network ${hre.network.name}'s ${signers.length} account(s)`,
        );
      }
    } else {
      throw new TaskError(`--${param} "${item}": expected an account index (0, 1, …) or an address`);
    }
    if (out.some((s) => s.address === signer.address)) {
      throw new TaskError(`--${param}: ${signer.address} is listed twice`);
    }
    out.push(signer);
  }
  return out;
}

/** One account: an index among the node's accounts or any address (it need not be unlocked). */
export async function resolveAccount(hre: HardhatRuntimeEnvironment, spec: string, param: string): Promise<string> {
  const item = spec.trim();
  if (/^[0-9]+$/.test(item)) {
    const [signer] = await resolveSigners(hre, item, param);
    return signer.address;
  }
  if (!isAddress(item)) {
    throw new TaskError(`--${param} "${item}": expected an account index (0, 1, …) or an address`);
  }
  const address = getAddress(item.toLowerCase());
  if (address === "0x0000000000000000000000000000000000000000") {
    throw new TaskError(`--${param}: the zero address`);
  }
  return address;
}
