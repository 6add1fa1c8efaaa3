import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

/**
 * Deterministic agent accounts: address i of a run is keccak("counterweight-agent", seed, i), so the
 * same seed gives the same addresses. The chain must allow impersonation (the in-process Hardhat
 * network and `npx hardhat node` both do); each account is given ETH for gas.
 */
export async function agentSigners(
  hre: HardhatRuntimeEnvironment,
  count: number,
  seed: number,
  label = "agent",
): Promise<HardhatEthersSigner[]> {
  const { ethers, network } = hre;
  const signers: HardhatEthersSigner[] = [];
  const balance = "0x" + (10n ** 21n).toString(16);
  for (let i = 0; i < count; i++) {
    const hash = ethers.solidityPackedKeccak256(
      ["string", "string", "uint256", "uint256"],
      ["counterweight", label, seed, i],
    );
    const address = ethers.getAddress("0x" + hash.slice(26));
    await network.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
    await network.provider.request({ method: "hardhat_setBalance", params: [address, balance] });
    signers.push(await ethers.getSigner(address));
  }
  return signers;
}
