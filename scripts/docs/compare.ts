/**
 * Compares two summary.json values field by field (wall times are in timing.json, not here; a
 * `timing` field of an older summary is still skipped). Numbers may differ by a relative 1e-9
 * (last-bit floating-point differences between Node builds); everything else must be equal.
 * Returns one line per difference, naming the JSON path.
 */
export function summaryDifferences(expected: unknown, actual: unknown, path = "$"): string[] {
  if (path === "$.timing") return [];
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected), Math.abs(actual));
    return Math.abs(expected - actual) <= 1e-9 * scale ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => summaryDifferences(e, actual[i], `${path}[${i}]`));
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((k) => {
      const p = `${path}.${k}`;
      if (p === "$.timing") return [];
      if (!(k in actual)) return [`${p}: missing`];
      if (!(k in expected)) return [`${p}: not in the reference`];
      return summaryDifferences(expected[k], actual[k], p);
    });
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
