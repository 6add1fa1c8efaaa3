import { formatUnits } from "ethers";
import { Rng } from "../../random";
import type { AuditCheck, Holder } from "../types";
import type { RpcClient } from "./client";
import { mapLimit } from "../../pool";
import type { TokenReader } from "./token";

/** Which holders get a spot check against the chain: the largest, and a seeded random few of the rest. */
export interface SpotCheckPlan {
  top: number;
  random: number;
  seed: number;
}

export const DEFAULT_SPOT_CHECKS: SpotCheckPlan = { top: 5, random: 5, seed: 42 };

/** Display of raw token units. */
export interface Units {
  decimals: number;
  symbol?: string;
}

export function fmt(amount: bigint, units: Units): string {
  const s = formatUnits(amount, units.decimals);
  const trimmed = s.endsWith(".0") ? s.slice(0, -2) : s;
  return units.symbol === undefined ? trimmed : `${trimmed} ${units.symbol}`;
}

/** The top `plan.top` holders, then `plan.random` others drawn without replacement with a seeded Rng. */
export function spotSample(holders: readonly Holder[], plan: SpotCheckPlan): Holder[] {
  const top = holders.slice(0, plan.top);
  const rest = holders.slice(plan.top);
  const rng = new Rng(plan.seed);
  const picked: Holder[] = [];
  const pool = [...rest];
  while (picked.length < plan.random && pool.length > 0) {
    const i = rng.int(0, pool.length - 1);
    picked.push(pool[i]);
    pool.splice(i, 1);
  }
  return [...top, ...picked];
}

/** "Rebuilt balances sum to totalSupply()": a difference means events do not tell the whole story. */
export function supplyCheck(
  sum: bigint,
  totalSupply: bigint,
  toBlock: number,
  units: Units,
  amounts: "logs" | "balanceOf" = "logs",
): AuditCheck {
  const ok = sum === totalSupply;
  const diff = sum - totalSupply;
  const pct = totalSupply === 0n ? "n/a" : `${(Number((diff * 1_000_000n) / totalSupply) / 10_000).toFixed(4)}%`;
  if (amounts === "balanceOf") {
    return {
      name: "sum of holders' balanceOf = totalSupply()",
      ok,
      detail: ok
        ? `${fmt(sum, units)} at block ${toBlock}`
        : `holders' balanceOf sum to ${fmt(sum, units)}, totalSupply() at block ${toBlock} is ${fmt(totalSupply, units)} (difference ${fmt(diff, units)}, ${pct}): addresses that never appear in a Transfer log hold the rest`,
    };
  }
  return {
    name: "sum of rebuilt balances = totalSupply()",
    ok,
    detail: ok
      ? `${fmt(sum, units)} at block ${toBlock}`
      : `rebuilt balances sum to ${fmt(sum, units)}, totalSupply() at block ${toBlock} is ${fmt(totalSupply, units)} (difference ${fmt(diff, units)}, ${pct}): a rebasing or fee-taking token, or one that mints or burns without Transfer events; the holder amounts below are the Transfer-log balances`,
  };
}

/** Delegated votes cannot exceed the supply; the detail says what share of the supply is delegated. */
export function votesSupplyCheck(sum: bigint, totalSupply: bigint, toBlock: number, units: Units): AuditCheck {
  const share = totalSupply === 0n ? "n/a" : `${(Number((sum * 10_000n) / totalSupply) / 100).toFixed(2)}%`;
  return {
    name: "sum of delegated votes <= totalSupply()",
    ok: sum <= totalSupply,
    detail: `delegated votes sum to ${fmt(sum, units)}, ${share} of totalSupply() ${fmt(totalSupply, units)} at block ${toBlock}`,
  };
}

/** Negative rebuilt balances: the token moved tokens it never reported arriving (missing Transfer events). */
export function negativeBalanceCheck(negatives: readonly Holder[], units: Units): AuditCheck {
  return {
    name: "no negative rebuilt balance",
    ok: negatives.length === 0,
    detail:
      negatives.length === 0
        ? "every rebuilt balance is >= 0"
        : `${negatives.length} addresses end below zero (dropped from the holders), e.g. ${negatives
            .slice(0, 3)
            .map((h) => `${h.address} ${fmt(h.amount, units)}`)
            .join(", ")}: the token's Transfer events are incomplete`,
  };
}

function mismatchDetail(
  what: string,
  checked: number,
  mismatches: { holder: Holder; actual: bigint }[],
  units: Units,
  suffix: string,
): string {
  if (mismatches.length === 0) return `${checked} holders checked (${what}), all equal${suffix}`;
  const shown = mismatches
    .slice(0, 3)
    .map((m) => `${m.holder.address}: rebuilt ${fmt(m.holder.amount, units)}, chain ${fmt(m.actual, units)}`)
    .join("; ");
  return `${mismatches.length} of ${checked} holders differ (${what})${suffix}: ${shown}${mismatches.length > 3 ? "; …" : ""}`;
}

