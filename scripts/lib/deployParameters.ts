import { formatUnits, getAddress, isAddress, isHexString, ZeroAddress, ZeroHash } from "ethers";
import { z } from "zod";
import { HUMAN_ID_SCHEMA_UID } from "../../deploy/modules/easArtifacts";

/**
 * The schema of a deploy/parameters/<network>.json file for the Counterweight suite, checked by
 * `npx hardhat cw:deploy` before anything is sent (Ignition itself ignores unknown modules and keys
 * and falls back to module defaults, so a misplaced key silently deploys something else).
 *
 * Every module reads its own block; every key is required (no hidden default) except
 * `Farm.distributor`. Values use Ignition's JSON conventions: wei amounts are strings with the `n`
 * suffix ("1000000000000000000n" = 1 token), seconds and counts are integers. The result is the
 * same object Ignition's CLI would read from the file (bigints for `n` strings, numbers kept).
 */

/** A chain where the LocalUniswap / LocalEAS stand-ins may be deployed (Hardhat's chain id). */
export const LOCAL_CHAIN_ID = 31337n;

/** Future ids a parameters file may name instead of an address on the local chain. */
export const LOCAL_REFERENCES = {
  "Farm.uniswapV2Factory": "LocalUniswap#UniswapV2Factory",
  "Farm.weth": "LocalUniswap#TestERC20",
  "Identity.eas": "LocalEAS#EAS",
} as const;

export type LocalReference = (typeof LOCAL_REFERENCES)[keyof typeof LOCAL_REFERENCES];

const DAY = 24 * 60 * 60;
const YEAR = 365 * DAY;

/** Plausibility bounds on durations (seconds): above them the value is almost surely in ms. */
export const DURATION_LIMITS = {
  "Counterweight.timelockMinDelay": { min: 0, max: 30 * DAY },
  // IdentityRegistry.MAX_ROTATION_COOLDOWN
  "Identity.rotationCooldown": { min: 0, max: 365 * DAY },
  "Governance.votingDelay": { min: 0, max: 30 * DAY },
  "Governance.votingPeriod": { min: 1, max: YEAR },
  "Governance.lateQuorumExtension": { min: 0, max: 30 * DAY },
  "Farm.rewardsDuration": { min: 1, max: 5 * YEAR },
  "Vesting.policies.minCliff": { min: 0, max: 10 * YEAR },
  "Vesting.policies.minDuration": { min: 0, max: 20 * YEAR },
} as const;

/** Non-zero wei amounts below this (a millionth of a token) are whole tokens written as wei. */
export const MIN_PLAUSIBLE_WEI = 10n ** 12n;

const UINT96_MAX = 2n ** 96n - 1n;
const WAD = 10n ** 18n;

type Ctx = z.core.$RefinementCtx;

