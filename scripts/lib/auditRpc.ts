import path from "node:path";
import { getAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ScanHoldersOptions, ScanStats } from "../../sim/audit/rpc";
import { DEFAULT_CACHE_ROOT } from "../../sim/audit/rpc/cache";
import { Eip1193Transport, HttpTransport, RpcError, type RpcTransport } from "../../sim/audit/rpc/transport";
import type { HolderSet } from "../../sim/audit/types";
import { paramError, TaskError } from "./inputErrors";

/** The audit task's RPC input flags, as Hardhat hands them over. */
export interface AuditRpcArgs {
  /** `--token ADDRESS`: audit this token's holders from the chain instead of a CSV. */
  token?: string;
  /** `--rpc URL`: the JSON-RPC endpoint (else the `--network`'s). */
  rpc?: string;
  /** `--from-block N` (default: the deployment block) and `--to-block M` (default: latest, pinned). */
  fromBlock?: string;
  toBlock?: string;
  /** `--votes`: delegated voting power instead of balances. */
  votes?: boolean;
  /** `--cache DIR` (default cache/audit); `--no-cache` scans without one. */
  cache?: string;
  noCache?: boolean;
  /** `--look-through-v2`: pass Uniswap V2 pairs among the holders through to their LP holders. */
  lookThroughV2?: boolean;
  /** `--balances-from-chain`: amounts from balanceOf at the end block (rebasing or fee-taking tokens). */
  balancesFromChain?: boolean;
}

/** A block number flag: decimal or 0x-hex, >= 0. */
export function parseBlockFlag(param: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const n = /^\d+$/.test(v) ? Number(v) : /^0x[0-9a-fA-F]+$/.test(v) ? Number.parseInt(v, 16) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw paramError(param, `"${value}" is not a block number (decimal or 0x-hex)`);
  return n;
}

/**
 * Where the scan reads the chain: `--rpc URL`, else the selected network (its URL for an HTTP
 * network, read-only: no account is used; Hardhat's provider for the in-process chain).
 */
export function rpcTransportFor(args: AuditRpcArgs, hre: HardhatRuntimeEnvironment): RpcTransport {
  const { name, config } = hre.network;
  if (args.rpc !== undefined) {
    if (name !== "hardhat") throw paramError("rpc", `give --rpc URL or --network ${name}, not both`);
    try {
      return new HttpTransport(args.rpc);
    } catch (e) {
      throw paramError("rpc", e instanceof Error ? e.message : String(e));
    }
  }
  if ("url" in config && typeof config.url === "string") return new HttpTransport(config.url);
  return new Eip1193Transport(hre.network.provider, `network ${name} (in-process)`);
}

/**
 * `decimals()` of `--token` at the latest block of the chain `--rpc URL` / `--network` reaches: the
 * scale of a `--csv` export's balances when `--decimals` is not given. A token without a readable
 * `decimals()` (an EOA, a non-ERC-20, an unreachable node) is a task error naming the flag.
 */
export async function tokenDecimalsForTask(args: AuditRpcArgs, hre: HardhatRuntimeEnvironment): Promise<number> {
  if (args.token === undefined || !isAddress(args.token)) {
    throw paramError("token", `"${args.token ?? ""}" is not an address (0x followed by 40 hex digits)`);
  }
  const transport = rpcTransportFor(args, hre);
  const [{ RpcClient }, { TokenReader }] = await Promise.all([
    import("../../sim/audit/rpc/client"),
    import("../../sim/audit/rpc/token"),
  ]);
  const client = new RpcClient(transport);
  try {
    const block = await client.blockNumber();
    return await new TokenReader(client, getAddress(args.token)).decimals(block);
  } catch (e) {
    throw paramError(
      "token",
      `cannot read decimals() of ${args.token} via ${transport.label} (${e instanceof Error ? e.message : String(e)}): give --decimals N, or check the address and the network`,
    );
  }
}

/** Validates the flags (nothing is read from the chain yet) into scanHolders options. */
export function rpcScanOptions(args: AuditRpcArgs, hre: HardhatRuntimeEnvironment): ScanHoldersOptions {
  if (args.token === undefined || !isAddress(args.token)) {
    throw paramError("token", `"${args.token ?? ""}" is not an address (0x followed by 40 hex digits)`);
  }
  const fromBlock = parseBlockFlag("from-block", args.fromBlock);
  const toBlock = parseBlockFlag("to-block", args.toBlock);
  if (fromBlock !== undefined && toBlock !== undefined && fromBlock > toBlock) {
    throw paramError("from-block", `${fromBlock} is after --to-block ${toBlock}`);
  }
  if (args.noCache === true && args.cache !== undefined)
    throw paramError("cache", "give --cache DIR or --no-cache, not both");
  if (args.votes === true && args.lookThroughV2 === true) {
    throw paramError("look-through-v2", "applies to balances only: a pair holds tokens, not delegated votes");
  }
  if (args.votes === true && args.balancesFromChain === true) {
    throw paramError("balances-from-chain", "applies to balances only, not to --votes");
  }
  const cacheDir = args.noCache === true ? null : path.resolve(hre.config.paths.root, args.cache ?? DEFAULT_CACHE_ROOT);
  return {
    token: args.token,
    transport: rpcTransportFor(args, hre),
    fromBlock,
    toBlock,
    measure: args.votes === true ? "votes" : "balance",
    cacheDir,
    lookThroughV2: args.lookThroughV2 === true,
    balancesFromChain: args.balancesFromChain === true,
  };
}

/**
 * Runs the scan for the audit task: a progress bar on a terminal (lines in CI logs), Ctrl-C stops
 * it between two ranges with every completed range cached, and RPC failures become task errors.
 */
export async function scanForTask(
  args: AuditRpcArgs,
  hre: HardhatRuntimeEnvironment,
  log: (line: string) => void = (l) => console.log(l),
  quiet = false,
): Promise<{ holderSet: HolderSet; stats: ScanStats }> {
  const options = rpcScanOptions(args, hre);
  const { scanHoldersWithStats, ScanInterrupted, terminalScanProgress, silentProgress } =
    await import("../../sim/audit/rpc");
  const controller = new AbortController();
  const onSigint = () => {
    log("stopping after the range in flight (Ctrl-C again to quit at once)…");
    process.off("SIGINT", onSigint);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const result = await scanHoldersWithStats({
      ...options,
      signal: controller.signal,
      progress: quiet ? silentProgress : terminalScanProgress(),
    });
    const s = result.stats;
    log(
      `scanned ${s.toBlock - s.fromBlock + 1} blocks (${s.fromBlock}–${s.toBlock}) on chain ${s.chainId} via ${s.endpoint}: ${s.scan.logs} logs in ${s.scan.ranges} ranges (${s.scan.cachedRanges} from the cache), ${s.scan.splits} splits, ${s.rpcRetries} retries, ${s.blocksPerSecond} blocks/s, ${s.logsPerSecond} logs/s`,
    );
    return result;
  } catch (e) {
    if (e instanceof ScanInterrupted) {
      throw new TaskError(
        `${e.message}; completed ranges are kept in ${options.cacheDir ?? "(no cache: --no-cache was given)"}`,
      );
    }
    if (e instanceof RpcError) throw new TaskError(`JSON-RPC ${e.method}: ${e.message}`, e);
    throw e;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
