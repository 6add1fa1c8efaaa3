// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Schedule curves of the vesting vault
/// @notice Pure maths of a vesting schedule: the cliff + linear curve (the same formula as
/// OpenZeppelin's VestingWalletCliff) and the packing of one tranche into one storage word.
/// @dev Inputs are bounded by the vault's storage widths (amounts < 2^112, times < 2^40), so
/// `total * elapsed` < 2^152 never overflows.
library ScheduleCurve {
    /// @notice Width of an amount in a packed tranche.
    uint256 internal constant AMOUNT_BITS = 112;
    uint256 private constant _AMOUNT_MASK = (1 << AMOUNT_BITS) - 1;

    /// @notice Amount vested at `timestamp` on a cliff + linear curve.
    /// @dev Nothing before the cliff; at the cliff the curve jumps to where a linear schedule from
    /// `start` would be (OZ VestingWalletCliff and Uniswap TreasuryVester do the same). Rounds down,
    /// so a schedule never vests more than `total`. `total` and `end` take the vault's storage
    /// widths, which bound the product: on the linear part start <= timestamp < end < 2^40, so
    /// `total * (timestamp - start)` < 2^152 and the arithmetic needs no overflow checks.
    /// @param total Amount of the schedule.
    /// @param start Start of the linear part.
    /// @param cliff Absolute cliff time (start <= cliff <= end).
    /// @param end End of vesting.
    /// @param timestamp The time asked about.
    /// @return vested Amount vested at `timestamp`.
    function linear(
        uint112 total,
        uint256 start,
        uint256 cliff,
        uint40 end,
        uint256 timestamp
    ) internal pure returns (uint256 vested) {
        if (timestamp < cliff || timestamp < start) return 0;
        if (timestamp < end) {
            // start <= timestamp < end here: no underflow, a non-zero divisor, no overflow.
            unchecked {
                return (uint256(total) * (timestamp - start)) / (end - start);
            }
        }
        return total;
    }

    /// @notice Packs one tranche (unlock time, amount) into one word.
    /// @param time Unlock time (< 2^40).
    /// @param amount Amount unlocked (< 2^112).
    /// @return packed time << 112 | amount.
    function packTranche(uint256 time, uint256 amount) internal pure returns (uint256 packed) {
        return (time << AMOUNT_BITS) | amount;
    }

    /// @notice Unlock time of a packed tranche.
    /// @param packed The packed tranche.
    /// @return time Its unlock time.
    function trancheTime(uint256 packed) internal pure returns (uint256 time) {
        return packed >> AMOUNT_BITS;
    }

    /// @notice Amount of a packed tranche.
    /// @param packed The packed tranche.
    /// @return amount Its amount.
    function trancheAmount(uint256 packed) internal pure returns (uint256 amount) {
        return packed & _AMOUNT_MASK;
    }
}
