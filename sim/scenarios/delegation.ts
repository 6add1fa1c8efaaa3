import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario, ScenarioContext, ScenarioResult, MechanismResult, MetricValue } from "../types";
import { delegationConfig, type ScenarioConfig } from "../config/schema";
import type { AgentKind, Population } from "../population";
import { CounterweightGovernor__factory, TimelockController__factory } from "../../typechain-types";
import { agentSigners } from "../chain/accounts";
import { deployRegistryForSimulation, registerAgents } from "../chain/identity";
import { asGovernor } from "../chain/governor";
import { KEEPER_BATCH, syncAccounts } from "../chain/keeper";
import {
  COUNTERWEIGHT_GOVERNOR,
  OZ_GOVERNOR_SIMPLE,
  deployPopulationToken,
  type GovernanceAction,
  type GovernanceWorld,
} from "../mechanisms/governance";
import {
  DelegatedQuadraticTally,
  OzSimpleTally,
  Support as ModelSupport,
  delegatedPower,
  delegationWorkedExample,
  isqrt,
  powerOf,
  todaysSqrtWeight,
  type DelegatePower,
  type DelegationHolder,
  type SplitBallot,
} from "../model";
import { display } from "./governanceMetrics";
import { formatAmount, formatShare, margin, plural } from "../report/format";
import type { Support } from "./ballots";
import {
  intervalId,
  intervalLabel,
  planDelegation,
  validateDelegation,
  type DelegateVote,
  type DelegationPlan,
} from "./delegationPlan";
import { measureSyncLag, type SyncLagRow } from "./delegationLag";

const E9n = 10n ** 9n;
const E18n = 10n ** 18n;
const DAY = 86_400n;
/** Quorum of the OpenZeppelin baseline, in percent of the supply (GovernorVotesQuorumFraction). */
const OZ_QUORUM_PERCENT = 4n;
const VOTING_DELAY = 60n;
const VOTING_PERIOD = 7n * DAY;
/** Issue 18's worked figure: 100 holders of 1,000 tokens each delegating to one delegate. */
export const WORKED_HOLDERS = 100n;
export const WORKED_TOKENS = 1_000n;

/** One counted part of a vote (a split vote is up to three parts of one voter). */
interface Part {
  voter: string;
  /** "delegate": a delegate casting its delegators' weight (all retail). */
  who: AgentKind | "delegate";
  support: Support;
  weight: bigint;
}

interface Tally {
  against: bigint;
  for: bigint;
  abstain: bigint;
}

/** The three options' weights of a set of delegators' preferences, summed with `weigh`. */
function byPreference(members: readonly number[], plan: DelegationPlan, weigh: (i: number) => bigint): Tally {
  const t: Tally = { against: 0n, for: 0n, abstain: 0n };
  for (const i of members) {
    const w = weigh(i);
    if (plan.support[i] === 0) t.against += w;
    else if (plan.support[i] === 1) t.for += w;
    else t.abstain += w;
  }
  return t;
}

/** The option with the most weight (ties: Against, then For, then Abstain). */
function majority(t: Tally): Support {
  if (t.against >= t.for && t.against >= t.abstain) return 0;
  return t.for >= t.abstain ? 1 : 2;
}

function nominal(v: Exclude<DelegateVote, "split">): Support {
  return v === "against" ? 0 : v === "for" ? 1 : 2;
}

/** The metrics of one mechanism from its counted parts. */
function metricsOf(
  id: string,
  label: string,
  baseline: boolean,
  passed: boolean,
  parts: readonly Part[],
  unit: bigint,
  kept: { delegated: bigint; direct: bigint },
): MechanismResult {
  const sumWhere = (pick: (p: Part) => boolean) => parts.reduce((a, p) => (pick(p) ? a + p.weight : a), 0n);
  const total = sumWhere(() => true);
  const share = (x: bigint) => (total === 0n ? 0 : Number((x * 1_000_000_000n) / total) / 1e9);
  const forWeight = display(
    sumWhere((p) => p.support === 1),
    unit,
  );
  const againstWeight = display(
    sumWhere((p) => p.support === 0),
    unit,
  );
  const metrics: Record<string, MetricValue> = {
    outcome: passed ? "passed" : "defeated",
    forWeight,
    againstWeight,
    abstainWeight: display(
      sumWhere((p) => p.support === 2),
      unit,
    ),
    margin: margin(forWeight, againstWeight),
    retailWeightShare: share(sumWhere((p) => p.who === "retail" || p.who === "delegate")),
    delegatedWeightShare: share(sumWhere((p) => p.who === "delegate")),
    whaleWeightShare: share(sumWhere((p) => p.who === "whale")),
    vcWeightShare: share(sumWhere((p) => p.who === "vc")),
    delegationKept: kept.direct === 0n ? 0 : Number((kept.delegated * 1_000_000n) / kept.direct) / 1e6,
    voters: new Set(parts.map((p) => p.voter)).size,
  };
  return { id, label, baseline, metrics };
}

