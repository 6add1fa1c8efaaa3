// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EffectiveBalance} from "../mining/libraries/EffectiveBalance.sol";

/// @notice Test-only: exposes the effective-balance curve.
contract EffectiveBalanceHarness {
    function curve(uint256 stake, uint256 cap, uint256 slope) external pure returns (uint256) {
        return EffectiveBalance.curve(stake, cap, slope);
    }
}
