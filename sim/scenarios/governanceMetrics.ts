import type { MechanismResult } from "../types";
import type { AgentKind } from "../population";
import { gini, herfindahl, nakamoto, topKShare } from "../metrics";
import { formatAmount, formatShare, formatSignedPercent, margin, plural } from "../report/format";

/**
 * One counted vote: its weight as the governor counted it (an integer) and `unit`, the integer
 * weight of one display unit (10^18 for a token, 10^9 for √token in Counterweight).
 */
export interface CountedVote {
  voter: string;
  support: 0 | 1 | 2;
  weight: bigint;
  unit: bigint;
  kind: AgentKind;
}

/** An integer weight in display units, exact to the double nearest (same bytes on every run). */
export function display(x: bigint, unit: bigint): number {
  return Number(x / unit) + Number(x % unit) / Number(unit);
}

/** The metrics of one mechanism, from the votes it counted and the outcome it reached. */
export function mechanismResult(
  id: string,
  label: string,
  baseline: boolean,
  passed: boolean,
  votes: readonly CountedVote[],
): MechanismResult {
  // Sums in integers (the order votes were mined in cannot change a digit), then display units.
  const unit = votes.length > 0 ? votes[0].unit : 1n;
  if (votes.some((v) => v.unit !== unit)) throw new Error(`${id}: votes counted in different units`);
  const sumWhere = (pick: (v: CountedVote) => boolean) =>
    display(
      votes.reduce((a, v) => (pick(v) ? a + v.weight : a), 0n),
      unit,
    );
  const forWeight = sumWhere((v) => v.support === 1);
  const againstWeight = sumWhere((v) => v.support === 0);
  const abstainWeight = sumWhere((v) => v.support === 2);
  const weights = votes.map((v) => display(v.weight, unit));
  const all = weights.length === 0 ? [0] : weights;
  const total = sumWhere(() => true);
  const whales = sumWhere((v) => v.kind === "whale");
  const vcs = sumWhere((v) => v.kind === "vc");
  const retail = sumWhere((v) => v.kind === "retail");
  return {
    id,
    label,
    baseline,
    metrics: {
      outcome: passed ? "passed" : "defeated",
      forWeight,
      againstWeight,
      abstainWeight,
      margin: margin(forWeight, againstWeight),
      whaleWeightShare: total === 0 ? 0 : whales / total,
      vcWeightShare: total === 0 ? 0 : vcs / total,
      retailWeightShare: total === 0 ? 0 : retail / total,
      nakamotoWeight: nakamoto(all),
      giniWeight: gini(all),
      top3WeightShare: topKShare(all, 3),
      herfindahlWeight: herfindahl(all),
      voters: votes.length,
    },
    distribution: { what: "vote weight", values: weights },
  };
}

/** One paragraph read off the numbers: who won where, and what splitting and flash loans gained. */
export function readGovernance(
  mechanisms: readonly MechanismResult[],
  sybil: readonly { k: number; identity: number; bypassed: number }[],
  flashLoanWeightGained: number,
): string {
  const m = (id: string) => mechanisms.find((x) => x.id === id);
  const parts: string[] = [];
  for (const x of mechanisms) {
    parts.push(
      `${x.label}: the proposal ${x.metrics.outcome === "passed" ? "passed" : "was defeated"} (margin ${formatSignedPercent(100 * Number(x.metrics.margin))} of the for + against weight), ` +
        `whales held ${formatShare(Number(x.metrics.whaleWeightShare))} of the weight cast, ` +
        `Nakamoto coefficient ${formatAmount(Number(x.metrics.nakamotoWeight))}, Gini ${Number(x.metrics.giniWeight).toFixed(3)}`,
    );
  }
  const cw = m("counterweight");
  const oz = m("oz-governor-simple");
  let verdict = "";
  if (cw && oz) {
    verdict =
      cw.metrics.outcome !== oz.metrics.outcome
        ? ` Linear voting let ${plural(Number(oz.metrics.nakamotoWeight), "holder")} decide; √ weights per identity handed the decision to the ${String(cw.metrics.outcome === "defeated" ? "opposing" : "supporting")} majority of people, needing ${plural(Number(cw.metrics.nakamotoWeight), "voter")} to reach half the weight.`
        : ` Both linear and quadratic counting reached the same outcome (${String(cw.metrics.outcome)}).`;
  }
  const worst = sybil.length > 0 ? sybil[sybil.length - 1] : undefined;
  const split = worst
    ? ` Splitting a whale over k = ${sybil.map((s) => s.k).join(", ")} fresh addresses multiplied its weight by ${sybil.map((s) => s.identity.toFixed(2)).join(", ")} with identity checks, against ${sybil.map((s) => s.bypassed.toFixed(2)).join(", ")} with the registry bypassed (√${worst.k} = ${Math.sqrt(worst.k).toFixed(2)}).`
    : "";
  const flash = ` A flash loan taken in the block of the vote added ${formatAmount(flashLoanWeightGained, 2)} weight, because weights are read at the proposal snapshot.`;
  return parts.join("; ") + "." + verdict + split + flash;
}
