// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the Counterweight vesting vault
/// @notice Every bad input to the vault reverts with one of these, named after what was wrong.
interface IVestingErrors {
    /// @notice The vault was deployed with no category, or with more than it can pack.
    /// @param count Number of categories given.
    /// @param max Largest number supported.
    error VestingCategoryCount(uint256 count, uint256 max);
    /// @notice A wiring address (token, treasury, revoker) is zero.
    error VestingZeroAddress();
    /// @notice The beneficiary is the zero address.
    error VestingZeroBeneficiary();
    /// @notice The amount (of a schedule, a tranche or an allocation) is zero.
    error VestingZeroAmount();
    /// @notice The category does not exist.
    /// @param category The category given.
    /// @param count Number of categories of this vault.
    error VestingUnknownCategory(uint256 category, uint256 count);
    /// @notice The schedule does not exist.
    /// @param scheduleId The id given.
    error VestingUnknownSchedule(uint256 scheduleId);
    /// @notice A schedule with this id already exists (a replayed creation).
    /// @param scheduleId The id that is taken.
    error VestingScheduleExists(uint256 scheduleId);
    /// @notice The duration is zero.
    error VestingZeroDuration();
    /// @notice The cliff lies after the end of the schedule.
    /// @param cliff Cliff, in seconds after start.
    /// @param duration Duration, in seconds after start.
    error VestingCliffBeyondEnd(uint256 cliff, uint256 duration);
    /// @notice The cliff is shorter than the category's policy allows.
    /// @param category The category.
    /// @param cliff Cliff given, in seconds.
    /// @param minCliff Minimum cliff of the category, in seconds.
    error VestingCliffTooShort(uint256 category, uint256 cliff, uint256 minCliff);
    /// @notice The duration is shorter than the category's policy allows.
    /// @param category The category.
    /// @param duration Duration given, in seconds.
    /// @param minDuration Minimum duration of the category, in seconds.
    error VestingDurationTooShort(uint256 category, uint256 duration, uint256 minDuration);
    /// @notice The schedule would start before its tokens were locked (a backdated cliff).
    /// @param start Start given.
    /// @param earliest Earliest start allowed.
    error VestingStartTooEarly(uint256 start, uint256 earliest);
    /// @notice start + duration does not fit the 40-bit timestamp.
    /// @param start Start given.
    /// @param duration Duration given.
    error VestingEndOverflow(uint256 start, uint256 duration);
    /// @notice The number of tranches is zero or above the maximum.
    /// @param count Tranches given.
    /// @param max Maximum per schedule.
    error VestingTrancheCount(uint256 count, uint256 max);
    /// @notice Tranche times must be strictly increasing and not before start.
    /// @param index The first tranche out of order.
    error VestingTrancheNotAscending(uint256 index);
    /// @notice A tranche unlocks nothing.
    /// @param index The tranche.
    error VestingTrancheZeroAmount(uint256 index);
    /// @notice The amounts exceed what the vault can record (2^112 - 1).
    /// @param amount The amount given.
    error VestingAmountOverflow(uint256 amount);
    /// @notice The batch is empty.
    error VestingEmptyBatch();
    /// @notice Only the beneficiary may do this.
    /// @param caller Who called.
    /// @param beneficiary The schedule's beneficiary.
    error VestingNotBeneficiary(address caller, address beneficiary);
    /// @notice Only the revoker (the timelock) may revoke.
    /// @param caller Who called.
    error VestingNotRevoker(address caller);
    /// @notice The schedule's category is not revocable.
    /// @param scheduleId The schedule.
    /// @param category Its category.
    error VestingNotRevocable(uint256 scheduleId, uint256 category);
    /// @notice The schedule was already revoked.
    /// @param scheduleId The schedule.
    error VestingAlreadyRevoked(uint256 scheduleId);
    /// @notice Nothing is releasable now.
    /// @param scheduleId The schedule.
    error VestingNothingToRelease(uint256 scheduleId);
    /// @notice The Merkle root is zero.
    error VestingZeroRoot();
    /// @notice The claim deadline is not in the future.
    /// @param deadline Deadline given.
    /// @param nowTs Current time.
    error VestingInvalidDeadline(uint256 deadline, uint256 nowTs);
    /// @notice The Merkle allocation does not exist.
    /// @param allocationId The id given.
    error VestingUnknownAllocation(uint256 allocationId);
    /// @notice The Merkle proof does not prove this leaf against the allocation's root.
    /// @param allocationId The allocation.
    /// @param beneficiary The leaf's beneficiary.
    error VestingInvalidProof(uint256 allocationId, address beneficiary);
    /// @notice This leaf was already claimed.
    /// @param allocationId The allocation.
    /// @param scheduleId The schedule the first claim created.
    error VestingAlreadyClaimed(uint256 allocationId, uint256 scheduleId);
    /// @notice The claim window of the allocation has closed.
    /// @param allocationId The allocation.
    /// @param deadline Its deadline.
    error VestingClaimClosed(uint256 allocationId, uint256 deadline);
    /// @notice The claim window is still open, so nothing can be swept yet.
    /// @param allocationId The allocation.
    /// @param deadline Its deadline.
    error VestingClaimStillOpen(uint256 allocationId, uint256 deadline);
    /// @notice The leaves claimed exceed the allocation's funded total.
    /// @param allocationId The allocation.
    /// @param amount Amount of the leaf.
    /// @param remaining What is left in the allocation.
    error VestingAllocationExhausted(uint256 allocationId, uint256 amount, uint256 remaining);
    /// @notice A tranche schedule would vest faster than its category's policy allows: by tranche
    /// `index` (time t) it vests more than total·(t − start)/minDuration, the most a cliff + linear
    /// schedule under the same policy can vest by t.
    /// @param index The first tranche over the bound.
    /// @param vested Amount vested once that tranche unlocks (the sum of tranches 0..index).
    /// @param bound The most the policy lets vest at that time, rounded down.
    error VestingTrancheAboveBound(uint256 index, uint256 vested, uint256 bound);
    /// @notice A tranche schedule's cliff (first tranche time − start) does not fit the 32-bit field
    /// a schedule stores it in.
    /// @param cliff Cliff given, in seconds after start.
    /// @param max Largest cliff a schedule can store (2^32 − 1 s).
    error VestingCliffOverflow(uint256 cliff, uint256 max);
    /// @notice The vault did not receive exactly what the deposit sent (a fee-on-transfer,
    /// deflationary or otherwise non-standard token): it could not pay every schedule in full.
    /// @param expected The vault's token balance the deposit had to reach (before + amount).
    /// @param actual Its balance after the transfer.
    error VestingFeeOnTransfer(uint256 expected, uint256 actual);
    /// @notice A Merkle allocation is funded after the `fundBefore` time written in its file: some
    /// leaf might start before the funding time and could never be claimed.
    /// @param fundBefore The latest funding time the file allows.
    /// @param nowTs Current time.
    error VestingFundingClosed(uint256 fundBefore, uint256 nowTs);
    /// @notice This Merkle root was funded already: funding it again (a proposal or multisig
    /// transaction run twice) would make every leaf claimable once per allocation.
    /// @param root The root.
    /// @param allocationId The allocation that funded it.
    error VestingRootAlreadyFunded(bytes32 root, uint256 allocationId);
    /// @notice The beneficiary is the vault itself or the vested token: tokens released to it could
    /// never leave it.
    /// @param account The address given.
    error VestingBeneficiaryNotAllowed(address account);
    /// @notice The allocation has nothing left to sweep (it was swept already, or every leaf was claimed).
    /// @param allocationId The allocation.
    error VestingNothingToSweep(uint256 allocationId);
}
