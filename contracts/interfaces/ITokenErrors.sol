// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the Counterweight token domain
/// @notice Every revert specific to the Counterweight token. ERC5805FutureLookup and
/// VotesExpiredSignature keep OpenZeppelin's names and arguments, so front ends decode them unchanged.
interface ITokenErrors {
    /// @notice The allocations do not add up to the cap.
    /// @param sum What the allocations add up to.
    /// @param cap The cap.
    error TokenAllocationsNotCap(uint256 sum, uint256 cap);
    /// @notice An allocation has no recipient.
    /// @param index Its position in the plan.
    error TokenAllocationZeroRecipient(uint256 index);
    /// @notice An allocation has a zero amount.
    /// @param index Its position in the plan.
    error TokenAllocationZeroAmount(uint256 index);
    /// @notice The distribution plan is empty.
    error TokenNoAllocations();
    /// @notice The cap does not fit the 96 bits the packed vote checkpoints give the linear votes.
    /// @param cap The cap asked for.
    /// @param maxCap The largest cap allowed (2^96 - 1).
    error TokenCapTooLarge(uint256 cap, uint256 maxCap);
    /// @notice The identity registry is wired once, by the deployer; this call is not that.
    /// @param caller Who called.
    error TokenRegistryWiringClosed(address caller);
    /// @notice The registry given is not a contract, or it returned an identity id that does not fit
    /// the token's 160-bit cache.
    /// @param registry The address given.
    error TokenInvalidRegistry(address registry);
    /// @notice A past lookup asked for a timepoint that is not in the past.
    /// @param timepoint The timepoint asked for.
    /// @param clock The current timepoint.
    error ERC5805FutureLookup(uint256 timepoint, uint48 clock);
}
