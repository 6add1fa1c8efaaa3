import { z } from "zod";
import { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_NAME } from "../config/load";
import { flagError } from "./errors";
import { parseKinds, type LabelKind } from "./labels";

/** A flag of `npx hardhat audit`: its key (camelCase, Hardhat's), description and default. */
export interface AuditFlag {
  key: string;
  description: string;
  default?: string;
}

/** The value flags, in the order `--help` lists them (all arrive as strings). */
export const AUDIT_VALUE_FLAGS: readonly AuditFlag[] = [
  { key: "csv", description: "holders CSV: Etherscan's token-holders export or address,balance" },
  {
    key: "decimals",
    description: "the token's decimals (with --csv: required unless --token ADDRESS reads decimals() from the chain)",
  },
  { key: "symbol", description: "the token's symbol, for the report" },
  { key: "labels", description: "labels CSV address,label,kind (kind: exchange|contract|treasury|burn|team|vc|other)" },
  { key: "exclude", description: "label kinds left out of the audit, comma-separated (e.g. exchange,burn)" },
  {
    key: "mergeTop",
    description: "sensitivity: the top k identities merged into one, for each k",
    default: "1,5,10,50",
  },
  { key: "topK", description: "top-k shares reported", default: "1,10,100" },
  {
    key: "ozQuorumPercent",
    description: "linear governor's quorum, % of the supply (OZ GovernorVotesQuorumFraction)",
    default: "4",
  },
  { key: "identityQuorumShare", description: "Counterweight's quorum, share of the identities", default: "0.1" },
  {
    key: "allocations",
    description: "vesting what-if: allocations CSV address,amount[,label] vested under the config's schedule",
  },
  {
    key: "scenarioConfig",
    description: "scenario config for the farm and vesting parameters",
    default: DEFAULT_CONFIG_NAME,
  },
  { key: "out", description: "output directory", default: "reports/audit" },
];

/** The boolean flags. */
export const AUDIT_BOOLEAN_FLAGS: readonly AuditFlag[] = [
  { key: "lp", description: "the token is an LP token: add the farm cap what-if" },
  { key: "quiet", description: "no progress bar" },
];

export interface AuditOptions {
  csv?: string;
  decimals?: number;
  symbol?: string;
  labels?: string;
  exclude: LabelKind[];
  mergeTop: number[];
  topK: number[];
  ozQuorumPercent: number;
  identityQuorumShare: number;
  allocations?: string;
  scenarioConfig: string;
  /** How the config is named in the report (relative name for the default). */
  scenarioConfigName: string;
  lp: boolean;
  out: string;
  quiet: boolean;
}

function intList(flag: string, text: string, max: number): number[] {
  const items = text.split(",").map((s) => s.trim());
  const out: number[] = [];
  for (const s of items) {
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > max)
      throw flagError(flag, `"${s}" is not an integer in [1, ${max}] (give a comma-separated list, e.g. 1,5,10)`);
    out.push(Number(s));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

function num(flag: string, text: string, schema: z.ZodNumber): number {
  const r = schema.safeParse(Number(text));
  if (text.trim() === "" || !r.success)
    throw flagError(flag, `"${text}" is not valid: ${r.error?.issues[0]?.message ?? "empty"}`);
  return r.data;
}

/** Validates the task's string arguments; a bad one is an AuditInputError naming the flag. */
export function parseAuditOptions(args: Record<string, string | boolean | undefined>): AuditOptions {
  const str = (k: string) => {
    const v = args[k];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const def = (k: string) => str(k) ?? AUDIT_VALUE_FLAGS.find((f) => f.key === k)?.default ?? "";
  const kinds = parseKinds(str("exclude"));
  if (!kinds.ok) throw flagError("exclude", kinds.reason);
  const csv = str("csv");
  const decimalsText = str("decimals");
  let decimals: number | undefined;
  if (decimalsText !== undefined) decimals = num("decimals", decimalsText, z.number().int().min(0).max(77));
  if (csv !== undefined && decimals === undefined && str("token") === undefined)
    throw flagError(
      "decimals",
      "--decimals N is required with --csv (the token's decimals: 18 for most ERC-20s, 6 for USDC), or give --token ADDRESS with --rpc URL or --network NAME to read decimals() from the chain",
    );
  if (kinds.kinds.length > 0 && str("labels") === undefined)
    throw flagError("exclude", "--exclude needs --labels FILE (the kinds come from the labels file)");
  const scenarioConfig = str("scenarioConfig");
  return {
    csv,
    decimals,
    symbol: str("symbol"),
    labels: str("labels"),
    exclude: kinds.kinds,
    mergeTop: intList("merge-top", def("mergeTop"), 10_000_000),
    topK: intList("top-k", def("topK"), 10_000_000),
    ozQuorumPercent: num("oz-quorum-percent", def("ozQuorumPercent"), z.number().min(0).max(100)),
    identityQuorumShare: num("identity-quorum-share", def("identityQuorumShare"), z.number().min(0).max(1)),
    allocations: str("allocations"),
    scenarioConfig: scenarioConfig ?? DEFAULT_CONFIG_FILE,
    scenarioConfigName: scenarioConfig ?? DEFAULT_CONFIG_NAME,
    lp: args.lp === true,
    out: def("out"),
    quiet: args.quiet === true,
  };
}
