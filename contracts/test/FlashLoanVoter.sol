// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {FlashLoanPool, IFlashBorrower} from "./FlashLoanPool.sol";

/// @notice Test-only attacker: borrows tokens, self-delegates and votes in the same transaction,
/// then repays. Records the weight the governor counted, so a test can assert it.
contract FlashLoanVoter is IFlashBorrower {
    FlashLoanPool public immutable pool;
    IGovernor public immutable governor;
    /// @notice Weight counted by the last vote cast from inside a loan.
    uint256 public lastWeight;
    /// @notice Token votes the attacker held (current, not past) while it held the loan.
    uint256 public votesDuringLoan;

    constructor(FlashLoanPool pool_, IGovernor governor_) {
        pool = pool_;
        governor = governor_;
    }

    function attack(uint256 proposalId, uint256 amount) external {
        pool.flashLoan(this, amount, abi.encode(proposalId));
    }

    function onFlashLoan(IERC20 token, uint256 amount, bytes calldata data) external {
        uint256 proposalId = abi.decode(data, (uint256));
        IVotes(address(token)).delegate(address(this));
        votesDuringLoan = IVotes(address(token)).getVotes(address(this));
        lastWeight = governor.castVote(proposalId, 1);
        if (!token.transfer(address(pool), amount)) revert();
    }
}
