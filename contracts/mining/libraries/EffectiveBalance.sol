// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Effective-balance curve of the capped farm
/// @notice Pure math: how much of a stake earns rewards under a cap with an optional slope above it.
library EffectiveBalance {
    /// @notice One, in WAD: a slope of `WAD` makes capital above the cap earn like capital below it.
    uint256 internal constant WAD = 1e18;

    /// @notice The earning part of `stake`: the stake itself up to `cap`, then `slope` per token above.
    /// @dev Never exceeds `stake` for `slope <= WAD`, so Σ effective ≤ Σ stake and cannot overflow
    /// where the stake itself does not. Rounds down: the farm never credits more than the curve.
    /// @param stake The staked amount.
    /// @param cap The amount that earns in full.
    /// @param slope Weight of each token above `cap`, in WAD (0 = hard cap, 1e18 = proportional).
    /// @return The effective balance.
    function curve(uint256 stake, uint256 cap, uint256 slope) internal pure returns (uint256) {
        if (stake > cap) return slope == 0 ? cap : cap + ((stake - cap) * slope) / WAD;
        return stake;
    }
}
