import { getAddress } from "ethers";
import type { AuditCheck, Holder } from "../types";
import type { RpcClient } from "./client";
import { hasCode, isDelegatedEoa } from "./deployment";
import { mapLimit } from "../../pool";

/** Holders checked with eth_getCode unless told otherwise (the tail is small holders, nearly all EOAs). */
export const DEFAULT_CODE_CHECK_LIMIT = 1_000;

/**
 * Which of the largest `limit` holders have code at the end block (contracts: pools, vaults,
 * multisigs, bridges). EIP-7702 delegated EOAs have code too, but are counted as EOAs.
 */
export async function detectContracts(
  client: RpcClient,
  holders: readonly Holder[],
  toBlock: number,
  limit: number,
): Promise<{ contracts: string[]; check: AuditCheck }> {
  const checked = holders.slice(0, Math.max(0, limit));
  const codes = await mapLimit(checked, 8, (h) => client.code(h.address, toBlock));
  const contracts = checked.filter((_, i) => hasCode(codes[i])).map((h) => getAddress(h.address));
  const delegated = codes.filter(isDelegatedEoa).length;
  const scope =
    checked.length === holders.length
      ? `all ${holders.length} holders`
      : `the top ${checked.length} of ${holders.length} holders`;
  return {
    contracts,
    check: {
      name: "contracts among holders (eth_getCode)",
      ok: true,
      detail: `${contracts.length} of ${scope} have code at block ${toBlock}${delegated > 0 ? `; ${delegated} EIP-7702 delegated EOAs counted as EOAs` : ""}${contracts.length > 0 ? `: ${contracts.slice(0, 5).join(", ")}${contracts.length > 5 ? ", …" : ""}` : ""}`,
    },
  };
}
