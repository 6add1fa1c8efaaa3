// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Test-only borrower interface: receives the loan and must hand it back in the same call.
interface IFlashBorrower {
    function onFlashLoan(IERC20 token, uint256 amount, bytes calldata data) external;
}

/// @notice Test-only lending pool: lends its whole balance (or part of it) for the duration of
/// one call, fee-free, and reverts unless it is repaid before the call returns.
contract FlashLoanPool {
    using SafeERC20 for IERC20;

    error FlashLoanNotRepaid(uint256 balanceBefore, uint256 balanceAfter);

    IERC20 public immutable token;

    constructor(IERC20 token_) {
        token = token_;
    }

    function flashLoan(IFlashBorrower borrower, uint256 amount, bytes calldata data) external {
        uint256 before = token.balanceOf(address(this));
        token.safeTransfer(address(borrower), amount);
        borrower.onFlashLoan(token, amount, data);
        uint256 afterwards = token.balanceOf(address(this));
        if (afterwards < before) revert FlashLoanNotRepaid(before, afterwards);
    }
}
