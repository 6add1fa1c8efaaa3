import type { ContractTransactionResponse } from "ethers";

/** Gas used by a mined transaction (receipt.gasUsed, including the 21,000 intrinsic cost). */
export async function gasOf(tx: Promise<ContractTransactionResponse> | ContractTransactionResponse): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt.gasUsed;
}

/** ours / baseline, rounded to 4 decimals. */
export function ratio(ours: bigint, baseline: bigint): number {
  if (baseline === 0n) throw new RangeError("baseline gas is zero");
  return Math.round((Number(ours) / Number(baseline)) * 10_000) / 10_000;
}

/** One measured operation: our gas, the baseline's, their ratio and the target it must meet. */
export interface GasComparison {
  operation: string;
  ours: number;
  baseline: number;
  baselineName: string;
  ratio: number;
  target?: number;
  meetsTarget?: boolean;
}

export function compare(
  operation: string,
  ours: bigint,
  baseline: bigint,
  baselineName: string,
  target?: number,
): GasComparison {
  const r = ratio(ours, baseline);
  return {
    operation,
    ours: Number(ours),
    baseline: Number(baseline),
    baselineName,
    ratio: r,
    ...(target === undefined ? {} : { target, meetsTarget: r <= target }),
  };
}
