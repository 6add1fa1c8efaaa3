import type { ScenarioConfig } from "../config/schema";
import { gini } from "../metrics";
import { isqrt } from "../model/math";
import { governancePoint, identityQuorum, NO_VOTE } from "../model/governance/point";
import { generatePopulation, type Population } from "../population";
import { chooseSupport, chooseTurnout } from "../scenarios/ballots";
import { Rng } from "../random";
import { POPULATION_TOTAL } from "../runner";
import { bribeVotersConfig, buyIdentitiesConfig } from "../config/schema";
import {
  bribedPoint,
  leastBribeSpend,
  leastVotesToBuy,
  linearTokensToWin,
  whaleSideWins,
  type CaptureGovernor,
} from "../model/governance/capture";
import type { GovernancePoint, GovernancePointInput } from "../model/governance/point";
import {
  acceptDraws,
  bribable,
  bribeCandidates,
  reservations,
  type CaptureInput,
} from "../scenarios/adversaries/capture";
import { leastIdentitiesToWin, type SnapshotVote } from "../model/governance/identityPurchase";

/** The governors a governance sweep compares, by the ids the report uses everywhere. */
export const GOVERNORS = ["counterweight", "oz-governor-simple", "uniswap-governor-alpha"] as const;
export type GovernorId = (typeof GOVERNORS)[number];

/** The governance scenario's fixed parameters (sim/scenarios/governance.ts). */
const OZ_QUORUM_PERCENT = 4n;
const UNI_SUPPLY = 1_000_000_000n * 10n ** 18n;
const UNI_SHARE_PPM = 600_000n;
const PPM = 1_000_000n;

/** One governor's outcome at one point × seed. */
export interface GovernorOutcome {
  /** "whale": the whale-backed proposal succeeds; "retail": it is defeated. */
  winner: "whale" | "retail";
  /** (For − Against) / (For + Against) of the governor's tally, in millionths (signed). */
  marginPpm: number;
  quorumReached: boolean;
  /** Against ≥ For: retail outvotes the whale side whatever the quorum (else only the quorum can stop it). */
  outvoted: boolean;
  /** Gini of the voting weights of every agent (√ of verified votes for Counterweight), 6 digits. */
  gini: number;
  for: string;
  against: string;
  /**
   * Cost of capture by identity purchase, in whole tokens: Counterweight, bought identities ×
   * identity.priceTokens (searched up to the budget's identities); the linear
   * governors, the tokens the whale side must buy. Null: not capturable within the budget.
   */
  captureTokens: number | null;
  /** The "bribe-voters" strategy's re-vote (only when the config's whale strategy is "bribe-voters"). */
  bribe?: BribeOutcome;
}

/**
 * The bribed re-vote of one governor, as the chain's "bribe-voters" adversary runs it
 * (sim/scenarios/adversaries/bribeVoters.ts): the least set of accepting retail votes that wins,
 * cut to what the budget pays for at the configured bribe, re-cast For.
 */
export interface BribeOutcome {
  winner: "whale" | "retail";
  /** (For − Against) / (For + Against) of the bribed tally, in millionths (signed). */
  marginPpm: number;
  for: string;
  against: string;
  /** Retail voters (not voting For) who accept the configured bribe. */
  accepting: number;
  votesBought: number;
  /** votesBought × bribe per vote, in the quote asset. */
  spendQuote: number;
  /** Cost of capture by vote buying: the least spend over every bribe level (quote); null: not capturable. */
  captureQuote: number | null;
}

/** Governor outcomes of one point × seed, and the population's shape they ran on. */
export interface GovernanceRow {
  agents: number;
  verified: number;
  retailVoters: number;
  governors: Record<GovernorId, GovernorOutcome>;
}

function marginPpm(forVotes: bigint, against: bigint): number {
  const sum = forVotes + against;
  return sum === 0n ? 0 : Number(((forVotes - against) * PPM) / sum);
}

