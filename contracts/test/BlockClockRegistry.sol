// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test-only: a registry stand-in on the block-number clock (all the governor's
/// constructor reads), to deploy the governor over a token on the same clock.
contract BlockClockRegistry {
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=blocknumber&from=default";
    }
}
