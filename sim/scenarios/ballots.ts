import type { ScenarioContext } from "../types";
import type { AgentKind } from "../population";
import type { Rng } from "../random";

/** 0 Against, 1 For, 2 Abstain (GovernorCountingSimple's order). */
export type Support = 0 | 1 | 2;

/** What the ballot draws read: no chain (the model engine's sweep draws the same ballots). */
export type BallotContext = Pick<ScenarioContext, "population" | "config" | "rng">;

/**
 * Each agent's vote, drawn from its group's preferences in the config (by default whales and VCs
 * favour the proposal; retail mostly opposes it, some abstain). One stream per group, so changing
 * one group's preferences leaves the others' draws unchanged.
 */
export function chooseSupport(ctx: BallotContext): Support[] {
  const streams: Record<AgentKind, Rng> = {
    retail: ctx.rng.fork("governance-votes"),
    whale: ctx.rng.fork("governance-votes-whale"),
    vc: ctx.rng.fork("governance-votes-vc"),
  };
  return ctx.population.agents.map((a) => {
    const p = ctx.config.preferences[a.kind];
    const rng = streams[a.kind];
    if (p.abstain >= 1 || (p.abstain > 0 && rng.chance(p.abstain))) return 2;
    const decided = 1 - p.abstain;
    if (p.against <= 0) return 1;
    if (p.for <= 0) return 0;
    return rng.chance(p.against / decided) ? 0 : 1;
  });
}

/**
 * Which agents vote: whales and VCs always; retail with the config's turnout, fixed or rising
 * linearly with the agent's balance rank among retail (its own random stream).
 */
export function chooseTurnout(ctx: BallotContext): boolean[] {
  const t = ctx.config.retail.turnout;
  const rng = ctx.rng.fork("governance-turnout");
  const retail = ctx.population.agents.filter((a) => a.kind === "retail");
  const rank = new Map<number, number>();
  [...retail]
    .sort((a, b) => (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : a.index - b.index))
    .forEach((a, i) => rank.set(a.index, retail.length > 1 ? i / (retail.length - 1) : 1));
  return ctx.population.agents.map((a) => {
    if (a.kind !== "retail") return true;
    const p = t.mode === "fixed" ? t.rate : t.min + (t.max - t.min) * (rank.get(a.index) ?? 0);
    return p >= 1 || rng.chance(p);
  });
}
