import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { FarmCaps, MiningSetup } from "../../chain/mining";
import type { StakingRewards } from "../../../typechain-types/baselines";
import type { Mechanism } from "../mechanism";

/** An EIP-2612 signature (v, r, s). */
export type PermitSignature = [v: number, r: string, s: string];

/**
 * What every farm of one run shares: the chain, the real CWT/WETH Uniswap V2 pair with its token,
 * identity registry and timelock (`deployMining`), the capped farm's curve for this population and
 * the reward every farm is funded with for one period.
 */
export interface MiningWorld {
  hre: HardhatRuntimeEnvironment;
  /**
   * The pool, token, registry and timelock, plus the two farms `deployMining` brings on the pair:
   * the Farm Ignition module's capped farm and the npm StakingRewards, each funded with `reward`.
   */
  setup: MiningSetup;
  /** The capped farm's curve for this population (its admin, the timelock, sets it). */
  caps: FarmCaps;
  /** Rewards each farm is funded with and notified for one period. */
  reward: bigint;
  /**
   * Signs a permit of the pair from `owner` (an agent of `keyedAgents`) to `spender` for `value`,
   * no deadline, at `owner`'s next pair nonce (counted here: every signed permit must be mined).
   */
  permit(owner: HardhatEthersSigner, spender: string, value: bigint): PermitSignature;
}

/**
 * Which farm of the model engine (sim/model/mining) replays a deployment, with the curve it ran with:
 * Synthetix's StakingRewards (reward ∝ stake) or the capped farm.
 */
export type FarmModelKind = { kind: "staking-rewards" } | { kind: "capped"; caps: FarmCaps };

/**
 * One deployed farm. `farm` speaks the user ABI of Synthetix's StakingRewards (stakeWithPermit,
 * getReward, notifyRewardAmount, earned, periodFinish, RewardAdded, RewardPaid), which Uniswap's
 * farm has and the capped farm keeps; it is typed with the npm artifact's TypeChain binding.
 */
export interface MiningDeployment {
  readonly address: string;
  readonly farm: StakingRewards;
  /** Every account `distribute` staked for, in staking order: the reading's order. */
  readonly stakers: HardhatEthersSigner[];
  /**
   * Accounts that claimed after the period ended, with no notification since: their `earned` is 0,
   * so `read` does not ask the chain for it.
   */
  readonly settled: Set<string>;
  /** The farm the model engine replays it with. */
  readonly model: FarmModelKind;
  /** The stake that earns: the plain stake (StakingRewards) or the effective, capped one. */
  readonly earning: { total(): Promise<bigint>; of(account: string): Promise<bigint> };
  /**
   * (token, quote) the pair returned for each `exit` action's burns, in exit order; the `exit`
   * action appends, its caller takes them (`burns.splice(from)`), since a chain revert does not undo them.
   */
  readonly burns: [bigint, bigint][];
}

/** Stakers (agents of `keyedAgents`, holding the LP already) and the LP each stakes in this farm. */
export interface MiningHoldings {
  signers: readonly HardhatEthersSigner[];
  lps: readonly bigint[];
}

/**
 * One step: the distributor starts the period with `world.reward`; the chain passes the end of the
 * farm's period (no-op once past it, so a run that ends every farm in reverse notification order
 * warps once); `signers` claim their rewards (in signer order); `leavers` exit (in order): each calls
 * the farm's `exit()` (stake withdrawn, reward paid), sends the LP it withdrew to the real V2 pair
 * and burns it, as the router's removeLiquidity does. With `at`, leaver j's three transactions are
 * mined at exactly at + 3j, + 1, + 2 (`exitTimes` in sim/chain/farmExit.ts gives the exits').
 */
export type MiningAction =
  | { kind: "notify" }
  | { kind: "end" }
  | { kind: "claim"; signers: readonly HardhatEthersSigner[] }
  | { kind: "exit"; leavers: readonly HardhatEthersSigner[]; at?: bigint };

export interface MiningReading {
  /** Per staker of the deployment (staking order): rewards paid (RewardPaid) plus still earned. */
  rewards: bigint[];
  /** Σ RewardAdded: what the farm was notified to pay. */
  funded: bigint;
  /** The farm's reward period in seconds. */
  duration: bigint;
}

export interface MiningTypes {
  world: MiningWorld;
  deployed: MiningDeployment;
  holdings: MiningHoldings;
  action: MiningAction;
  reading: MiningReading;
}

export type MiningMechanism = Mechanism<MiningTypes>;
