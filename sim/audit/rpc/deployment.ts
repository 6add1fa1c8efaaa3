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
export async function findDeploymentBlock(
  client: RpcClient,
  address: string,
  latest: number,
  earliest = 0,
): Promise<number> {
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
  let lo = earliest;
  let hi = latest;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await codeAt(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What `hardhat_metadata` tells of a Hardhat node (undefined: not a Hardhat node). */
export interface HardhatNode {
  forkBlockNumber?: number;
}

export async function hardhatNode(client: RpcClient): Promise<HardhatNode | undefined> {
  const meta = await client.hardhatMetadata();
  if (meta === undefined) return undefined;
  return meta.forkBlockNumber === undefined ? {} : { forkBlockNumber: meta.forkBlockNumber };
}

/**
 * The first block worth scanning for `address`'s logs, and how it was found. On a Hardhat node the
 * search is not trusted over its own blocks: blocks mined with `hardhat_mine` answer eth_getCode
 * with "0x" even for a contract deployed before them (seen with Hardhat 2.29.1), which would send
 * the search past the deployment. A Hardhat chain's own blocks are few and local, so they are
 * scanned from the start (block 0, or the block after the fork point of a forked node; a token
 * already deployed at the fork point is searched for in the forked chain's real history).
 */
export async function scanStart(
  client: RpcClient,
  address: string,
  latest: number,
): Promise<{ block: number; how: string }> {
  const hardhat = await hardhatNode(client);
  if (hardhat === undefined) {
    return {
      block: await findDeploymentBlock(client, address, latest),
      how: "the deployment block (eth_getCode binary search)",
    };
  }
  const fork = hardhat.forkBlockNumber;
  if (fork !== undefined && fork <= latest && hasCode(await client.code(address, fork))) {
    return {
      block: await findDeploymentBlock(client, address, fork),
      how: `the deployment block (eth_getCode binary search in the history forked at block ${fork})`,
    };
  }
  if (!hasCode(await client.code(address, latest))) {
    throw new RpcError("eth_getCode", `no contract at ${address} at block ${latest}: wrong address or wrong network?`);
  }
  const block = fork === undefined ? 0 : fork + 1;
  return {
    block,
    how: `block ${block}: a Hardhat node's own blocks are scanned whole (hardhat_mine blocks hide code from eth_getCode)`,
  };
}
