import { bribeVotersConfig, buyIdentitiesConfig, type ScenarioConfig } from "../../config/schema";
import type { AgentKind } from "../../population";
import type { Rng } from "../../random";
import type { MetricValue } from "../../types";
import { governancePoint, type GovernancePointInput } from "../../model/governance/point";
import { Support } from "../../model/governance/quadratic";
import {
  CAPTURE_GOVERNORS,
  leastBribeSpend,
  leastVotesToBuy,
  reservationBribe,
  linearTokensToWin,
  type CaptureGovernor,
} from "../../model/governance/capture";
import {
  IDENTITY_SEARCH_LIMIT,
  leastIdentitiesToWin,
  type SnapshotVote,
} from "../../model/governance/identityPurchase";

const E18 = 10n ** 18n;
const PPM = 1_000_000n;

/** The governance point the capture runs on, and what the model needs beyond it. */
export interface CaptureInput {
  point: GovernancePointInput;
  kinds: readonly AgentKind[];
  /** Each agent's seeded draw in (0, 1], in millionths (bribe acceptance). */
  acceptDrawPpm: readonly bigint[];
  /** UNI per CWT wei of the GovernorAlpha run: alphaVotes = votes × num ÷ den. */
  alphaScale: { num: bigint; den: bigint };
}

/** Each agent's bribe-acceptance draw, from its own stream (forked after the ballots' streams). */
export function acceptDraws(rng: Rng, n: number): bigint[] {
  const r = rng.fork("governance-bribes");
  return Array.from({ length: n }, () => BigInt(Math.floor(r.next() * 1e6)) + 1n);
}

const toPpm = (x: number) => BigInt(Math.round(x * 1e6));
/** A quote or token amount (a JS number from the config) in wei, exact to the millionth. */
const wei = (x: number) => toPpm(x) * 10n ** 12n;
/** Wei to a display number, exact to the double nearest. */
const units = (x: bigint) => Number(x / E18) + Number(x % E18) / 1e18;

/** The retail agents a briber can pay: those not voting For, in agent order. */
export function bribable(input: CaptureInput): number[] {
  return input.kinds.flatMap((k, i) => (k === "retail" && input.point.support[i] !== Support.For ? [i] : []));
}

/** Each agent's reservation bribe (quote wei): its balance at the pool price × its draw × acceptAllAtValueShare. */
export function reservations(config: ScenarioConfig, input: CaptureInput): bigint[] {
  const c = bribeVotersConfig(config);
  const price = toPpm(c.quotePerToken);
  const share = toPpm(c.acceptAllAtValueShare);
  return input.point.votes.map((v, i) => reservationBribe((v * price) / PPM, input.acceptDrawPpm[i], share));
}

/** The retail agents (not voting For) who accept the configured bribe, in agent order. */
export function bribeCandidates(config: ScenarioConfig, input: CaptureInput): number[] {
  const bribe = wei(bribeVotersConfig(config).bribePerVoteQuote);
  const r = reservations(config, input);
  return bribable(input).filter((i) => r[i] <= bribe);
}

/** The votes of the Counterweight tally as the identity-purchase search reads them (whales voting For split). */
export function snapshotVotes(input: CaptureInput): SnapshotVote[] {
  const p = input.point;
  const out: SnapshotVote[] = [];
  for (let i = 0; i < p.votes.length; i++) {
    const s = p.support[i];
    if (p.verified[i] !== 1 || s > Support.Abstain) continue;
    out.push({
      account: String(i),
      support: s as 0 | 1 | 2,
      votes: p.votes[i],
      splits: input.kinds[i] === "whale" && s === Support.For,
    });
  }
  return out;
}

const fmt = (x: number) => new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(x);
const LABEL: Record<CaptureGovernor, string> = {
  counterweight: "Counterweight",
  "oz-governor-simple": "OZ Governor",
  "uniswap-governor-alpha": "GovernorAlpha",
};

export interface CaptureRow {
  id: string;
  label: string;
  metrics: Record<string, MetricValue>;
}

/**
 * The cost of capture of the governance vote, per governor, for identity purchase and for vote
 * buying: the least spend at which the whale-backed proposal succeeds, found by the model engine
 * on the main vote's ballots (exact integer tallies; each search adds one bought identity or vote
 * at a time and stops at the first win, which is the least because a purchase never hurts the
 * whale side). Identities under the linear governors add no weight, so there the whales buy the
 * missing tokens instead, at the pool price without slippage, from holders who do not vote.
 */
