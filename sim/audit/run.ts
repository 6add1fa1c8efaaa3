import { loadConfig, ConfigError } from "../config/load";
import { plural } from "../report/format";
import type { ScenarioConfig } from "../config/schema";
import { readHolderCsv } from "./csv";
import { AuditInputError, flagError } from "./errors";
import { farmWhatIf, type FarmWhatIf } from "./farm";
import { governanceWhatIf, sqrtWeights, type GovernanceWhatIf } from "./governance";
import { isqrt } from "../model";
import { addressIdentities, labelIdentities, mergeTop, type Identity } from "./identities";
import { excludeKinds, readLabels, type Excluded, type Label } from "./labels";
import type { AuditOptions } from "./options";
import type { HolderSet } from "./types";
import { readAllocations, vestingWhatIf, type Allocation, type VestingWhatIf } from "./vesting";

/** How a run reports progress: stage lines, and file progress while reading (bytes). */
export interface AuditProgress {
  log(line: string): void;
  reading?(bytes: number, size: number, rows: number): void;
  doneReading?(): void;
}

/**
 * What the task reads from a chain (`--token ADDRESS`, with `--rpc URL` or `--network NAME`): the
 * holders (balances or delegated votes rebuilt from the token's logs, sim/audit/rpc), or, with
 * `--csv`, only the token's `decimals()`. The task passes these so this module stays free of Hardhat.
 */
export interface ChainInput {
  scan?: () => Promise<HolderSet>;
  decimals?: () => Promise<number>;
}

/**
 * The token's decimals for the files read in its units (the holders CSV, the allocations):
 * `--decimals`, or `decimals()` read from the chain when `--token` is given; both given must agree.
 * Undefined when neither is (the RPC path takes the decimals from its own scan).
 */
export async function resolveDecimals(o: AuditOptions, chain: ChainInput): Promise<number | undefined> {
  if (chain.decimals === undefined || (o.csv === undefined && o.allocations === undefined)) return o.decimals;
  const onChain = await chain.decimals();
  if (o.decimals !== undefined && o.decimals !== onChain)
    throw flagError(
      "decimals",
      `--decimals ${o.decimals} disagrees with the token's decimals() = ${onChain} on chain: drop --decimals, or check --token`,
    );
  return onChain;
}

/**
 * The audit's input: `--csv FILE` (a holders export, read here; its decimals given or read from the
 * chain) or, through `chain.scan`, the JSON-RPC path.
 */
export async function loadHolderSet(
  o: AuditOptions,
  progress: AuditProgress,
  chain: ChainInput = {},
  decimals: number | undefined = o.decimals,
): Promise<HolderSet> {
  if (o.csv !== undefined && chain.scan !== undefined)
    throw flagError("token", "give --csv FILE or --token ADDRESS to scan, not both");
  if (o.csv !== undefined) {
    if (decimals === undefined) throw flagError("decimals", "--decimals N is required with --csv");
    return readHolderCsv(o.csv, { decimals, onProgress: progress.reading?.bind(progress) });
  }
  if (chain.scan !== undefined) return chain.scan();
  throw flagError(
    "csv",
    "no holders given: pass --csv FILE (a holders export) and --decimals N, or --token ADDRESS (read from the chain)",
  );
}
/** One identity model of the sensitivity: how addresses are read as identities. */
export interface IdentityModel {
  id: string;
  label: string;
  /** Top identities of the model (for the report). */
  top: Identity[];
  whatIf: GovernanceWhatIf;
  farm?: FarmWhatIf | string;
}

/** Everything the report shows, before formatting. */
export interface AuditResult {
  set: HolderSet;
  options: AuditOptions;
  config: ScenarioConfig;
  labels: number;
  excluded: Excluded[];
  /** Held by the holders left after exclusion. */
  held: bigint;
  /** Held by every holder of the input (the supply OZ's quorum is taken of when totalSupply is unknown). */
  heldAll: bigint;
  supply: bigint;
  supplySource: "totalSupply" | "holders";
  models: IdentityModel[];
  allocations?: Allocation[];
  vesting?: VestingWhatIf;
  seconds: Record<string, number>;
}

const seconds = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

