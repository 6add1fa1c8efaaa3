import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CounterweightToken, TestERC20 } from "../../../typechain-types";
import type { V2Pool } from "../../chain/uniswapV2";
import type { ScenarioConfig } from "../../config/schema";
import type { Population } from "../../population";
import type { Mechanism } from "../mechanism";

/** The vesting terms every mechanism of one run is given (a mechanism without a schedule ignores them). */
export interface VestingSchedule {
  cliffMonths: number;
  durationMonths: number;
  /** The vault's tranche spacing: equal tranches every trancheMonths from the cliff to the end. */
  trancheMonths: number;
}

/**
 * What every vesting mechanism of one run shares: the chain, the population and the market each
 * mechanism rebuilds on its own token (each run starts from the same supply, pool and launch price).
 */
export interface VestingWorld {
  hre: HardhatRuntimeEnvironment;
  deployer: HardhatEthersSigner;
  population: Population;
  market: {
    /** The token's whole supply, minted to the deployer. */
    supply: bigint;
    /** Tokens seeded into the Uniswap V2 pool at launch, against poolTokens × launchPrice quote. */
    poolTokens: bigint;
    /** Quote per token at launch (an integer). */
    launchPrice: bigint;
  };
  schedule: VestingSchedule;
}

/** One mechanism's own token, quote asset and Uniswap V2 pool, and what the agents' steps recorded. */
export interface VestingDeployment {
  readonly token: CounterweightToken;
  readonly quote: TestERC20;
  readonly pool: V2Pool;
  /** The launch timestamp (an hour after the pool is seeded); month m starts at launch + m·30 days. */
  readonly launch: number;
  /** The VCs, in holdings order (set by `distribute`): they delegate, receive releases and sell. */
  readonly vcs: HardhatEthersSigner[];
  /** Contracts that hold the VCs' unvested tokens (vesters, the vault): their votes count as the VCs'. */
  readonly custody: string[];
  /** The vault's schedule ids (none for a mechanism without one), in VC order. */
  readonly schedules: bigint[];
  /** Spot price samples: at launch before any trade, then after each month's sales (day, price). */
  readonly prices: { day: number; price: number }[];
  /** Timestamps at which the VCs' votes are read (launch, then each sampled month). */
  readonly voteTimes: number[];
  /** Quote each retail buyer spent, in the order they first bought. */
  readonly spent: Map<string, bigint>;
}

/** The VCs' allocations: VC i's signer and amount. */
export interface VestingHoldings {
  vcs: readonly HardhatEthersSigner[];
  amounts: readonly bigint[];
}

export type VcSelling = ScenarioConfig["vesting"]["vcSelling"];

/**
 * One agents' step: the launch (every VC delegates to itself, the chain moves to the launch time), or
 * a month (retail buys, the mechanism releases what is due, the VCs sell under their strategy).
 */
export type VestingAction =
  | { kind: "launch" }
  | {
      kind: "month";
      month: number;
      buys: readonly { address: string; budget: bigint }[];
      selling: VcSelling;
      /** Whether this month's timestamp (after the buys) is one at which the VCs' votes are read. */
      sampleVotes: boolean;
    };

export interface VestingReading {
  prices: { day: number; price: number }[];
  finalPrice: number;
  /** The VCs' largest voting weight (their own and their custody contracts') at the sampled times. */
  vcVotesMax: bigint;
  /** Quote the VCs hold: what their sales raised. */
  vcProceeds: bigint;
  /** Each retail buyer's spend and token balance at the end, in the order they first bought. */
  buyers: { address: string; spent: bigint; held: bigint }[];
}

export interface VestingTypes {
  world: VestingWorld;
  deployed: VestingDeployment;
  holdings: VestingHoldings;
  action: VestingAction;
  reading: VestingReading;
}

/** A vesting mechanism; `describe` gives its label with this run's schedule (for reports). */
export interface VestingMechanism extends Mechanism<VestingTypes> {
  describe(schedule: VestingSchedule): string;
}
