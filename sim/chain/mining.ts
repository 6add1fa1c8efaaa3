import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import FarmModule from "../../deploy/modules/Farm";
import {
  CappedStakingRewards__factory,
  CounterweightToken__factory,
  MockIdentityRegistry__factory,
  TestERC20__factory,
  TimelockController__factory,
} from "../../typechain-types";
import type {
  CappedStakingRewards,
  CounterweightToken,
  MockIdentityRegistry,
  TestERC20,
  TimelockController,
} from "../../typechain-types";
import {
  StakingRewards__factory,
  UniswapV2Factory__factory,
  UniswapV2Pair__factory,
} from "../../typechain-types/baselines";
import type { StakingRewards } from "../../typechain-types/baselines";
import { addLiquidity, type V2Pool } from "./uniswapV2";

export const WAD = 10n ** 18n;
export const WEEK = 7n * 24n * 60n * 60n;

/** Curve parameters of the capped farm, in LP-token units (slope in WAD). */
export interface FarmCaps {
  cap: bigint;
  slope: bigint;
  unverifiedCap: bigint;
}

/** Everything a mining test, bench or simulation needs: the real pool, our farm, the baseline. */
export interface MiningSetup {
  deployer: HardhatEthersSigner;
  token: CounterweightToken;
  weth: TestERC20;
  timelock: TimelockController;
  registry: MockIdentityRegistry;
  pool: V2Pool;
  farm: CappedStakingRewards;
  baseline: StakingRewards;
  /** LP tokens the deployer holds after seeding the pool. */
  lp: bigint;
}

export interface MiningSetupOptions {
  caps: FarmCaps;
  /** Tokens and WETH the deployer puts in the pool (LP = √(token × weth)). */
  liquidityToken: bigint;
  liquidityWeth: bigint;
  /** Reward tokens moved to our farm by the deploy module, and to the baseline. */
  farmRewards: bigint;
  rewardsDuration?: bigint;
}

/**
 * Deploys the real Uniswap V2 factory, a WETH-like token and the identity registry, then the
 * Farm Ignition module (token, timelock, token/WETH pair, farm funded with `farmRewards`), seeds
 * the pair and deploys Uniswap's real StakingRewards on the same LP token, funded with the same
 * amount. The deployer is the farm's extra distributor and the baseline's rewardsDistribution.
 */
export async function deployMining(hre: HardhatRuntimeEnvironment, opts: MiningSetupOptions): Promise<MiningSetup> {
  const [deployer] = await hre.ethers.getSigners();
  const factory = await new UniswapV2Factory__factory(deployer).deploy(deployer.address);
  const weth = await new TestERC20__factory(deployer).deploy("Wrapped Ether", "WETH");
  const registry = await new MockIdentityRegistry__factory(deployer).deploy();
  const deployed = await hre.ignition.deploy(FarmModule, {
    parameters: {
      Farm: {
        uniswapV2Factory: await factory.getAddress(),
        weth: await weth.getAddress(),
        identityRegistry: await registry.getAddress(),
        cap: opts.caps.cap,
        slope: opts.caps.slope,
        unverifiedCap: opts.caps.unverifiedCap,
        rewardsDuration: opts.rewardsDuration ?? WEEK,
        distributor: deployer.address,
        farmRewards: opts.farmRewards,
      },
    },
  });
  const farm = CappedStakingRewards__factory.connect(await deployed.farm.getAddress(), deployer);
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), deployer);
  const pair = UniswapV2Pair__factory.connect(await farm.stakingToken(), deployer);
  const pool: V2Pool = { factory, pair };

  await (await weth.mint(deployer.address, opts.liquidityWeth)).wait();
  await addLiquidity(pool, deployer, token, opts.liquidityToken, weth, opts.liquidityWeth);
  const lp = await pair.balanceOf(deployer.address);

  const baseline = await new StakingRewards__factory(deployer).deploy(
    deployer.address,
    await token.getAddress(),
    await pair.getAddress(),
  );
  await (await token.transfer(await baseline.getAddress(), opts.farmRewards)).wait();
  return { deployer, token, weth, timelock, registry, pool, farm, baseline, lp };
}
