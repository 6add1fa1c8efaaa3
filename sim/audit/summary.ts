import { formatUnits } from "ethers";
import type { FarmMechanism, FarmWhatIf } from "./farm";
import type { Power } from "./governance";
import type { Concentration } from "./metrics";
import type { AuditResult } from "./run";
import type { AuditCheck, HolderSource } from "./types";
import { VESTING_MECHANISMS } from "./vesting";

/** Bumped whenever a field of the audit's summary.json is renamed or removed. */
export const AUDIT_SUMMARY_VERSION = 1;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface JsonConcentration {
  count: number;
  /** Raw units (tokens × 10^decimals, or √ weight), decimal string. */
  total: string;
  gini: number;
  nakamoto: number;
  top: { k: number; share: number }[];
  hhi: number;
  lorenz: { population: number; share: number }[];
}

export interface JsonPower {
  quorum: string;
  passAloneUnopposed: number;
  smallestUnopposed: number | null;
  passAloneAgainstAll: number;
  smallestAgainstAll: number | null;
  blockAlone: number;
  smallestBlock: number;
}

export interface JsonFarmMechanism {
  rewardsPaid: string;
  gini: number;
  nakamoto: number;
  top: { k: number; share: number }[];
  aboveCapRewardShare: number;
}

export interface JsonFarm {
  identities: number;
  cap: string;
  capTokens: string;
  slope: string;
  aboveCap: number;
  aboveCapStakeShare: number;
  stakeTop: { k: number; share: number }[];
  counterweight: JsonFarmMechanism;
  uniswap: JsonFarmMechanism;
}

export interface AuditSummary {
  version: number;
  kind: "audit";
  source: HolderSource;
  token: { decimals: number; symbol: string | null; totalSupply: string | null };
  input: {
    holders: number;
    kept: number;
    /** Raw units held by every holder of the input, and by those kept. */
    heldAll: string;
    held: string;
    heldTokens: string;
    labels: number;
    excluded: { address: string; label: string; kind: string; amount: string; share: number }[];
    contracts: number | null;
    /** The supply OZ's quorum fraction is taken of, and where it came from. */
    supply: string;
    supplySource: "totalSupply" | "holders";
  };
  checks: AuditCheck[];
  parameters: {
    ozQuorumPercent: number;
    identityQuorumShare: number;
    mergeTop: number[];
    topK: number[];
    exclude: string[];
    labels: string | null;
    lp: boolean;
    allocations: string | null;
    scenarioConfig: string;
    mining: { capOverMeanStake: number; slope: number; rewardPerPeriod: string };
    vesting: { cliffMonths: number; durationMonths: number; trancheMonths: number; monthDays: number };
  };
  models: {
    id: string;
    label: string;
    identities: number;
    top: { name: string; members: number; amount: string; tokens: string }[];
    linear: JsonConcentration & { power: JsonPower };
    sqrt: JsonConcentration & { power: JsonPower };
    farm?: JsonFarm | { skipped: string };
  }[];
  vesting?: {
    allocations: number;
    allocated: string;
    allocatedTokens: string;
    firstYearMax: Record<string, { linear: number; sqrt: number }>;
    months: { month: number; linear: Record<string, number>; sqrt: Record<string, number> }[];
  };
}

function jsonConcentration(c: Concentration): JsonConcentration {
  return {
    count: c.count,
    total: c.total.toString(),
    gini: round6(c.gini),
    nakamoto: c.nakamoto,
    top: c.top.map((t) => ({ k: t.k, share: round6(t.share) })),
    hhi: round6(c.hhi),
    lorenz: c.lorenz.map((p) => ({ population: round6(p.population), share: round6(p.share) })),
  };
}

function jsonPower(p: Power): JsonPower {
  return { ...p, quorum: p.quorum.toString() };
}

function jsonFarmMechanism(m: FarmMechanism): JsonFarmMechanism {
  return {
    rewardsPaid: m.rewardsPaid.toString(),
    gini: round6(m.gini),
    nakamoto: m.nakamoto,
    top: m.top.map((t) => ({ k: t.k, share: round6(t.share) })),
    aboveCapRewardShare: round6(m.aboveCapRewardShare),
  };
}

