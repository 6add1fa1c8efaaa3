import type { ScenarioConfig } from "../config/schema";
import { parseUnits } from "ethers";
import type { FarmExitRule, PoolState } from "../model/mining/exit";

/** A config amount of quote or tokens (up to 9 decimals) in wei. */
export const configWei = (x: number): bigint => parseUnits(x.toFixed(9), 18);

/** The price of one identity (identity.priceTokens) in quote wei at the pool's price. */
export function identityPriceQuote(config: ScenarioConfig, pool: PoolState): bigint {
  return (configWei(config.identity.priceTokens) * pool.reserveQuote) / pool.reserveToken;
}

/** The config's exit rule with its APR in ppb (exact for the decimals people type). */
export function exitRuleOf(config: ScenarioConfig): FarmExitRule {
  const e = config.mining.whaleExit;
  if (e.rule === "below-outside-apr") return { rule: e.rule, outsideAprPpb: BigInt(Math.round(e.outsideApr * 1e9)) };
  return { rule: e.rule };
}

/** The exit's fraction of the period in ppb; undefined when the whales leave after the period (field absent). */
export function exitAtPpb(config: ScenarioConfig): bigint | undefined {
  const f = config.mining.whaleExit.atFraction;
  return f === undefined ? undefined : BigInt(Math.round(f * 1e9));
}
