/** A decimal amount as explorers print it: digits, optional thousands separators, optional fraction. */
const DECIMAL = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

/**
 * Converts a decimal token amount ("1,234.5", "0.000001") to raw token units exactly (the digits
 * with the fraction padded to the decimals: what ethers.parseUnits returns, tested against it, at a
 * fraction of its cost on a million rows): never rounded, so a fraction finer than the token's decimals is a reason,
 * not a silent truncation. Trailing zeros past the decimals are harmless and dropped.
 */
export function parseTokenAmount(
  text: string,
  decimals: number,
): { ok: true; amount: bigint } | { ok: false; reason: string } {
  if (text === "") return { ok: false, reason: "empty amount" };
  if (!DECIMAL.test(text)) {
    const hint = /e/i.test(text) ? " (scientific notation loses digits: export the full decimal)" : "";
    return { ok: false, reason: `"${text}" is not a non-negative decimal amount${hint}` };
  }
  const plain = text.includes(",") ? text.replace(/,/g, "") : text;
  const dot = plain.indexOf(".");
  if (dot < 0) return { ok: true, amount: BigInt(plain + "0".repeat(decimals)) };
  let fraction = plain.slice(dot + 1);
  if (fraction.length > decimals) {
    const extra = fraction.slice(decimals);
    if (/[^0]/.test(extra))
      return { ok: false, reason: `"${text}" has ${fraction.length} decimals, more than the token's ${decimals}` };
    fraction = fraction.slice(0, decimals);
  }
  return { ok: true, amount: BigInt(plain.slice(0, dot) + fraction.padEnd(decimals, "0")) };
}
