import type { ScenarioConfig } from "../config/schema";
import type { FarmExitRule } from "../model/mining/exit";

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
