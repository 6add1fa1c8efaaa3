const SCALE = 10n ** 18n;

/** rewardsDuration of `@uniswap/liquidity-staker` 1.0.2's StakingRewards: 60 days, fixed. */
export const UNISWAP_REWARDS_DURATION = 60n * 24n * 60n * 60n;

/** A revert of the baseline, with its require message. */
export class StakingRewardsRevert extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "StakingRewardsRevert";
  }
}

function key(account: string): string {
  return account.toLowerCase();
}

/**
 * Uniswap's `StakingRewards` (Synthetix), integer for integer: `rewardPerToken = stored +
 * Δt × rate × 1e18 / totalSupply` with the remainder dropped at every update, `earned = balance ×
 * (rpt − paid) / 1e18 + rewards`, and `notifyRewardAmount` setting `rate = (reward + leftover) /
 * duration` (the division's remainder and emissions over an empty pool are never paid).
 */
export class StakingRewardsModel {
  rewardPerTokenStored = 0n;
  rewardRate = 0n;
  lastUpdateTime = 0n;
  periodFinish = 0n;
  totalSupply = 0n;
  /** Reward tokens the contract holds (funded minus paid): `notifyRewardAmount` checks the rate against it. */
  rewardBalance = 0n;
  private readonly balances = new Map<string, bigint>();
  private readonly paid = new Map<string, bigint>();
  private readonly rewardsOf = new Map<string, bigint>();

  constructor(readonly rewardsDuration: bigint = UNISWAP_REWARDS_DURATION) {}

  fund(amount: bigint): void {
    this.rewardBalance += amount;
  }

  balanceOf(account: string): bigint {
    return this.balances.get(key(account)) ?? 0n;
  }

  rewards(account: string): bigint {
    return this.rewardsOf.get(key(account)) ?? 0n;
  }

  userRewardPerTokenPaid(account: string): bigint {
    return this.paid.get(key(account)) ?? 0n;
  }

  lastTimeRewardApplicable(now: bigint): bigint {
    return now < this.periodFinish ? now : this.periodFinish;
  }

  rewardPerToken(now: bigint): bigint {
    if (this.totalSupply === 0n) return this.rewardPerTokenStored;
    return (
      this.rewardPerTokenStored +
      ((this.lastTimeRewardApplicable(now) - this.lastUpdateTime) * this.rewardRate * SCALE) / this.totalSupply
    );
  }

  earned(account: string, now: bigint): bigint {
    const paid = this.userRewardPerTokenPaid(account);
    return (this.balanceOf(account) * (this.rewardPerToken(now) - paid)) / SCALE + this.rewards(account);
  }

  stake(account: string, amount: bigint, now: bigint): void {
    if (amount === 0n) throw new StakingRewardsRevert("Cannot stake 0");
    this.updateReward(account, now);
    this.totalSupply += amount;
    this.balances.set(key(account), this.balanceOf(account) + amount);
  }

  withdraw(account: string, amount: bigint, now: bigint): void {
    if (amount === 0n) throw new StakingRewardsRevert("Cannot withdraw 0");
    if (amount > this.balanceOf(account)) throw new StakingRewardsRevert("SafeMath: subtraction overflow");
    this.updateReward(account, now);
    this.totalSupply -= amount;
    this.balances.set(key(account), this.balanceOf(account) - amount);
  }

  /** Returns the amount paid. */
  getReward(account: string, now: bigint): bigint {
    this.updateReward(account, now);
    const reward = this.rewards(account);
    if (reward > 0n) {
      this.rewardsOf.set(key(account), 0n);
      this.rewardBalance -= reward;
    }
    return reward;
  }

  /** `exit()` = `withdraw(balance)` then `getReward()`: reverts "Cannot withdraw 0" on an empty position. */
  exit(account: string, now: bigint): [bigint, bigint] {
    const amount = this.balanceOf(account);
    this.withdraw(account, amount, now);
    return [amount, this.getReward(account, now)];
  }

  notifyRewardAmount(reward: bigint, now: bigint): void {
    const before: [bigint, bigint] = [this.rewardPerTokenStored, this.lastUpdateTime];
    this.updateReward(undefined, now);
    let rate: bigint;
    if (now >= this.periodFinish) {
      rate = reward / this.rewardsDuration;
    } else {
      rate = (reward + (this.periodFinish - now) * this.rewardRate) / this.rewardsDuration;
    }
    if (rate > this.rewardBalance / this.rewardsDuration) {
      [this.rewardPerTokenStored, this.lastUpdateTime] = before;
      throw new StakingRewardsRevert("Provided reward too high");
    }
    this.rewardRate = rate;
    this.lastUpdateTime = now;
    this.periodFinish = now + this.rewardsDuration;
  }

  /** The `updateReward(account)` modifier. */
  private updateReward(account: string | undefined, now: bigint): void {
    this.rewardPerTokenStored = this.rewardPerToken(now);
    this.lastUpdateTime = this.lastTimeRewardApplicable(now);
    if (account !== undefined) {
      this.rewardsOf.set(key(account), this.earned(account, now));
      this.paid.set(key(account), this.rewardPerTokenStored);
    }
  }
}
