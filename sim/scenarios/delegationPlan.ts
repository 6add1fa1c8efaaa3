import { delegationConfig, type DELEGATE_VOTES, type ScenarioConfig } from "../config/schema";
import type { Population } from "../population";
import type { Rng } from "../random";
import { chooseSupport, type Support } from "./ballots";

export type DelegateVote = (typeof DELEGATE_VOTES)[number];
/** What an agent does: delegates to a delegate, votes itself (self-delegated), or stays out. */
export type Role = "delegator" | "direct" | "abstain";
export type KeeperInterval = number | "never" | "every-block";

/** Everything the delegation scenario decides before any chain work (a pure function of seed and config). */
export interface DelegationPlan {
  /** Per agent. Whales and VCs vote directly. */
  roles: Role[];
  /** Per agent: the index of its delegate (delegators only), else null. */
  delegateOf: (number | null)[];
  /** Per agent: its preference (a direct voter's vote; what a custodian passes on). */
  support: Support[];
  /** Per delegate: how it votes. */
  delegateVotes: DelegateVote[];
  /** Agent indices of the verified delegators whose identity is revoked before the snapshot, in revocation order. */
  revoked: number[];
  /** Seconds after the window opens at which each of `revoked` is revoked (distinct, increasing, in [1, window − 2]). */
  revokeOffsets: number[];
}

/** Draws the plan: roles, delegate choices, preferences, revocations (one random stream each). */
export function planDelegation(population: Population, config: ScenarioConfig, rng: Rng): DelegationPlan {
  const c = delegationConfig(config);
  const roleRng = rng.fork("delegation-roles");
  const choiceRng = rng.fork("delegation-choice");
  const weights = Array.from({ length: c.delegates }, (_, k) => (c.choice === "zipf" ? 1 / (k + 1) : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let u = choiceRng.next() * totalWeight;
    for (let k = 0; k < weights.length; k++) {
      u -= weights[k];
      if (u < 0) return k;
    }
    return weights.length - 1;
  };
  const roles: Role[] = [];
  const delegateOf: (number | null)[] = [];
  for (const a of population.agents) {
    if (a.kind !== "retail") {
      roles.push("direct");
      delegateOf.push(null);
      continue;
    }
    const u = roleRng.next();
    const role: Role =
      u < c.retail.delegate ? "delegator" : u < c.retail.delegate + c.retail.direct ? "direct" : "abstain";
    roles.push(role);
    delegateOf.push(role === "delegator" ? pick() : null);
  }
  const support = chooseSupport({ population, config, rng: rng.fork("delegation-support") });
  const delegateVotes = Array.from({ length: c.delegates }, (_, k) => c.delegateVotes[k % c.delegateVotes.length]);

  // Revocations: a seeded sample of the verified delegators, at seeded, distinct times in the window.
  const lagRng = rng.fork("delegation-sync-lag");
  const candidates = population.agents.filter((a, i) => roles[i] === "delegator" && a.verified).map((a) => a.index);
  const revoked: number[] = [];
  const pool = [...candidates];
  const n = Math.min(c.syncLag.revoked, pool.length);
  for (let i = 0; i < n; i++) {
    const j = lagRng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
    revoked.push(pool[i]);
  }
  const last = c.syncLag.windowSeconds - 2;
  const drawn = new Set<number>();
  while (drawn.size < revoked.length) drawn.add(lagRng.int(1, last));
  const offsets = [...drawn].sort((a, b) => a - b);
  return { roles, delegateOf, support, delegateVotes, revoked, revokeOffsets: offsets };
}

/** Why the plan cannot run (checked before any chain work). */
export function validateDelegation(population: Population, config: ScenarioConfig): string[] {
  const c = delegationConfig(config);
  const reasons: string[] = [];
  if (!population.agents.some((a) => a.kind === "whale")) reasons.push("needs at least one whale");
  if (c.syncLag.revoked + 2 > c.syncLag.windowSeconds)
    reasons.push(
      `delegation.syncLag.revoked (${c.syncLag.revoked}) revocations need distinct seconds in a window of ${c.syncLag.windowSeconds} s (at least revoked + 2)`,
    );
  for (const i of c.syncLag.keeperIntervals)
    if (typeof i === "number" && i >= c.syncLag.windowSeconds)
      reasons.push(
        `delegation.syncLag.keeperIntervals: ${i} s is not shorter than the window (${c.syncLag.windowSeconds} s): the keeper would never run (use "never")`,
      );
  return reasons;
}

/** The keeper's run times in the window (seconds after it opens), strictly before the snapshot. */
export function keeperTicks(interval: KeeperInterval, revokeOffsets: readonly number[], window: number): number[] {
  if (interval === "never") return [];
  if (interval === "every-block") return revokeOffsets.map((o) => o + 1);
  const out: number[] = [];
  for (let t = interval; t < window; t += interval) out.push(t);
  return out;
}

/** A keeper interval as the report shows it ("never", "every block", "1 h", "1 d", "90 s"). */
export function intervalLabel(interval: KeeperInterval): string {
  if (interval === "never") return "never";
  if (interval === "every-block") return "every block";
  if (interval % 86_400 === 0) return `${interval / 86_400} d`;
  if (interval % 3_600 === 0) return `${interval / 3_600} h`;
  if (interval % 60 === 0) return `${interval / 60} min`;
  return `${interval} s`;
}

/** A keeper interval as a stable id fragment ("never", "every-block", "3600s"). */
export function intervalId(interval: KeeperInterval): string {
  return typeof interval === "number" ? `${interval}s` : interval;
}