async function rpc<T>(hre: HardhatRuntimeEnvironment, method: string, params: unknown[] = []): Promise<T> {
  return (await hre.network.provider.request({ method, params })) as T;
}

function check(what: string, chain: bigint, model: bigint): void {
  if (chain !== model) throw new Error(`delegation: ${what} is ${chain} on chain, ${model} in the model engine`);
}

/**
 * Delegation: retail delegates to a handful of delegates (or votes itself, or stays out), whales
 * and VCs vote directly, on one proposal counted three ways on the same token and population:
 * (a) linear, OpenZeppelin Governor + GovernorCountingSimple; (b) today's √, the counting before
 * issue 18 (a voter weighs ⌊√ its linear delegated votes⌋), computed from the chain's getPastVotes;
 * (c) quadratic delegation on the Counterweight governor (a delegate weighs Σ√ of its delegators,
 * a custodian splits its vote). Every tally is checked against the model engine to the wei. Then
 * the sync lag: delegators lose their identity before a snapshot and a keeper syncs them at several
 * intervals (see delegationLag.ts).
 */
const runDelegation = async (ctx: ScenarioContext): Promise<ScenarioResult> => {
  const { hre, population } = ctx;
  const cfg = delegationConfig(ctx.config);
  const agents = population.agents;
  const n = agents.length;
  const plan = planDelegation(population, ctx.config, ctx.rng);
  const seed = ctx.rng.int(1, 1_000_000_000);

  const [deployer] = await hre.ethers.getSigners();
  const signers = await agentSigners(hre, n, seed, "delegation");
  const delegateSigners = await agentSigners(hre, cfg.delegates, seed, "delegation-delegate");
  const addresses = signers.map((s) => s.address);
  const delegates = delegateSigners.map((s) => s.address);
  const delegateeOf = (i: number): string | null =>
    plan.roles[i] === "direct"
      ? addresses[i]
      : plan.roles[i] === "delegator"
        ? delegates[plan.delegateOf[i] ?? 0]
        : null;

  const cap = population.total;
  const token = await deployPopulationToken(hre, deployer, cap, {
    signers,
    amounts: agents.map((a) => a.amount),
    delegatees: signers.map((_, i) => delegateeOf(i)),
  });
  const fromBlock = await hre.ethers.provider.getBlockNumber();
  const registry = await deployRegistryForSimulation(hre, deployer, 0);
  const verified = signers.filter((_, i) => agents[i].verified);
  const identityOf = await registerAgents(registry, deployer, verified, "delegation");
  await (await token.wireIdentityRegistry(await registry.getAddress())).wait();
  // A keeper's first pass: one multicall of syncs per batch (anyone may sync).
  await syncAccounts(
    token,
    deployer,
    verified.map((s) => s.address),
  );

  const threshold = population.total / 1000n;
  const quorumIdentities = BigInt(Math.max(1, Math.floor(verified.length / 10)));
  const timelock = await new TimelockController__factory(deployer).deploy(
    2n * DAY,
    [],
    [hre.ethers.ZeroAddress],
    deployer.address,
  );
  const world: GovernanceWorld = {
    hre,
    deployer,
    population,
    token,
    registry: await registry.getAddress(),
    timelock: await timelock.getAddress(),
    params: {
      votingDelay: VOTING_DELAY,
      votingPeriod: VOTING_PERIOD,
      proposalThreshold: threshold,
      quorumIdentities,
      lateQuorumExtension: DAY,
      ozQuorumPercent: OZ_QUORUM_PERCENT,
      timelockDelay: 2n * DAY,
    },
    describe: (tag) => `Delegation scenario proposal (${tag})`,
  };
  // Both governors count the same token; the world already gave its holdings (distribute is a no-op).
  const cwDep = await COUNTERWEIGHT_GOVERNOR.deploy(world);
  const ozDep = await OZ_GOVERNOR_SIMPLE.deploy(world);
  const cwAct = (action: GovernanceAction) => COUNTERWEIGHT_GOVERNOR.act(world, cwDep, action);
  const ozAct = (action: GovernanceAction) => OZ_GOVERNOR_SIMPLE.act(world, ozDep, action);

  const whaleAt = agents.reduce(
    (best, a, i) => (a.kind === "whale" && a.amount > agents[best].amount ? i : best),
    agents.findIndex((a) => a.kind === "whale"),
  );
  const proposer = signers[whaleAt];
  await cwAct({ kind: "propose", proposer, tag: "counterweight" });
  await ozAct({ kind: "propose", proposer, tag: "oz" });
  const idOurs = cwDep.proposal as bigint;
  const oursGov = asGovernor(cwDep.governor, deployer);
  const ozGov = asGovernor(ozDep.governor, deployer);
  const snapOurs = await oursGov.proposalSnapshot(idOurs);
  const snapOz = await ozGov.proposalSnapshot(ozDep.proposal as bigint);
  // One step past both snapshots: the "open" of the governor whose snapshot is later.
  await (snapOurs > snapOz ? cwAct : ozAct)({ kind: "open" });

  // The model engine's view of the snapshot, checked against the token's checkpoints per voter.
  const holders: DelegationHolder[] = agents.map((a, i) => ({
    account: addresses[i],
    balance: a.amount,
    delegatee: delegateeOf(i),
    contributes: a.verified,
  }));
  const power = delegatedPower(holders);
  const directVoters = agents.flatMap((_, i) => (plan.roles[i] === "direct" ? [i] : []));
  const membersOf = delegates.map((_, k) => agents.flatMap((_, i) => (plan.delegateOf[i] === k ? [i] : [])));
  const voterAccounts = [...directVoters.map((i) => addresses[i]), ...delegates];
  for (const v of voterAccounts) {
    const p = powerOf(power, v);
    check(`getPastVotes(${v}) at the Counterweight snapshot`, await token.getPastVotes(v, snapOurs), p.linear);
    check(`getPastVotes(${v}) at the OpenZeppelin snapshot`, await token.getPastVotes(v, snapOz), p.linear);
    const [q, ids] = await token.getPastQuadraticPower(v, snapOurs);
    check(`getPastQuadraticVotes(${v})`, q, p.quadratic);
    check(`getPastDelegatedIdentities(${v})`, ids, p.identities);
  }

  // Ballots. Linear and today's √ cannot split (GovernorCountingSimple; the governor before issue
  // 18): a custodian casts all its weight on its delegators' majority (by tokens). Quadratic
  // delegation splits it in √ units, over two calls (Against first, then For and Abstain).
  const linearSupportOf = (k: number): Support => {
    const v = plan.delegateVotes[k];
    return v === "split" ? majority(byPreference(membersOf[k], plan, (i) => agents[i].amount)) : nominal(v);
  };
  const splitOf = (k: number): SplitBallot => {
    const t = byPreference(membersOf[k], plan, (i) => (agents[i].verified ? isqrt(agents[i].amount) : 0n));
    return { against: t.against, for: t.for, abstain: t.abstain };
  };
  const whoOf = (i: number): AgentKind => agents[i].kind;

  // (a) Linear on chain: every direct voter and every delegate with votes delegated to it.
  const ozTally = new OzSimpleTally(cap, OZ_QUORUM_PERCENT);
  const linearParts: Part[] = [];
  const ozBallots: {
    from: (typeof signers)[number];
    support: Support;
    voter: string;
    who: Part["who"];
    votes: bigint;
  }[] = [
    ...directVoters.map((i) => ({
      from: signers[i],
      support: plan.support[i],
      voter: addresses[i],
      who: whoOf(i),
      votes: powerOf(power, addresses[i]).linear,
    })),
    ...delegateSigners.flatMap((s, k) =>
      membersOf[k].length === 0
        ? []
        : [
            {
              from: s,
              support: linearSupportOf(k),
              voter: s.address,
              who: "delegate" as const,
              votes: powerOf(power, s.address).linear,
            },
          ],
    ),
  ];
  await ozAct({ kind: "votes", ballots: ozBallots });
  for (const b of ozBallots) {
    ozTally.cast({ account: b.voter, votes: b.votes, support: b.support as ModelSupport });
    linearParts.push({ voter: b.voter, who: b.who, support: b.support, weight: b.votes });
  }

  // (c) Quadratic delegation on chain: direct verified voters and delegates with identities.
  const cwTally = new DelegatedQuadraticTally(quorumIdentities);
  const cwParts: Part[] = [];
  const cwDirect = directVoters.filter((i) => agents[i].verified);
  await cwAct({ kind: "votes", ballots: cwDirect.map((i) => ({ from: signers[i], support: plan.support[i] })) });
  for (const i of cwDirect) {
    const cast = cwTally.cast(addresses[i], powerOf(power, addresses[i]), plan.support[i] as ModelSupport);
    if (!cast.ok) throw new Error(`delegation: the model refuses ${addresses[i]}'s vote (${cast.error})`);
    cwParts.push({
      voter: addresses[i],
      who: whoOf(i),
      support: plan.support[i],
      weight: cast.against + cast.for + cast.abstain,
    });
  }
  let splitDelegates = 0;
  for (const [k, s] of delegateSigners.entries()) {
    const p: DelegatePower = powerOf(power, s.address);
    if (p.identities === 0n) continue;
    const v = plan.delegateVotes[k];
    const calls: (ModelSupport | SplitBallot)[] = [];
    if (v !== "split") calls.push(nominal(v) as ModelSupport);
    else {
      splitDelegates += 1;
      const b = splitOf(k);
      if (b.against > 0n) calls.push({ against: b.against, for: 0n, abstain: 0n });
      if (b.for + b.abstain > 0n || b.against === 0n) calls.push({ against: 0n, for: b.for, abstain: b.abstain });
    }
    for (const c of calls) {
      await cwAct(typeof c === "object" ? { kind: "vote", from: s, split: c } : { kind: "vote", from: s, support: c });
      const cast = cwTally.cast(s.address, p, c);
      if (!cast.ok) throw new Error(`delegation: the model refuses delegate ${s.address}'s vote (${cast.error})`);
      for (const [support, weight] of [
        [0, cast.against],
        [1, cast.for],
        [2, cast.abstain],
      ] as const)
        if (weight > 0n) cwParts.push({ voter: s.address, who: "delegate", support, weight });
    }
  }

  // (b) Today's √, from the chain's checkpoints: same voters and identity quorum as (c); a voter
  // weighs ⌊√ getPastVotes⌋ and a custodian votes its majority (no split before issue 18).
  const sqrtParts: Part[] = [];
  const sqrtTally: Tally = { against: 0n, for: 0n, abstain: 0n };
  let sqrtQuorum = 0n;
  const addSqrt = async (voter: string, who: Part["who"], support: Support, identities: bigint) => {
    const chainVotes = await token.getPastVotes(voter, snapOurs);
    const weight = isqrt(chainVotes);
    check(`today's √ weight of ${voter}`, weight, todaysSqrtWeight(powerOf(power, voter).linear));
    sqrtParts.push({ voter, who, support, weight });
    if (support === 0) sqrtTally.against += weight;
    else if (support === 1) sqrtTally.for += weight;
    else sqrtTally.abstain += weight;
    if (support !== 0) sqrtQuorum += identities;
  };
  for (const i of cwDirect) await addSqrt(addresses[i], whoOf(i), plan.support[i], 1n);
  for (const [k, d] of delegates.entries()) {
    const p = powerOf(power, d);
    if (p.identities > 0n) await addSqrt(d, "delegate", linearSupportOf(k), p.identities);
  }

  await cwAct({ kind: "close" });
  await ozAct({ kind: "close" });

  // Chain tallies (read through the adapters) against the model engine, to the wei.
  const oz = await OZ_GOVERNOR_SIMPLE.read(world, ozDep);
  const cw = await COUNTERWEIGHT_GOVERNOR.read(world, cwDep);
  check("OpenZeppelin Against votes", oz.tally.against, ozTally.againstVotes);
  check("OpenZeppelin For votes", oz.tally.for, ozTally.forVotes);
  check("OpenZeppelin Abstain votes", oz.tally.abstain, ozTally.abstainVotes);
  check("Counterweight Against weight", cw.tally.against, cwTally.againstWeight);
  check("Counterweight For weight", cw.tally.for, cwTally.forWeight);
  check("Counterweight Abstain weight", cw.tally.abstain, cwTally.abstainWeight);
  const ours = CounterweightGovernor__factory.connect(cwDep.governor, deployer);
  check("Counterweight quorum identities", await ours.proposalQuorumIdentities(idOurs), cwTally.quorumIdentities);
  const ozPassed = oz.passed;
  const cwPassed = cw.passed;
  if (ozPassed !== (ozTally.outcome() === "Succeeded"))
    throw new Error("delegation: the OpenZeppelin outcome differs from the model engine's");
  if (cwPassed !== (cwTally.outcome() === "Succeeded"))
    throw new Error("delegation: the Counterweight outcome differs from the model engine's");
  const sqrtPassed = sqrtQuorum >= quorumIdentities && sqrtTally.for > sqrtTally.against;

  // Weight kept by delegating: what the delegates that voted weigh ÷ what their delegators would weigh voting themselves.
  const votedDelegates = delegates.flatMap((d, k) => (powerOf(power, d).identities > 0n ? [k] : []));
  const delegatorsOfVoted = votedDelegates.flatMap((k) => membersOf[k]);
  const keptLinear = {
    delegated: votedDelegates.reduce((a, k) => a + powerOf(power, delegates[k]).linear, 0n),
    direct: delegatorsOfVoted.reduce((a, i) => a + agents[i].amount, 0n),
  };
  const directSqrt = delegatorsOfVoted.reduce((a, i) => a + (agents[i].verified ? isqrt(agents[i].amount) : 0n), 0n);
  const keptTodays = {
    delegated: votedDelegates.reduce((a, k) => a + todaysSqrtWeight(powerOf(power, delegates[k]).linear), 0n),
    direct: directSqrt,
  };
  const keptQuadratic = {
    delegated: votedDelegates.reduce((a, k) => a + powerOf(power, delegates[k]).quadratic, 0n),
    direct: directSqrt,
  };
  const mechanisms = [
    metricsOf(
      "oz-governor-simple",
      "OpenZeppelin Governor + GovernorCountingSimple (linear)",
      true,
      ozPassed,
      linearParts,
      E18n,
      keptLinear,
    ),
    metricsOf(
      "todays-sqrt",
      "Today's √: ⌊√ linear delegated votes⌋ per voter (computed from getPastVotes)",
      false,
      sqrtPassed,
      sqrtParts,
      E9n,
      keptTodays,
    ),
    metricsOf(
      "counterweight",
      "Counterweight quadratic delegation (Σ√ per delegate, split votes)",
      false,
      cwPassed,
      cwParts,
      E9n,
      keptQuadratic,
    ),
  ];

  // The sync lag, from the state after the vote.
  const lag = await measureSyncLag({
    hre,
    token,
    registry,
    deployer,
    fromBlock,
    plan,
    holders,
    identityOf,
    delegates,
    windowSeconds: cfg.syncLag.windowSeconds,
    intervals: cfg.syncLag.keeperIntervals,
  });
  await rpc(hre, "evm_mine");

  const worked = delegationWorkedExample(WORKED_HOLDERS, WORKED_TOKENS);
  const variants = [
    {
      id: "worked-example",
      label: `${formatAmount(Number(WORKED_HOLDERS))} holders × ${formatAmount(Number(WORKED_TOKENS))} tokens delegating to one delegate`,
      metrics: {
        holders: Number(WORKED_HOLDERS),
        tokensEach: Number(WORKED_TOKENS),
        todaysSqrtWeight: display(worked.todaysSqrt, E9n),
        quadraticWeight: display(worked.quadratic, E9n),
        delegationCostTimes: Number((worked.quadratic * 1_000_000n) / worked.todaysSqrt) / 1e6,
      },
    },
    ...delegates.map((d, k) => {
      const p = powerOf(power, d);
      return {
        id: `delegate-${k}`,
        label: `Delegate ${k} (${plan.delegateVotes[k]})`,
        metrics: {
          delegators: membersOf[k].length,
          delegatedTokens: display(p.linear, E18n),
          delegatedIdentities: Number(p.identities),
          todaysSqrtWeight: display(todaysSqrtWeight(p.linear), E9n),
          quadraticWeight: display(p.quadratic, E9n),
        },
      };
    }),
    ...lag.map((r) => ({
      id: `sync-lag-${intervalId(r.interval)}`,
      label: `Keeper: ${intervalLabel(r.interval)}`,
      metrics: lagMetrics(r),
    })),
  ];
  return {
    scenario: "delegation",
    mechanisms,
    variants,
    parameters: {
      delegates: cfg.delegates,
      retailDelegateShare: cfg.retail.delegate,
      retailDirectShare: cfg.retail.direct,
      retailAbstainShare: cfg.retail.abstain,
      delegateChoice: cfg.choice,
      delegateVotes: plan.delegateVotes.join(", "),
      splitDelegates,
      delegatorsDrawn: plan.roles.filter((r) => r === "delegator").length,
      directRetailDrawn: plan.roles.filter((r, i) => r === "direct" && agents[i].kind === "retail").length,
      votingDelaySeconds: Number(VOTING_DELAY),
      votingPeriodDays: Number(VOTING_PERIOD / DAY),
      quorumIdentities: Number(quorumIdentities),
      ozQuorumPercent: Number(OZ_QUORUM_PERCENT),
      syncLagRevoked: plan.revoked.length,
      syncLagWindowSeconds: cfg.syncLag.windowSeconds,
      keeperIntervals: cfg.syncLag.keeperIntervals.map(intervalLabel).join(", "),
      keeperBatch: KEEPER_BATCH,
    },
    notes: {
      "worked-example":
        "Issue 18's example, computed by the model engine (sim/model/governance/delegation.ts) with the exact integer square root.",
      "sync-lag":
        "Each keeper interval runs from the same state: the revoked delegators lose their identity through the registry's revokeIdentity (the token is not told) at seeded times in the window before the snapshot; the keeper runs the cw:sync planner (scripts/lib/syncPlan.ts) at each tick and multicalls the syncs it finds. Stale √ weight and seats: what the token still counts at the snapshot for identities no longer valid (checked per delegate against the model engine). Exact integers in √-wei (10^9 per √token) in staleSqrtWei.",
    },
    reading: readDelegation(mechanisms, lag, worked, WORKED_HOLDERS, WORKED_TOKENS),
  };
};

