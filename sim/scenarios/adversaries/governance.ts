import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { buyIdentitiesConfig, type ScenarioConfig } from "../../config/schema";
import type { MetricValue } from "../../types";
import type { CounterweightGovernor, CounterweightToken, OZBaselineGovernor } from "../../../typechain-types";
import type { GovernorAlpha } from "../../../typechain-types/baselines";
import type { CountedVote } from "../governanceMetrics";
import { runBuyIdentities, type SnapshotVote } from "./buyIdentities";
import { runBribeVoters } from "./bribeVoters";
import type { CaptureInput } from "./capture";

const DAY_SECONDS = 86_400;

/** The rotation cooldown the governance registry is deployed with: the strategy's, else none (as before). */
export function adversaryCooldownSeconds(config: ScenarioConfig): number {
  return config.whales.strategy === "buy-identities"
    ? Math.round(buyIdentitiesConfig(config).rotationCooldownDays * DAY_SECONDS)
    : 0;
}

export interface GovernanceAdversaryInput {
  hre: HardhatRuntimeEnvironment;
  config: ScenarioConfig;
  seed: number;
  deployer: HardhatEthersSigner;
  token: CounterweightToken;
  governor: CounterweightGovernor;
  /** Every agent's signer, in agent order. */
  signers: readonly HardhatEthersSigner[];
  /** The main Counterweight proposal's snapshot and its counted votes (in casting order). */
  snapshot: bigint;
  votes: readonly CountedVote[];
  linearPassed: { oz: boolean; alpha: boolean };
  /** The whale that proposed the main vote (it proposes the bribed proposals). */
  proposer: HardhatEthersSigner;
  oz: OZBaselineGovernor;
  alpha: GovernorAlpha;
  /** The main vote's ballots as the model engine reads them. */
  capture: CaptureInput;
}

export interface GovernanceAdversaryResult {
  variants: { id: string; label: string; metrics: Record<string, MetricValue> }[];
  reading: string;
}

/**
 * Runs the configured whale strategy against the governance scenario's contracts after its main
 * vote; null for "passive" (the scenario then sends exactly what it sent before).
 */
export async function runGovernanceAdversary(
  input: GovernanceAdversaryInput,
): Promise<GovernanceAdversaryResult | null> {
  if (input.config.whales.strategy === "bribe-voters") {
    return runBribeVoters({
      hre: input.hre,
      config: input.config,
      proposer: input.proposer,
      signers: input.signers,
      ours: input.governor,
      oz: input.oz,
      alpha: input.alpha,
      capture: input.capture,
    });
  }
  if (input.config.whales.strategy !== "buy-identities") return null;
  const votes: SnapshotVote[] = [];
  for (const v of input.votes) {
    votes.push({
      account: v.voter,
      support: v.support as 0 | 1 | 2,
      votes: await input.token.getPastVotes(v.voter, input.snapshot),
      splits: v.kind === "whale" && v.support === 1,
    });
  }
  const r = await runBuyIdentities({ ...input, votes });
  return {
    variants: [{ id: "buy-identities", label: "Whales buy identities (on chain)", metrics: r.metrics }],
    reading: r.reading,
  };
}
