import type { RpcClient } from "./client";
import { RpcError } from "./transport";

/** EIP-7702 delegation designator: an EOA pointing at code, not a contract of its own. */
export function isDelegatedEoa(code: string): boolean {
  return code.length === 2 + 23 * 2 && code.startsWith("0xef0100");
}

export function hasCode(code: string): boolean {
  return code !== "0x" && !isDelegatedEoa(code);
}

/**
 * The block `address` was deployed in: the first block whose state holds its code, found by binary
 * search on eth_getCode (about log2(latest) calls). Needs historical state (an archive node); a
 * pruned node's refusal is reported with the way out (--from-block).
 */
export async function findDeploymentBlock(client: RpcClient, address: string, latest: number): Promise<number> {
  const codeAt = async (block: number): Promise<boolean> => {
    try {
      return hasCode(await client.code(address, block));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new RpcError(
        "eth_getCode",
        `finding the deployment block of ${address} needs historical state, and eth_getCode at block ${block} failed (${why}); use an archive endpoint or pass --from-block`,
      );
    }
  };
  if (!(await codeAt(latest))) {
    throw new RpcError("eth_getCode", `no contract at ${address} at block ${latest}: wrong address or wrong network?`);
  }
  let lo = 0;
  let hi = latest;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await codeAt(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
