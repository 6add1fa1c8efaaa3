import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import FarmModule from "../../deploy/modules/Farm";
import {
  CappedStakingRewards__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  TestERC20__factory,
  TimelockController__factory,
} from "../../typechain-types";
import type {
  CappedStakingRewards,
  CounterweightToken,
  IdentityRegistry,
  TestERC20,
  TimelockController,
} from "../../typechain-types";
import {
  StakingRewards__factory,
  UniswapV2Factory__factory,
  UniswapV2Pair__factory,
} from "../../typechain-types/baselines";
import type { StakingRewards } from "../../typechain-types/baselines";
import { deployInMemory } from "./ignition";
import { addLiquidity, type V2Pool } from "./uniswapV2";

/** The Token module's default farm + liquidity allocations (100M + 200M CWT), re-split per run. */
const FARM_AND_LIQUIDITY = 300_000_000n * 10n ** 18n;

export const WAD = 10n ** 18n;
export const WEEK = 7n * 24n * 60n * 60n;
/** rewardsDuration of the npm StakingRewards artifact (@uniswap/liquidity-staker 1.0.2): 60 days. */
export const BASELINE_DURATION = 60n * 24n * 60n * 60n;

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
  /** The real IdentityRegistry of the Identity module (admin and governor: the timelock). */
  registry: IdentityRegistry;
  /** The timelock, impersonated: the registry's governor (Merkle root, revocations) and the farm's admin. */
  governor: HardhatEthersSigner;
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
  /** Defaults to the baseline's 60 days so both farms emit at the same rate. */
  rewardsDuration?: bigint;
  /**
   * The registry's rotation cooldown in seconds. Defaults to 0, so a rotated identity takes its cap
   * at once (the mining scenarios measure the cap, not the cooldown).
   */
  rotationCooldown?: number;
}

/**
 * Deploys the real Uniswap V2 factory and a WETH-like token, then the Farm Ignition module (in memory on
 * every network, see `deployInMemory`: token,
 * timelock, identity registry, token/WETH pair, farm funded with `farmRewards`), seeds
 * the pair and deploys Uniswap's real StakingRewards on the same LP token, funded with the same
 * amount. The deployer is the farm's extra distributor and the baseline's rewardsDistribution.
 */
export async function deployMining(hre: HardhatRuntimeEnvironment, opts: MiningSetupOptions): Promise<MiningSetup> {
  const [deployer] = await hre.ethers.getSigners();
  const factory = await new UniswapV2Factory__factory(deployer).deploy(deployer.address);
  const weth = await new TestERC20__factory(deployer).deploy("Wrapped Ether", "WETH");
  const deployed = await deployInMemory(hre, FarmModule, {
    // The farm receives exactly the token's farm allocation; the deployer keeps the rest of the
    // non-treasury supply (vesting + liquidity), as with the default split.
    Token: {
      farmRewards: opts.farmRewards,
      liquidity: FARM_AND_LIQUIDITY - opts.farmRewards,
    },
    Identity: { rotationCooldown: opts.rotationCooldown ?? 0 },
    Farm: {
      uniswapV2Factory: await factory.getAddress(),
      weth: await weth.getAddress(),
      cap: opts.caps.cap,
      slope: opts.caps.slope,
      unverifiedCap: opts.caps.unverifiedCap,
      rewardsDuration: opts.rewardsDuration ?? BASELINE_DURATION,
      distributor: deployer.address,
    },
  });
  const farm = CappedStakingRewards__factory.connect(deployed.farm, deployer);
  const token = CounterweightToken__factory.connect(deployed.token, deployer);
  const timelock = TimelockController__factory.connect(deployed.timelock, deployer);
  const registry = IdentityRegistry__factory.connect(deployed.registry, deployer);
  const governor = await hre.ethers.getImpersonatedSigner(await timelock.getAddress());
  await hre.network.provider.send("hardhat_setBalance", [governor.address, "0x56bc75e2d63100000"]);
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
  return { deployer, token, weth, timelock, registry, governor, pool, farm, baseline, lp };
}

/** Moves `from`'s identity to `to` through the registry's two-step rotation; returns the identity id. */
export async function rotateIdentity(
  s: MiningSetup,
  from: HardhatEthersSigner,
  to: HardhatEthersSigner,
): Promise<bigint> {
  const id = await s.registry.identityOf(from.address);
  await (await s.registry.connect(from).proposeRotation(to.address)).wait();
  await (await s.registry.connect(to).acceptRotation(id)).wait();
  return id;
}
