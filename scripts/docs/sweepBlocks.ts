import { formatAmount, formatShare } from "../../sim/report/format";
import { bribeVotersConfig, buyIdentitiesConfig } from "../../sim/config/schema";
import type { PointSummary } from "../../sim/sweep/output";
import { BRIBE_CLAIMS, GOVERNANCE_CLAIMS } from "../../sim/sweep/output";
import { MINING_CLAIMS, cheaperSentence, type MiningPointSummary } from "../../sim/sweep/miningOutput";
import { claimSentence, claimWhere, fmt } from "../../sim/sweep/present";
import type { CommittedSweep, Sources } from "./sources";

/**
 * The README's sentences on where each claim holds and where it breaks, from the committed sweeps
 * (reports/sweep/<scenario>/sweep.json, `npm run sweep:readme`): the same words as the sweep's
 * report.md, so no boundary number is typed.
 */

function gridWords(sw: CommittedSweep): string {
  const axes = sw.axes.map((a) => `${a.name} ${fmt(a.values[0])}–${fmt(a.values[a.values.length - 1])}`).join(" × ");
  return `${axes} (${sw.axes.map((a) => a.values.length).join(" × ")} points, ${sw.spec.seeds} seeds each, ${formatAmount(sw.spec.agents)} retail agents)`;
}

function recheckWords(sw: CommittedSweep, name: string): string {
  const r = sw.recheck;
  if (r === undefined) return "";
  const same = r.points.filter((p) => p.match).length;
  return (
    ` The chain engine re-ran ${r.points.length} of these points (corners and boundary) at ${formatAmount(r.agents)} retail ` +
    `and agreed with the model at ${same} of them (\`reports/sweep/${name}/report.md\`).`
  );
}

const claim = (
  claims: readonly [
    string,
    (s: PointSummary, g: "counterweight" | "oz-governor-simple" | "uniswap-governor-alpha") => boolean,
  ][],
  words: string,
) => {
  const c = claims.find(([w]) => w === words);
  if (c === undefined) throw new Error(`no governance claim "${words}"`);
  return c[1];
};

/**
 * Where a whale that buys identities (at identity.priceTokens each, up to whales.buyIdentities.budgetTokens)
 * captures Counterweight in every seed, and what that costs: the grid's capture heatmap in words.
 */
function captureWords(sw: CommittedSweep, summary: readonly PointSummary[]): string {
  const buy = buyIdentitiesConfig(sw.spec.config);
  const costs = summary.map((x) => x.governors.counterweight.meanCaptureTokens).filter((c): c is number => c !== null);
  const terms =
    `A whale buying identities at ${formatAmount(sw.spec.config.identity.priceTokens)} tokens each ` +
    `with a budget of ${formatAmount(buy.budgetTokens)} tokens`;
  if (costs.length === 0) return `${terms} captures it at no grid point.`;
  const where = claimWhere(sw.axes, summary, (x) => x.governors.counterweight.meanCaptureTokens !== null);
  return (
    `${terms} captures it in every seed at ${costs.length} of ${summary.length} grid points (${where}), ` +
    `for ${formatAmount(Math.min(...costs))}–${formatAmount(Math.max(...costs))} tokens on average ` +
    `(\`reports/sweep/governance/heatmap-counterweight-capture.svg\`); elsewhere that budget reaches neither the quorum nor the margin.`
  );
}

/** Why a higher bribe can fail again: the fixed budget buys fewer votes (at the grid's top bribe, when it varies). */
function budgetWords(sw: CommittedSweep, budgetQuote: number): string {
  const axis = sw.axes.find((a) => a.name === "bribe-per-vote");
  if (axis === undefined) return "";
  const top = axis.values[axis.values.length - 1];
  return (
    ` The budget caps the votes bought: at ${formatAmount(top)} quote per vote it buys at most ` +
    `${formatAmount(Math.floor(budgetQuote / top))}.`
  );
}

