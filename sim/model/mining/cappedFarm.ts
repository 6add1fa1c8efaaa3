import { effectiveBalance, WAD } from "./effectiveBalance";

const U96 = (1n << 96n) - 1n;
const U104 = (1n << 104n) - 1n;
const SCALE = 10n ** 18n;

/** The farm's curve: verified cap, slope above it (WAD), cap of accounts without an identity. */
export interface FarmCurve {
  cap: bigint;
  slope: bigint;
  unverifiedCap: bigint;
}

/** What `IIdentityRegistry.bindingOf(account)` answers now: identity id (0 = none) and its registrant. */
export interface Binding {
  identityId: bigint;
  registrant: string;
}

/** Reads the registry as the farm does (the caller replays the chain's registry state). */
export type BindingOf = (account: string) => Binding;

/** A named revert of the farm, as the contract raises it. */
export class FarmRevert extends Error {
  constructor(readonly error: string) {
    super(error);
    this.name = "FarmRevert";
  }
}

interface Position {
  balance: bigint;
  effective: bigint;
  identity: bigint;
}

interface Account {
  paid: bigint;
  rewards: bigint;
}

function key(account: string): string {
  return account.toLowerCase();
}

/**
 * `CappedStakingRewards`, integer for integer: the accumulator `(emitted × 1e18 + remainder) /
 * totalEffective` keeping its remainder, emissions over an empty farm and the rate's rounding carried
 * to the next notification, one floor per settlement, the one-account-per-identity rule with
 * eviction of a rotated key's old account. Every action takes the block timestamp it runs at.
 */
export class CappedFarmModel {
  rewardPerTokenStored = 0n;
  rewardRate = 0n;
  totalStaked = 0n;
  totalEffective = 0n;
  lastUpdateTime = 0n;
  periodFinish = 0n;
  undistributed = 0n;
  outstanding = 0n;
  accumulatorRemainder = 0n;
  /** Reward tokens the farm holds (funded minus paid). */
  rewardBalance = 0n;
  private curve: FarmCurve;
  private readonly positions = new Map<string, Position>();
  private readonly accounts = new Map<string, Account>();
  private readonly holder = new Map<bigint, string>();

  constructor(
    curve: FarmCurve,
    public rewardsDuration: bigint,
    private readonly bindingOf: BindingOf,
  ) {
    if (rewardsDuration <= 0n) throw new FarmRevert("MiningZeroDuration");
    this.curve = { cap: 0n, slope: 0n, unverifiedCap: 0n };
    this.setCaps(curve);
  }

  /** Reward tokens transferred to the farm (no call: the farm reads its balance at notify). */
  fund(amount: bigint): void {
    this.rewardBalance += amount;
  }

  caps(): FarmCurve {
    return { ...this.curve };
  }

  position(account: string): Readonly<Position> {
    return this.positions.get(key(account)) ?? { balance: 0n, effective: 0n, identity: 0n };
  }

  /** `rewards(account)`: settled and unclaimed. */
  rewards(account: string): bigint {
    return this.accounts.get(key(account))?.rewards ?? 0n;
  }

  userRewardPerTokenPaid(account: string): bigint {
    return this.accounts.get(key(account))?.paid ?? 0n;
  }

  lastTimeRewardApplicable(now: bigint): bigint {
    return now < this.periodFinish ? now : this.periodFinish;
  }

  /** The `rewardPerToken()` view at `now`. */
  rewardPerToken(now: bigint): bigint {
    const applicable = this.lastTimeRewardApplicable(now);
    if (this.totalEffective === 0n || !(applicable > this.lastUpdateTime)) return this.rewardPerTokenStored;
    const emitted = (applicable - this.lastUpdateTime) * this.rewardRate;
    if (emitted === 0n) return this.rewardPerTokenStored;
    return this.rewardPerTokenStored + (emitted * SCALE + this.accumulatorRemainder) / this.totalEffective;
  }

  /** The `earned(account)` view at `now`. */
  earned(account: string, now: bigint): bigint {
    const p = this.position(account);
    return (
      this.rewards(account) + (p.effective * (this.rewardPerToken(now) - this.userRewardPerTokenPaid(account))) / SCALE
    );
  }

  stake(account: string, amount: bigint, now: bigint): void {
    if (amount === 0n) throw new FarmRevert("MiningZeroAmount");
    const rpt = this.updateGlobal(now);
    const p = { ...this.position(account) };
    this.settle(account, p.effective, rpt, true);
    if (p.balance === 0n) this.resolveIdentity(account, p, rpt);
    this.store(account, p, p.balance + amount);
  }

  withdraw(account: string, amount: bigint, now: bigint): void {
    if (amount === 0n) throw new FarmRevert("MiningZeroAmount");
    const p = { ...this.position(account) };
    if (amount > p.balance) throw new FarmRevert("MiningInsufficientStake");
    const rpt = this.updateGlobal(now);
    this.settle(account, p.effective, rpt, true);
    this.store(account, p, p.balance - amount);
  }

  /** `getReward()`: returns the amount paid. */
  getReward(account: string, now: bigint): bigint {
    const rpt = this.updateGlobal(now);
    return this.pay(this.claim(account, this.position(account).effective, rpt));
  }

  /** `exit()`: withdraws the whole stake (if any) and pays the rewards; returns [withdrawn, paid]. */
  exit(account: string, now: bigint): [bigint, bigint] {
    const rpt = this.updateGlobal(now);
    const p = { ...this.position(account) };
    const reward = this.claim(account, p.effective, rpt);
    const amount = p.balance;
    if (amount !== 0n) this.store(account, p, 0n);
    return [amount, this.pay(reward)];
  }

