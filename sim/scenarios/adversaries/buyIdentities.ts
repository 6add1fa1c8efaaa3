import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { buyIdentitiesConfig, type ScenarioConfig } from "../../config/schema";
import type { MetricValue } from "../../types";
import {
  CounterweightGovernor__factory,
  IdentityRegistry__factory,
  type CounterweightGovernor,
  type CounterweightToken,
} from "../../../typechain-types";
import { agentSigners } from "../../chain/accounts";
import { sendAll } from "../../chain/batch";
import { txOf } from "../../chain/calldata";
import { registerAgents } from "../../chain/identity";
import { ProposalState, advanceTo, asGovernor, propose } from "../../chain/governor";
import {
  IDENTITY_SEARCH_LIMIT as SEARCH_LIMIT,
  greedyAllocation,
  leastIdentitiesToWin,
  predictTally,
  type SnapshotVote,
} from "../../model/governance/identityPurchase";

const DAY = 86_400n;

export { isqrt } from "../../model/math";
export {
  greedyAllocation,
  leastIdentitiesToWin,
  predictTally,
  splitWeight,
  type PredictedTally,
  type SnapshotVote,
} from "../../model/governance/identityPurchase";

export interface BuyIdentitiesInput {
  hre: HardhatRuntimeEnvironment;
  config: ScenarioConfig;
  seed: number;
  deployer: HardhatEthersSigner;
  token: CounterweightToken;
  governor: CounterweightGovernor;
  /** Every agent's signer, in agent order. */
  signers: readonly HardhatEthersSigner[];
  /** The main vote: who voted what, in the order to re-cast it. */
  votes: readonly SnapshotVote[];
  /** Whether each linear baseline passed the whale-backed proposal in the main vote. */
  linearPassed: { oz: boolean; alpha: boolean };
}

export interface BuyIdentitiesResult {
  metrics: Record<string, MetricValue>;
  reading: string;
}

/**
 * The "buy-identities" adversary on the scenario's real IdentityRegistry and Counterweight
 * governor. Arithmetic first: the least number of identities at which the whale side wins, on the
 * main vote's snapshot weights. Then one point on chain: the whales buy min(least, budget ÷ price)
 * identities from retail-like humans (each registers through the Merkle list with its own account
 * and rotates the identity to a fresh account of the buying whale), split their tokens over them,
 * wait out the registry's rotation cooldown (a proposal snapshotted inside it is checked not to
 * count them), and everyone re-casts the main vote on a new proposal. The on-chain tally must equal
 * the prediction. Tokens go back to the whales afterwards, so the scenario's later runs are unchanged.
 */
