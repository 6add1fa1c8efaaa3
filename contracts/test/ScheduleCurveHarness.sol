// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ScheduleCurve} from "../vesting/ScheduleCurve.sol";

/// @notice Test-only: exposes the ScheduleCurve library.
contract ScheduleCurveHarness {
    /// @notice See ScheduleCurve.linear.
    /// @param total Amount.
    /// @param start Start.
    /// @param cliff Cliff time.
    /// @param end End.
    /// @param timestamp Time asked about.
    /// @return Vested amount.
    function linear(
        uint112 total,
        uint256 start,
        uint256 cliff,
        uint40 end,
        uint256 timestamp
    ) external pure returns (uint256) {
        return ScheduleCurve.linear(total, start, cliff, end, timestamp);
    }

    /// @notice See ScheduleCurve.packTranche and its inverses.
    /// @param time Unlock time.
    /// @param amount Amount.
    /// @return packed The packed word.
    /// @return timeOut The unpacked time.
    /// @return amountOut The unpacked amount.
    function roundTrip(
        uint256 time,
        uint256 amount
    ) external pure returns (uint256 packed, uint256 timeOut, uint256 amountOut) {
        packed = ScheduleCurve.packTranche(time, amount);
        return (packed, ScheduleCurve.trancheTime(packed), ScheduleCurve.trancheAmount(packed));
    }
}
