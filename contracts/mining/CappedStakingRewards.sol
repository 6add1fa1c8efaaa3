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

    /// @dev The three curve parameters, read together on every stake and withdrawal.
    struct Caps {
        uint96 cap;
        uint64 slope;
        uint96 unverifiedCap;
    }

    /// @dev Reward stream, packed: one slot read per accumulator update, written only on notify.
    struct Stream {
        uint128 rate;
        uint64 periodFinish;
    }

    /// @dev The accumulator and the time it was brought to: every update writes both, so they share
    /// one slot. Non-zero from the first `notifyRewardAmount` on (the timestamp), so the first accrual
    /// never pays a zero-to-non-zero write. 192 bits: an increment is at most rate × Δt × 1e18, and the
    /// rate is backed by real reward tokens; SafeCast reverts rather than wraps.
    struct Accumulator {
        uint192 rewardPerToken;
        uint64 lastUpdateTime;
    }

    /// @dev Both totals in one slot.
    struct Totals {
        uint128 staked;
        uint128 effective;
    }

    /// @notice The token rewards are paid in.
    IERC20 public immutable rewardsToken;
    /// @notice The token stakers deposit (the Uniswap V2 LP token).
    IERC20 public immutable stakingToken;
    /// @notice The identity registry shared by every Counterweight module.
    IIdentityRegistry public immutable registry;
    bool private immutable _sameToken;

    Stream private _stream;
    Accumulator private _acc;
    Totals private _totals;
    Caps private _caps;
    /// @notice Seconds a notified reward is spread over.
    uint256 public rewardsDuration;
    /// @notice Rewards not yet scheduled: emitted while nothing was effectively staked, plus the
    /// rounding remainder of the rate; added to the next `notifyRewardAmount`.
    uint256 public undistributedRewards;

    mapping(address account => Position) private _positions;
    /// @dev The account holding an identity's cap, recorded only when it is not the identity's
    /// registrant (see `_resolveIdentity`).
    mapping(uint256 identityId => address) private _holder;
    /// @notice `rewardPerTokenStored` when the account's rewards were last settled.
    mapping(address account => uint256) public userRewardPerTokenPaid;
    /// @notice Rewards settled to the account and not yet claimed.
    mapping(address account => uint256) public rewards;

    /// @notice A reward period was started or extended.
    /// @param reward The amount notified (carried rewards are added on top).
    event RewardAdded(uint256 reward);
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
    /// @param account The account.
    /// @param identityId The identity credited to it (0 if none).
    /// @param effective Its new effective balance.
    /// @param totalEffective The new total effective balance.
    event EffectiveBalanceUpdated(
        address indexed account,
        uint256 indexed identityId,
        uint256 effective,
        uint256 totalEffective
    );
    /// @notice Rewards were set aside for the next period (nothing was effectively staked, or rate dust).
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

    /// @notice Current curve parameters.
    /// @return cap Verified cap.
    /// @return slope Slope above the cap (WAD).
    /// @return unverifiedCap Cap of accounts without a credited identity.
    function caps() external view returns (uint256 cap, uint256 slope, uint256 unverifiedCap) {
        Caps memory c = _caps;
        return (c.cap, c.slope, c.unverifiedCap);
    }

    /// @notice Reward tokens per second in the current period.
    /// @return The rate.
    function rewardRate() external view returns (uint256) {
        return _stream.rate;
    }

    /// @notice End of the current reward period.
    /// @return A timestamp.
    function periodFinish() external view returns (uint256) {
        return _stream.periodFinish;
    }

    /// @notice Last time the accumulator was updated.
    /// @return A timestamp.
    function lastUpdateTime() external view returns (uint256) {
        return _acc.lastUpdateTime;
    }

    /// @notice Accumulated reward per effective token, scaled by 1e18, at the last update.
    /// @return The stored accumulator.
    function rewardPerTokenStored() external view returns (uint256) {
        return _acc.rewardPerToken;
    }

    /// @notice min(now, periodFinish): the last second rewards accrue for.
    /// @return A timestamp.
    function lastTimeRewardApplicable() public view returns (uint256) {
        uint256 finish = _stream.periodFinish;
        return block.timestamp < finish ? block.timestamp : finish;
    }

    /// @notice Accumulated reward per effective token (1e18-scaled) as of now.
    /// @return The accumulator.
    function rewardPerToken() public view returns (uint256) {
        return _rewardPerToken(_stream, _acc, _totals.effective);
    }

    /// @notice Rewards `account` could claim now.
    /// @param account The account.
    /// @return The amount.
    function earned(address account) public view returns (uint256) {
        return _earned(account, _positions[account].effective, rewardPerToken());
    }

    /// @notice Rewards emitted over a full period at the current rate.
    /// @return rate × duration.
    function getRewardForDuration() external view returns (uint256) {
        return uint256(_stream.rate) * rewardsDuration;
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
        _withdraw(amount, _settle(msg.sender));
    }

    /// @notice Claims the caller's rewards.
    function getReward() external nonReentrant {
        _settle(msg.sender);
        _payReward();
    }

    /// @notice Withdraws the whole stake and claims the rewards.
    function exit() external nonReentrant {
        Position memory p = _settle(msg.sender);
        if (p.balance != 0) _withdraw(p.balance, p);
        _payReward();
    }

    /// @notice Re-reads `account`'s identity from the registry and recomputes its effective balance
    /// under the current caps. Anyone may call it; rewards accrued so far are settled at the old
    /// effective balance and stay the account's, so the caller gains nothing.
    /// @param account The account to update.
    function poke(address account) external nonReentrant {
        Position memory p = _settle(account);
        _resolveIdentity(account, p);
        _store(account, p, p.balance);
    }

    // ---------------------------------------------------------------- distributor and admin

    /// @notice Starts a reward period of `rewardsDuration` (or extends the current one) with
    /// `reward` plus anything carried. The farm must already hold the tokens.
    /// @param reward The amount added.
    function notifyRewardAmount(uint256 reward) external onlyRole(REWARDS_DISTRIBUTOR_ROLE) nonReentrant {
        if (reward == 0) revert MiningZeroAmount();
        _updateGlobal();
        Stream memory s = _stream;
        uint256 duration = rewardsDuration;
        uint256 total = reward + undistributedRewards;
        if (block.timestamp < s.periodFinish) total += (s.periodFinish - block.timestamp) * s.rate;
        uint256 rate = total / duration;
        uint256 dust = total - rate * duration;

        uint256 available = rewardsToken.balanceOf(address(this));
        if (_sameToken) available -= _totals.staked;
        if (rate * duration + dust > available) revert MiningRewardExceedsBalance(rate * duration + dust, available);

        undistributedRewards = dust;
        _stream = Stream({rate: rate.toUint128(), periodFinish: (block.timestamp + duration).toUint64()});
        _acc.lastUpdateTime = uint64(block.timestamp);
        emit RewardAdded(reward);
        emit RewardsCarried(dust, dust);
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
    /// @param duration Seconds.
    function setRewardsDuration(uint256 duration) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 finish = _stream.periodFinish;
        if (!(block.timestamp > finish)) revert MiningPeriodNotFinished(finish, block.timestamp);
        _setRewardsDuration(duration);
    }

    // ---------------------------------------------------------------- internals

    function _stake(uint256 amount) private {
        if (amount == 0) revert MiningZeroAmount();
        Position memory p = _settle(msg.sender);
        if (p.balance == 0) _resolveIdentity(msg.sender, p);
        uint256 newBalance = p.balance + amount;
        _store(msg.sender, p, newBalance);
        emit Staked(msg.sender, amount);

        // Staking and reward tokens apart: require solvency (every stake stays backed, whatever the
        // token does); one token for both: the reward reserve would mask a fee, so require the delta.
        uint256 before = _sameToken ? stakingToken.balanceOf(address(this)) : 0;
        stakingToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 actual = stakingToken.balanceOf(address(this));
        uint256 expected = _sameToken ? before + amount : _totals.staked;
        if (actual < expected) revert MiningFeeOnTransfer(expected, actual);
    }

    function _withdraw(uint256 amount, Position memory p) private {
        if (amount == 0) revert MiningZeroAmount();
        if (amount > p.balance) revert MiningInsufficientStake(msg.sender, p.balance, amount);
        _store(msg.sender, p, p.balance - amount);
        emit Withdrawn(msg.sender, amount);
        stakingToken.safeTransfer(msg.sender, amount);
    }

    function _payReward() private {
        uint256 reward = rewards[msg.sender];
        if (reward != 0) {
            rewards[msg.sender] = 0;
            emit RewardPaid(msg.sender, reward);
            rewardsToken.safeTransfer(msg.sender, reward);
        }
    }

    /// @dev Brings the accumulator up to now; emissions over an empty farm are carried, not lost.
    function _updateGlobal() private returns (uint256 rpt) {
        Stream memory s = _stream;
        Accumulator memory a = _acc;
        uint256 totalEffective = _totals.effective;
        rpt = _rewardPerToken(s, a, totalEffective);
        uint256 applicable = block.timestamp < s.periodFinish ? block.timestamp : s.periodFinish;
        if (totalEffective == 0 && applicable > a.lastUpdateTime && s.rate != 0) {
            uint256 carried = (applicable - a.lastUpdateTime) * s.rate;
            uint256 undistributed = undistributedRewards + carried;
            undistributedRewards = undistributed;
            emit RewardsCarried(carried, undistributed);
        }
        _acc = Accumulator({rewardPerToken: rpt.toUint192(), lastUpdateTime: uint64(applicable)});
    }

    /// @dev Updates the accumulator, then settles `account` at its current effective balance.
    function _settle(address account) private returns (Position memory p) {
        uint256 rpt = _updateGlobal();
        p = _positions[account];
        _settleAt(account, p.effective, rpt);
    }

    function _settleAt(address account, uint256 effective, uint256 rpt) private {
        rewards[account] = _earned(account, effective, rpt);
        userRewardPerTokenPaid[account] = rpt;
    }

    /// @dev Sets `p.identity` from the registry, taking the identity's cap from the account that
    /// last held it here: `_holder[id]` if recorded, else the identity's registrant. The record is
    /// written only when the cap goes to an account other than the registrant (after a key
    /// rotation), so an identity staking from the account that registered it needs no extra slot.
    /// Either way at most one position holds an identity's cap. Must run after `_settle(account)`
    /// in the same call (the accumulator is current).
    function _resolveIdentity(address account, Position memory p) private {
        (uint256 identityId, address registrant) = registry.bindingOf(account);
        uint64 id = identityId.toUint64();
        p.identity = id;
        if (id == 0) return;
        address recorded = _holder[id];
        address former = recorded == address(0) ? registrant : recorded;
        if (former != account) {
            if (_positions[former].identity == id) _evict(former);
            _holder[id] = account;
        }
    }

    /// @dev The identity left `former` (rotation): settle it, then drop it to the unverified curve.
    function _evict(address former) private {
        Position memory q = _positions[former];
        _settleAt(former, q.effective, _acc.rewardPerToken);
        q.identity = 0;
        _store(former, q, q.balance);
    }

    /// @dev Writes the new balance and effective balance and keeps both totals exact by replacing
    /// the account's old contribution with its new one.
    function _store(address account, Position memory p, uint256 newBalance) private {
        Caps memory c = _caps;
        uint256 newEffective =
            p.identity != 0
                ? EffectiveBalance.curve(newBalance, c.cap, c.slope)
                : EffectiveBalance.curve(newBalance, c.unverifiedCap, 0);
        Totals memory t = _totals;
        t.staked = (uint256(t.staked) + newBalance - p.balance).toUint128();
        t.effective = (uint256(t.effective) + newEffective - p.effective).toUint128();
        _totals = t;
        _positions[account] = Position({
            balance: newBalance.toUint96(),
            effective: uint96(newEffective),
            identity: p.identity
        });
        emit EffectiveBalanceUpdated(account, p.identity, newEffective, t.effective);
    }

    function _setCaps(uint256 cap, uint256 slope, uint256 unverifiedCap) private {
        if (slope > EffectiveBalance.WAD) revert MiningSlopeTooHigh(slope, EffectiveBalance.WAD);
        _caps = Caps({cap: cap.toUint96(), slope: uint64(slope), unverifiedCap: unverifiedCap.toUint96()});
        emit CapsUpdated(cap, slope, unverifiedCap);
    }

    function _setRewardsDuration(uint256 duration) private {
        if (duration == 0) revert MiningZeroDuration();
        rewardsDuration = duration;
        emit RewardsDurationUpdated(duration);
    }

    function _rewardPerToken(
        Stream memory s,
        Accumulator memory a,
        uint256 totalEffective
    ) private view returns (uint256) {
        if (totalEffective == 0) return a.rewardPerToken;
        uint256 applicable = block.timestamp < s.periodFinish ? block.timestamp : s.periodFinish;
        if (!(applicable > a.lastUpdateTime)) return a.rewardPerToken;
        return a.rewardPerToken + ((applicable - a.lastUpdateTime) * s.rate * 1e18) / totalEffective;
    }

    function _earned(address account, uint256 effective, uint256 rpt) private view returns (uint256) {
        return rewards[account] + (effective * (rpt - userRewardPerTokenPaid[account])) / 1e18;
    }
}
