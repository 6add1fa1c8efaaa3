import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { agentSigners } from "../../sim/chain/accounts";
import { deployMining, WAD, type FarmCaps, type MiningSetup } from "../../sim/chain/mining";
import { Disperse__factory } from "../../typechain-types";

export { BASELINE_DURATION, WAD, WEEK } from "../../sim/chain/mining";

export const REWARD = 604_800n * WAD;
export const USER_LP = 100_000n * WAD;

export interface MiningFixture extends MiningSetup {
  users: HardhatEthersSigner[];
}

/** Real pool + our farm + Uniswap's StakingRewards; `count` users hold `USER_LP` LP each and have approved both farms. */
export async function miningFixture(caps: FarmCaps, count = 6): Promise<MiningFixture> {
  const s = await deployMining(hre, {
    caps,
    liquidityToken: 100_000_000n * WAD,
    liquidityWeth: 100_000n * WAD,
    farmRewards: 10n * REWARD,
  });
  const users = await agentSigners(hre, count, 7, "mining-test");
  const disperse = await new Disperse__factory(s.deployer).deploy();
  await (await s.pool.pair.approve(await disperse.getAddress(), USER_LP * BigInt(count))).wait();
  await (
    await disperse.disperse(
      await s.pool.pair.getAddress(),
      users.map((u) => u.address),
      users.map(() => USER_LP),
    )
  ).wait();
  for (const u of users) {
    await (await s.pool.pair.connect(u).approve(await s.farm.getAddress(), hre.ethers.MaxUint256)).wait();
    await (await s.pool.pair.connect(u).approve(await s.baseline.getAddress(), hre.ethers.MaxUint256)).wait();
  }
  return { ...s, users };
}

/** No cap binds: the farm must behave exactly like StakingRewards. */
export function uncappedFixture(): Promise<MiningFixture> {
  return miningFixture({ cap: 10n ** 27n, slope: 0n, unverifiedCap: 10n ** 27n });
}

/** Verified cap 1,000 LP with a 10% slope above it, unverified cap 10 LP. */
export const CAPS: FarmCaps = { cap: 1_000n * WAD, slope: WAD / 10n, unverifiedCap: 10n * WAD };

export function cappedFixture(): Promise<MiningFixture> {
  return miningFixture(CAPS);
}

/** Runs `fn` from `address` (e.g. the timelock) as an impersonated, ETH-funded signer. */
export async function impersonate(address: string): Promise<HardhatEthersSigner> {
  await hre.network.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
  await hre.network.provider.request({
    method: "hardhat_setBalance",
    params: [address, "0x" + (10n ** 20n).toString(16)],
  });
  return hre.ethers.getSigner(address);
}

/** Effective balance the farm should hold for a stake under `caps`. */
export function curve(stake: bigint, cap: bigint, slope: bigint): bigint {
  return stake > cap ? cap + ((stake - cap) * slope) / WAD : stake;
}