export function governanceCapture(config: ScenarioConfig, input: CaptureInput): CaptureRow[] {
  const point = governancePoint(input.point);
  const ids = buyIdentitiesConfig(config);
  const br = bribeVotersConfig(config);
  const rows: CaptureRow[] = [];

  // Identity purchase (Counterweight) / token purchase (linear governors).
  const idBudget = `${fmt(ids.budgetTokens)} tokens`;
  for (const g of CAPTURE_GOVERNORS) {
    let bought: number | null;
    let tokens: number | null;
    if (g === "counterweight") {
      const found = leastIdentitiesToWin(snapshotVotes(input), input.point.quorumIdentities, IDENTITY_SEARCH_LIMIT);
      bought = found?.k ?? null;
      tokens = bought === null ? null : bought * config.identity.priceTokens;
    } else {
      const t = linearTokensToWin(point, g);
      const cwt =
        g === "uniswap-governor-alpha"
          ? (t * input.alphaScale.den + input.alphaScale.num - 1n) / input.alphaScale.num
          : t;
      bought = 0;
      tokens = units(cwt);
    }
    const within = tokens !== null && tokens <= ids.budgetTokens;
    const metrics: Record<string, MetricValue> = {
      costOfCaptureTokens: tokens ?? `none within ${fmt(IDENTITY_SEARCH_LIMIT)} identities`,
      costOfCaptureQuote:
        tokens === null ? `none within ${fmt(IDENTITY_SEARCH_LIMIT)} identities` : tokens * ids.quotePerToken,
      identitiesBought: g === "counterweight" ? (bought ?? `> ${fmt(IDENTITY_SEARCH_LIMIT)}`) : "none (no weight)",
      tokensBought: g === "counterweight" ? 0 : (tokens ?? 0),
      capturedWithinBudget: within,
      verdict:
        tokens === 0
          ? "the whale side already wins"
          : within
            ? `capturable within budget ${idBudget}`
            : `not capturable within budget ${idBudget}`,
    };
    rows.push({ id: `capture-identities-${g}`, label: `Identity purchase, ${LABEL[g]}`, metrics });
  }

  // Vote buying: at the configured bribe, and at the bribe level that makes capture cheapest.
  const candidates = bribeCandidates(config, input);
  const everyone = bribable(input);
  const reservation = reservations(config, input);
  const brBudget = `${fmt(br.budgetQuote)} quote`;
  for (const g of CAPTURE_GOVERNORS) {
    const r = leastVotesToBuy(input.point, point, g, candidates);
    const atBribe = r.votes === null ? null : r.votes * br.bribePerVoteQuote;
    const least = leastBribeSpend(input.point, point, g, everyone, reservation);
    const spend = least === null ? null : units(least.spend);
    const within = spend !== null && spend <= br.budgetQuote;
    const none = `not capturable: every bribable retail vote bought does not win`;
    rows.push({
      id: `capture-bribes-${g}`,
      label: `Vote buying, ${LABEL[g]}`,
      metrics: {
        costOfCaptureQuote: spend ?? none,
        costOfCaptureTokens: spend === null ? none : spend / br.quotePerToken,
        bribePerVoteAtCapture: least === null ? none : units(least.bribe),
        votesBought: least === null ? none : least.votes,
        costAtConfiguredBribeQuote:
          atBribe ??
          `not capturable at ${fmt(br.bribePerVoteQuote)} quote per vote (${fmt(r.useful)} useful voters accept)`,
        votersAccepting: r.useful,
        capturedWithinBudget: within,
        verdict:
          spend === 0
            ? "the whale side already wins"
            : spend === null
              ? none
              : within
                ? `capturable within budget ${brBudget}`
                : `not capturable within budget ${brBudget}`,
      },
    });
  }
  return rows;
}

/** The capture parameters the report quotes (the values the search used). */
export function captureParameters(config: ScenarioConfig): Record<string, MetricValue> {
  const ids = buyIdentitiesConfig(config);
  const br = bribeVotersConfig(config);
  return {
    captureIdentityPriceTokens: config.identity.priceTokens,
    captureIdentityBudgetTokens: ids.budgetTokens,
    captureBribePerVoteQuote: br.bribePerVoteQuote,
    captureBribeBudgetQuote: br.budgetQuote,
    captureBribeAcceptAllAtValueShare: br.acceptAllAtValueShare,
    captureQuotePerToken: ids.quotePerToken,
    captureBribeQuotePerToken: br.quotePerToken,
  };
}

/** One sentence per attack for the reading: what capture costs under each governor. */
export function readCapture(rows: readonly CaptureRow[]): string {
  const say = (prefix: string, unit: "tokens" | "quote") =>
    rows
      .filter((r) => r.id.startsWith(prefix))
      .map((r) => {
        const v = unit === "tokens" ? r.metrics.costOfCaptureTokens : r.metrics.costOfCaptureQuote;
        const gov = r.label.split(", ")[1];
        return typeof v === "number"
          ? `${gov} ${v === 0 ? "nothing (already won)" : `${fmt(v)} ${unit}`}${v > 0 && r.metrics.capturedWithinBudget === false ? " (beyond the budget)" : ""}`
          : `${gov} ${String(v)}`;
      })
      .join(", ");
  return (
    ` Cost of capture (model engine, least spend for the whale side to win): identity purchase (or, under the linear governors, token purchase) — ${say("capture-identities-", "tokens")};` +
    ` vote buying (least over every bribe level) — ${say("capture-bribes-", "quote")}.`
  );
}
