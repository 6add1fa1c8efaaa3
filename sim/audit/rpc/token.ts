import { decodeBytes32String, getAddress, type Interface } from "ethers";
import {
  IERC20Metadata__factory,
  IERC5805__factory,
  type IERC20Metadata,
  type IERC5805,
} from "../../../typechain-types";
import { Uni__factory, UniswapV2Pair__factory, type Uni, type UniswapV2Pair } from "../../../typechain-types/baselines";
import type { RpcClient } from "./client";
import { RpcError } from "./transport";

const erc20: IERC20Metadata["interface"] = IERC20Metadata__factory.createInterface();
const erc5805: IERC5805["interface"] = IERC5805__factory.createInterface();
/** Compound's COMP and Uniswap's UNI: votes on block numbers, read with getPriorVotes/getCurrentVotes. */
const compLike: Uni["interface"] = Uni__factory.createInterface();
const v2Pair: UniswapV2Pair["interface"] = UniswapV2Pair__factory.createInterface();

function first(iface: Interface, fn: string, data: string): unknown {
  return iface.decodeFunctionResult(fn, data)[0];
}

function asBigint(fn: string, v: unknown): bigint {
  if (typeof v !== "bigint") throw new RpcError("eth_call", `${fn} returned ${String(v)}, not an integer`);
  return v;
}

function asString(fn: string, v: unknown): string {
  if (typeof v !== "string") throw new RpcError("eth_call", `${fn} returned ${String(v)}, not a string`);
  return v;
}

/** The ERC-6372 clock of a votes token, or the legacy block-number votes of COMP-style tokens. */
export type VotesClock = { kind: "erc6372"; mode: "timestamp" | "blocknumber"; raw: string } | { kind: "comp" };

/** Read-only calls on the audited token (and on Uniswap V2 pairs among its holders), typed by TypeChain. */
export class TokenReader {
  constructor(
    private readonly client: RpcClient,
    readonly address: string,
  ) {}

  private async call(data: string, block: number | "latest"): Promise<string> {
    return this.client.call(this.address, data, block);
  }

  async totalSupply(block: number): Promise<bigint> {
    const fn = "totalSupply";
    return asBigint(fn, first(erc20, fn, await this.call(erc20.encodeFunctionData(fn), block)));
  }

  async balanceOf(account: string, block: number): Promise<bigint> {
    const fn = "balanceOf";
    return asBigint(fn, first(erc20, fn, await this.call(erc20.encodeFunctionData(fn, [account]), block)));
  }

  async decimals(block: number): Promise<number> {
    const fn = "decimals";
    return Number(asBigint(fn, first(erc20, fn, await this.call(erc20.encodeFunctionData(fn), block))));
  }

  /** The symbol as a string, or as bytes32 (MKR, SAI); undefined when the token has none. */
  async symbol(block: number): Promise<string | undefined> {
    const fn = "symbol";
    let data: string;
    try {
      data = await this.call(erc20.encodeFunctionData(fn), block);
    } catch {
      return undefined;
    }
    try {
      return asString(fn, first(erc20, fn, data));
    } catch {
      try {
        return data.length === 66 ? decodeBytes32String(data) : undefined;
      } catch {
        return undefined;
      }
    }
  }

  /** ERC-6372's CLOCK_MODE when the token has it, else the COMP-style block-number votes. */
  async votesClock(block: number): Promise<VotesClock> {
    const fn = "CLOCK_MODE";
    let raw: string;
    try {
      raw = asString(fn, first(erc5805, fn, await this.call(erc5805.encodeFunctionData(fn), block)));
    } catch {
      return { kind: "comp" };
    }
    return { kind: "erc6372", mode: raw.includes("mode=timestamp") ? "timestamp" : "blocknumber", raw };
  }

  /** ERC-5805 getPastVotes(account, timepoint), evaluated in block `at`. */
  async getPastVotes(account: string, timepoint: number, at: number): Promise<bigint> {
    const fn = "getPastVotes";
    return asBigint(fn, first(erc5805, fn, await this.call(erc5805.encodeFunctionData(fn, [account, timepoint]), at)));
  }

  /** ERC-5805 getVotes(account) in block `at`. */
  async getVotes(account: string, at: number): Promise<bigint> {
    const fn = "getVotes";
    return asBigint(fn, first(erc5805, fn, await this.call(erc5805.encodeFunctionData(fn, [account]), at)));
  }

  /** COMP/UNI getPriorVotes(account, blockNumber), evaluated in block `at` (> blockNumber). */
  async getPriorVotes(account: string, blockNumber: number, at: number): Promise<bigint> {
    const fn = "getPriorVotes";
    return asBigint(
      fn,
      first(compLike, fn, await this.call(compLike.encodeFunctionData(fn, [account, blockNumber]), at)),
    );
  }

  /** COMP/UNI getCurrentVotes(account) in block `at`. */
  async getCurrentVotes(account: string, at: number): Promise<bigint> {
    const fn = "getCurrentVotes";
    return asBigint(fn, first(compLike, fn, await this.call(compLike.encodeFunctionData(fn, [account]), at)));
  }

  /** The pair's two tokens when `this` is a Uniswap V2 pair (token0, token1, getReserves all answer), else undefined. */
  async v2PairTokens(block: number): Promise<[string, string] | undefined> {
    try {
      const t0 = asString(
        "token0",
        first(v2Pair, "token0", await this.call(v2Pair.encodeFunctionData("token0"), block)),
      );
      const t1 = asString(
        "token1",
        first(v2Pair, "token1", await this.call(v2Pair.encodeFunctionData("token1"), block)),
      );
      v2Pair.decodeFunctionResult("getReserves", await this.call(v2Pair.encodeFunctionData("getReserves"), block));
      return [getAddress(t0), getAddress(t1)];
    } catch {
      return undefined;
    }
  }
}
