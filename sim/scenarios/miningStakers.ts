import type { FarmCaps } from "../chain/mining";
import type { ScenarioConfig } from "../config/schema";
import { WAD } from "../model/mining/effectiveBalance";
import type { Agent } from "../population";
import type { ScenarioContext } from "../types";

/**
 * The mining scenario's plan, without the chain: the pool, the reward, who stakes and the caps.
 * The chain scenario (sim/scenarios/mining.ts) and the model engine's sweep (sim/sweep/mining.ts)
 * both read it, so a sweep point is the chain scenario's point.
 */

/** Pool seeded by the deployer: 100M CWT against 100k WETH (≈ 3.16M LP); agents get 90% of the LP. */
export const POOL_TOKEN = 100_000_000n * WAD;
export const POOL_WETH = 100_000n * WAD;
/**
 * The order the chain scenario stakes, notifies and claims in, by mining mechanism id (per batch of
 * stakers, the capped farm first). Each notification is one block a second after the one before,
 * right after the last stake, so the model sweep (sim/sweep/mining.ts) places the notifications
 * from this list (`notifiedAfterStakes`) instead of assuming an order.
 */
export const FARM_ORDER = ["counterweight", "uniswap-staking-rewards"] as const;

/**
 * Seconds after the last stake's block at which the chain scenario notifies the farm `id`, and
 * (for `undefined`) the first second after every notification of FARM_ORDER: a mid-period exit
 * decides no earlier.
 */
export function notifiedAfterStakes(id: (typeof FARM_ORDER)[number] | undefined): bigint {
  return BigInt(id === undefined ? FARM_ORDER.length + 1 : FARM_ORDER.indexOf(id) + 1);
}

/** Same reward for every farm over the same 60-day period (the npm StakingRewards duration). */
export const REWARD = 6_000_000n * WAD;

/** A config fraction or multiple in parts per billion (exact for the decimals people type). */
const PPB = 1_000_000_000n;
const ppb = (x: number) => BigInt(Math.round(x * 1e9));

/**
 * Caps derived from the stakers and the config: `capOverMeanStake` × the mean non-whale stake,
 * `slope` (WAD) above it, `unverifiedCapOverCap` × the cap for an account without identity.
 */
export function capsFor(stakers: readonly { agent: Agent; lp: bigint }[], config: ScenarioConfig): FarmCaps {
  const retail = stakers.filter((s) => s.agent.kind !== "whale");
  const mean = retail.reduce((a, s) => a + s.lp, 0n) / BigInt(Math.max(1, retail.length));
  const m = config.mining;
  const cap = (mean * ppb(m.capOverMeanStake)) / PPB;
  return { cap, slope: (WAD * ppb(m.slope)) / PPB, unverifiedCap: (cap * ppb(m.unverifiedCapOverCap)) / PPB };
}

/**
 * The agents that stake: every whale, and a seeded sample of `farmParticipation` of retail (at
 * least one), in population order.
 */
export function chooseStakers(ctx: Pick<ScenarioContext, "population" | "config" | "rng">): Agent[] {
  const agents = ctx.population.agents.filter((a) => a.kind !== "vc");
  const retail = agents.filter((a) => a.kind === "retail");
  const count = stakingRetail(retail.length, ctx.config);
  if (count === retail.length) return agents;
  const rng = ctx.rng.fork("mining-participation");
  const order = retail.map((a) => a.index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const picked = new Set(order.slice(0, count));
  return agents.filter((a) => a.kind !== "retail" || picked.has(a.index));
}

/** Retail stakers for `retail` retail agents: round(participation × retail), at least 1. */
export function stakingRetail(retail: number, config: ScenarioConfig): number {
  return Math.min(retail, Math.max(1, Math.round(config.retail.farmParticipation * retail)));
}
