import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/**
 * How tasks print values for people: token amounts in whole units with thousands separators, times
 * as ISO-8601 UTC with a relative hint, vault categories by name, follow-up commands complete with
 * the network and deployment they need. Wei and raw unix times are for `--json` output only.
 */

/** Vault category names by index, as deploy/modules/Vesting.ts documents the policies. */
export const CATEGORY_NAMES = ["investor", "team", "advisor"] as const;

const GROUPED = new Intl.NumberFormat("en-US", { useGrouping: true, maximumFractionDigits: 0 });

/**
 * A token amount in whole units, exact (no rounding), with thousands separators and trailing zeros
 * dropped: 1234567500000000000000000n → "1,234,567.5". `symbol` is appended when given.
 */
export function formatTokens(wei: bigint, opts: { decimals?: number; symbol?: string } = {}): string {
  const negative = wei < 0n;
  const [whole, fraction = ""] = formatUnits(negative ? -wei : wei, opts.decimals ?? 18).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  const text = `${negative ? "-" : ""}${GROUPED.format(BigInt(whole))}${trimmed === "" ? "" : `.${trimmed}`}`;
  return opts.symbol === undefined ? text : `${text} ${opts.symbol}`;
}

/** An integer with thousands separators (counts, block numbers, gas). */
export function formatCount(n: bigint | number): string {
  return GROUPED.format(n);
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "always" });
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/** "in 3 days", "2 hours ago", "now": the largest unit that fits, rounded down. */
export function relativeTime(seconds: bigint | number, nowSeconds: bigint | number): string {
  const delta = Number(BigInt(seconds) - BigInt(nowSeconds));
  if (delta === 0) {
    return "now";
  }
  const abs = Math.abs(delta);
  const [unit, size] = UNITS.find(([, s]) => abs >= s) ?? UNITS[UNITS.length - 1];
  return RELATIVE.format(Math.sign(delta) * Math.floor(abs / size), unit);
}

/** A unix time as ISO-8601 UTC without milliseconds: "2030-06-01T00:00:00Z". */
export function isoTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * "2030-06-01T00:00:00Z (in 3 days)", relative to `nowSeconds` (the chain's latest block time, not
 * the wall clock: that is what contracts compare against).
 */
export function formatTime(seconds: bigint | number, nowSeconds: bigint | number): string {
  return `${isoTime(seconds)} (${relativeTime(seconds, nowSeconds)})`;
}

/** "90 days", "1 year 2 months", "45 seconds": a span in the largest units, at most two of them. */
export function formatSpan(seconds: bigint | number): string {
  let rest = Number(seconds);
  if (rest === 0) {
    return "0 seconds";
  }
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(`${n} ${unit}${n === 1 ? "" : "s"}`);
      rest -= n * size;
    }
  }
  return parts.join(" ");
}

/** A vault category by name ("investor"), or "category N" beyond the documented three. */
export function categoryName(index: number | bigint): string {
  return CATEGORY_NAMES[Number(index)] ?? `category ${index.toString()}`;
}

/** Quotes a shell word when it needs it, so a printed command can be pasted as is. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command to run next, complete: `npx hardhat TASK --network NET [--deployment-id ID] ARGS`.
 * `deploymentId` is given when the task reads a deployment (pass the one actually used).
 */
export function followUp(
  hre: Pick<HardhatRuntimeEnvironment, "network">,
  taskName: string,
  args: Readonly<Record<string, string | true>>,
  deploymentId?: string,
): string {
  const words = ["npx", "hardhat", taskName, "--network", hre.network.name];
  if (deploymentId !== undefined) {
    words.push("--deployment-id", deploymentId);
  }
  for (const [k, v] of Object.entries(args)) {
    words.push(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    if (v !== true) {
      words.push(v);
    }
  }
  return words.map(shellWord).join(" ");
}
