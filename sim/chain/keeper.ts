import type { Signer } from "ethers";
import type { CounterweightToken, IdentityRegistry } from "../../typechain-types";
import { batches, staleAccounts, type StaleAccount } from "../../scripts/lib/syncPlan";
import { READS_IN_FLIGHT, mapLimit } from "../pool";

/** Syncs per multicall transaction: `cw:sync`'s default `--batch`. */
export const KEEPER_BATCH = 50;

/** What one keeper run found and sent. */
export interface KeeperRun {
  stale: StaleAccount[];
  transactions: number;
}

/**
 * The `cw:sync` keeper inside a simulation: the accounts it watches are those the task reads from
 * the registry's and token's events (IdentityRegistered, IdentityRotated, IdentitySynced), each run
 * reads the token's cached identity and the registry's current one for every watched account, plans
 * with the task's own planner (scripts/lib/syncPlan.ts: `staleAccounts`, `batches`) and sends one
 * `token.multicall` of syncs per batch. A run at a block where the previous run left nothing stale
 * and no block was mined since reads nothing: the same state gives the same (empty) plan.
 */
export class SimKeeper {
  private accounts: string[] | undefined;
  private cleanAtBlock = -1;
  transactions = 0;
  runs = 0;

  constructor(
    private readonly token: CounterweightToken,
    private readonly registry: IdentityRegistry,
    private readonly signer: Signer,
    private readonly fromBlock: number,
  ) {}

  private async watched(): Promise<string[]> {
    if (this.accounts !== undefined) return this.accounts;
    const r = this.registry;
    const t = this.token;
    const seen: string[] = [];
    for (const e of await r.queryFilter(r.filters.IdentityRegistered(), this.fromBlock)) seen.push(e.args.account);
    for (const e of await r.queryFilter(r.filters.IdentityRotated(), this.fromBlock)) seen.push(e.args.from, e.args.to);
    for (const e of await t.queryFilter(t.filters.IdentitySynced(), this.fromBlock)) seen.push(e.args.account);
    this.accounts = [...new Set(seen)];
    return this.accounts;
  }

  /**
   * One keeper run at the chain's current state; `beforeSend` is called before each transaction
   * (e.g. to set its block timestamp). Throws if a sync transaction reverts.
   */
  async run(beforeSend: () => Promise<void> = async () => undefined): Promise<KeeperRun> {
    this.runs += 1;
    const provider = this.token.runner?.provider;
    if (provider == null) throw new Error("keeper: the token has no provider");
    const head = await provider.getBlockNumber();
    if (head === this.cleanAtBlock) return { stale: [], transactions: 0 };
    const accounts = await this.watched();
    const states = await mapLimit(accounts, READS_IN_FLIGHT / 2, async (account) => {
      const [[cached], [current]] = await Promise.all([
        this.token.contributionOf(account),
        this.registry.bindingOf(account),
      ]);
      return { account, cached, current };
    });
    const stale = staleAccounts(states);
    let sent = 0;
    for (const batch of batches(stale, KEEPER_BATCH)) {
      const calls = batch.map((s) => this.token.interface.encodeFunctionData("sync", [s.account]));
      await beforeSend();
      await (await this.token.connect(this.signer).multicall(calls)).wait();
      sent += 1;
    }
    this.transactions += sent;
    this.cleanAtBlock = await provider.getBlockNumber();
    return { stale, transactions: sent };
  }
}

/**
 * The first sync of freshly registered accounts, as a keeper sends it: one `token.multicall` of
 * `sync(account)` per `batch` accounts (the keeper's batch), in the given order, from `signer`
 * (anyone may sync). Returns the number of transactions sent; throws if one reverts.
 */
export async function syncAccounts(
  token: CounterweightToken,
  signer: Signer,
  accounts: readonly string[],
  batch = KEEPER_BATCH,
): Promise<number> {
  let sent = 0;
  for (let i = 0; i < accounts.length; i += batch) {
    const calls = accounts.slice(i, i + batch).map((a) => token.interface.encodeFunctionData("sync", [a]));
    await (await token.connect(signer).multicall(calls)).wait();
    sent += 1;
  }
  return sent;
}
