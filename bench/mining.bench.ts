import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { agentSigners } from "../sim/chain/accounts";
import { registerAgents } from "../sim/chain/identity";
import { deployMining, rotateIdentity, WAD, type MiningSetup } from "../sim/chain/mining";
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

type Step = "stakeEmptyFarm" | "stakeNewStaker" | "stakeTopUp" | "withdraw" | "getReward" | "exit";

/**
 * The same sequence on one farm, fresh from deployment and already notified: `seed` makes the very
 * first stake into the empty farm; after an hour `seed` claims (the accumulator is non-zero from
 * then on, as in any live farm); then `user`, a new staker, opens a position next to `seed`, tops it
 * up, withdraws half, claims and exits.
 */
async function sequence(hre: HardhatRuntimeEnvironment, seed: FarmLike, user: FarmLike): Promise<Record<Step, bigint>> {
  const stakeEmptyFarm = await gasOf(seed.stake(STAKE));
  await increase(hre, 3600);
  await (await seed.getReward()).wait();
  await increase(hre, 3600);
  const stakeNewStaker = await gasOf(user.stake(STAKE));
  await increase(hre, 3600);
  const stakeTopUp = await gasOf(user.stake(STAKE));
  await increase(hre, 3600);
  const withdraw = await gasOf(user.withdraw(STAKE / 2n));
  await increase(hre, 3600);
  const getReward = await gasOf(user.getReward());
  await increase(hre, 3600);
  const exit = await gasOf(user.exit());
  return { stakeEmptyFarm, stakeNewStaker, stakeTopUp, withdraw, getReward, exit };
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
  const [ours, theirs, seedOurs, seedTheirs, probe, registrant, rotatedKey] = await agentSigners(
    hre,
    7,
    1,
    "mining-bench",
  );
  await fund(s, [ours, theirs, seedOurs, seedTheirs, probe, rotatedKey], 10n * STAKE);
  await registerAgents(s.registry, s.governor, [ours, seedOurs, probe, registrant], "mining-bench");
  for (const u of [ours, seedOurs, probe, rotatedKey]) {
    await (await s.pool.pair.connect(u).approve(farmAddress, hre.ethers.MaxUint256)).wait();
  }
  for (const u of [theirs, seedTheirs]) {
    await (await s.pool.pair.connect(u).approve(baselineAddress, hre.ethers.MaxUint256)).wait();
  }
  await (await s.farm.notifyRewardAmount(1_000_000n * WAD)).wait();
  await (await s.baseline.notifyRewardAmount(1_000_000n * WAD)).wait();

  const a = await sequence(hre, s.farm.connect(seedOurs), s.farm.connect(ours));
  const b = await sequence(hre, s.baseline.connect(seedTheirs), s.baseline.connect(theirs));
  // A key rotation moved an identity to a fresh account, whose first stake records which account
  // holds the identity's cap (a fresh slot the registrant's own first stake does without).
  await rotateIdentity(s, registrant, rotatedKey);
  const stakeRotatedKey = await gasOf(s.farm.connect(rotatedKey).stake(STAKE));
  const operations: GasComparison[] = [
    compare("stake (very first stake into an empty farm)", a.stakeEmptyFarm, b.stakeEmptyFarm, BASELINE, TARGET),
    compare("stake (new staker, farm already has stakers)", a.stakeNewStaker, b.stakeNewStaker, BASELINE, TARGET),
    compare(
      "stake (new staker on an identity rotated to it; once per rotation and farm)",
      stakeRotatedKey,
      b.stakeNewStaker,
      BASELINE,
    ),
    compare("stake (top-up)", a.stakeTopUp, b.stakeTopUp, BASELINE, TARGET),
    compare("withdraw", a.withdraw, b.withdraw, BASELINE, TARGET),
    compare("getReward", a.getReward, b.getReward, BASELINE, TARGET),
    compare("exit", a.exit, b.exit, BASELINE, TARGET),
  ];

  // O(1): the same new-staker stake by the same probe account with 1 prior staker, then with 2,000.
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
    note:
      "same LP token (real Uniswap V2 pair), same amounts and time steps, both farms notified before the first stake; " +
      "stakers verified (staking from the account that registered the identity, except the rotated-key row), no cap binds",
    operations,
    scaling: {
      operation: "stake (new staker, farm already has stakers)",
      priorStakers1: Number(withOne),
      priorStakers2000: Number(withMany),
      relativeDifference: Math.round(difference * 1e6) / 1e6,
      target: 0.01,
      meetsTarget: difference < 0.01,
    },
  };
}