function issue(ctx: Ctx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

/** A required value checked by `check` (zod runs it even when the key is absent: "missing"). */
function field<T>(check: (v: unknown, ctx: Ctx) => T) {
  return z
    .unknown()
    .transform((v, ctx): T => (v === undefined ? issue(ctx, "missing (every key is required)") : check(v, ctx)));
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `the ${typeof v} ${String(v)}`;
}

/** "5184000 s (60 days)" */
export function humanSeconds(s: number | bigint): string {
  const n = Number(s);
  if (n >= DAY && n % DAY === 0) return `${n} s (${n / DAY} day${n === DAY ? "" : "s"})`;
  if (n >= DAY) return `${n} s (${(n / DAY).toFixed(1)} days)`;
  if (n >= 3600 && n % 3600 === 0) return `${n} s (${n / 3600} h)`;
  return `${n} s`;
}

/** A wei amount: a string of digits with the `n` suffix → bigint. */
function wei(opts: { positive?: boolean; max?: bigint } = {}) {
  return field((v, ctx): bigint => {
    if (typeof v === "number" || (typeof v === "string" && /^[0-9]+$/.test(v))) {
      return issue(
        ctx,
        `wei amounts are strings with the n suffix (e.g. "${String(v)}n"; 1 token = "1000000000000000000n"); got ${describe(v)}`,
      );
    }
    if (typeof v !== "string" || !/^[0-9]+n$/.test(v)) {
      return issue(ctx, `expected a wei amount like "1000000000000000000n" (1 token); got ${describe(v)}`);
    }
    const x = BigInt(v.slice(0, -1));
    if (opts.positive === true && x === 0n) return issue(ctx, "must be greater than 0");
    if (x !== 0n && x < MIN_PLAUSIBLE_WEI) {
      return issue(
        ctx,
        `${x} wei is ${formatUnits(x, 18)} tokens: amounts are in wei (did you mean "${x}000000000000000000n" = ${x} tokens?)`,
      );
    }
    if (opts.max !== undefined && x > opts.max) return issue(ctx, `${x} is above the maximum ${opts.max}`);
    return x;
  });
}

/** An integer given as a JSON number or an `n` string; kept in the representation given. */
function integer(label: string, min: number, max: number, durationKey?: keyof typeof DURATION_LIMITS) {
  return field((v, ctx): number | bigint => {
    let n: bigint;
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) return issue(ctx, `expected a whole number of ${label}; got ${describe(v)}`);
      n = BigInt(v);
    } else if (typeof v === "string" && /^[0-9]+n$/.test(v)) {
      n = BigInt(v.slice(0, -1));
    } else {
      return issue(
        ctx,
        `expected a whole number of ${label} (a JSON number, or a string like "60n"); got ${describe(v)}`,
      );
    }
    if (n < BigInt(min)) return issue(ctx, `must be at least ${min}`);
    if (n > BigInt(max)) {
      if (durationKey !== undefined) {
        const ms = n % 1000n === 0n ? ` (if ${n} is milliseconds, write ${n / 1000n})` : "";
        return issue(ctx, `${humanSeconds(n)} is above the ${humanSeconds(max)} limit: durations are in seconds${ms}`);
      }
      return issue(ctx, `${n} is above the maximum ${max}`);
    }
    return typeof v === "number" ? v : n;
  });
}

function seconds(key: keyof typeof DURATION_LIMITS) {
  const { min, max } = DURATION_LIMITS[key];
  return integer("seconds", min, max, key);
}

/** An address; `allowZero` where the zero address means "none"; `reference` a local future id. */
function address(opts: { allowZero: boolean; reference?: LocalReference }) {
  return field((v, ctx): string => {
    if (opts.reference !== undefined && v === opts.reference) return opts.reference;
    const ref = opts.reference !== undefined ? ` or "${opts.reference}" (local chain only)` : "";
    if (typeof v !== "string" || !isAddress(v)) {
      const why = typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) ? " (bad EIP-55 checksum)" : "";
      return issue(ctx, `expected an address${ref}${why}; got ${describe(v)}`);
    }
    const a = getAddress(v);
    if (!opts.allowZero && a === ZeroAddress) return issue(ctx, `the zero address is not allowed here`);
    return v;
  });
}

const bytes32 = field((v, ctx): string => {
  if (typeof v !== "string" || !isHexString(v, 32)) {
    return issue(ctx, `expected a bytes32 (0x + 64 hex digits); got ${describe(v)}`);
  }
  return v;
});

const text = field((v, ctx): string => {
  if (typeof v !== "string" || v.trim() === "") return issue(ctx, `expected a non-empty string; got ${describe(v)}`);
  return v;
});

const bool = field((v, ctx): boolean => {
  if (typeof v !== "boolean") return issue(ctx, `expected true or false; got ${describe(v)}`);
  return v;
});

const policy = z.strictObject({
  minCliff: integer("seconds", 0, DURATION_LIMITS["Vesting.policies.minCliff"].max, "Vesting.policies.minCliff"),
  minDuration: integer(
    "seconds",
    0,
    DURATION_LIMITS["Vesting.policies.minDuration"].max,
    "Vesting.policies.minDuration",
  ),
  revocable: bool,
});

