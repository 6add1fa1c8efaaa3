import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { agentSigners } from "../sim/chain/accounts";
import { registerAgents } from "../sim/chain/identity";
import { deployMining, WAD, type MiningSetup } from "../sim/chain/mining";
import { Disperse__factory } from "../typechain-types";
import { compare, gasOf, type GasComparison } from "./gas";

const STAKE = 1_000n * WAD;
const BASELINE = "Uniswap StakingRewards (@uniswap/liquidity-staker 1.0.2)";
const TARGET = 1.1;

interface FarmLike {
  stake(amount: bigint): ReturnType<MiningSetup["farm"]["stake"]>;
  withdraw(amount: bigint): ReturnType<MiningSetup["farm"]["withdraw"]>;
  getReward(): ReturnType<MiningSetup["farm"]["getReward"]>;
  exit(): ReturnType<MiningSetup["farm"]["exit"]>;
}

async function increase(hre: HardhatRuntimeEnvironment, seconds: number): Promise<void> {
  await hre.network.provider.send("evm_increaseTime", [seconds]);
  await hre.network.provider.send("evm_mine", []);
}

/** The same sequence on one farm: first stake, top-up, partial withdraw, claim, exit. */
async function sequence(
  hre: HardhatRuntimeEnvironment,
  farm: FarmLike,
): Promise<Record<"stakeFirst" | "stakeTopUp" | "withdraw" | "getReward" | "exit", bigint>> {
  const stakeFirst = await gasOf(farm.stake(STAKE));
  await increase(hre, 3600);
  const stakeTopUp = await gasOf(farm.stake(STAKE));
  await increase(hre, 3600);
  const withdraw = await gasOf(farm.withdraw(STAKE / 2n));
  await increase(hre, 3600);
  const getReward = await gasOf(farm.getReward());
  await increase(hre, 3600);
  const exit = await gasOf(farm.exit());
  return { stakeFirst, stakeTopUp, withdraw, getReward, exit };
}

async function fund(s: MiningSetup, users: HardhatEthersSigner[], amount: bigint): Promise<void> {
  const disperse = await new Disperse__factory(s.deployer).deploy();
  const pairAddress = await s.pool.pair.getAddress();
  await (await s.pool.pair.approve(await disperse.getAddress(), amount * BigInt(users.length))).wait();
  const chunk = 250;
  for (let i = 0; i < users.length; i += chunk) {
    const part = users.slice(i, i + chunk);
    await (
      await disperse.disperse(
        pairAddress,
        part.map((u) => u.address),
        part.map(() => amount),
      )
    ).wait();
  }
}

export default async function miningBench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const s = await deployMining(hre, {
    caps: { cap: 10_000_000n * WAD, slope: 0n, unverifiedCap: 10_000_000n * WAD },
    liquidityToken: 100_000_000n * WAD,
    liquidityWeth: 100_000n * WAD,
    farmRewards: 1_000_000n * WAD,
  });
  const farmAddress = await s.farm.getAddress();
  const baselineAddress = await s.baseline.getAddress();
  const [ours, theirs, seedOurs, seedTheirs, probe] = await agentSigners(hre, 5, 1, "mining-bench");
  await fund(s, [ours, theirs, seedOurs, seedTheirs, probe], 10n * STAKE);
  await registerAgents(s.registry, s.governor, [ours, seedOurs, probe], "mining-bench");
  for (const u of [ours, seedOurs, probe]) {
    await (await s.pool.pair.connect(u).approve(farmAddress, hre.ethers.MaxUint256)).wait();
  }
  for (const u of [theirs, seedTheirs]) {
    await (await s.pool.pair.connect(u).approve(baselineAddress, hre.ethers.MaxUint256)).wait();
  }
  await (await s.farm.connect(seedOurs).stake(STAKE)).wait();
  await (await s.baseline.connect(seedTheirs).stake(STAKE)).wait();
  await (await s.farm.notifyRewardAmount(1_000_000n * WAD)).wait();
  await (await s.baseline.notifyRewardAmount(1_000_000n * WAD)).wait();

  const a = await sequence(hre, s.farm.connect(ours));
  const b = await sequence(hre, s.baseline.connect(theirs));
  const operations: GasComparison[] = [
    compare("stake (first, cold position)", a.stakeFirst, b.stakeFirst, BASELINE, TARGET),
    compare("stake (top-up)", a.stakeTopUp, b.stakeTopUp, BASELINE, TARGET),
    compare("withdraw", a.withdraw, b.withdraw, BASELINE, TARGET),
    compare("getReward", a.getReward, b.getReward, BASELINE, TARGET),
    compare("exit", a.exit, b.exit, BASELINE, TARGET),
  ];

  // O(1): the same first stake by the same probe account with 1 prior staker, then with 2,000.
  const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
  const withOne = await gasOf(s.farm.connect(probe).stake(STAKE));
  await hre.network.provider.send("evm_revert", [snapshot]);
  const crowd = await agentSigners(hre, 1_999, 2, "mining-bench-crowd");
  await fund(s, crowd, STAKE);
  for (const u of crowd) {
    await (await s.pool.pair.connect(u).approve(farmAddress, STAKE)).wait();
    await (await s.farm.connect(u).stake(STAKE)).wait();
  }
  const withMany = await gasOf(s.farm.connect(probe).stake(STAKE));
  const difference = Math.abs(Number(withMany - withOne)) / Number(withOne);

  return {
    amounts: { stake: STAKE.toString(), withdraw: (STAKE / 2n).toString() },
    note: "same LP token (real Uniswap V2 pair), same amounts and time steps; stakers verified, no cap binds",
    operations,
    scaling: {
      operation: "stake (first, cold position)",
      priorStakers1: Number(withOne),
      priorStakers2000: Number(withMany),
      relativeDifference: Math.round(difference * 1e6) / 1e6,
      target: 0.01,
      meetsTarget: difference < 0.01,
    },
  };
}