export async function runBuyIdentities(input: BuyIdentitiesInput): Promise<BuyIdentitiesResult> {
  const { hre, config, deployer, token, governor, signers, votes } = input;
  const c = buyIdentitiesConfig(config);
  const provider = hre.network.provider;
  const kMax = Math.floor(c.budgetTokens / config.identity.priceTokens);
  const quorum = await governor.quorumIdentities();
  const registry = IdentityRegistry__factory.connect(await governor.identityRegistry(), deployer);
  const cooldown = await registry.rotationCooldown();

  const least = leastIdentitiesToWin(votes, quorum, kMax);
  const fallback = greedyAllocation(votes, kMax);
  const withBudget = least ?? { k: kMax, allocation: fallback, tally: predictTally(votes, fallback, quorum) };
  // Beyond the budget: search further (arithmetic only) so the report can say what capture would cost.
  const unbounded = least ?? leastIdentitiesToWin(votes, quorum, SEARCH_LIMIT);

  // On chain: buy withBudget.k identities.
  const k = withBudget.k;
  const sellers = await agentSigners(hre, k, input.seed, "bought-identity-sellers");
  const bought = await agentSigners(hre, k, input.seed, "bought-identity-accounts");
  const ids = await registerAgents(registry, deployer, sellers, "bought-identities");
  await sendAll(
    provider,
    sellers.map((s, i) => ({ from: s, tx: txOf(registry, "proposeRotation", [bought[i].address]) })),
  );
  await sendAll(
    provider,
    bought.map((b, i) => ({
      from: b,
      tx: txOf(registry, "acceptRotation", [ids.get(sellers[i].address) ?? 0n]),
    })),
  );

  // Each splitting whale keeps one part and sends the others to its bought accounts.
  const owner = new Map<string, HardhatEthersSigner>(signers.map((s) => [s.address, s]));
  const transfers: { from: HardhatEthersSigner; to: HardhatEthersSigner; amount: bigint }[] = [];
  let next = 0;
  for (const v of votes) {
    const m = withBudget.allocation.get(v.account) ?? 0;
    if (m === 0) continue;
    const whale = owner.get(v.account);
    if (whale === undefined) throw new Error(`no signer for ${v.account}`);
    const parts = BigInt(m + 1);
    const part = v.votes / parts;
    // The whale keeps the remainder part (the last one in splitWeight's order has the remainder).
    for (let j = 0; j < m; j++) transfers.push({ from: whale, to: bought[next++], amount: part });
  }
  await sendAll(
    provider,
    transfers.map((t) => ({ from: t.from, tx: txOf(token, "transfer", [t.to.address, t.amount]) })),
  );
  await sendAll(
    provider,
    bought.map((b) => ({ from: b, tx: txOf(token, "delegate", [b.address]) })),
  );
  // The deployer proposes (the split whales may hold less than the threshold now).
  await (await token.connect(deployer).delegate(deployer.address)).wait();
  const gov = asGovernor(await governor.getAddress(), deployer);
  const callOf = (tag: string) => ({
    targets: [governor.target as string],
    values: [0n],
    calldatas: [CounterweightGovernor__factory.createInterface().encodeFunctionData("setVotingDelay", [120n])],
    description: `Whale-backed proposal (bought identities, ${tag})`,
  });

  // A proposal snapshotted inside the cooldown: the bought identities must not count there.
  let countedInCooldown = false;
  if (cooldown > 0n && k > 0) {
    const early = await propose(hre, gov, deployer, callOf("inside the rotation cooldown"));
    await advanceTo(hre, (await gov.proposalSnapshot(early)) + 1n);
    countedInCooldown = await governor
      .connect(bought[0])
      .castVote.staticCall(early, 1)
      .then(() => true)
      .catch(() => false);
  }
  const latest = await hre.ethers.provider.getBlock("latest");
  await advanceTo(hre, BigInt(latest?.timestamp ?? 0) + cooldown + 1n);
  // Quadratic delegation: a bought identity reaches the token's sums when its new key syncs
  // (anyone may call sync; the buyer has every reason to once the cooldown is over).
  await sendAll(
    provider,
    bought.map((b) => ({ from: b, tx: txOf(token, "sync", [b.address]) })),
  );
  const id = await propose(hre, gov, deployer, callOf("after the rotation cooldown"));
  await advanceTo(hre, (await gov.proposalSnapshot(id)) + 1n);
  const voters = [
    ...votes.map((v) => ({ signer: owner.get(v.account), support: v.support })),
    ...bought.map((b) => ({ signer: b, support: 1 as const })),
  ];
  await sendAll(
    provider,
    voters.map((v) => {
      if (v.signer === undefined) throw new Error("a voter without signer");
      return { from: v.signer, tx: txOf(governor, "castVote", [id, v.support]) };
    }),
  );
  await advanceTo(hre, (await gov.proposalDeadline(id)) + 1n);
  const [againstWeight, forWeight] = await governor.proposalVotes(id);
  const quorumCounted = await governor.proposalQuorumIdentities(id);
  const passed = (await gov.state(id)) === ProposalState.Succeeded;
  const p = withBudget.tally;
  const chainMatches =
    forWeight === p.forWeight &&
    againstWeight === p.againstWeight &&
    quorumCounted === p.quorumCounted &&
    passed === p.wins;
  if (!chainMatches)
    throw new Error(
      `buy-identities: the chain tally (For ${forWeight}, Against ${againstWeight}, quorum ${quorumCounted}, ` +
        `passed ${passed}) differs from the arithmetic (For ${p.forWeight}, Against ${p.againstWeight}, ` +
        `quorum ${p.quorumCounted}, wins ${p.wins})`,
    );

  // Give the tokens back.
  await sendAll(
    provider,
    transfers.map((t) => ({ from: t.to, tx: txOf(token, "transfer", [t.from.address, t.amount]) })),
  );

  const price = config.identity.priceTokens;
  const leastK = unbounded?.k ?? null;
  const costTokens = leastK === null ? null : leastK * price;
  const linearFree = input.linearPassed.oz && input.linearPassed.alpha;
  const metrics: Record<string, MetricValue> = {
    priceTokens: price,
    budgetTokens: c.budgetTokens,
    quotePerToken: c.quotePerToken,
    identitiesAffordable: kMax,
    identitiesBoughtOnChain: k,
    rotationCooldownSeconds: Number(cooldown),
    rotationCooldown:
      cooldown === 0n
        ? "none (registry cooldown 0)"
        : k > 0
          ? "waited out before the proposal's snapshot"
          : "none bought",
    boughtCountedInsideCooldown:
      cooldown > 0n && k > 0 ? countedInCooldown : "not checked (no cooldown or none bought)",
    whaleSideWinsWithinBudget: least !== null,
    chainPassed: passed,
    chainForWeight: Number(forWeight) / 1e9,
    chainAgainstWeight: Number(againstWeight) / 1e9,
    chainQuorumIdentities: Number(quorumCounted),
    quorumIdentitiesRequired: Number(quorum),
    chainMatchesArithmetic: chainMatches,
    leastIdentitiesToWin: leastK ?? "none within 1,000,000 identities",
    costOfCaptureTokens: costTokens ?? "none within 1,000,000 identities",
    costOfCaptureQuote: costTokens === null ? "none within 1,000,000 identities" : costTokens * c.quotePerToken,
    ozGovernorCostOfCapture: input.linearPassed.oz ? 0 : "not for sale (identities add no weight)",
    governorAlphaCostOfCapture: input.linearPassed.alpha ? 0 : "not for sale (identities add no weight)",
  };
  const fmt = (x: number) => new Intl.NumberFormat("en-US").format(x);
  const reading =
    (leastK === null
      ? `No number of bought identities up to ${fmt(SEARCH_LIMIT)} lets the whales win under Counterweight.`
      : `Under Counterweight the whales win once they buy ${fmt(leastK)} identities at ${fmt(price)} tokens each: ` +
        `${fmt(costTokens ?? 0)} tokens (${fmt((costTokens ?? 0) * c.quotePerToken)} in the quote asset at ${fmt(c.quotePerToken)} per token)` +
        (least === null ? `, beyond the budget of ${fmt(c.budgetTokens)} tokens.` : `, within the budget.`)) +
    ` On chain they bought ${fmt(k)} (passed: ${passed ? "yes" : "no"}, tally equal to the arithmetic)` +
    (cooldown > 0n && k > 0
      ? `, waiting out the ${fmt(Number(cooldown / DAY))}-day rotation cooldown (inside it the bought identities did ${countedInCooldown ? "" : "not "}count).`
      : cooldown > 0n
        ? `; the ${fmt(Number(cooldown / DAY))}-day rotation cooldown did not apply (none bought).`
        : `; the registry had no rotation cooldown.`) +
    (linearFree
      ? " Under OZ Governor and GovernorAlpha capture costs nothing beyond the tokens the whales already hold."
      : ` Under the linear governors identities add no weight (OZ passed: ${input.linearPassed.oz}, GovernorAlpha passed: ${input.linearPassed.alpha}).`);
  return { metrics, reading };
}
