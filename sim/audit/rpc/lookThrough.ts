import { getAddress } from "ethers";
import type { AuditCheck, Holder } from "../types";
import { fmt, type Units } from "./checks";
import type { Ledger } from "./ledger";
import type { TokenReader } from "./token";

const ZERO = "0x0000000000000000000000000000000000000000";

/** A Uniswap V2 pair among the holders, and how its balance of the audited token was passed through. */
export interface PairLookThrough {
  pair: string;
  /** The pair's balance of the audited token, before look-through. */
  amount: bigint;
  lpHolders: number;
  /** Tokens handed to LP holders in proportion to their LP balance; the rest stays with the pair. */
  passed: bigint;
  check: AuditCheck;
}

/** What look-through needs per pair: its LP token reader and its rebuilt LP ledger. */
export interface PairSource {
  reader: TokenReader;
  lpLedger(): Promise<Ledger>;
}

/**
 * Replaces a V2 pair's balance of the audited token by its LP holders' shares: holder i gets
 * floor(amount · lp_i / lpTotalSupply). The share of the LP tokens locked at address(0) (V2's
 * MINIMUM_LIQUIDITY) and the rounding dust stay with the pair. The LP balances are rebuilt from
 * the pair's Transfer logs and checked against its totalSupply like the token's.
 */
export async function lookThroughPair(
  pair: Holder,
  source: PairSource,
  toBlock: number,
  units: Units,
): Promise<{ holders: Holder[]; result: PairLookThrough }> {
  const ledger = await source.lpLedger();
  const lpSupply = await source.reader.totalSupply(toBlock);
  const locked = await source.reader.balanceOf(ZERO, toBlock);
  const lp = ledger.entries().filter(([, v]) => v > 0n);
  const lpSum = lp.reduce((s, [, v]) => s + v, 0n);
  const consistent = lpSum + locked === lpSupply;
  const out: Holder[] = [];
  let passed = 0n;
  if (lpSupply > 0n) {
    for (const [address, balance] of lp) {
      const share = (pair.amount * balance) / lpSupply;
      if (share === 0n) continue;
      out.push({ address: getAddress(address), amount: share });
      passed += share;
    }
  }
  const remainder = pair.amount - passed;
  if (remainder > 0n) out.push({ address: pair.address, amount: remainder });
  const check: AuditCheck = {
    name: `Uniswap V2 look-through ${pair.address}`,
    ok: consistent,
    detail: consistent
      ? `${fmt(pair.amount, units)} passed to ${out.length - (remainder > 0n ? 1 : 0)} LP holders by LP share (${fmt(remainder, units)} stays with the pair: locked minimum liquidity and rounding); LP balances rebuilt from ${lp.length} holders sum to totalSupply() ${lpSupply} minus ${locked} locked`
      : `LP balances rebuilt from Transfer logs sum to ${lpSum} + ${locked} locked, the pair's totalSupply() is ${lpSupply}; shares passed through anyway (${fmt(passed, units)} of ${fmt(pair.amount, units)})`,
  };
  return { holders: out, result: { pair: pair.address, amount: pair.amount, lpHolders: lp.length, passed, check } };
}
