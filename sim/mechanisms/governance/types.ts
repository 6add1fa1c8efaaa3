import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CounterweightToken } from "../../../typechain-types";
import type { Population } from "../../population";
import type { Support } from "../../scenarios/ballots";
import type { Mechanism } from "../mechanism";

/** What every governor of one run shares: the chain, the population, the token and its registry. */
export interface GovernanceWorld {
  hre: HardhatRuntimeEnvironment;
  deployer: HardhatEthersSigner;
  population: Population;
  /** The population's token (balances and delegations already given), read by OZ and Counterweight. */
  token: CounterweightToken;
  /** The identity registry the token and Counterweight's governor read. */
  registry: string;
  /** Counterweight's timelock (each baseline deploys its own, as its docs say). */
  timelock: string;
  params: {
    votingDelay: bigint;
    votingPeriod: bigint;
    proposalThreshold: bigint;
    quorumIdentities: bigint;
    lateQuorumExtension: bigint;
    ozQuorumPercent: bigint;
    timelockDelay: bigint;
  };
  /** A proposal's description from its mechanism's tag. */
  describe(tag: string): string;
}

/** One deployed governor and the proposal its agents vote on. */
export interface GovernanceDeployment {
  readonly governor: string;
  /** Other contracts it brought (e.g. GovernorAlpha's UNI and Timelock), by name. */
  readonly contracts: Readonly<Record<string, string>>;
  /** Set by the "propose" action. */
  proposal: bigint | null;
  /** The block before the proposal (its vote logs are read from there). */
  fromBlock: number;
  /** Population holdings × num ÷ den = this mechanism's votes (1/1 on the shared token). */
  scale: { num: bigint; den: bigint };
}

/** The population's holdings: agent i's signer, amount and delegatee (null: does not delegate). */
export interface GovernanceHoldings {
  signers: readonly HardhatEthersSigner[];
  amounts: readonly bigint[];
  delegatees: readonly (string | null)[];
}

export interface SplitVote {
  against: bigint;
  for: bigint;
  abstain: bigint;
}

/** One agents' step: a proposal, the vote opening or closing, a batch of votes, or one vote. */
export type GovernanceAction =
  | { kind: "propose"; proposer: HardhatEthersSigner; tag: string }
  | { kind: "open" }
  | { kind: "close" }
  | { kind: "votes"; ballots: readonly { from: HardhatEthersSigner; support: Support }[] }
  | { kind: "vote"; from: HardhatEthersSigner; support: Support }
  | { kind: "vote"; from: HardhatEthersSigner; split: SplitVote };

/** One VoteCast log: the weight as the governor counted it. */
export interface VoteLog {
  voter: string;
  support: Support;
  weight: bigint;
}

export interface GovernanceReading {
  passed: boolean;
  state: bigint;
  tally: SplitVote;
  /** Integer weight of one display unit (10^18 per token, 10^9 per √token). */
  unit: bigint;
  votes: VoteLog[];
  snapshot: bigint;
  deadline: bigint;
}

export interface GovernanceTypes {
  world: GovernanceWorld;
  deployed: GovernanceDeployment;
  holdings: GovernanceHoldings;
  action: GovernanceAction;
  reading: GovernanceReading;
}

export type GovernanceMechanism = Mechanism<GovernanceTypes>;