/** The module blocks and their keys. */
export const MODULE_SCHEMAS = {
  Token: z.strictObject({
    timelockMinDelay: integer("seconds", 0, Number.MAX_SAFE_INTEGER),
    name: text,
    symbol: text,
    supply: wei({ positive: true }),
    treasury: wei({ positive: true }),
    farmRewards: wei({ positive: true }),
    vesting: wei({ positive: true }),
    liquidity: wei({ positive: true }),
  }),
  Identity: z.strictObject({
    eas: address({ allowZero: true, reference: LOCAL_REFERENCES["Identity.eas"] }),
    schema: bytes32,
    rotationCooldown: seconds("Identity.rotationCooldown"),
  }),
  Governance: z.strictObject({
    votingDelay: seconds("Governance.votingDelay"),
    votingPeriod: seconds("Governance.votingPeriod"),
    proposalThreshold: wei(),
    quorumIdentities: integer("identities", 1, 2 ** 40 - 1),
    lateQuorumExtension: seconds("Governance.lateQuorumExtension"),
  }),
  Vesting: z.strictObject({
    policies: z.array(policy).min(1, "at least one category policy").max(3, "at most 3 category policies"),
  }),
  Farm: z.strictObject({
    uniswapV2Factory: address({ allowZero: false, reference: LOCAL_REFERENCES["Farm.uniswapV2Factory"] }),
    weth: address({ allowZero: false, reference: LOCAL_REFERENCES["Farm.weth"] }),
    cap: wei({ max: UINT96_MAX }),
    slope: field((v, ctx): bigint => {
      if (typeof v !== "string" || !/^[0-9]+n$/.test(v)) {
        return issue(
          ctx,
          `expected a WAD fraction string with the n suffix ("100000000000000000n" = 0.1); got ${describe(v)}`,
        );
      }
      const x = BigInt(v.slice(0, -1));
      if (x > WAD) return issue(ctx, `${x} is above 1e18 (= 1.0): the slope is a WAD fraction`);
      return x;
    }),
    unverifiedCap: wei({ max: UINT96_MAX }),
    rewardsDuration: seconds("Farm.rewardsDuration"),
    distributor: address({ allowZero: true }).optional(),
  }),
  Counterweight: z.strictObject({
    timelockMinDelay: seconds("Counterweight.timelockMinDelay"),
    identityRoot: bytes32,
  }),
} as const;

export type ModuleName = keyof typeof MODULE_SCHEMAS;
export const MODULES = Object.keys(MODULE_SCHEMAS) as ModuleName[];

/** Keys that belong elsewhere: a precise hint instead of "unknown key". */
const MOVED: Record<string, string> = {
  "Counterweight.farmRewards": "set once, as Token.farmRewards: the farm receives exactly the token's farm allocation",
  "Farm.farmRewards": "set once, as Token.farmRewards: the farm receives exactly the token's farm allocation",
  "Counterweight.uniswapV2Factory": "the farm's settings are read under Farm: move it to Farm.uniswapV2Factory",
  "Counterweight.weth": "the farm's settings are read under Farm: move it to Farm.weth",
  "Counterweight.cap": "the farm's settings are read under Farm: move it to Farm.cap",
  "Counterweight.slope": "the farm's settings are read under Farm: move it to Farm.slope",
  "Counterweight.unverifiedCap": "the farm's settings are read under Farm: move it to Farm.unverifiedCap",
  "Counterweight.rewardsDuration": "the farm's settings are read under Farm: move it to Farm.rewardsDuration",
};

/** What the file deploys, as Ignition parameters (local references still unresolved). */
export interface SuiteParameters {
  Token: z.output<(typeof MODULE_SCHEMAS)["Token"]>;
  Identity: z.output<(typeof MODULE_SCHEMAS)["Identity"]>;
  Governance: z.output<(typeof MODULE_SCHEMAS)["Governance"]>;
  Vesting: z.output<(typeof MODULE_SCHEMAS)["Vesting"]>;
  Farm: z.output<(typeof MODULE_SCHEMAS)["Farm"]>;
  Counterweight: z.output<(typeof MODULE_SCHEMAS)["Counterweight"]>;
}

