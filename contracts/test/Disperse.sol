// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Test-only batch transfer, so a simulation hands balances to 1,000 agents in a few txs.
contract Disperse {
    using SafeERC20 for IERC20;

    function disperse(IERC20 token, address[] calldata to, uint256[] calldata amounts) external {
        for (uint256 i = 0; i < to.length; ++i) token.safeTransferFrom(msg.sender, to[i], amounts[i]);
    }
}
