import { z } from "zod";
import { isqrt, TreasuryVesterModel, VaultScheduleModel } from "../model";
import { addressField, readAddressRows } from "./addressRows";
import { parseTokenAmount } from "./amount";
import { ratio } from "./metrics";
import type { Holder } from "./types";
import { tranchesFor } from "../mechanisms/vesting/tranches";

/** One allocation to vest: a beneficiary, the raw amount, an optional label. */
export interface Allocation {
  address: string;
  amount: bigint;
  label?: string;
}

/** The schedule, from the scenario config's `vesting` section (quoted in the report). */
export interface VestingParams {
  cliffMonths: number;
  durationMonths: number;
  trancheMonths: number;
}

const DAY = 86_400n;
/** A month of the what-if: 30 days, as the simulator's vesting scenario. */
export const MONTH = 30n * DAY;

/**
 * Reads `--allocations FILE`: CSV `address,amount[,label]`, amounts as decimals in the token's
 * decimals (as the holders export). Bad rows and repeated addresses are listed with their lines.
 */
export function readAllocations(file: string, decimals: number): Allocation[] {
  const row = z.object({
    address: addressField,
    amount: z.string().transform((a, ctx) => {
      const r = parseTokenAmount(a, decimals);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.reason });
        return z.NEVER;
      }
      if (r.amount === 0n) {
        ctx.addIssue({ code: "custom", message: "a zero allocation vests nothing" });
        return z.NEVER;
      }
      return r.amount;
    }),
    label: z.string().optional(),
  });
  const rows = readAddressRows(file, row);
  return rows.map((r) => ({
    address: r.value.address,
    amount: r.value.amount,
    ...(r.value.label ? { label: r.value.label } : {}),
  }));
}

export const VESTING_MECHANISMS = ["counterweight", "uniswap-treasury-vester", "liquid-at-launch"] as const;
export type VestingMechanism = (typeof VESTING_MECHANISMS)[number];

/** One month: the allocations' share of the voting tokens and of the √ weight, per mechanism. */
export interface VestingMonth {
  month: number;
  linear: Record<VestingMechanism, number>;
  sqrt: Record<VestingMechanism, number>;
}

export interface VestingWhatIf {
  allocations: number;
  allocated: bigint;
  months: VestingMonth[];
  /** Per mechanism: the largest share the allocations carry in the first 12 months. */
  firstYearMax: Record<VestingMechanism, { linear: number; sqrt: number }>;
}

/**
 * The vesting what-if: the allocations granted on top of today's holders vest under Counterweight's
 * VestingVault (cliff, then equal tranches: VaultScheduleModel, released monthly), Uniswap's
 * TreasuryVester (claimed monthly from the cliff: TreasuryVesterModel), or are liquid at once.
 * Unvested tokens cannot vote under the first two (the vault and the vester hold them). Month by
 * month, the share of the voting tokens (linear) and of the √ weight the allocations' beneficiaries
 * carry (their current holdings plus what has vested), every other holder one identity.
 */
export function vestingWhatIf(
  holders: readonly Holder[],
  allocations: readonly Allocation[],
  v: VestingParams,
): VestingWhatIf {
  const mine = new Map(allocations.map((a) => [a.address.toLowerCase(), 0n]));
  let othersTokens = 0n;
  let othersRoot = 0n;
  for (const h of holders) {
    const k = h.address.toLowerCase();
    if (mine.has(k)) mine.set(k, h.amount);
    else {
      othersTokens += h.amount;
      othersRoot += isqrt(h.amount);
    }
  }
  const launch = 1_000_000n;
  const vaults = allocations.map(
    (a) =>
      new VaultScheduleModel({
        kind: "tranches",
        start: launch,
        tranches: tranchesFor(a.amount, v).map((t) => ({ time: launch + BigInt(t.month) * MONTH, amount: t.amount })),
      }),
  );
  const vesters = allocations.map((a) => {
    const m = new TreasuryVesterModel(
      a.amount,
      launch,
      launch + BigInt(v.cliffMonths) * MONTH,
      launch + BigInt(v.durationMonths) * MONTH,
      launch,
    );
    m.fund(a.amount);
    return m;
  });
  const released: Record<VestingMechanism, bigint[]> = {
    counterweight: allocations.map(() => 0n),
    "uniswap-treasury-vester": allocations.map(() => 0n),
    "liquid-at-launch": allocations.map((a) => a.amount),
  };
  const months: VestingMonth[] = [];
  for (let m = 0; m <= v.durationMonths; m++) {
    const t = launch + BigInt(m) * MONTH;
    for (let i = 0; i < allocations.length; i++) {
      released.counterweight[i] += vaults[i].release(t);
      if (t >= vesters[i].vestingCliff) released["uniswap-treasury-vester"][i] += vesters[i].claim(t);
    }
    const linear = {} as Record<VestingMechanism, number>;
    const sqrt = {} as Record<VestingMechanism, number>;
    for (const id of VESTING_MECHANISMS) {
      let tokens = 0n;
      let root = 0n;
      allocations.forEach((a, i) => {
        const votes = (mine.get(a.address.toLowerCase()) ?? 0n) + released[id][i];
        tokens += votes;
        root += isqrt(votes);
      });
      linear[id] = ratio(tokens, tokens + othersTokens);
      sqrt[id] = ratio(root, root + othersRoot);
    }
    months.push({ month: m, linear, sqrt });
  }
  const firstYearMax = {} as VestingWhatIf["firstYearMax"];
  for (const id of VESTING_MECHANISMS) {
    const year = months.filter((x) => x.month <= 12);
    firstYearMax[id] = {
      linear: Math.max(...year.map((x) => x.linear[id])),
      sqrt: Math.max(...year.map((x) => x.sqrt[id])),
    };
  }
  return {
    allocations: allocations.length,
    allocated: allocations.reduce((s, a) => s + a.amount, 0n),
    months,
    firstYearMax,
  };
}
