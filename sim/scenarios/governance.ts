import type { Signer } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Scenario, ScenarioContext, ScenarioResult } from "../types";
import type { ScenarioConfig } from "../config/schema";
import type { AgentKind, Population } from "../population";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  FlashLoanPool__factory,
  FlashLoanVoter__factory,
  TimelockController__factory,
  type CounterweightGovernor,
  type CounterweightToken,
  type IGovernor,
} from "../../typechain-types";
import { agentSigners } from "../chain/accounts";
import { sendAll } from "../chain/batch";
import { txOf } from "../chain/calldata";
import { syncAccounts } from "../chain/keeper";
import { disperseTokens } from "../chain/baselineGovernors";
import { deployBypassedRegistry, deployRegisteredIdentities } from "../chain/governanceIdentity";
import { advanceTo, asGovernor, propose } from "../chain/governor";
import { mechanismResult, readGovernance, type CountedVote } from "./governanceMetrics";
import { plural } from "../report/format";
import { adversaryCooldownSeconds, runGovernanceAdversary } from "./adversaries/governance";
import {
  acceptDraws,
  captureParameters,
  governanceCapture,
  readCapture,
  type CaptureInput,
} from "./adversaries/capture";
import {
  COUNTERWEIGHT_GOVERNOR,
  GOVERNANCE_MECHANISMS,
  OZ_GOVERNOR_SIMPLE,
  UNISWAP_GOVERNOR_ALPHA,
  deployPopulationToken,
  inOrder,
  proposalOn,
  type GovernanceAction,
  type GovernanceDeployment,
  type GovernanceMechanism,
  type GovernanceReading,
  type GovernanceWorld,
} from "../mechanisms/governance";
import { OZBaselineGovernor__factory } from "../../typechain-types";
import { GovernorAlpha__factory } from "../../typechain-types/baselines";
import { governancePoint, NO_VOTE } from "../model/governance/point";
import { chooseSupport, chooseTurnout } from "./ballots";

const E9 = 1e9;
const E18 = 1e18;
const DAY = 86_400n;
const SYBIL_KS = [1, 10, 100] as const;
/** The order the reference run deploys, proposes, opens and closes in; its votes go OZ first. */
const DEPLOY_ORDER = [COUNTERWEIGHT_GOVERNOR.id, OZ_GOVERNOR_SIMPLE.id, UNISWAP_GOVERNOR_ALPHA.id];
const VOTE_ORDER = [OZ_GOVERNOR_SIMPLE.id, COUNTERWEIGHT_GOVERNOR.id, UNISWAP_GOVERNOR_ALPHA.id];
/** Quorum of the OpenZeppelin baseline, in percent of the supply (GovernorVotesQuorumFraction). */
const OZ_QUORUM_PERCENT = 4n;

/** The kind of agent behind a voting address (every voter in the scenario is an agent). */
function kindOf(kinds: ReadonlyMap<string, AgentKind>, voter: string): AgentKind {
  const kind = kinds.get(voter);
  if (kind === undefined) throw new Error(`vote from ${voter}, which is no agent of the population`);
  return kind;
}

/** Creates a proposal and opens its vote. */
async function openProposal(ctx: ScenarioContext, governor: IGovernor, proposer: Signer, tag: string) {
  const p = proposalOn(await governor.getAddress(), `Whale-backed proposal (${tag})`);
  const id = await propose(ctx.hre, governor, proposer, p);
  await advanceTo(ctx.hre, (await governor.proposalSnapshot(id)) + 1n);
  return id;
}

async function forWeight(governor: CounterweightGovernor, id: bigint): Promise<bigint> {
  return (await governor.proposalVotes(id))[1];
}

interface SybilRow {
  k: number;
  identity: number;
  bypassed: number;
}

/**
 * Whale 0 moves its whole balance to k fresh addresses. With identity checks the fresh addresses
 * cannot vote, so its best play is to delegate them back to its verified account; with the
 * registry bypassed every address votes for itself. Gains are weights after ÷ weight before.
 */