/**
 * Runs an audit: validates every input (flags, labels, allocations, config, then the holders) before
 * anything is computed or written, then the concentration and what-ifs. Writes nothing.
 */
export async function runAudit(o: AuditOptions, progress: AuditProgress, chain: ChainInput = {}): Promise<AuditResult> {
  const t0 = process.hrtime.bigint();
  let config: ScenarioConfig;
  try {
    config = loadConfig(o.scenarioConfig);
  } catch (e) {
    if (e instanceof ConfigError)
      throw new AuditInputError(o.scenarioConfigName, [{ line: 0, field: "(file)", message: e.message }]);
    throw e;
  }
  const labels: Map<string, Label> = o.labels !== undefined ? readLabels(o.labels) : new Map();
  const decimals = await resolveDecimals(o, chain);
  const allocations = o.allocations !== undefined ? readAllocations(o.allocations, decimals ?? 18) : undefined;
  const set = await loadHolderSet(o, progress, chain, decimals);
  progress.doneReading?.();
  const readSeconds = seconds(t0);
  progress.log(
    `audit: ${plural(set.holders.length, "holder")} read (${set.source.kind === "csv" ? `${set.source.format} CSV` : "rpc"}) in ${readSeconds.toFixed(1)} s`,
  );

  const t1 = process.hrtime.bigint();
  const { kept, excluded } = excludeKinds(set.holders, labels, o.exclude);
  if (kept.length === 0) throw flagError("exclude", `every holder is of an excluded kind (${o.exclude.join(", ")})`);
  let heldAll = 0n;
  for (const h of set.holders) heldAll += h.amount;
  let held = 0n;
  for (const h of kept) held += h.amount;
  const supply = set.totalSupply ?? heldAll;
  const params = { ozQuorumPercent: o.ozQuorumPercent, identityQuorumShare: o.identityQuorumShare, topK: o.topK };
  const farmParams = {
    capOverMeanStake: config.mining.capOverMeanStake,
    slope: config.mining.slope,
    reward: 1_000_000n * 10n ** 18n,
    topK: o.topK,
  };
  const base = addressIdentities(kept);
  const grouped = labels.size > 0 ? labelIdentities(kept, labels) : undefined;
  const specs: { id: string; label: string; ids: Identity[]; farm: boolean; roots?: bigint[] }[] = [
    { id: "address", label: "One address, one identity (optimistic bound)", ids: base, farm: true },
  ];
  if (grouped !== undefined && grouped.length !== base.length)
    specs.push({ id: "labels", label: "Labelled groups merged", ids: grouped, farm: true });
  const before = grouped ?? base;
  const largest = o.mergeTop[o.mergeTop.length - 1];
  // Merging the top k changes only the first √ weight: the rest are reused, not recomputed.
  const beforeRoots = sqrtWeights(before);
  for (const k of o.mergeTop) {
    const merged = mergeTop(before, k);
    specs.push({
      id: `top-${k}`,
      label: `${grouped !== undefined ? "Labelled groups and the" : "The"} top ${k} merged into one identity`,
      ids: merged,
      roots: [isqrt(merged[0].amount), ...beforeRoots.slice(Math.min(k, before.length))],
      farm: k === largest,
    });
  }
  const models: IdentityModel[] = [];
  for (const s of specs) {
    const m: IdentityModel = {
      id: s.id,
      label: s.label,
      top: s.ids.slice(0, 10),
      whatIf: governanceWhatIf(s.ids, supply, params, s.roots),
    };
    if (o.lp && s.farm) m.farm = farmWhatIf(s.ids, farmParams);
    models.push(m);
    progress.log(`audit: what-if "${s.label}" done (${plural(s.ids.length, "identity", "identities")})`);
  }
  const vesting = allocations !== undefined ? vestingWhatIf(kept, allocations, config.vesting) : undefined;
  return {
    set,
    options: o,
    config,
    labels: labels.size,
    excluded,
    held,
    heldAll,
    supply,
    supplySource: set.totalSupply !== undefined ? "totalSupply" : "holders",
    models,
    ...(allocations !== undefined ? { allocations } : {}),
    ...(vesting !== undefined ? { vesting } : {}),
    seconds: { read: readSeconds, analyse: seconds(t1) },
  };
}
