import { formatUnits } from "ethers";

const grouping = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * A token amount in whole units with thousands separators ("1,234,567.5 CWT"); every decimal
 * the amount has is kept (nothing is rounded away), trailing zeros are dropped.
 */
export function formatAmount(wei: bigint, symbol = "", decimals = 18): string {
  const negative = wei < 0n;
  const [whole, fraction] = formatUnits(negative ? -wei : wei, decimals).split(".");
  const trimmed = (fraction ?? "").replace(/0+$/, "");
  const text = `${negative ? "-" : ""}${grouping.format(BigInt(whole))}${trimmed === "" ? "" : `.${trimmed}`}`;
  return symbol === "" ? text : `${text} ${symbol}`;
}

/** A plain count with thousands separators. */
export function formatCount(n: bigint | number): string {
  return grouping.format(n);
}

/** "3 d 4 h", "12 min 5 s", "40 s": a duration for humans (seconds ≥ 0). */
export function formatSpan(seconds: bigint | number): string {
  let s = Number(seconds < 0 ? -seconds : seconds);
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return parts.slice(0, 2).join(" ");
}

/** ISO-8601 UTC time of a unix timestamp, with a hint relative to `now` ("… (in 2 h)", "(5 min ago)"). */
export function formatTime(timestamp: bigint | number, now?: bigint | number): string {
  const t = Number(timestamp);
  const iso = new Date(t * 1000).toISOString().replace(".000Z", "Z");
  if (now === undefined) return iso;
  const d = t - Number(now);
  return `${iso} (${d === 0 ? "now" : d > 0 ? `in ${formatSpan(d)}` : `${formatSpan(-d)} ago`})`;
}