function jsonFarm(f: FarmWhatIf, decimals: number): JsonFarm {
  return {
    identities: f.identities,
    cap: f.cap.toString(),
    capTokens: formatUnits(f.cap, decimals),
    slope: f.slope.toString(),
    aboveCap: f.aboveCap,
    aboveCapStakeShare: round6(f.aboveCapStakeShare),
    stakeTop: f.stakeTop.map((t) => ({ k: t.k, share: round6(t.share) })),
    counterweight: jsonFarmMechanism(f.counterweight),
    uniswap: jsonFarmMechanism(f.uniswap),
  };
}

/** The audit's summary.json: every figure of the report, raw amounts as decimal strings. */
export function buildAuditSummary(r: AuditResult): AuditSummary {
  const d = r.set.decimals;
  const o = r.options;
  const share = (x: bigint) => (r.heldAll === 0n ? 0 : round6(Number((x * 10n ** 12n) / r.heldAll) / 1e12));
  return {
    version: AUDIT_SUMMARY_VERSION,
    kind: "audit",
    source: r.set.source,
    token: {
      decimals: d,
      symbol: r.set.symbol ?? o.symbol ?? null,
      totalSupply: r.set.totalSupply?.toString() ?? null,
    },
    input: {
      holders: r.set.holders.length,
      kept: r.set.holders.length - r.excluded.length,
      heldAll: r.heldAll.toString(),
      held: r.held.toString(),
      heldTokens: formatUnits(r.held, d),
      labels: r.labels,
      excluded: r.excluded.map((e) => ({
        address: e.address,
        label: e.label,
        kind: e.kind,
        amount: e.amount.toString(),
        share: share(e.amount),
      })),
      contracts: r.set.contracts?.length ?? null,
      supply: r.supply.toString(),
      supplySource: r.supplySource,
    },
    checks: r.set.checks,
    parameters: {
      ozQuorumPercent: o.ozQuorumPercent,
      identityQuorumShare: o.identityQuorumShare,
      mergeTop: o.mergeTop,
      topK: o.topK,
      exclude: o.exclude,
      labels: o.labels ?? null,
      lp: o.lp,
      allocations: o.allocations ?? null,
      scenarioConfig: o.scenarioConfigName,
      mining: {
        capOverMeanStake: r.config.mining.capOverMeanStake,
        slope: r.config.mining.slope,
        rewardPerPeriod: (1_000_000n * 10n ** 18n).toString(),
      },
      vesting: {
        cliffMonths: r.config.vesting.cliffMonths,
        durationMonths: r.config.vesting.durationMonths,
        trancheMonths: r.config.vesting.trancheMonths,
        monthDays: 30,
      },
    },
    models: r.models.map((m) => ({
      id: m.id,
      label: m.label,
      identities: m.whatIf.identities,
      top: m.top.map((i) => ({
        name: i.name,
        members: i.members,
        amount: i.amount.toString(),
        tokens: formatUnits(i.amount, d),
      })),
      linear: { ...jsonConcentration(m.whatIf.linear), power: jsonPower(m.whatIf.linear.power) },
      sqrt: { ...jsonConcentration(m.whatIf.sqrt), power: jsonPower(m.whatIf.sqrt.power) },
      ...(m.farm === undefined ? {} : { farm: typeof m.farm === "string" ? { skipped: m.farm } : jsonFarm(m.farm, d) }),
    })),
    ...(r.vesting === undefined
      ? {}
      : {
          vesting: {
            allocations: r.vesting.allocations,
            allocated: r.vesting.allocated.toString(),
            allocatedTokens: formatUnits(r.vesting.allocated, d),
            firstYearMax: Object.fromEntries(
              VESTING_MECHANISMS.map((id) => [
                id,
                { linear: round6(r.vesting!.firstYearMax[id].linear), sqrt: round6(r.vesting!.firstYearMax[id].sqrt) },
              ]),
            ),
            months: r.vesting.months.map((x) => ({
              month: x.month,
              linear: Object.fromEntries(VESTING_MECHANISMS.map((id) => [id, round6(x.linear[id])])),
              sqrt: Object.fromEntries(VESTING_MECHANISMS.map((id) => [id, round6(x.sqrt[id])])),
            })),
          },
        }),
  };
}