const round6 = (x: number): number => Number(x.toFixed(6));

/** The same population the chain engine builds for this seed and config (sim/runner.ts). */
export function sweepPopulation(config: ScenarioConfig, seed: number): Population {
  const p = config.population;
  return generatePopulation(new Rng(seed), {
    retail: p.agents,
    whales: p.whales,
    whaleShare: p.whaleShare,
    vcs: p.vcs,
    vcShare: p.vcShare,
    total: POPULATION_TOTAL,
    retailVerifiedRate: config.retail.verifiedRate,
    paretoAlpha: p.paretoAlpha,
  });
}

/**
 * Each agent's support (or NO_VOTE), drawn by the chain scenario's own functions
 * (sim/scenarios/ballots.ts: `chooseSupport`, then `chooseTurnout`) from the same random streams,
 * so a model point and a chain run with the same seed and config cast the same ballots.
 */
export function sweepBallots(config: ScenarioConfig, population: Population, seed: number): Uint8Array {
  return ballotsAndStream(config, population, seed).support;
}

/** The ballots, and the scenario's stream after them (the bribe-acceptance draws fork from it next). */
function ballotsAndStream(config: ScenarioConfig, population: Population, seed: number) {
  const rng = new Rng(seed).fork("governance");
  rng.int(1, 1_000_000_000); // the scenario draws its signer seed first
  const ctx = { population, config, rng };
  const support = Uint8Array.from(chooseSupport(ctx));
  chooseTurnout(ctx).forEach((votes, i) => {
    if (!votes) support[i] = NO_VOTE;
  });
  return { support, rng };
}

const E18 = 10n ** 18n;
const units = (wei: bigint) => Number(wei / E18) + Number(wei % E18) / 1e18;
const tallyOf = (p: GovernancePoint, g: CaptureGovernor) =>
  g === "counterweight" ? p.counterweight : g === "oz-governor-simple" ? p.oz : p.alpha;

/** The bribed re-vote per governor, exactly as the chain adversary computes and casts it. */
function bribeOutcomes(
  config: ScenarioConfig,
  capture: CaptureInput,
  point: GovernancePoint,
): Record<CaptureGovernor, BribeOutcome> {
  const c = bribeVotersConfig(config);
  const candidates = bribeCandidates(config, capture);
  const everyone = bribable(capture);
  const reservation = reservations(config, capture);
  const affordable = Math.floor(c.budgetQuote / c.bribePerVoteQuote);
  const out = {} as Record<CaptureGovernor, BribeOutcome>;
  for (const g of GOVERNORS) {
    const least = leastVotesToBuy(capture.point, point, g, candidates);
    const bribed = least.bribed.slice(0, Math.min(affordable, least.bribed.length));
    const predicted = bribedPoint(capture.point, bribed);
    const t = tallyOf(predicted, g);
    const cheapest = leastBribeSpend(capture.point, point, g, everyone, reservation);
    out[g] = {
      winner: whaleSideWins(predicted, g) ? "whale" : "retail",
      marginPpm: marginPpm(t.for, t.against),
      for: t.for.toString(),
      against: t.against.toString(),
      accepting: candidates.length,
      votesBought: bribed.length,
      spendQuote: bribed.length * c.bribePerVoteQuote,
      captureQuote: cheapest === null ? null : units(cheapest.spend),
    };
  }
  return out;
}

