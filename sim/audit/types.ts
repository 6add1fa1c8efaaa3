/** One holder of the audited token: a checksummed address and its raw amount (token units, no decimals applied). */
export interface Holder {
  address: string;
  amount: bigint;
}

/** Where a holder set came from, quoted in the report. */
export type HolderSource =
  | { kind: "csv"; file: string; format: "etherscan" | "plain" }
  | { kind: "rpc"; token: string; chainId: number; fromBlock: number; toBlock: number; measure: "balance" | "votes" };

/** A check run on the input, reported whatever its outcome (a mismatch is reported, never hidden). */
export interface AuditCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** The input of every audit: holders sorted by amount descending, then address ascending; zero amounts dropped. */
export interface HolderSet {
  source: HolderSource;
  decimals: number;
  symbol?: string;
  totalSupply?: bigint;
  holders: Holder[];
  checks: AuditCheck[];
  /** Addresses with code (eth_getCode), when known. */
  contracts?: string[];
}
