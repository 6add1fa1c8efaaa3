// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the Counterweight liquidity-mining farm
/// @notice Every revert of `contracts/mining/` uses one of these, so callers can decode the cause.
interface IMiningErrors {
    /// @notice A stake, withdrawal or notification of zero tokens.
    error MiningZeroAmount();

    /// @notice A constructor argument that must be a contract or account was the zero address.
    /// @param what Which argument ("admin", "rewardsToken", "stakingToken", "registry").
    error MiningZeroAddress(string what);

    /// @notice A withdrawal larger than the caller's stake.
    /// @param account The caller.
    /// @param balance Its stake.
    /// @param requested The amount it asked for.
    error MiningInsufficientStake(address account, uint256 balance, uint256 requested);

    /// @notice `notifyRewardAmount` would promise more than the farm's reward-token balance covers.
    /// @param required Reward tokens promised and unpaid once this notification is added
    /// (`rewardsOutstanding + reward`).
    /// @param available Reward tokens the farm holds that are not staked principal.
    error MiningRewardExceedsBalance(uint256 required, uint256 available);

    /// @notice The staking token delivered fewer tokens than the stake credited (fee-on-transfer).
    /// @param expected The staking-token balance the farm needs to back every stake.
    /// @param actual The balance it actually holds after the transfer.
    error MiningFeeOnTransfer(uint256 expected, uint256 actual);

    /// @notice A slope above 1 (in WAD): capital above the cap would earn more than below it.
    /// @param slope The slope asked for.
    /// @param max The largest allowed slope (1e18).
    error MiningSlopeTooHigh(uint256 slope, uint256 max);

    /// @notice The rewards duration can only change once the current period is over.
    /// @param periodFinish End of the current period.
    /// @param timestamp Current block timestamp.
    error MiningPeriodNotFinished(uint256 periodFinish, uint256 timestamp);

    /// @notice A rewards duration of zero.
    error MiningZeroDuration();
}