function lagMetrics(r: SyncLagRow): Record<string, MetricValue> {
  return {
    keeperInterval: intervalLabel(r.interval),
    revokedIdentities: r.revoked,
    staleSqrtWeight: display(r.staleSqrtWei, E9n),
    staleSqrtWei: r.staleSqrtWei.toString(),
    staleSeats: Number(r.staleSeats),
    staleWeightShare: r.validSqrtWei === 0n ? 0 : Number((r.staleSqrtWei * 1_000_000_000n) / r.validSqrtWei) / 1e9,
    keeperRuns: r.keeperRuns,
    keeperTransactions: r.keeperTransactions,
  };
}

/** One paragraph from the numbers: retail's weight and the outcome under each counting, then the lag. */
export function readDelegation(
  mechanisms: readonly MechanismResult[],
  lag: readonly SyncLagRow[],
  worked: { todaysSqrt: bigint; quadratic: bigint },
  holders: bigint,
  tokens: bigint,
): string {
  const parts = mechanisms.map(
    (m) =>
      `${m.label}: ${m.metrics.outcome === "passed" ? "passed" : "defeated"}, retail ${formatShare(Number(m.metrics.retailWeightShare))} of the weight cast (${formatShare(Number(m.metrics.delegatedWeightShare))} through delegates), delegators keep ${Number(m.metrics.delegationKept).toFixed(3)}× their direct weight`,
  );
  const example = `${formatAmount(Number(holders))} holders of ${formatAmount(Number(tokens))} tokens delegating to one delegate weigh ${formatAmount(display(worked.todaysSqrt, E9n), 1)} under today's √ and ${formatAmount(display(worked.quadratic, E9n), 1)} under quadratic delegation (what they weigh voting themselves)`;
  const lagText = lag
    .map(
      (r) =>
        `${intervalLabel(r.interval)}: ${formatAmount(display(r.staleSqrtWei, E9n), 1)} stale √ weight, ${plural(Number(r.staleSeats), "stale seat")}, ${plural(r.keeperTransactions, "keeper transaction")}`,
    )
    .join("; ");
  return `${parts.join("; ")}. ${example}. Sync lag (${lag[0]?.revoked ?? 0} delegators revoked before the snapshot), by keeper interval: ${lagText}.`;
}

/**
 * About the transactions the scenario sends: a delegation per agent that takes part, a
 * registration and a sync per verified agent, the votes (direct voters twice, delegates), the
 * revocations once per keeper interval, plus deployments.
 */
function delegationSteps(population: Population, config: ScenarioConfig): number {
  const c = delegationConfig(config);
  const retail = population.agents.filter((a) => a.kind === "retail").length;
  const others = population.agents.length - retail;
  const taking = others + retail * (c.retail.delegate + c.retail.direct);
  const verified = population.agents.filter((a) => a.verified).length;
  const direct = others + retail * c.retail.direct;
  const lag = c.syncLag.revoked * c.syncLag.keeperIntervals.length * 1.5;
  return Math.round(taking + 2 * verified + 2 * direct + 3 * c.delegates + lag + 30);
}

export const delegationScenario: Scenario = Object.assign(runDelegation, {
  steps: delegationSteps,
  validate: validateDelegation,
});
