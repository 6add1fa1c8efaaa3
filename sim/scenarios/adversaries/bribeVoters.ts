import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { bribeVotersConfig, type ScenarioConfig } from "../../config/schema";
import type { MetricValue } from "../../types";
import {
  CounterweightGovernor__factory,
  type CounterweightGovernor,
  type OZBaselineGovernor,
} from "../../../typechain-types";
import { Timelock__factory, type GovernorAlpha } from "../../../typechain-types/baselines";
import { sendAll } from "../../chain/batch";
import { txOf } from "../../chain/calldata";
import { ProposalState, advanceTo, asGovernor, propose } from "../../chain/governor";
import { NO_VOTE } from "../../model/governance/point";
import { Support } from "../../model/governance/quadratic";
import {
  CAPTURE_GOVERNORS,
  bribedPoint,
  bribedSupport,
  leastVotesToBuy,
  whaleSideWins,
  type CaptureGovernor,
} from "../../model/governance/capture";
import { governancePoint } from "../../model/governance/point";
import { bribeCandidates, type CaptureInput } from "./capture";
import { display } from "../governanceMetrics";

export interface BribeVotersInput {
  hre: HardhatRuntimeEnvironment;
  config: ScenarioConfig;
  /** Proposes the bribed proposals (the largest whale, as in the main vote). */
  proposer: HardhatEthersSigner;
  /** Every agent's signer, in agent order. */
  signers: readonly HardhatEthersSigner[];
  ours: CounterweightGovernor;
  oz: OZBaselineGovernor;
  alpha: GovernorAlpha;
  /** The main vote's ballots as the model reads them. */
  capture: CaptureInput;
}

interface ChainTally {
  for: bigint;
  against: bigint;
  abstain: bigint;
  passed: boolean;
}

const fmt = (x: number) => new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(x);
const LABEL: Record<CaptureGovernor, string> = {
  counterweight: "Counterweight",
  "oz-governor-simple": "OZ Governor",
  "uniswap-governor-alpha": "GovernorAlpha",
};

/** A fresh whale-backed proposal on `g`, voted by the main vote's voters with `support`; its tally after the deadline. */
async function revote(input: BribeVotersInput, g: CaptureGovernor, support: Uint8Array): Promise<ChainTally> {
  const { hre, proposer, signers, ours, oz, alpha } = input;
  const provider = hre.network.provider;
  const verified = input.capture.point.verified;
  const voters = signers.flatMap((s, i) => (support[i] === NO_VOTE ? [] : [{ s, i, support: support[i] }]));
  if (g === "uniswap-governor-alpha") {
    const timelock = await alpha.timelock();
    const call = Timelock__factory.createInterface().encodeFunctionData("setDelay", [3n * 86_400n]);
    await (
      await alpha
        .connect(proposer)
        .propose([timelock], [0n], [""], [call], "Whale-backed proposal (bribed votes, alpha)")
    ).wait();
    const id = await alpha.latestProposalIds(proposer.address);
    await hre.network.provider.request({ method: "hardhat_mine", params: ["0x2"] });
    await sendAll(
      provider,
      voters
        .filter((v) => v.support !== Support.Abstain)
        .map((v) => ({ from: v.s, tx: txOf(alpha, "castVote", [id, v.support === Support.For]) })),
    );
    const p = await alpha.proposals(id);
    const now = BigInt(await hre.ethers.provider.getBlockNumber());
    if (p.endBlock >= now)
      await provider.request({ method: "hardhat_mine", params: ["0x" + (p.endBlock - now + 1n).toString(16)] });
    return {
      for: p.forVotes,
      against: p.againstVotes,
      abstain: 0n,
      passed: (await alpha.state(id)) === ProposalState.Succeeded,
    };
  }
  const governor = g === "counterweight" ? ours : oz;
  const gov = asGovernor(await governor.getAddress(), proposer);
  const id = await propose(hre, gov, proposer, {
    targets: [await ours.getAddress()],
    values: [0n],
    calldatas: [CounterweightGovernor__factory.createInterface().encodeFunctionData("setVotingDelay", [120n])],
    description: `Whale-backed proposal (bribed votes, ${g})`,
  });
  await advanceTo(hre, (await gov.proposalSnapshot(id)) + 1n);
  await sendAll(
    provider,
    voters
      .filter((v) => g !== "counterweight" || verified[v.i] === 1)
      .map((v) => ({ from: v.s, tx: txOf(governor, "castVote", [id, v.support]) })),
  );
  await advanceTo(hre, (await gov.proposalDeadline(id)) + 1n);
  const [against, forVotes, abstain] = await governor.proposalVotes(id);
  return { for: forVotes, against, abstain, passed: (await gov.state(id)) === ProposalState.Succeeded };
}