/** The vote-buying boundary from reports/sweep/bribe, in the same words in the README and docs/sweeps.md. */
function bribeSentence(s: Sources): string {
  const sw = s.sweep("bribe");
  const summary = sw.summary as PointSummary[];
  const br = bribeVotersConfig(sw.spec.config);
  const bribed = claim(BRIBE_CLAIMS, BRIBE_CLAIMS[0][0]);
  const defeats = claim(GOVERNANCE_CLAIMS, "defeats the whale proposal");
  return (
    `Vote buying, on the model engine over ${gridWords(sw)}, the briber's budget fixed at ${formatAmount(br.budgetQuote)} quote, ` +
    `every voter accepting at a bribe of ${formatShare(br.acceptAllAtValueShare, 0)} of its balance value: ` +
    `Counterweight defeats the whale proposal after the bribed re-vote in every seed ${claimSentence(sw.axes, summary, (x) => bribed(x, "counterweight"))} ` +
    `(without bribes: ${claimWhere(sw.axes, summary, (x) => defeats(x, "counterweight"))}). ` +
    `OZ Governor after vote buying: ${claimWhere(sw.axes, summary, (x) => bribed(x, "oz-governor-simple"))}; ` +
    `GovernorAlpha: ${claimWhere(sw.axes, summary, (x) => bribed(x, "uniswap-governor-alpha"))}.` +
    budgetWords(sw, br.budgetQuote) +
    recheckWords(sw, "bribe")
  );
}

