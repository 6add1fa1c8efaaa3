// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Test-only batch transfers, so a simulation hands balances (tokens, or ETH for gas) to
/// thousands of agents in a few transactions.
contract Disperse {
    using SafeERC20 for IERC20;

    /// @notice `msg.value` is not `amount` for each recipient.
    error DisperseValueMismatch(uint256 sent, uint256 needed);
    /// @notice Sending ETH to `to` failed.
    error DisperseEtherFailed(address to);

    /// @notice Moves `amounts[i]` of `token` from the caller (who approved this contract) to `to[i]`.
    function disperse(IERC20 token, address[] calldata to, uint256[] calldata amounts) external {
        for (uint256 i = 0; i < to.length; ++i) token.safeTransferFrom(msg.sender, to[i], amounts[i]);
    }

    /// @notice Sends `amount` wei to each of `to`; `msg.value` must be exactly `amount * to.length`.
    function disperseEther(address[] calldata to, uint256 amount) external payable {
        uint256 needed = amount * to.length;
        if (msg.value != needed) revert DisperseValueMismatch(msg.value, needed);
        for (uint256 i = 0; i < to.length; ++i) {
            (bool ok, ) = to[i].call{value: amount}("");
            if (!ok) revert DisperseEtherFailed(to[i]);
        }
    }
}