/** balanceOf at the end block for the spot-check sample. */
export async function balanceSpotCheck(
  reader: TokenReader,
  holders: readonly Holder[],
  toBlock: number,
  plan: SpotCheckPlan,
  units: Units,
): Promise<AuditCheck> {
  const sample = spotSample(holders, plan);
  const actual = await mapLimit(sample, 4, (h) => reader.balanceOf(h.address, toBlock));
  const mismatches = sample
    .map((holder, i) => ({ holder, actual: actual[i] }))
    .filter((m) => m.actual !== m.holder.amount);
  return {
    name: "spot balanceOf checks",
    ok: mismatches.length === 0,
    detail: mismatchDetail(
      `top ${Math.min(plan.top, holders.length)} and ${sample.length - Math.min(plan.top, holders.length)} random, seed ${plan.seed}, at block ${toBlock}`,
      sample.length,
      mismatches,
      units,
      "",
    ),
  };
}

/**
 * Voting power at the end block for the spot-check sample, read the way the token exposes it:
 * ERC-5805 getPastVotes (on its ERC-6372 clock: the end block's timestamp for timestamp clocks) or
 * COMP/UNI getPriorVotes (block numbers), evaluated in a later block; when none exists yet (the end
 * block is the chain head), getVotes / getCurrentVotes in the end block itself.
 */
export async function votesSpotCheck(
  client: RpcClient,
  reader: TokenReader,
  delegates: readonly Holder[],
  toBlock: number,
  plan: SpotCheckPlan,
  units: Units,
): Promise<AuditCheck> {
  const clock = await reader.votesClock(toBlock);
  const latest = await client.blockNumber();
  const sample = spotSample(delegates, plan);
  const endTimestamp = (await client.block(toBlock)).timestamp;
  type Reader = { how: string; read: (account: string) => Promise<bigint> };
  const past: Reader =
    clock.kind === "comp"
      ? {
          how: `getPriorVotes(account, ${toBlock}) in block ${latest}`,
          read: (a) => reader.getPriorVotes(a, toBlock, latest),
        }
      : clock.mode === "timestamp"
        ? {
            how: `ERC-6372 ${clock.raw}: getPastVotes(account, ${endTimestamp}) (block ${toBlock}'s timestamp) in block ${latest}`,
            read: (a) => reader.getPastVotes(a, endTimestamp, latest),
          }
        : {
            how: `ERC-6372 ${clock.raw}: getPastVotes(account, ${toBlock}) in block ${latest}`,
            read: (a) => reader.getPastVotes(a, toBlock, latest),
          };
  const current: Reader =
    clock.kind === "comp"
      ? { how: `getCurrentVotes(account) in block ${toBlock}`, read: (a) => reader.getCurrentVotes(a, toBlock) }
      : {
          how: `ERC-6372 ${clock.raw}: getVotes(account) in block ${toBlock}`,
          read: (a) => reader.getVotes(a, toBlock),
        };
  const readAll = (r: Reader) => mapLimit(sample, 4, (h) => r.read(h.address));
  const why = (r: Reader, e: unknown) => `${r.how}: ${e instanceof Error ? e.message : String(e)}`;
  let used = latest > toBlock ? past : current;
  let actual: bigint[];
  try {
    actual = await readAll(used);
  } catch (first) {
    // A past lookup can revert (a timestamp clock whose next block shares the end block's second):
    // the end block's own view is tried before a failure is reported.
    if (used === current) {
      return { name: "spot voting-power checks", ok: false, detail: `vote lookups failed: ${why(used, first)}` };
    }
    used = current;
    try {
      actual = await readAll(used);
    } catch (second) {
      return {
        name: "spot voting-power checks",
        ok: false,
        detail: `vote lookups failed: ${why(past, first)}; ${why(current, second)}`,
      };
    }
  }
  const mismatches = sample
    .map((holder, i) => ({ holder, actual: actual[i] }))
    .filter((m) => m.actual !== m.holder.amount);
  return {
    name: "spot voting-power checks",
    ok: mismatches.length === 0,
    detail: mismatchDetail(
      `top ${Math.min(plan.top, delegates.length)} and ${sample.length - Math.min(plan.top, delegates.length)} random, seed ${plan.seed}`,
      sample.length,
      mismatches,
      units,
      `; read with ${used.how}`,
    ),
  };
}

/** With balancesFromChain: how many holders' balanceOf differ from their Transfer-log balance. */
export function balancesFromChainCheck(
  checked: number,
  changed: readonly { holder: Holder; actual: bigint }[],
  toBlock: number,
  units: Units,
): AuditCheck {
  return {
    name: "Transfer-log balances = balanceOf (amounts read from the chain)",
    ok: changed.length === 0,
    detail: `${mismatchDetail(`every address in the logs, at block ${toBlock}`, checked, [...changed], units, "")}; the holder amounts are balanceOf at block ${toBlock}`,
  };
}
