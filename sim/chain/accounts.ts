import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Disperse__factory } from "../../typechain-types";

/** ETH each agent account is given for gas (1,000 ETH). */
export const AGENT_ETH = 10n ** 21n;

/** Recipients per `disperseEther` transaction: about 37,000 gas each (a new account), 7.4 M gas a transaction. */
export const FUND_BATCH = 200;

/** A fixed address of the run, derived from `label` (no key: it is impersonated or given code). */
function runAddress(hre: HardhatRuntimeEnvironment, label: string): string {
  const { ethers } = hre;
  return ethers.getAddress(
    "0x" + ethers.solidityPackedKeccak256(["string", "string"], ["counterweight", label]).slice(26),
  );
}

/**
 * Gives each of `addresses` `wei` of ETH, by real transfers: one `hardhat_setBalance` tops up a
 * funder account, which sends the ETH through a `Disperse` (placed at a fixed address with
 * `hardhat_setCode`) to FUND_BATCH accounts a transaction. A `hardhat_setBalance` per account would
 * be simpler but is not free: the in-process chain (EDR) keeps every state change made outside a
 * block as "irregular state" and pays for it on every later transaction. Measured (2026-12-02, a
 * 21,000-gas transfer, load ≈ 0): 1.0 ms with none, 1.9 ms after 10,000 such calls, 3.7 ms after
 * 40,000; 10,000 accounts funded by transfers left it at 1.0 ms. Each call adds ⌈n / FUND_BATCH⌉
 * transactions (blocks, one second apart on the simulation's clock) and no other state.
 */
export async function fundAccounts(
  hre: HardhatRuntimeEnvironment,
  addresses: readonly string[],
  wei: bigint,
): Promise<void> {
  if (addresses.length === 0) return;
  const { ethers, network } = hre;
  const funderAddress = runAddress(hre, "funder");
  const disperserAddress = runAddress(hre, "ether-disperse");
  const code = (await hre.artifacts.readArtifact("Disperse")).deployedBytecode;
  const hex = (n: bigint) => "0x" + n.toString(16);
  const total = wei * BigInt(addresses.length);
  await network.provider.request({ method: "hardhat_setCode", params: [disperserAddress, code] });
  await network.provider.request({ method: "hardhat_impersonateAccount", params: [funderAddress] });
  // The total plus 100 ETH for the batches' gas.
  await network.provider.request({ method: "hardhat_setBalance", params: [funderAddress, hex(total + 10n ** 20n)] });
  const disperse = Disperse__factory.connect(disperserAddress, await ethers.getSigner(funderAddress));
  for (let i = 0; i < addresses.length; i += FUND_BATCH) {
    const to = addresses.slice(i, i + FUND_BATCH);
    await (await disperse.disperseEther(to, wei, { value: wei * BigInt(to.length) })).wait();
  }
}

/**
 * Deterministic agent accounts: address i of a run is keccak("counterweight-agent", seed, i), so the
 * same seed gives the same addresses. The chain must allow impersonation (the in-process Hardhat
 * network and `npx hardhat node` both do); each account is given AGENT_ETH for gas (`fundAccounts`).
 */
export async function agentSigners(
  hre: HardhatRuntimeEnvironment,
  count: number,
  seed: number,
  label = "agent",
): Promise<HardhatEthersSigner[]> {
  const { ethers, network } = hre;
  const signers: HardhatEthersSigner[] = [];
  for (let i = 0; i < count; i++) {
    const hash = ethers.solidityPackedKeccak256(
      ["string", "string", "uint256", "uint256"],
      ["counterweight", label, seed, i],
    );
    const address = ethers.getAddress("0x" + hash.slice(26));
    await network.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
    signers.push(await ethers.getSigner(address));
  }
  await fundAccounts(
    hre,
    signers.map((s) => s.address),
    AGENT_ETH,
  );
  return signers;
}
