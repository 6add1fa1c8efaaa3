import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import type { CounterweightToken, IdentityRegistry } from "../../typechain-types";
import { KEEPER_BATCH, SimKeeper } from "../chain/keeper";
import { delegatedPower, type DelegatePower, type DelegationHolder } from "../model";
import { keeperTicks, type DelegationPlan, type KeeperInterval } from "./delegationPlan";

/** The sync lag under one keeper interval, measured at the snapshot S (integers; √-wei: 10^9 per √token). */
export interface SyncLagRow {
  interval: KeeperInterval;
  revoked: number;
  /** Σ over delegates of the token's Σ√ at S minus the Σ√ of the identities still valid at S. */
  staleSqrtWei: bigint;
  /** Delegated identities counted at S minus the identities still valid at S. */
  staleSeats: bigint;
  /** Σ√ the valid identities delegate at S (what a keeper that never lags would leave). */
  validSqrtWei: bigint;
  keeperRuns: number;
  keeperTransactions: number;
}

export interface SyncLagInput {
  hre: HardhatRuntimeEnvironment;
  token: CounterweightToken;
  registry: IdentityRegistry;
  /** Holds the registry's GOVERNOR_ROLE (revokes) and runs the keeper. */
  deployer: Signer;
  /** First block the keeper reads events from (before the first registration). */
  fromBlock: number;
  plan: DelegationPlan;
  /** The holders as the vote's snapshot saw them (every verified account synced). */
  holders: readonly DelegationHolder[];
  identityOf: ReadonlyMap<string, bigint>;
  delegates: readonly string[];
  windowSeconds: number;
  intervals: readonly KeeperInterval[];
}

type Event = { at: number; kind: "revoke"; which: number } | { at: number; kind: "keeper" };

const sum = (power: ReadonlyMap<string, DelegatePower>, delegates: readonly string[]) =>
  delegates.reduce(
    (a, d) => {
      const p = power.get(d.toLowerCase());
      return { quadratic: a.quadratic + (p?.quadratic ?? 0n), identities: a.identities + (p?.identities ?? 0n) };
    },
    { quadratic: 0n, identities: 0n },
  );

async function rpc<T>(hre: HardhatRuntimeEnvironment, method: string, params: unknown[] = []): Promise<T> {
  return (await hre.network.provider.request({ method, params })) as T;
}

/**
 * For each keeper interval, from the same chain state: the plan's delegators lose their identity
 * (`registry.revokeIdentity`, the Merkle path's revocation; the token hears nothing) at their
 * seeded times in the window before S, while a keeper (the `cw:sync` planner) runs at the
 * interval's times; then the token's Σ√ and delegated identities at S are read from the chain
 * and checked, per delegate, against the model engine given which revocations a keeper run
 * followed. Throws on any difference. The chain state is restored after each interval.
 */
export async function measureSyncLag(input: SyncLagInput): Promise<SyncLagRow[]> {
  const { hre, token, registry, deployer, plan, holders, delegates, windowSeconds } = input;
  const rows: SyncLagRow[] = [];
  const revokedAccounts = plan.revoked.map((i) => holders[i].account);
  const validAtS = delegatedPower(
    holders.map((h, i) => ({ ...h, contributes: h.contributes && !plan.revoked.includes(i) })),
  );
  const valid = sum(validAtS, delegates);
  for (const interval of input.intervals) {
    const snapshotId = await rpc<string>(hre, "evm_snapshot");
    const latest = await hre.ethers.provider.getBlock("latest");
    if (latest === null) throw new Error("delegation: no latest block");
    const t0 = latest.timestamp + 1;
    const snapshotAt = t0 + windowSeconds;
    const events: Event[] = [
      ...plan.revokeOffsets.map((at, which) => ({ at, kind: "revoke" as const, which })),
      ...keeperTicks(interval, plan.revokeOffsets, windowSeconds).map((at) => ({ at, kind: "keeper" as const })),
    ].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === "revoke" ? -1 : 1));

    // The model's side: a keeper run syncs every revocation before it that no earlier run synced.
    const stale = new Set<number>();
    const expectedTx: number[] = [];
    let pending: number[] = [];
    for (const e of events) {
      if (e.kind === "revoke") pending.push(plan.revoked[e.which]);
      else {
        expectedTx.push(Math.ceil(pending.length / KEEPER_BATCH));
        pending = [];
      }
    }
    for (const i of pending) stale.add(i);

    const keeper = new SimKeeper(token, registry, deployer, input.fromBlock);
    let last = latest.timestamp;
    const nextBlockAt = async (at: number) => {
      last = Math.max(at, last + 1);
      await rpc(hre, "evm_setNextBlockTimestamp", [last]);
    };
    const sent: number[] = [];
    for (const e of events) {
      if (e.kind === "revoke") {
        const id = input.identityOf.get(revokedAccounts[e.which]);
        if (id === undefined) throw new Error(`delegation: ${revokedAccounts[e.which]} has no identity to revoke`);
        await nextBlockAt(t0 + e.at);
        await (await registry.connect(deployer).revokeIdentity(id)).wait();
      } else {
        const run = await keeper.run(() => nextBlockAt(t0 + e.at));
        sent.push(run.transactions);
      }
    }
    if (last > snapshotAt)
      throw new Error(`delegation: the sync-lag schedule ends at ${last}, after the snapshot ${snapshotAt}`);
    await rpc(hre, "evm_setNextBlockTimestamp", [snapshotAt + 1]);
    await rpc(hre, "evm_mine");

    const cachedAtS = delegatedPower(
      holders.map((h, i) => ({ ...h, contributes: h.contributes && (!plan.revoked.includes(i) || stale.has(i)) })),
    );
    for (const d of delegates) {
      const [q, n] = await token.getPastQuadraticPower(d, snapshotAt);
      const m = cachedAtS.get(d.toLowerCase()) ?? { quadratic: 0n, identities: 0n };
      if (q !== m.quadratic || n !== m.identities)
        throw new Error(
          `delegation sync lag (${String(interval)}): delegate ${d} counts Σ√ ${q} and ${n} identities at the snapshot; the model engine expects ${m.quadratic} and ${m.identities}`,
        );
    }
    if (sent.join(",") !== expectedTx.join(","))
      throw new Error(
        `delegation sync lag (${String(interval)}): the keeper sent [${sent.join(", ")}] transactions per run; the model expects [${expectedTx.join(", ")}]`,
      );
    const counted = sum(cachedAtS, delegates);
    rows.push({
      interval,
      revoked: plan.revoked.length,
      staleSqrtWei: counted.quadratic - valid.quadratic,
      staleSeats: counted.identities - valid.identities,
      validSqrtWei: valid.quadratic,
      keeperRuns: keeper.runs,
      keeperTransactions: keeper.transactions,
    });
    if (!(await rpc<boolean>(hre, "evm_revert", [snapshotId]))) throw new Error("delegation: evm_revert failed");
  }
  return rows;
}
