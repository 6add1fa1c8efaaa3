// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @notice Test-only: the integer square root the counting module uses (Solady's) beside
/// OpenZeppelin's, so a test can check they agree.
contract SqrtHarness {
    function solady(uint256 x) external pure returns (uint256) {
        return FixedPointMathLib.sqrt(x);
    }

    function openZeppelin(uint256 x) external pure returns (uint256) {
        return Math.sqrt(x);
    }
}