async function sybilSplit(
  ctx: ScenarioContext,
  k: number,
  seed: number,
  whale: HardhatEthersSigner,
  proposer: HardhatEthersSigner,
  token: CounterweightToken,
  openToken: CounterweightToken,
  ours: CounterweightGovernor,
  bypassed: CounterweightGovernor,
  before: bigint,
  returnTokens: boolean,
): Promise<SybilRow & { bypassedProposal: bigint }> {
  const fresh = await agentSigners(ctx.hre, k, seed, `governance-sybil-${k}`);
  const balance = await token.balanceOf(whale.address);
  const part = balance / BigInt(k);
  const parts = fresh.map((_, i) => (i === k - 1 ? balance - part * BigInt(k - 1) : part));
  await disperseTokens(
    whale,
    token,
    fresh.map((f) => f.address),
    parts,
  );

  const provider = ctx.hre.network.provider;
  await sendAll(
    provider,
    fresh.map((f) => ({ from: f, tx: txOf(token, "delegate", [whale.address]) })),
  );
  const oursGov = asGovernor(await ours.getAddress(), proposer);
  const idIdentity = await openProposal(ctx, oursGov, proposer, `sybil k=${k}, identity checks`);
  await (await ours.connect(whale).castVote(idIdentity, 1)).wait();
  let refused = 0n;
  for (const f of fresh) {
    refused += await ours
      .connect(f)
      .castVote.staticCall(idIdentity, 1)
      .catch(() => 0n);
  }
  const identityAfter = (await forWeight(ours, idIdentity)) + refused;

  // The same split on the bypassed deployment's token, whose registry verifies every address:
  // each fresh address delegates to itself and is synced as its own identity.
  await disperseTokens(
    whale,
    openToken,
    fresh.map((f) => f.address),
    parts,
  );
  await sendAll(
    provider,
    fresh.map((f) => ({ from: f, tx: txOf(openToken, "delegate", [f.address]) })),
  );
  await sendAll(
    provider,
    fresh.map((f) => ({ from: f, tx: txOf(openToken, "sync", [f.address]) })),
  );
  const openGov = asGovernor(await bypassed.getAddress(), proposer);
  const idOpen = await openProposal(ctx, openGov, proposer, `sybil k=${k}, registry bypassed`);
  await sendAll(
    provider,
    fresh.map((f) => ({ from: f, tx: txOf(bypassed, "castVote", [idOpen, 1]) })),
  );
  const bypassedAfter = await forWeight(bypassed, idOpen);

  if (returnTokens) {
    await sendAll(
      provider,
      fresh.flatMap((f, i) => [
        { from: f, tx: txOf(token, "transfer", [whale.address, parts[i]]) },
        { from: f, tx: txOf(openToken, "transfer", [whale.address, parts[i]]) },
      ]),
    );
  }
  return {
    k,
    identity: Number(identityAfter) / Number(before),
    bypassed: Number(bypassedAfter) / Number(before),
    bypassedProposal: idOpen,
  };
}

/** Proposal threshold of every governor: 0.1 % of the distributed supply. */
function proposalThreshold(population: Population): bigint {
  return population.total / 1000n;
}

/**
 * The largest whale (it proposes and is split in the sybil runs) and the account that proposes
 * the sybil runs' proposals once that whale has moved its tokens away: the second whale, or with a
 * single whale the largest other holder.
 */
function roles(population: Population): { whale: number; proposer: number } {
  const byAmount = population.agents
    .map((a, i) => i)
    .sort((a, b) => {
      const x = population.agents[a];
      const y = population.agents[b];
      return x.amount > y.amount ? -1 : x.amount < y.amount ? 1 : a - b;
    });
  const whales = byAmount.filter((i) => population.agents[i].kind === "whale");
  const whale = whales[0];
  const proposer = whales.length > 1 ? whales[1] : byAmount.find((i) => i !== whale);
  if (whale === undefined || proposer === undefined)
    throw new RangeError("governance needs a whale and one more agent");
  return { whale, proposer };
}