export const SWEEP_GENERATORS: Record<string, (s: Sources) => string> = {
  /** docs/sweeps.md: how long the committed sweeps took (model run and chain re-check). */
  "sweep-timing": (s) =>
    (["governance", "mining", "capture"] as const)
      .map((name) => {
        const t = s.sweepTiming(name);
        const sw = s.sweep(name);
        return (
          `The committed ${name} sweep ran ${formatAmount(t.tasks)} point × seed runs at ${formatAmount(sw.spec.agents)} retail ` +
          `in ${t.runSeconds.toFixed(1)} s on ${t.workers} workers (${t.cpus} cores, shared), and its chain re-check of ` +
          `${sw.recheck?.points.length ?? 0} points took ${t.recheckSeconds.toFixed(0)} s (\`reports/sweep/${name}/timing.json\`).`
        );
      })
      .join(" "),

  /** README: where the governance claim holds and where it breaks, from reports/sweep/governance. */
  "readme-sweep-governance": (s) => {
    const sw = s.sweep("governance");
    const summary = sw.summary as PointSummary[];
    const cfg = sw.spec.config;
    const defeats = claim(GOVERNANCE_CLAIMS, "defeats the whale proposal");
    const outvotes = claim(GOVERNANCE_CLAIMS, "has retail outvote the whales (Against ≥ For, whatever the quorum)");
    return (
      `Governance, on the model engine over ${gridWords(sw)}, with ${formatShare(cfg.retail.verifiedRate, 0)} of retail verified, ` +
      `retail voting ${formatShare(cfg.preferences.retail.for, 0)} For / ${formatShare(cfg.preferences.retail.against, 0)} Against / ` +
      `${formatShare(cfg.preferences.retail.abstain, 0)} Abstain and whales buying no identities: Counterweight defeats the whale ` +
      `proposal in every seed ${claimSentence(sw.axes, summary, (x) => defeats(x, "counterweight"))}. ` +
      `Retail outvotes the whales (Against ≥ For) ${claimWhere(sw.axes, summary, (x) => outvotes(x, "counterweight"))}; ` +
      `elsewhere only the identity quorum (10% of verified identities) stops the proposal. ${captureWords(sw, summary)} ` +
      `OZ Governor defeats it ${claimWhere(sw.axes, summary, (x) => defeats(x, "oz-governor-simple"))}; ` +
      `GovernorAlpha ${claimWhere(sw.axes, summary, (x) => defeats(x, "uniswap-governor-alpha"))}.` +
      recheckWords(sw, "governance")
    );
  },

  /** docs/sweeps.md: where Counterweight still defeats the whale proposal after vote buying, from reports/sweep/bribe. */
  "sweep-bribe": bribeSentence,

  /** README: the same vote-buying boundary, beside the governance sweep. */
  "readme-sweep-bribe": bribeSentence,

  /**
   * README and docs/sweeps.md: the identity price at which bought identities stop making the capped
   * farm cheaper to take than StakingRewards, from reports/sweep/capture (`npm run sweep:capture`).
   */
  "readme-sweep-capture": (s) => {
    const sw = s.sweep("capture");
    const summary = sw.summary as MiningPointSummary[];
    const cfg = sw.spec.config;
    const dearer = MINING_CLAIMS.find((x) => x.id === "counterweight-dearer-capture");
    if (dearer === undefined) throw new Error('no mining claim "counterweight-dearer-capture"');
    return (
      `Identity price, on the model engine over ${gridWords(sw)}, cap ${fmt(cfg.mining.capOverMeanStake)}× the mean retail stake, ` +
      `slope ${formatShare(cfg.mining.slope, 0)} above it, capture budget ${formatAmount(cfg.mining.captureBudgetQuote)} WETH: ` +
      `taking half of the capped farm's rewards costs the whales more than taking half of StakingRewards' in every seed ` +
      `${claimSentence(sw.axes, summary, dearer.holds)} ` +
      "(`reports/sweep/capture/heatmap-counterweight-capture.svg`; a budget too small for the capped farm counts as dearer). " +
      cheaperSentence(sw, summary) +
      recheckWords(sw, "capture")
    );
  },

  /** README: where the mining claims hold and where they break, from reports/sweep/mining. */
  "readme-sweep-mining": (s) => {
    const sw = s.sweep("mining");
    const summary = sw.summary as MiningPointSummary[];
    const cfg = sw.spec.config;
    const c = (id: string) => {
      const found = MINING_CLAIMS.find((x) => x.id === id);
      if (found === undefined) throw new Error(`no mining claim "${id}"`);
      return found;
    };
    const majority = c("counterweight-retail-majority");
    const beats = c("counterweight-beats-baseline");
    const baseline = c("staking-rewards-retail-majority");
    const dearer = c("counterweight-dearer-capture");
    const dearerAt = summary.filter(dearer.holds);
    const alreadyLost = dearerAt.filter((x) => x.farms["uniswap-staking-rewards"].meanCaptureTokens === 0).length;
    const capture =
      ` A whale side that buys identities at ${formatAmount(cfg.identity.priceTokens)} tokens each (and LP at the pool price, ` +
      `up to ${formatAmount(cfg.mining.captureBudgetQuote)} WETH) pays more to take half of the capped farm's rewards than of StakingRewards' ` +
      `${claimWhere(sw.axes, summary, dearer.holds)} (at ${alreadyLost} of those ${dearerAt.length} points StakingRewards' whales ` +
      "already hold half at no spend; `reports/sweep/mining/heatmap-counterweight-capture.svg`). " +
      cheaperSentence(sw, summary);
    return (
      `Mining, on the model engine over ${gridWords(sw)}, slope ${formatShare(cfg.mining.slope, 0)} above the cap, ` +
      `${formatShare(cfg.retail.verifiedRate, 0)} of retail verified and ${formatShare(cfg.retail.farmParticipation, 0)} staking, ` +
      `whales staking from one identity each: the ${majority.words} in every seed ${claimSentence(sw.axes, summary, majority.holds)}. ` +
      `The ${beats.words} ${claimWhere(sw.axes, summary, beats.holds)}; ${baseline.words} ${claimWhere(sw.axes, summary, baseline.holds)}.` +
      capture +
      recheckWords(sw, "mining")
    );
  },
};
