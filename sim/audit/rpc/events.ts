import { id } from "ethers";
import type { RawLog } from "./client";

/** What the scan rebuilds: token balances from Transfer, or delegated votes from DelegateVotesChanged. */
export type Measure = "balance" | "votes";

export const TRANSFER_TOPIC = id("Transfer(address,address,uint256)");
/** Same signature in OpenZeppelin's Votes and in Compound's COMP / Uniswap's UNI. */
export const DELEGATE_VOTES_CHANGED_TOPIC = id("DelegateVotesChanged(address,uint256,uint256)");

export function topicFor(measure: Measure): string {
  return measure === "balance" ? TRANSFER_TOPIC : DELEGATE_VOTES_CHANGED_TOPIC;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * One scanned block range, reduced to what the ledger needs: per address, the net balance change
 * ("balance") or the last voting power the range set ("votes"). Addresses are lower-case.
 */
export interface RangeDelta {
  from: number;
  to: number;
  /** Logs decoded in the range. */
  logs: number;
  entries: Map<string, bigint>;
}

/** A log the scan cannot read: the token does not follow the event's ABI. */
export class EventShapeError extends Error {
  constructor(log: RawLog, why: string) {
    super(`log ${log.logIndex} of block ${log.blockNumber} (tx ${log.transactionHash}): ${why}`);
    this.name = "EventShapeError";
  }
}

function topicAddress(log: RawLog, topic: string): string {
  if (!/^0x0{24}[0-9a-f]{40}$/.test(topic)) throw new EventShapeError(log, `topic ${topic} is not an address`);
  return `0x${topic.slice(26)}`;
}

function word(log: RawLog, index: number): bigint {
  const hex = log.data.slice(2 + index * 64, 2 + (index + 1) * 64);
  if (hex.length !== 64) throw new EventShapeError(log, `data has no word ${index} (${log.data.length} hex chars)`);
  return BigInt(`0x${hex}`);
}

function add(map: Map<string, bigint>, address: string, amount: bigint): void {
  if (address === ZERO_ADDRESS || amount === 0n) return;
  map.set(address, (map.get(address) ?? 0n) + amount);
}

/** Folds a range's logs (ordered by block, then log index) into its delta. */
export function reduceLogs(measure: Measure, from: number, to: number, logs: readonly RawLog[]): RangeDelta {
  const entries = new Map<string, bigint>();
  for (const log of logs) {
    if (measure === "balance") {
      // ERC-20: Transfer(address indexed from, address indexed to, uint256 value). ERC-721 shares the
      // topic with a third indexed topic (the token id) and no data.
      if (log.topics.length === 4)
        throw new EventShapeError(log, "a Transfer with 3 indexed topics: an ERC-721, not an ERC-20");
      if (log.topics.length !== 3)
        throw new EventShapeError(log, `a Transfer with ${log.topics.length - 1} indexed topics`);
      const value = word(log, 0);
      add(entries, topicAddress(log, log.topics[1]), -value);
      add(entries, topicAddress(log, log.topics[2]), value);
    } else {
      // DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)
      if (log.topics.length !== 2)
        throw new EventShapeError(log, `a DelegateVotesChanged with ${log.topics.length - 1} indexed topics`);
      entries.set(topicAddress(log, log.topics[1]), word(log, 1));
    }
  }
  if (measure === "balance") {
    for (const [a, v] of entries) if (v === 0n) entries.delete(a);
  }
  return { from, to, logs: logs.length, entries };
}
