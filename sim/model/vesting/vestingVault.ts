import { linearVested, trancheVested, type Tranche } from "./scheduleCurve";

/** A cliff + linear schedule as `createSchedule` takes it (cliff and duration relative to start). */
export interface LinearTerms {
  kind: "linear";
  total: bigint;
  start: bigint;
  cliff: bigint;
  duration: bigint;
}

/** A tranche schedule as `createTrancheSchedule` takes it. */
export interface TrancheTerms {
  kind: "tranches";
  start: bigint;
  tranches: readonly Tranche[];
}

export type ScheduleTerms = LinearTerms | TrancheTerms;

/**
 * One `VestingVault` schedule: the amount vested at any time (frozen at the revocation time once
 * revoked), what `release` pays (vested − released, 0 when nothing new) and what `revoke` returns.
 * Creation-time policy checks are the vault's; this model takes terms the vault accepted.
 */
export class VaultScheduleModel {
  released = 0n;
  revokedAt: bigint | undefined;
  readonly total: bigint;
  readonly start: bigint;
  readonly cliffAt: bigint;
  readonly end: bigint;

  constructor(readonly terms: ScheduleTerms) {
    if (terms.kind === "linear") {
      this.total = terms.total;
      this.start = terms.start;
      this.cliffAt = terms.start + terms.cliff;
      this.end = terms.start + terms.duration;
    } else {
      if (terms.tranches.length === 0) throw new RangeError("VestingTrancheCount");
      this.total = terms.tranches.reduce((s, t) => s + t.amount, 0n);
      this.start = terms.start;
      this.cliffAt = terms.tranches[0].time;
      this.end = terms.tranches[terms.tranches.length - 1].time;
    }
  }

  /** `vestedAmount(id, timestamp)`. */
  vestedAmount(timestamp: bigint): bigint {
    const at = this.revokedAt !== undefined && timestamp > this.revokedAt ? this.revokedAt : timestamp;
    if (this.terms.kind === "linear") return linearVested(this.total, this.start, this.cliffAt, this.end, at);
    if (at < this.cliffAt) return 0n;
    if (at > this.end - 1n) return this.total;
    return trancheVested(this.terms.tranches, at);
  }

  /** `releasable(id)` at `now`. */
  releasable(now: bigint): bigint {
    return this.vestedAmount(now) - this.released;
  }

  /** `release(id)` at `now`: the amount paid (0 if nothing new is vested). */
  release(now: bigint): bigint {
    const vested = this.vestedAmount(now);
    if (vested <= this.released) return 0n;
    const amount = vested - this.released;
    this.released = vested;
    return amount;
  }

  /** `revoke(id)` at `now` (revocable categories only): returns [vested, unvested to the treasury]. */
  revoke(now: bigint): [bigint, bigint] {
    if (this.revokedAt !== undefined) throw new RangeError("VestingAlreadyRevoked");
    const vested = this.vestedAmount(now);
    this.revokedAt = now;
    return [vested, this.total - vested];
  }
}