/** One problem: `where` is "Module.key" (or "Module" / "(file)"), `line` 1-based or 0. */
export interface ParameterProblem {
  where: string;
  line: number;
  message: string;
}

/** Best-effort 1-based line of `Module.key` in the file's text: the deepest part found (0: none). */
export function lineOf(text: string, pathParts: readonly (string | number)[]): number {
  let from = -1;
  for (const part of pathParts) {
    if (typeof part === "number") continue;
    const re = new RegExp(`"${part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`, "g");
    re.lastIndex = Math.max(from, 0);
    const m = re.exec(text);
    if (m === null) break;
    from = m.index;
  }
  return from < 0 ? 0 : text.slice(0, from).split("\n").length;
}

function dotted(pathParts: readonly PropertyKey[]): string {
  return pathParts
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/**
 * Validates a parsed parameters file. Returns the Ignition parameters or every problem found;
 * `text` (the file's content) only serves to locate lines; `chainId` decides whether local
 * references (LocalUniswap, LocalEAS) are allowed.
 */
export function validateParameters(
  raw: unknown,
  opts: { text: string; chainId: bigint },
): { ok: true; parameters: SuiteParameters } | { ok: false; problems: ParameterProblem[] } {
  const problems: ParameterProblem[] = [];
  const add = (pathParts: (string | number)[], message: string) =>
    problems.push({
      where: pathParts.length === 0 ? "(file)" : dotted(pathParts),
      line: lineOf(opts.text, pathParts),
      message,
    });

  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    add([], `expected an object of module blocks (${MODULES.join(", ")})`);
    return { ok: false, problems };
  }
  const file = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(file)) {
    if (!(name in MODULE_SCHEMAS)) {
      const hint =
        name === "LocalUniswap" || name === "LocalEAS"
          ? `: ${name} takes no parameters; name its futures instead (e.g. Farm.weth = "LocalUniswap#TestERC20")`
          : ` (known: ${MODULES.join(", ")})`;
      add([name], `unknown module${hint}`);
    }
  }
  for (const name of MODULES) {
    if (!(name in file)) {
      add([name], `missing module block (every module's settings are explicit)`);
      continue;
    }
    const result = MODULE_SCHEMAS[name].safeParse(file[name]);
    if (result.success) {
      out[name] = result.data;
      continue;
    }
    for (const i of result.error.issues) {
      const at = [name, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
      if (i.code === "unrecognized_keys") {
        const known = Object.keys(MODULE_SCHEMAS[name].shape).join(", ");
        for (const key of i.keys) {
          add([...at, key], `unknown key: ${MOVED[`${name}.${key}`] ?? `${name} reads ${known}`}`);
        }
      } else if (i.code === "invalid_type" && /received undefined/.test(i.message)) {
        add(at, "missing (every key is required)");
      } else if (i.code === "invalid_type" && i.path.length === 0) {
        add(at, `expected an object of ${name}'s keys`);
      } else {
        add(at, i.message);
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const p = out as unknown as SuiteParameters;

  // Cross-key rules: what the contracts or the genesis batch would otherwise reject mid-deployment.
  const t = p.Token;
  const sum = t.treasury + t.farmRewards + t.vesting + t.liquidity;
  if (sum !== t.supply) {
    add(
      ["Token", "supply"],
      `supply ${t.supply} ≠ treasury + farmRewards + vesting + liquidity = ${sum} (difference ${t.supply - sum} wei)`,
    );
  }
  if (BigInt(t.timelockMinDelay) !== 0n) {
    add(
      ["Token", "timelockMinDelay"],
      `must be 0: the timelock is born without delay for the genesis batch, which then sets Counterweight.timelockMinDelay (${humanSeconds(p.Counterweight.timelockMinDelay)})`,
    );
  }
  if (BigInt(p.Governance.lateQuorumExtension) > BigInt(p.Governance.votingPeriod)) {
    add(
      ["Governance", "lateQuorumExtension"],
      `${humanSeconds(p.Governance.lateQuorumExtension)} is above Governance.votingPeriod (${humanSeconds(p.Governance.votingPeriod)}): OpenZeppelin's governor caps the extension at the voting period`,
    );
  }
  const easIsZero = p.Identity.eas === ZeroAddress;
  if (!easIsZero && p.Identity.schema === ZeroHash) {
    add(["Identity", "schema"], `an EAS is set (Identity.eas), so the schema UID of "bytes32 humanId" is required`);
  }
  if (easIsZero && p.Identity.schema !== ZeroHash) {
    add(
      ["Identity", "schema"],
      `a schema without an EAS (Identity.eas is the zero address) is never used: set both or neither`,
    );
  }
  if (p.Identity.eas === LOCAL_REFERENCES["Identity.eas"] && p.Identity.schema.toLowerCase() !== HUMAN_ID_SCHEMA_UID) {
    add(["Identity", "schema"], `LocalEAS registers "bytes32 humanId", whose UID is ${HUMAN_ID_SCHEMA_UID}`);
  }
  if (p.Farm.unverifiedCap > p.Farm.cap) {
    add(
      ["Farm", "unverifiedCap"],
      `${p.Farm.unverifiedCap} is above Farm.cap ${p.Farm.cap}: unverified stakers would out-earn verified ones`,
    );
  }
  const factoryRef = p.Farm.uniswapV2Factory === LOCAL_REFERENCES["Farm.uniswapV2Factory"];
  const wethRef = p.Farm.weth === LOCAL_REFERENCES["Farm.weth"];
  if (factoryRef !== wethRef) {
    add(
      ["Farm", factoryRef ? "weth" : "uniswapV2Factory"],
      `LocalUniswap is used for both the factory and WETH or for neither`,
    );
  }
  for (const [key, ref] of Object.entries(LOCAL_REFERENCES)) {
    const [module, field] = key.split(".") as [ModuleName, string];
    if ((p[module] as Record<string, unknown>)[field] === ref && opts.chainId !== LOCAL_CHAIN_ID) {
      add(
        [module, field],
        `"${ref}" is a local stand-in, deployed only on chain ${LOCAL_CHAIN_ID}: give chain ${opts.chainId}'s address`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, parameters: p };
}

/** The local stand-in modules a validated file asks for. */
export function localModulesUsed(p: SuiteParameters): { uniswap: boolean; eas: boolean } {
  return {
    uniswap: p.Farm.uniswapV2Factory === LOCAL_REFERENCES["Farm.uniswapV2Factory"],
    eas: p.Identity.eas === LOCAL_REFERENCES["Identity.eas"],
  };
}

/** The parameters with local references replaced by the deployed addresses (future id → address). */
export function resolveReferences(p: SuiteParameters, addresses: Readonly<Record<string, string>>): SuiteParameters {
  const sub = (v: string) => {
    if (!(Object.values(LOCAL_REFERENCES) as string[]).includes(v)) return v;
    const a = addresses[v];
    if (a === undefined) throw new Error(`internal: ${v} was not deployed`);
    return a;
  };
  return {
    ...p,
    Identity: { ...p.Identity, eas: sub(p.Identity.eas) },
    Farm: { ...p.Farm, uniswapV2Factory: sub(p.Farm.uniswapV2Factory), weth: sub(p.Farm.weth) },
  };
}

export function formatParameterProblems(file: string, problems: readonly ParameterProblem[]): string {
  const n = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((q) => `  ${q.line > 0 ? `${file}:${q.line}` : file} ${q.where}: ${q.message}`);
  return `${n} in ${file}, nothing was sent:\n${lines.join("\n")}`;
}
