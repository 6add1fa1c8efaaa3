// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IMiningErrors} from "../interfaces/IMiningErrors.sol";
import {EffectiveBalance} from "./libraries/EffectiveBalance.sol";

/// @title Capped-yield staking rewards
/// @notice Synthetix/Uniswap `StakingRewards` surface, but rewards accrue on EFFECTIVE stake:
/// `min(stake, cap) + slope × (stake − cap)` for the account that holds a verified identity,
/// `min(stake, unverifiedCap)` for every other account. Beyond the cap more capital earns no more
/// (or earns at the reduced slope), so per token retail earns at least as much as a whale.
/// @dev Identity rule (option "one account per identity"): an identity's cap is credited to one
/// account at a time, the `holder`. An account resolves its identity from the registry when it
/// opens a position (stake from a zero balance) and on `poke`. If that identity is credited to
/// another account (a key rotation), the former holder is evicted in the same call: its rewards are
/// settled and its effective balance drops to the unverified curve. So an identity never earns on
/// two caps, with or without a poke. Revocations and cap changes take effect for an account when
/// it is poked (anyone may poke; the caller gains nothing). Every call is O(1) in the stakers.
/// Rounding (docs/design.md, "Farm reward accounting"): the rate's remainder and emissions over an
/// empty farm are carried to the next notification, the accumulator's division remainder to the next
/// update; only each settlement's floor (< 1 wei) is left, so Σ notified = Σ paid + Σ earned +
/// carried + still to stream + `accumulatorRemainder() / 1e18` + fewer wei than settlements.
contract CappedStakingRewards is AccessControl, ReentrancyGuardTransient, IMiningErrors {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role allowed to start or extend a reward period with `notifyRewardAmount`.
    bytes32 public constant REWARDS_DISTRIBUTOR_ROLE = keccak256("REWARDS_DISTRIBUTOR_ROLE");

    /// @dev Per account, packed so a top-up reads and writes one slot.
    struct Position {
        uint96 balance;
        uint96 effective;
        uint64 identity;
    }

    /// @dev Per account: the accumulator it was settled at and the rewards settled to it, one slot
    /// (read and written by every settlement). `paid` has the width of the accumulator;
    /// `rewards` < 2^96 wei. Each period's rewards are < 2^96 (checked at notify), but unclaimed
    /// rewards add up across periods: on the account's own settlement (stake, withdraw) SafeCast
    /// reverts rather than wraps, and the account claims first; a claim (`getReward`, `exit`) writes
    /// zero and never reverts on this bound. Settlements in someone else's call (a `poke`, the
    /// eviction of a rotated key's old account) have no bound: what does not fit stays
    /// `type(uint96).max` here and the rest is in `_rewardsBeyond`.
    struct Account {
        uint160 paid;
        uint96 rewards;
    }

    /// @dev The three curve parameters (constructor argument and `caps()`; stored across two slots).
    struct Caps {
        uint96 cap;
        uint64 slope;
        uint96 unverifiedCap;
    }

    /// @dev The accumulator and the rate it grows at, read by every update and written whenever it
    /// grows. Bound: reward-per-token ≤ Σ emitted × 1e18 / smallest effective total (≥ 1 wei), so it
    /// stays below 2^160 while the farm's lifetime emissions stay below 2^160 / 1e18 ≈ 1.46e30 wei
    /// (the worst case of 1 wei effectively staked throughout; real stakes divide it). The rate is
    /// below a period's rewards, < 2^96. SafeCast reverts rather than wraps.
    struct Accumulator {
        uint160 rewardPerToken;
        uint96 rate;
    }

    /// @dev Both totals and the time the accumulator was brought to: every update writes the time and
    /// every stake or withdrawal the totals, so they share one slot. Non-zero from the first
    /// `notifyRewardAmount` on (the timestamp), so the first stake into an empty farm never pays a
    /// zero-to-non-zero write. Σ stakes < 2^104 (SafeCast); Σ effective ≤ Σ stakes.
    struct Totals {
        uint104 staked;
        uint104 effective;
        uint48 lastUpdateTime;
    }

    /// @dev Read by every update (the period end) and every stake or withdrawal (the caps), written on
    /// notify and `setCaps`.
    struct Limits {
        uint48 periodFinish;
        uint96 cap;
        uint96 unverifiedCap;
    }

    /// @dev Read only where needed: the carry (farm empty), notify, and the slope (a verified stake
    /// above the cap). Never zero (the duration is not), so carrying never pays a zero-to-non-zero
    /// write. Carried rewards ≤ the current period's rewards, < 2^96 (checked at notify).
    struct Config {
        uint96 undistributed;
        uint64 slope;
        uint64 rewardsDuration;
    }

    /// @dev What is owed and the accumulator's division remainder, one slot: every update that grows
    /// the accumulator writes the remainder and every claim the outstanding amount, so a claim pays
    /// for one slot, not two. `remainder` < Σ effective (< 2^104) when written; `outstanding` grows
    /// only at notify, by less than 2^96 each time, and SafeCast reverts rather than wraps at 2^152.
    struct Ledger {
        uint152 outstanding;
        uint104 remainder;
    }

    /// @notice The token rewards are paid in.
    IERC20 public immutable rewardsToken;
    /// @notice The token stakers deposit (the Uniswap V2 LP token).
    IERC20 public immutable stakingToken;
    /// @notice The identity registry shared by every Counterweight module.
    IIdentityRegistry public immutable registry;
    bool private immutable _sameToken;

    Accumulator private _acc;
    Totals private _totals;
    Limits private _limits;
    Config private _config;
    Ledger private _ledger;

    mapping(address account => Position) private _positions;
    mapping(address account => Account) private _accounts;
    /// @dev The account holding an identity's cap, recorded only when it is not the identity's
    /// registrant (see `_resolveIdentity`).
    mapping(uint256 identityId => address) private _holder;
    /// @dev What an evicted account's settled rewards exceed `type(uint96).max` by; non-zero only
    /// while its `Account.rewards` holds that value, so a claim reads it only then (see `_settleUnbounded`).
    mapping(address account => uint256) private _rewardsBeyond;

    /// @notice A reward period was started or extended (the breakdown is in `RewardPeriodScheduled`).
    /// @param reward The amount notified (carried rewards are added on top).
    event RewardAdded(uint256 reward);
    /// @notice `notifyRewardAmount` scheduled a period: `reward` (in `RewardAdded`) + `carried` +
    /// `leftover` = `rate` × `rewardsDuration` + `undistributed`. The whole carry went into the
    /// period and the rate's rounding remainder is the new carry, so an indexer rebuilds
    /// `undistributedRewards()` as: + `amount` on `RewardsCarried`; − `carried` + `undistributed` here.
    /// @param carried The carry before the notification, all of it scheduled now.
    /// @param leftover What the running period had still to stream (0 if it was over).
    /// @param rate The new reward rate.
    /// @param periodFinish The new end of the period.
    /// @param undistributed The new carry: the rate's rounding remainder.
    event RewardPeriodScheduled(
        uint256 carried,
        uint256 leftover,
        uint256 rate,
        uint256 periodFinish,
        uint256 undistributed
    );
    /// @notice `user` staked `amount`.
    /// @param user The staker.
    /// @param amount The amount staked.
    event Staked(address indexed user, uint256 amount);
    /// @notice `user` withdrew `amount`.
    /// @param user The staker.
    /// @param amount The amount withdrawn.
    event Withdrawn(address indexed user, uint256 amount);
    /// @notice `user` was paid `reward`.
    /// @param user The staker.
    /// @param reward The amount paid.
    event RewardPaid(address indexed user, uint256 reward);
    /// @notice The rewards duration changed.
    /// @param newDuration The new duration in seconds.
    event RewardsDurationUpdated(uint256 newDuration);
    /// @notice The curve parameters changed (existing positions follow when poked).
    /// @param cap Verified cap.
    /// @param slope Slope above the cap, WAD.
    /// @param unverifiedCap Cap of accounts without a credited identity.
    event CapsUpdated(uint256 cap, uint256 slope, uint256 unverifiedCap);
    /// @notice An account's effective balance or identity credit changed.
    /// @dev The total effective balance is the sum of every account's latest `effective` (and
    /// `totalEffectiveSupply()`), so it is not repeated here.
    /// @param account The account.
    /// @param identityId The identity credited to it (0 if none).
    /// @param effective Its new effective balance.
    event EffectiveBalanceUpdated(address indexed account, uint256 indexed identityId, uint256 effective);
    /// @notice Rewards emitted while nothing was effectively staked were set aside for the next period
    /// (the only way the carry grows between notifications; see `RewardPeriodScheduled`).
    /// @param amount The amount added.
    /// @param undistributed The new total set aside.
    event RewardsCarried(uint256 amount, uint256 undistributed);

    /// @notice Deploys the farm.
    /// @param admin DEFAULT_ADMIN_ROLE holder (the timelock): curve parameters, duration, roles.
    /// @param distributor Optional extra REWARDS_DISTRIBUTOR_ROLE holder (address(0) for none).
    /// @param rewardsToken_ The reward token.
    /// @param stakingToken_ The staking token.
    /// @param registry_ The identity registry.
    /// @param rewardsDuration_ Seconds per reward period.
    /// @param caps_ Initial verified cap, slope (WAD) and unverified cap.
    constructor(
        address admin,
        address distributor,
        IERC20 rewardsToken_,
        IERC20 stakingToken_,
        IIdentityRegistry registry_,
        uint256 rewardsDuration_,
        Caps memory caps_
    ) {
        if (admin == address(0)) revert MiningZeroAddress("admin");
        if (address(rewardsToken_) == address(0)) revert MiningZeroAddress("rewardsToken");
        if (address(stakingToken_) == address(0)) revert MiningZeroAddress("stakingToken");
        if (address(registry_) == address(0)) revert MiningZeroAddress("registry");
        rewardsToken = rewardsToken_;
        stakingToken = stakingToken_;
        registry = registry_;
        _sameToken = address(rewardsToken_) == address(stakingToken_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REWARDS_DISTRIBUTOR_ROLE, admin);
        if (distributor != address(0)) _grantRole(REWARDS_DISTRIBUTOR_ROLE, distributor);
        _setRewardsDuration(rewardsDuration_);
        _setCaps(caps_.cap, caps_.slope, caps_.unverifiedCap);
    }

    // ---------------------------------------------------------------- views

    /// @notice Total staked tokens.
    /// @return The sum of all stakes.
    function totalSupply() external view returns (uint256) {
        return _totals.staked;
    }

    /// @notice Sum of all effective balances (what rewards are split over).
    /// @return The total effective balance.
    function totalEffectiveSupply() external view returns (uint256) {
        return _totals.effective;
    }

    /// @notice Tokens staked by `account`.
    /// @param account The account.
    /// @return Its stake.
    function balanceOf(address account) external view returns (uint256) {
        return _positions[account].balance;
    }

    /// @notice The part of `account`'s stake that earns rewards (as of its last update or poke).
    /// @param account The account.
    /// @return Its effective balance.
    function effectiveBalanceOf(address account) external view returns (uint256) {
        return _positions[account].effective;
    }

    /// @notice The identity whose cap `account` is credited with (0 if none).
    /// @param account The account.
    /// @return The identity id.
    function creditedIdentityOf(address account) external view returns (uint256) {
        return _positions[account].identity;
    }

    /// @notice `rewardPerTokenStored` when the account's rewards were last settled.
    /// @param account The account.
    /// @return The accumulator it was settled at.
    function userRewardPerTokenPaid(address account) external view returns (uint256) {
        return _accounts[account].paid;
    }

    /// @notice Rewards settled to the account and not yet claimed.
    /// @param account The account.
    /// @return The amount (`earned` adds what accrued since the last settlement).
    function rewards(address account) public view returns (uint256) {
        return _accounts[account].rewards + _rewardsBeyond[account];
    }

    /// @notice Current curve parameters.
    /// @return cap Verified cap.
    /// @return slope Slope above the cap (WAD).
    /// @return unverifiedCap Cap of accounts without a credited identity.
    function caps() external view returns (uint256 cap, uint256 slope, uint256 unverifiedCap) {
        Limits memory limits = _limits;
        return (limits.cap, _config.slope, limits.unverifiedCap);
    }

    /// @notice Seconds a notified reward is spread over.
    /// @return The duration of future reward periods.
    function rewardsDuration() external view returns (uint256) {
        return _config.rewardsDuration;
    }

    /// @notice Rewards not yet scheduled: emitted while nothing was effectively staked, plus the
    /// rounding remainder of the rate; added to the next `notifyRewardAmount`.
    /// @return The amount set aside.
    function undistributedRewards() external view returns (uint256) {
        return _config.undistributed;
    }

    /// @notice Reward tokens promised and not yet paid out: everything notified minus everything
    /// claimed, i.e. what stakers have earned and not claimed, what the period has still to stream,
    /// what is carried, the accumulator's remainder and the settlements' floors. The farm's reward
    /// balance (net of staked principal when one token is both) always covers it:
    /// `notifyRewardAmount` checks it.
    /// @return The amount.
    function rewardsOutstanding() external view returns (uint256) {
        return _ledger.outstanding;
    }

    /// @notice Rewards streamed to stakers and not yet in the accumulator, in wei × 1e18: the division
    /// remainder of `emitted × 1e18 / totalEffectiveSupply()`, carried exactly into the next update
    /// (so no update, however frequent, rounds rewards away). As of `lastUpdateTime`.
    /// @return The remainder numerator (below the total effective supply it was divided by).
    function accumulatorRemainder() external view returns (uint256) {
        return _ledger.remainder;
    }

    /// @notice Reward tokens per second in the current period.
    /// @return The rate.
    function rewardRate() external view returns (uint256) {
        return _acc.rate;
    }

    /// @notice End of the current reward period.
    /// @return A timestamp.
    function periodFinish() external view returns (uint256) {
        return _limits.periodFinish;
    }

    /// @notice Last time the accumulator was updated.
    /// @return A timestamp.
    function lastUpdateTime() external view returns (uint256) {
        return _totals.lastUpdateTime;
    }

    /// @notice Accumulated reward per effective token, scaled by 1e18, at the last update.
    /// @return The stored accumulator.
    function rewardPerTokenStored() external view returns (uint256) {
        return _acc.rewardPerToken;
    }

    /// @notice min(now, periodFinish): the last second rewards accrue for.
    /// @return A timestamp.
    function lastTimeRewardApplicable() public view returns (uint256) {
        uint256 finish = _limits.periodFinish;
        return block.timestamp < finish ? block.timestamp : finish;
    }

    /// @notice Accumulated reward per effective token (1e18-scaled) as of now.
    /// @return The accumulator.
    function rewardPerToken() public view returns (uint256) {
        Accumulator memory a = _acc;
        Totals memory t = _totals;
        uint256 applicable = lastTimeRewardApplicable();
        if (t.effective == 0 || !(applicable > t.lastUpdateTime)) return a.rewardPerToken;
        uint256 emitted = (applicable - t.lastUpdateTime) * a.rate;
        if (emitted == 0) return a.rewardPerToken;
        return a.rewardPerToken + (emitted * 1e18 + _ledger.remainder) / t.effective;
    }

    /// @notice Rewards `account` could claim now.
    /// @param account The account.
    /// @return The amount.
    function earned(address account) external view returns (uint256) {
        return rewards(account) + (_positions[account].effective * (rewardPerToken() - _accounts[account].paid)) / 1e18;
    }

    /// @notice Rewards emitted over a full period at the current rate.
    /// @return rate × duration.
    function getRewardForDuration() external view returns (uint256) {
        return uint256(_acc.rate) * _config.rewardsDuration;
    }

    // ---------------------------------------------------------------- user actions

    /// @notice Stakes `amount` of the staking token (approve first).
    /// @param amount The amount.
    function stake(uint256 amount) external nonReentrant {
        _stake(amount);
    }

    /// @notice Stakes with an EIP-2612 permit instead of a prior approval. A permit already used
    /// (e.g. front-run) is ignored so the stake still goes through on the existing allowance.
    /// @param amount The amount.
    /// @param deadline Permit deadline.
    /// @param v Signature v.
    /// @param r Signature r.
    /// @param s Signature s.
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(stakingToken)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _stake(amount);
    }

    /// @notice Withdraws `amount` of the caller's stake.
    /// @param amount The amount.
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert MiningZeroAmount();
        (uint256 rpt, Totals memory t) = _updateGlobal();
        Position memory p = _positions[msg.sender];
        if (amount > p.balance) revert MiningInsufficientStake(msg.sender, p.balance, amount);
        _settle(msg.sender, p.effective, rpt);
        _store(msg.sender, p, p.balance - amount, t);
        emit Withdrawn(msg.sender, amount);
        stakingToken.safeTransfer(msg.sender, amount);
    }

    /// @notice Claims the caller's rewards.
    function getReward() external nonReentrant {
        (uint256 rpt, Totals memory t) = _updateGlobal();
        _totals = t;
        uint256 reward = _claim(msg.sender, _positions[msg.sender].effective, rpt);
        _pay(reward);
    }

    /// @notice Withdraws the whole stake and claims the rewards.
    function exit() external nonReentrant {
        (uint256 rpt, Totals memory t) = _updateGlobal();
        Position memory p = _positions[msg.sender];
        uint256 reward = _claim(msg.sender, p.effective, rpt);
        uint256 amount = p.balance;
        if (amount != 0) {
            _store(msg.sender, p, 0, t);
            emit Withdrawn(msg.sender, amount);
            stakingToken.safeTransfer(msg.sender, amount);
        } else {
            _totals = t;
        }
        _pay(reward);
    }

    /// @notice Re-reads `account`'s identity from the registry and recomputes its effective balance
    /// under the current caps. Anyone may call it; rewards accrued so far are settled at the old
    /// effective balance and stay the account's, so the caller gains nothing.
    /// @param account The account to update.
    function poke(address account) external nonReentrant {
        (uint256 rpt, Totals memory t) = _updateGlobal();
        Position memory p = _positions[account];
        // Unbounded: a poke runs in another account's call, so an account owed >= 2^96 wei cannot
        // make itself immune to revocations and cap changes by never claiming.
        _settleUnbounded(account, p.effective, rpt);
        _resolveIdentity(account, p, rpt, t);
        _store(account, p, p.balance, t);
    }

    // ---------------------------------------------------------------- distributor and admin

    /// @notice Starts a reward period of `rewardsDuration` (or extends the current one) with
    /// `reward` plus anything carried. The farm must already hold the tokens: its reward balance
    /// (net of staked principal when one token is both) must cover `rewardsOutstanding + reward`,
    /// so rewards earned and not yet claimed can never fund a new period.
    /// @dev A period's rewards (`reward` + carried + what the running period has left) must stay
    /// below 2^96 wei (SafeCast): this bounds the rate, the carry and every account's rewards.
    /// @param reward The amount added.
    function notifyRewardAmount(uint256 reward) external onlyRole(REWARDS_DISTRIBUTOR_ROLE) nonReentrant {
        if (reward == 0) revert MiningZeroAmount();
        (uint256 rpt, Totals memory t) = _updateGlobal();
        Config memory c = _config;
        uint256 carried = c.undistributed;
        uint256 leftover;
        {
            uint256 finish = _limits.periodFinish;
            if (block.timestamp < finish) leftover = (finish - block.timestamp) * _acc.rate;
        }
        uint256 total = reward + carried + leftover;
        // The period's rewards below 2^96 bound the rate, the carry and every account's rewards.
        uint256 rate = total.toUint96() / c.rewardsDuration;
        c.undistributed = uint96(total - rate * c.rewardsDuration);

        // Solvency against everything already promised, not only this period: rewards earned and
        // not yet claimed stay owed, so they cannot fund a new period.
        {
            Ledger memory ledger = _ledger;
            uint256 outstanding = ledger.outstanding + reward;
            uint256 available = rewardsToken.balanceOf(address(this));
            if (_sameToken) available -= t.staked;
            if (outstanding > available) revert MiningRewardExceedsBalance(outstanding, available);
            ledger.outstanding = outstanding.toUint152();
            _ledger = ledger;
        }

        _config = c;
        _acc = Accumulator({rewardPerToken: uint160(rpt), rate: uint96(rate)});
        uint256 finishes = block.timestamp + c.rewardsDuration;
        _limits.periodFinish = finishes.toUint48();
        t.lastUpdateTime = uint48(block.timestamp);
        _totals = t;
        emit RewardAdded(reward);
        emit RewardPeriodScheduled(carried, leftover, rate, finishes, c.undistributed);
    }

    /// @notice Sets the curve. Existing positions keep their effective balance until poked
    /// (their owner's next stake from zero, or anyone's `poke`), so raise or lower caps then poke.
    /// @param cap Verified cap.
    /// @param slope Slope above the cap, WAD, at most 1e18.
    /// @param unverifiedCap Cap of accounts without a credited identity.
    function setCaps(uint256 cap, uint256 slope, uint256 unverifiedCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCaps(cap, slope, unverifiedCap);
    }

    /// @notice Sets the length of future reward periods; only between periods.
    /// @param duration Seconds, below 2^64.
    function setRewardsDuration(uint256 duration) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 finish = _limits.periodFinish;
        if (!(block.timestamp > finish)) revert MiningPeriodNotFinished(finish, block.timestamp);
        _setRewardsDuration(duration);
    }

    // ---------------------------------------------------------------- internals

    function _stake(uint256 amount) private {
        if (amount == 0) revert MiningZeroAmount();
        (uint256 rpt, Totals memory t) = _updateGlobal();
        Position memory p = _positions[msg.sender];
        _settle(msg.sender, p.effective, rpt);
        if (p.balance == 0) _resolveIdentity(msg.sender, p, rpt, t);
        _store(msg.sender, p, p.balance + amount, t);
        emit Staked(msg.sender, amount);

        // Staking and reward tokens apart: require solvency (every stake stays backed, whatever the
        // token does); one token for both: the reward reserve would mask a fee, so require the delta.
        uint256 before = _sameToken ? stakingToken.balanceOf(address(this)) : 0;
        stakingToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 actual = stakingToken.balanceOf(address(this));
        uint256 expected = _sameToken ? before + amount : t.staked;
        if (actual < expected) revert MiningFeeOnTransfer(expected, actual);
    }

    function _pay(uint256 reward) private {
        if (reward != 0) {
            // Never more than was notified: each payout is a floored share of what was streamed, so
            // the checked subtraction never fails and what is left fits the field it came from.
            _ledger.outstanding = uint152(_ledger.outstanding - reward);
            emit RewardPaid(msg.sender, reward);
            rewardsToken.safeTransfer(msg.sender, reward);
        }
    }

    /// @dev Brings the accumulator up to now (written only if it grew); emissions over an empty farm
    /// are carried, not lost. The division `(emitted × 1e18 + remainder) / totalEffective` keeps its
    /// remainder for the next update, so however often anyone updates (a `poke` every block), the
    /// accumulator times the effective totals it was divided by plus the remainder is exactly every
    /// emission to stakers × 1e18. Returns the accumulator and the totals with the new update time,
    /// which the caller writes back (with its own change to the totals, in one write).
    function _updateGlobal() private returns (uint256 rpt, Totals memory t) {
        Accumulator memory a = _acc;
        t = _totals;
        rpt = a.rewardPerToken;
        uint256 finish = _limits.periodFinish;
        uint256 applicable = block.timestamp < finish ? block.timestamp : finish;
        uint256 last = t.lastUpdateTime;
        if (applicable > last) {
            uint256 emitted;
            // Bounded: seconds < 2^48 times a rate < 2^96; times 1e18 (< 2^60) still far below 2^256.
            unchecked {
                emitted = (applicable - last) * a.rate;
            }
            if (emitted != 0) {
                uint256 effective = t.effective;
                if (effective != 0) {
                    uint256 remainder;
                    unchecked {
                        // The remainder is below 2^104: the sum stays far below 2^256.
                        uint256 scaled = emitted * 1e18 + _ledger.remainder;
                        rpt += scaled / effective;
                        remainder = scaled % effective;
                    }
                    // Below the effective total, < 2^104.
                    _ledger.remainder = uint104(remainder);
                    _acc = Accumulator({rewardPerToken: rpt.toUint160(), rate: a.rate});
                } else {
                    uint256 undistributed = _config.undistributed + emitted;
                    _config.undistributed = undistributed.toUint96();
                    emit RewardsCarried(emitted, undistributed);
                }
            }
            t.lastUpdateTime = uint48(applicable);
        }
    }

    /// @dev Settles `account` at its current effective balance; the accumulator must be current.
    function _settle(address account, uint256 effective, uint256 rpt) private {
        Account memory r = _accounts[account];
        uint256 reward;
        // The accumulator never decreases; effective < 2^96 times a difference < 2^160 cannot overflow.
        unchecked {
            reward = r.rewards + (effective * (rpt - r.paid)) / 1e18;
        }
        _accounts[account] = Account({paid: uint160(rpt), rewards: reward.toUint96()});
    }

    /// @dev Like `_settle`, for settlements that run in another account's call (a `poke`, the
    /// eviction of a rotated key's old account): no 2^96 bound, so nobody is locked out of, or made
    /// immune to, an update by an account's unclaimed rewards. What does not fit below
    /// `type(uint96).max` goes to `_rewardsBeyond`, marked by that value.
    function _settleUnbounded(address account, uint256 effective, uint256 rpt) private {
        Account memory r = _accounts[account];
        uint256 reward;
        unchecked {
            reward = r.rewards + (effective * (rpt - r.paid)) / 1e18;
        }
        if (reward < type(uint96).max) {
            _accounts[account] = Account({paid: uint160(rpt), rewards: uint96(reward)});
        } else {
            _accounts[account] = Account({paid: uint160(rpt), rewards: type(uint96).max});
            // r.rewards was max already if a part is recorded, so only the new part is added.
            _rewardsBeyond[account] += reward - type(uint96).max;
        }
    }

    /// @dev Settles `account` and zeroes its rewards in the same write; returns what it is owed.
    function _claim(address account, uint256 effective, uint256 rpt) private returns (uint256 reward) {
        Account memory r = _accounts[account];
        unchecked {
            reward = r.rewards + (effective * (rpt - r.paid)) / 1e18;
        }
        _accounts[account] = Account({paid: uint160(rpt), rewards: 0});
        if (r.rewards == type(uint96).max) {
            reward += _rewardsBeyond[account];
            delete _rewardsBeyond[account];
        }
    }

    /// @dev Sets `p.identity` from the registry, taking the identity's cap from the account that
    /// last held it here: `_holder[id]` if recorded, else the identity's registrant. The record is
    /// written only when the cap goes to an account other than the registrant (after a key
    /// rotation), so an identity staking from the account that registered it needs no extra slot.
    /// Either way at most one position holds an identity's cap. Must run after `account` was
    /// settled in the same call (the accumulator is current).
    function _resolveIdentity(address account, Position memory p, uint256 rpt, Totals memory t) private {
        (uint256 identityId, address registrant) = registry.bindingOf(account);
        uint64 id = identityId.toUint64();
        p.identity = id;
        if (id == 0) return;
        address recorded = _holder[id];
        address former = recorded == address(0) ? registrant : recorded;
        if (former != account) {
            // The identity left `former` (rotation): settle it, then drop it to the unverified curve.
            Position memory q = _positions[former];
            if (q.identity == id) {
                _settleUnbounded(former, q.effective, rpt);
                q.identity = 0;
                _store(former, q, q.balance, t);
            }
            _holder[id] = account;
        }
    }

    /// @dev Writes the new balance and effective balance and keeps both totals exact by replacing
    /// the account's old contribution with its new one; writes the totals (with the update time).
    function _store(address account, Position memory p, uint256 newBalance, Totals memory t) private {
        uint96 balance = newBalance.toUint96();
        uint256 newEffective;
        if (p.identity != 0) {
            uint256 cap = _limits.cap;
            newEffective = newBalance > cap ? EffectiveBalance.curve(newBalance, cap, _config.slope) : newBalance;
        } else {
            newEffective = EffectiveBalance.curve(newBalance, _limits.unverifiedCap, 0);
        }
        // Each total holds the account's old contribution, and the new one is below 2^96.
        unchecked {
            t.staked = (uint256(t.staked) + balance - p.balance).toUint104();
            // Σ effective ≤ Σ stakes (each effective balance is at most its stake), so it fits too.
            t.effective = uint104(uint256(t.effective) + newEffective - p.effective);
        }
        _totals = t;
        _positions[account] = Position({balance: balance, effective: uint96(newEffective), identity: p.identity});
        emit EffectiveBalanceUpdated(account, p.identity, newEffective);
    }

    function _setCaps(uint256 cap, uint256 slope, uint256 unverifiedCap) private {
        if (slope > EffectiveBalance.WAD) revert MiningSlopeTooHigh(slope, EffectiveBalance.WAD);
        Limits memory limits = _limits;
        limits.cap = cap.toUint96();
        limits.unverifiedCap = unverifiedCap.toUint96();
        _limits = limits;
        _config.slope = uint64(slope);
        emit CapsUpdated(cap, slope, unverifiedCap);
    }

    function _setRewardsDuration(uint256 duration) private {
        if (duration == 0) revert MiningZeroDuration();
        _config.rewardsDuration = duration.toUint64();
        emit RewardsDurationUpdated(duration);
    }
}
