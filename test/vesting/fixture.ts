import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import VestingModule from "../../deploy/modules/Vesting";
import { CounterweightToken__factory, VestingVault__factory } from "../../typechain-types";
import type { CounterweightToken, VestingVault } from "../../typechain-types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

export const MONTH = 30n * 24n * 60n * 60n;
export const INVESTOR = 0;
export const TEAM = 1;
export const ADVISOR = 2;
export const E18 = 10n ** 18n;

export interface VaultFixture {
  deployer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  timelockSigner: HardhatEthersSigner;
  token: CounterweightToken;
  vault: VestingVault;
  timelock: string;
}

/** Deploys Token + Vesting with the Ignition modules, as production does; the deployer approves the vault. */
export async function deployVault(): Promise<VaultFixture> {
  const [deployer, alice, bob, carol] = await hre.ethers.getSigners();
  const deployed = await hre.ignition.deploy(VestingModule);
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const vault = VestingVault__factory.connect(await deployed.vault.getAddress(), deployer);
  const timelock = await deployed.timelock.getAddress();
  await hre.network.provider.request({ method: "hardhat_impersonateAccount", params: [timelock] });
  await hre.network.provider.request({
    method: "hardhat_setBalance",
    params: [timelock, "0x" + (10n ** 20n).toString(16)],
  });
  const timelockSigner = await hre.ethers.getSigner(timelock);
  await (await token.approve(await vault.getAddress(), hre.ethers.MaxUint256)).wait();
  return { deployer, alice, bob, carol, timelockSigner, token, vault, timelock };
}

export type Terms = VestingVault.TermsStruct;

export async function termsFor(
  beneficiary: string,
  amount: bigint,
  category: number,
  cliff: bigint,
  duration: bigint,
  startOffset = 100n,
): Promise<{ beneficiary: string; amount: bigint; category: number; start: bigint; cliff: bigint; duration: bigint }> {
  const now = BigInt(await time.latest());
  return { beneficiary, amount, category, start: now + startOffset, cliff, duration };
}

export function salt(n: number | string): string {
  return hre.ethers.id(`salt-${n}`);
}