/** Why the governance scenario cannot run on this population (checked before any chain work). */
function validateGovernance(population: Population): string[] {
  const reasons: string[] = [];
  if (population.agents.filter((a) => a.kind === "whale").length < 1) reasons.push("needs at least one whale");
  if (population.agents.length < 2) return [...reasons, "needs at least two agents"];
  if (reasons.length > 0) return reasons;
  const { proposer } = roles(population);
  const p = population.agents[proposer];
  if (p.amount < proposalThreshold(population)) {
    reasons.push(
      `the sybil runs need a second proposer holding the proposal threshold (0.1 % of the supply); ` +
        `with ${population.agents.filter((a) => a.kind === "whale").length} whale(s) the largest other holder (a ${p.kind}) holds less: ` +
        `use --whales 2 or more, or a population where someone else holds 0.1 %`,
    );
  }
  return reasons;
}

/**
 * Governance: 3 whales vs heavy-tailed retail on a proposal the whales favour. Linear baselines
 * (OpenZeppelin Governor + GovernorCountingSimple over the same token, Uniswap GovernorAlpha over
 * UNI with the same balances) against Counterweight's quadratic, identity-keyed governor; then
 * a whale's sybil split (k = 1, 10, 100) with and without identity checks, and a flash loan.
 */
const runGovernance = async (ctx: ScenarioContext): Promise<ScenarioResult> => {
  const { hre, population } = ctx;
  const agents = population.agents;
  const n = agents.length;
  const seed = ctx.rng.int(1, 1_000_000_000);
  const support = chooseSupport(ctx);
  const votes = chooseTurnout(ctx);

  const [deployer] = await hre.ethers.getSigners();
  const signers = await agentSigners(hre, n, seed, "governance");
  const addresses = signers.map((s) => s.address);
  const { whale: whaleAt, proposer: proposerAt } = roles(population);
  const whaleTotal = agents.reduce((a, x) => (x.kind === "whale" ? a + x.amount : a), 0n);

  // Token: the population's balances plus a reserve lent by the flash-loan pool.
  const cap = population.total + whaleTotal;
  const token = await deployPopulationToken(hre, deployer, cap, {
    signers,
    amounts: agents.map((a) => a.amount),
    delegatees: addresses,
  });
  const verified = signers.filter((_, i) => agents[i].verified);
  const identities = await deployRegisteredIdentities(
    hre,
    deployer,
    verified,
    "governance",
    undefined,
    adversaryCooldownSeconds(ctx.config),
  );
  // The token's quadratic votes come from this registry: each verified agent is synced once.
  await (await token.wireIdentityRegistry(identities.registry)).wait();
  // A keeper's first pass: one multicall of syncs per batch (anyone may sync).
  await syncAccounts(
    token,
    deployer,
    verified.map((s) => s.address),
  );

  const votingPeriod = 7n * DAY;
  const threshold = proposalThreshold(population);
  const timelock = await new TimelockController__factory(deployer).deploy(
    2n * DAY,
    [],
    [hre.ethers.ZeroAddress],
    deployer.address,
  );
  const params = {
    votingDelay: 60n,
    votingPeriod,
    proposalThreshold: threshold,
    quorumIdentities: BigInt(Math.max(1, Math.floor(verified.length / 10))),
    lateQuorumExtension: DAY,
  };
  const world: GovernanceWorld = {
    hre,
    deployer,
    population,
    token,
    registry: identities.registry,
    timelock: await timelock.getAddress(),
    params: { ...params, ozQuorumPercent: OZ_QUORUM_PERCENT, timelockDelay: 2n * DAY },
    describe: (tag) => `Whale-backed proposal (${tag})`,
  };
  // Counterweight is deployed first, then the adversary's bypassed copy beside it (the reference
  // run's transaction order); the loop below deploys the others.
  const cwDeployment = await COUNTERWEIGHT_GOVERNOR.deploy(world);
  const ours = CounterweightGovernor__factory.connect(cwDeployment.governor, deployer);
  // The bypassed deployment: its own token (a token reads one registry), wired to a registry that
  // verifies every address; the whales (and the proposer, a retail agent when there is one whale)
  // hold the same balances on it, self-delegated and synced.
  const openToken = await new CounterweightToken__factory(deployer).deploy("Counterweight", "CWT", cap, [
    { recipient: deployer.address, amount: cap },
  ]);
  const bypassedRegistry = await deployBypassedRegistry(deployer);
  await (await openToken.wireIdentityRegistry(bypassedRegistry)).wait();
  const openHolders = agents.flatMap((a, j) => (a.kind === "whale" ? [j] : []));
  if (!openHolders.includes(proposerAt)) openHolders.push(proposerAt);
  for (const i of openHolders) {
    await (await openToken.transfer(addresses[i], agents[i].amount)).wait();
    await (await openToken.connect(signers[i]).delegate(addresses[i])).wait();
    await (await openToken.sync(addresses[i])).wait();
  }
  const bypassed = CounterweightGovernor__factory.connect(
    (
      await COUNTERWEIGHT_GOVERNOR.deploy({
        ...world,
        token: openToken,
        registry: bypassedRegistry,
        params: { ...world.params, quorumIdentities: 1n },
      })
    ).governor,
    deployer,
  );
  const holdings = { signers, amounts: agents.map((a) => a.amount), delegatees: addresses };
  // Every phase runs over the list, in the order the reference run sends its transactions.
  const deployments = new Map<string, GovernanceDeployment>([[COUNTERWEIGHT_GOVERNOR.id, cwDeployment]]);
  for (const m of inOrder(GOVERNANCE_MECHANISMS, DEPLOY_ORDER)) {
    if (!deployments.has(m.id)) deployments.set(m.id, await m.deploy(world));
    await m.distribute(world, deployments.get(m.id) as GovernanceDeployment, holdings);
  }
  const dep = (id: string) => deployments.get(id) as GovernanceDeployment;
  const alphaScale = dep(UNISWAP_GOVERNOR_ALPHA.id).scale;
  const uniAmounts = agents.map((a) => (a.amount * alphaScale.num) / alphaScale.den);
  const uniForPopulation = alphaScale.num;

  // One proposal per governor, proposed by the largest whale.
  const whale = signers[whaleAt];
  const proposer = signers[proposerAt];
  const phase = async (
    order: readonly string[],
    action: GovernanceAction | ((m: GovernanceMechanism) => GovernanceAction),
  ) => {
    for (const m of inOrder(GOVERNANCE_MECHANISMS, order))
      await m.act(world, dep(m.id), typeof action === "function" ? action(m) : action);
  };
  await phase(DEPLOY_ORDER, { kind: "propose", proposer: whale, tag: "" });
  await phase(DEPLOY_ORDER, { kind: "open" });
  // Votes in agent order (a fixed mining order: the same seed gives the same blocks and logs).
  await phase(VOTE_ORDER, (m) => ({
    kind: "votes",
    ballots: signers.flatMap((s, i) =>
      votes[i] && (m.id !== COUNTERWEIGHT_GOVERNOR.id || agents[i].verified) ? [{ from: s, support: support[i] }] : [],
    ),
  }));
  await phase(DEPLOY_ORDER, { kind: "close" });
  const readings = new Map<string, GovernanceReading>();
  for (const m of GOVERNANCE_MECHANISMS) readings.set(m.id, await m.read(world, dep(m.id)));
  const idOurs = dep(COUNTERWEIGHT_GOVERNOR.id).proposal as bigint;
  const oursGov = asGovernor(await ours.getAddress(), deployer);
  const ozGovAddress = dep(OZ_GOVERNOR_SIMPLE.id).governor;
  const alphaAddress = dep(UNISWAP_GOVERNOR_ALPHA.id).governor;

  const kinds = new Map(addresses.map((a, i) => [a, agents[i].kind]));
  const counted = (id: string): CountedVote[] => {
    const r = readings.get(id) as GovernanceReading;
    return r.votes.map((v) => ({ ...v, unit: r.unit, kind: kindOf(kinds, v.voter) }));
  };
  const oursVotes = counted(COUNTERWEIGHT_GOVERNOR.id);
  const mechanisms = GOVERNANCE_MECHANISMS.map((m) =>
    mechanismResult(m.id, m.label, m.baseline, (readings.get(m.id) as GovernanceReading).passed, counted(m.id)),
  );

  // The main vote as the model engine reads it: its outcomes must be the chain's (else no cost of
  // capture computed on it could be trusted).
  const capture: CaptureInput = {
    point: {
      votes: agents.map((a) => a.amount),
      alphaVotes: uniAmounts,
      verified: Uint8Array.from(agents.map((a) => (a.verified ? 1 : 0))),
      support: Uint8Array.from(agents.map((_, i) => (votes[i] ? support[i] : NO_VOTE))),
      quorumIdentities: params.quorumIdentities,
      totalSupply: cap,
      ozQuorumPercent: OZ_QUORUM_PERCENT,
    },
    kinds: agents.map((a) => a.kind),
    acceptDrawPpm: acceptDraws(ctx.rng, n),
    alphaScale: { num: uniForPopulation, den: population.total },
  };
  const modelPoint = governancePoint(capture.point);
  const modelTallies: Record<string, { outcome: string } | undefined> = {
    [OZ_GOVERNOR_SIMPLE.id]: modelPoint.oz,
    [UNISWAP_GOVERNOR_ALPHA.id]: modelPoint.alpha,
    [COUNTERWEIGHT_GOVERNOR.id]: modelPoint.counterweight,
  };
  mechanisms.forEach((m) => {
    const t = modelTallies[m.id];
    if (t === undefined) return; // a mechanism the model engine does not reproduce
    const modelOutcome = t.outcome === "Succeeded" ? "passed" : "defeated";
    if (m.metrics.outcome !== modelOutcome)
      throw new Error(`governance: the model engine's outcome for ${m.id} (${modelOutcome}) differs from the chain's`);
  });
  const captureRows = governanceCapture(ctx.config, capture);

  // The configured adversary (none when whales are passive), on the main vote's snapshot.
  const adversary = await runGovernanceAdversary({
    hre,
    config: ctx.config,
    seed,
    deployer,
    token,
    governor: ours,
    signers,
    snapshot: await oursGov.proposalSnapshot(idOurs),
    votes: oursVotes,
    linearPassed: {
      oz: (readings.get(OZ_GOVERNOR_SIMPLE.id) as GovernanceReading).passed,
      alpha: (readings.get(UNISWAP_GOVERNOR_ALPHA.id) as GovernanceReading).passed,
    },
    proposer: whale,
    oz: OZBaselineGovernor__factory.connect(ozGovAddress, deployer),
    alpha: GovernorAlpha__factory.connect(alphaAddress, deployer),
    capture,
  });

  // Sybil split by the largest whale, measured against its own weight in the main vote.
  const before = oursVotes.find((v) => v.voter === whale.address)?.weight ?? 0n;
  if (before === 0n) throw new Error("the largest whale must be verified and have voted");
  const sybil: SybilRow[] = [];
  let openProposalId = 0n;
  for (const [i, k] of SYBIL_KS.entries()) {
    const row = await sybilSplit(
      ctx,
      k,
      seed,
      whale,
      proposer,
      token,
      openToken,
      ours,
      bypassed,
      before,
      i < SYBIL_KS.length - 1,
    );
    sybil.push({ k: row.k, identity: row.identity, bypassed: row.bypassed });
    openProposalId = row.bypassedProposal;
  }

  // Flash loan: borrow the whales' combined stake in the block of the vote, on the bypassed
  // governor (so the identity check is not what stops it: only the snapshot does).
  // The attacker's vote is refused (nothing was delegated to it at the snapshot), so the tally
  // cannot move; the metric is measured on the tally, not assumed.
  const pool = await new FlashLoanPool__factory(deployer).deploy(await openToken.getAddress());
  await (await openToken.transfer(await pool.getAddress(), whaleTotal)).wait();
  const attacker = await new FlashLoanVoter__factory(deployer).deploy(
    await pool.getAddress(),
    await bypassed.getAddress(),
  );
  await (await openToken.sync(await attacker.getAddress())).wait();
  const tallyBefore = await forWeight(bypassed, openProposalId);
  const attacked = await attacker
    .attack(openProposalId, whaleTotal)
    .then(async (tx) => (await tx.wait()) !== null)
    .catch((e: unknown) => {
      if (String(e).includes("GovernanceUnverifiedVoter")) return false;
      throw e;
    });
  const flashLoanWeightGained = Number((await forWeight(bypassed, openProposalId)) - tallyBefore) / E9;
  // Votes the borrowed tokens carry while held: what the loan brought to the vote's block.
  const flashLoanVotesHeld = Number(attacked ? await attacker.votesDuringLoan() : whaleTotal) / E18;

  const variants = [
    ...sybil.flatMap((s) => [
      {
        id: `sybil-k${s.k}-identity`,
        label: `Whale split over ${plural(s.k, "address", "addresses")}, identity checks`,
        metrics: { k: s.k, sybilGain: s.identity, registry: "identity" },
      },
      {
        id: `sybil-k${s.k}-bypassed`,
        label: `Whale split over ${plural(s.k, "address", "addresses")}, registry bypassed`,
        metrics: { k: s.k, sybilGain: s.bypassed, registry: "bypassed" },
      },
    ]),
    {
      id: "flash-loan",
      label: "Flash loan in the block of the vote",
      metrics: { flashLoanWeightGained, flashLoanVotesHeld },
    },
    ...captureRows,
    ...(adversary === null ? [] : adversary.variants),
  ];
  return {
    scenario: "governance",
    mechanisms,
    variants,
    parameters: {
      votingDelaySeconds: Number(params.votingDelay),
      votingPeriodDays: Number(votingPeriod / DAY),
      proposalThresholdTokens: Number(threshold / 10n ** 18n),
      quorumIdentities: Number(params.quorumIdentities),
      lateQuorumExtensionDays: Number(params.lateQuorumExtension / DAY),
      ozQuorumPercent: Number(OZ_QUORUM_PERCENT),
      ...captureParameters(ctx.config),
    },
    reading:
      readGovernance(mechanisms, sybil, flashLoanWeightGained) +
      readCapture(captureRows) +
      (adversary === null ? "" : ` ${adversary.reading}`),
  };
};

/**
 * About the transactions the scenario sends (for the progress bar), fitted on runs of 108 and 1,008
 * agents with everyone voting: 4 per agent (two delegations, two linear votes), ~2 more per
 * verified agent (registration, quadratic vote), plus deployments and the sybil splits; votes
 * scale with the config's mean retail turnout.
 */
function governanceSteps(population: Population, config: ScenarioConfig): number {
  const t = config.retail.turnout;
  const turnout = t.mode === "fixed" ? t.rate : (t.min + t.max) / 2;
  const retail = population.agents.filter((a) => a.kind === "retail");
  const others = population.agents.length - retail.length;
  const verifiedRetail = retail.filter((a) => a.verified).length;
  const verified = verifiedRetail + others;
  return Math.round(
    2 * population.agents.length +
      2 * (others + turnout * retail.length) +
      verified +
      0.9 * (others + turnout * verifiedRetail) +
      390,
  );
}

export const governanceScenario: Scenario = Object.assign(runGovernance, {
  steps: governanceSteps,
  validate: validateGovernance,
});
