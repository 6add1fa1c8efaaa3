import { defaultConfig } from "../config/schema";
import { CONFIG_FLAGS, flagName, type ConfigFlagSpec } from "./flags";

type Json = Record<string, unknown>;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A copy of `root` with `value` at `path`, every object on the way copied (missing ones created). */
function setAt(root: Json, path: readonly string[], value: unknown): Json {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...root, [head]: value };
  const child = isObject(root[head]) ? root[head] : {};
  return { ...root, [head]: setAt(child, rest, value) };
}

function getAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), root);
}

/**
 * The config value (the file's JSON, population flags applied) with the config flags given set at
 * their fields: flag over file over default. Values are not validated here beyond "is a number"
 * (the config's zod schema does that next, naming the flag); the farm exit's rule and APR are
 * kept consistent: switching the rule drops or fills `outsideApr` (the file's, else the default).
 */
export function applyConfigFlags(
  value: unknown,
  given: (key: string) => string | undefined,
): { value: unknown; errors: string[] } {
  const errors: string[] = [];
  if (!isObject(value)) return { value, errors };
  let v: Json = value;
  for (const f of CONFIG_FLAGS) {
    const raw = given(f.key);
    if (raw === undefined) continue;
    if (f.kind === "number" && !NUMBER.test(raw)) {
      errors.push(`${flagName(f.key)} ${JSON.stringify(raw)}: must be a number (sets ${f.path.join(".")})`);
      continue;
    }
    v = setAt(v, f.path, f.kind === "number" ? Number(raw) : raw);
    if (f.key === "whaleExit") {
      const exit = getAt(v, ["mining", "whaleExit"]) as Json;
      const { outsideApr, ...rest } = exit;
      const apr = outsideApr ?? getAt(defaultConfig(), ["mining", "whaleExit", "outsideApr"]);
      v = setAt(v, ["mining", "whaleExit"], raw === "below-outside-apr" ? { ...rest, outsideApr: apr } : rest);
    }
  }
  const outside = given("outsideApr");
  if (outside !== undefined && errors.length === 0) {
    const rule = getAt(v, ["mining", "whaleExit", "rule"]) ?? getAt(defaultConfig(), ["mining", "whaleExit", "rule"]);
    if (rule !== "below-outside-apr")
      errors.push(
        `${flagName("outsideApr")} ${JSON.stringify(outside)}: applies only with the below-outside-apr exit rule ` +
          `(the rule is ${JSON.stringify(rule)}; add --whale-exit below-outside-apr)`,
      );
  }
  return { value: v, errors };
}

/**
 * The given config flag a config issue at `path` belongs to: the one whose field is the longest
 * prefix of the path (`--whale-exit` also owns the rest of mining.whaleExit), undefined if none.
 */
export function configFlagFor(
  path: readonly PropertyKey[],
  isGiven: (key: string) => boolean,
): ConfigFlagSpec | undefined {
  const p = path.map(String);
  const prefix = (f: ConfigFlagSpec) => (f.key === "whaleExit" ? f.path.slice(0, -1) : f.path);
  return CONFIG_FLAGS.filter((f) => isGiven(f.key) && prefix(f).every((k, i) => p[i] === k)).sort(
    (a, b) => prefix(b).length - prefix(a).length,
  )[0];
}
