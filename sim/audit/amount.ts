import { parseUnits } from "ethers";

/** A decimal amount as explorers print it: digits, optional thousands separators, optional fraction. */
const DECIMAL = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

/**
 * Converts a decimal token amount ("1,234.5", "0.000001") to raw token units exactly
 * (ethers.parseUnits): never rounded, so a fraction finer than the token's decimals is a reason,
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
  let plain = text.replace(/,/g, "");
  const dot = plain.indexOf(".");
  if (dot >= 0) {
    let fraction = plain.slice(dot + 1);
    if (fraction.length > decimals) {
      const extra = fraction.slice(decimals);
      if (/[^0]/.test(extra))
        return { ok: false, reason: `"${text}" has ${fraction.length} decimals, more than the token's ${decimals}` };
      fraction = fraction.slice(0, decimals);
    }
    plain = fraction === "" ? plain.slice(0, dot) : `${plain.slice(0, dot)}.${fraction}`;
  }
  return { ok: true, amount: parseUnits(plain, decimals) };
}