  poke(account: string, now: bigint): void {
    const rpt = this.updateGlobal(now);
    const p = { ...this.position(account) };
    this.settle(account, p.effective, rpt, false);
    this.resolveIdentity(account, p, rpt);
    this.store(account, p, p.balance);
  }

  notifyRewardAmount(reward: bigint, now: bigint): void {
    if (reward === 0n) throw new FarmRevert("MiningZeroAmount");
    const snapshot = this.snapshotGlobal();
    const rpt = this.updateGlobal(now);
    const carried = this.undistributed;
    const leftover = now < this.periodFinish ? (this.periodFinish - now) * this.rewardRate : 0n;
    const total = reward + carried + leftover;
    if (total > U96) {
      this.restoreGlobal(snapshot);
      throw new FarmRevert("SafeCastOverflowedUintDowncast");
    }
    const rate = total / this.rewardsDuration;
    const outstanding = this.outstanding + reward;
    if (outstanding > this.rewardBalance) {
      this.restoreGlobal(snapshot);
      throw new FarmRevert("MiningRewardExceedsBalance");
    }
    this.undistributed = total - rate * this.rewardsDuration;
    this.outstanding = outstanding;
    this.rewardPerTokenStored = rpt;
    this.rewardRate = rate;
    this.periodFinish = now + this.rewardsDuration;
    this.lastUpdateTime = now;
  }

  setCaps(curve: FarmCurve): void {
    if (curve.slope > WAD) throw new FarmRevert("MiningSlopeTooHigh");
    if (curve.cap > U96 || curve.unverifiedCap > U96) throw new FarmRevert("SafeCastOverflowedUintDowncast");
    this.curve = { ...curve };
  }

  setRewardsDuration(duration: bigint, now: bigint): void {
    if (!(now > this.periodFinish)) throw new FarmRevert("MiningPeriodNotFinished");
    if (duration === 0n) throw new FarmRevert("MiningZeroDuration");
    this.rewardsDuration = duration;
  }

  private snapshotGlobal(): [bigint, bigint, bigint, bigint] {
    return [this.rewardPerTokenStored, this.lastUpdateTime, this.undistributed, this.accumulatorRemainder];
  }

  private restoreGlobal([rpt, last, undistributed, remainder]: [bigint, bigint, bigint, bigint]): void {
    this.rewardPerTokenStored = rpt;
    this.lastUpdateTime = last;
    this.undistributed = undistributed;
    this.accumulatorRemainder = remainder;
  }

  /** `_updateGlobal`: brings the accumulator to `min(now, periodFinish)`, carrying emissions over an empty farm. */
  private updateGlobal(now: bigint): bigint {
    const applicable = this.lastTimeRewardApplicable(now);
    if (applicable > this.lastUpdateTime) {
      const emitted = (applicable - this.lastUpdateTime) * this.rewardRate;
      if (emitted !== 0n) {
        if (this.totalEffective !== 0n) {
          const scaled = emitted * SCALE + this.accumulatorRemainder;
          this.rewardPerTokenStored += scaled / this.totalEffective;
          this.accumulatorRemainder = scaled % this.totalEffective;
        } else {
          this.undistributed += emitted;
        }
      }
      this.lastUpdateTime = applicable;
    }
    return this.rewardPerTokenStored;
  }

  /** `_settle` (bounded: the account's own call reverts above 2^96) or `_settleUnbounded`. */
  private settle(account: string, effective: bigint, rpt: bigint, bounded: boolean): void {
    const r = this.accounts.get(key(account)) ?? { paid: 0n, rewards: 0n };
    const reward = r.rewards + (effective * (rpt - r.paid)) / SCALE;
    if (bounded && reward > U96) throw new FarmRevert("SafeCastOverflowedUintDowncast");
    this.accounts.set(key(account), { paid: rpt, rewards: reward });
  }

  private claim(account: string, effective: bigint, rpt: bigint): bigint {
    const r = this.accounts.get(key(account)) ?? { paid: 0n, rewards: 0n };
    const reward = r.rewards + (effective * (rpt - r.paid)) / SCALE;
    this.accounts.set(key(account), { paid: rpt, rewards: 0n });
    return reward;
  }

  private pay(reward: bigint): bigint {
    this.outstanding -= reward;
    this.rewardBalance -= reward;
    return reward;
  }

  /** `_resolveIdentity`: credits the account's identity, evicting the account that held its cap before. */
  private resolveIdentity(account: string, p: Position, rpt: bigint): void {
    const { identityId, registrant } = this.bindingOf(account);
    p.identity = identityId;
    if (identityId === 0n) return;
    const former = this.holder.get(identityId) ?? key(registrant);
    if (former !== key(account)) {
      const q = { ...this.position(former) };
      if (q.identity === identityId) {
        this.settle(former, q.effective, rpt, false);
        q.identity = 0n;
        this.store(former, q, q.balance);
      }
      this.holder.set(identityId, key(account));
    }
  }

  /** `_store`: the new balance and effective balance, totals adjusted by the difference. */
  private store(account: string, p: Position, newBalance: bigint): void {
    if (newBalance > U96) throw new FarmRevert("SafeCastOverflowedUintDowncast");
    const newEffective =
      p.identity !== 0n
        ? newBalance > this.curve.cap
          ? effectiveBalance(newBalance, this.curve.cap, this.curve.slope)
          : newBalance
        : effectiveBalance(newBalance, this.curve.unverifiedCap, 0n);
    const staked = this.totalStaked + newBalance - p.balance;
    if (staked > U104) throw new FarmRevert("SafeCastOverflowedUintDowncast");
    this.totalStaked = staked;
    this.totalEffective = this.totalEffective + newEffective - p.effective;
    this.positions.set(key(account), { balance: newBalance, effective: newEffective, identity: p.identity });
  }
}