/** One governance point × seed through the model engine: the three governors' exact tallies. */
export function runGovernancePoint(config: ScenarioConfig, seed: number): GovernanceRow {
  const population = sweepPopulation(config, seed);
  const { support, rng } = ballotsAndStream(config, population, seed);
  const agents = population.agents;
  const n = agents.length;
  const votes = agents.map((a) => a.amount);
  const uniForPopulation = (UNI_SUPPLY * UNI_SHARE_PPM) / PPM;
  const alphaVotes = votes.map((v) => (v * uniForPopulation) / population.total);
  const verified = new Uint8Array(n);
  let verifiedCount = 0;
  let whaleTotal = 0n;
  let retailVoters = 0;
  for (let i = 0; i < n; i++) {
    if (agents[i].verified) {
      verified[i] = 1;
      verifiedCount++;
    }
    if (agents[i].kind === "whale") whaleTotal += agents[i].amount;
    if (agents[i].kind === "retail" && support[i] !== NO_VOTE) retailVoters++;
  }
  const pointInput: GovernancePointInput = {
    votes,
    alphaVotes,
    verified,
    support,
    quorumIdentities: identityQuorum(BigInt(verifiedCount), 1n, 10n),
    // The scenario's token also mints the flash-loan pool's reserve (the whales' total).
    totalSupply: population.total + whaleTotal,
    ozQuorumPercent: OZ_QUORUM_PERCENT,
  };
  const point = governancePoint(pointInput);
  const bribes =
    config.whales.strategy === "bribe-voters"
      ? bribeOutcomes(
          config,
          {
            point: pointInput,
            kinds: agents.map((a) => a.kind),
            acceptDrawPpm: acceptDraws(rng, n),
            alphaScale: { num: uniForPopulation, den: population.total },
          },
          point,
        )
      : null;
  // Cost of capture by identity purchase (sim/scenarios/adversaries/capture.ts), bounded by the budget.
  const ids = buyIdentitiesConfig(config);
  const snapshot: SnapshotVote[] = [];
  for (let i = 0; i < n; i++) {
    const s = support[i];
    if (verified[i] !== 1 || s === NO_VOTE) continue;
    snapshot.push({
      account: String(i),
      support: s as 0 | 1 | 2,
      votes: votes[i],
      splits: agents[i].kind === "whale" && s === 1,
    });
  }
  const kMax = Math.floor(ids.budgetTokens / config.identity.priceTokens);
  const bought = leastIdentitiesToWin(snapshot, point.counterweight.quorum, kMax);
  const withinBudget = (tokens: number) => (tokens <= ids.budgetTokens ? tokens : null);
  const tokens = units;
  const capture = {
    counterweight: bought === null ? null : bought.k * config.identity.priceTokens,
    "oz-governor-simple": withinBudget(tokens(linearTokensToWin(point, "oz-governor-simple"))),
    "uniswap-governor-alpha": withinBudget(
      tokens(
        (linearTokensToWin(point, "uniswap-governor-alpha") * population.total + uniForPopulation - 1n) /
          uniForPopulation,
      ),
    ),
  };
  const outcome = (
    t: { for: bigint; against: bigint; quorumReached: boolean; outcome: string },
    g: number,
    captureTokens: number | null,
    bribe: BribeOutcome | undefined,
  ) => ({
    winner: t.outcome === "Succeeded" ? ("whale" as const) : ("retail" as const),
    marginPpm: marginPpm(t.for, t.against),
    quorumReached: t.quorumReached,
    outvoted: t.for <= t.against,
    gini: round6(g),
    for: t.for.toString(),
    against: t.against.toString(),
    captureTokens,
    ...(bribe === undefined ? {} : { bribe }),
  });
  return {
    agents: n,
    verified: verifiedCount,
    retailVoters,
    governors: {
      counterweight: outcome(
        point.counterweight,
        gini(votes.map((v, i) => (verified[i] === 1 ? isqrt(v) : 0n))),
        capture.counterweight,
        bribes?.counterweight,
      ),
      "oz-governor-simple": outcome(
        point.oz,
        gini(votes),
        capture["oz-governor-simple"],
        bribes?.["oz-governor-simple"],
      ),
      "uniswap-governor-alpha": outcome(
        point.alpha,
        gini(alphaVotes),
        capture["uniswap-governor-alpha"],
        bribes?.["uniswap-governor-alpha"],
      ),
    },
  };
}