/**
 * The "bribe-voters" adversary on the scenario's real governors: per governor, the model engine
 * finds the least set of accepting retail votes to buy (sim/model/governance/capture.ts), the
 * briber buys it (or as many as its budget pays for), and every voter of the main vote re-casts on
 * a fresh whale-backed proposal, the bribed ones For. Each chain tally must equal the model's
 * (`governancePoint` on the bribed ballots). Bribes are paid outside the token (a bribe market
 * settles in the quote asset), so balances and the later runs of the scenario are unchanged.
 */
export async function runBribeVoters(
  input: BribeVotersInput,
): Promise<{ variants: { id: string; label: string; metrics: Record<string, MetricValue> }[]; reading: string }> {
  const c = bribeVotersConfig(input.config);
  const point = governancePoint(input.capture.point);
  const candidates = bribeCandidates(input.config, input.capture);
  const affordable = Math.floor(c.budgetQuote / c.bribePerVoteQuote);
  const variants: { id: string; label: string; metrics: Record<string, MetricValue> }[] = [];
  const said: string[] = [];
  for (const g of CAPTURE_GOVERNORS) {
    const least = leastVotesToBuy(input.capture.point, point, g, candidates);
    const bribed = least.bribed.slice(0, Math.min(affordable, least.bribed.length));
    const predicted = bribedPoint(input.capture.point, bribed);
    const t =
      g === "counterweight" ? predicted.counterweight : g === "oz-governor-simple" ? predicted.oz : predicted.alpha;
    const chain = await revote(input, g, bribedSupport(input.capture.point.support, bribed));
    const matches =
      chain.for === t.for &&
      chain.against === t.against &&
      chain.abstain === t.abstain &&
      chain.passed === whaleSideWins(predicted, g);
    if (!matches)
      throw new Error(
        `bribe-voters (${g}): the chain tally (For ${chain.for}, Against ${chain.against}, Abstain ${chain.abstain}, passed ${chain.passed}) ` +
          `differs from the model (For ${t.for}, Against ${t.against}, Abstain ${t.abstain}, wins ${whaleSideWins(predicted, g)})`,
      );
    const spend = bribed.length * c.bribePerVoteQuote;
    const unit = g === "counterweight" ? 10n ** 9n : 10n ** 18n;
    variants.push({
      id: `bribe-voters-${g}`,
      label: `Vote buying on chain, ${LABEL[g]}`,
      metrics: {
        bribePerVoteQuote: c.bribePerVoteQuote,
        budgetQuote: c.budgetQuote,
        votersAccepting: candidates.length,
        leastVotesToBuy: least.votes ?? `none among ${fmt(least.useful)} accepting`,
        votesBoughtOnChain: bribed.length,
        spendQuote: spend,
        spendTokens: spend / c.quotePerToken,
        chainPassed: chain.passed,
        forWeight: display(chain.for, unit),
        againstWeight: display(chain.against, unit),
        chainMatchesModel: matches,
      },
    });
    said.push(
      `${LABEL[g]} ${chain.passed ? "passed" : "was defeated"} with ${fmt(bribed.length)} bought votes (${fmt(spend)} quote)`,
    );
  }
  return {
    variants,
    reading:
      ` Vote buying on chain at ${fmt(c.bribePerVoteQuote)} quote per vote (budget ${fmt(c.budgetQuote)}, ${fmt(candidates.length)} retail voters accept): ` +
      `${said.join("; ")}; every tally equal to the model engine's.`,
  };
}
