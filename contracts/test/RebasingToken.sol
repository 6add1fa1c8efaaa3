// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only rebasing token (models stETH- or AMPL-style supply changes): balances are
/// shares times an index that `rebase` changes without any Transfer event, so balances rebuilt from
/// Transfer logs no longer match `balanceOf` or `totalSupply` after a rebase. Transfers move shares.
contract RebasingToken is ERC20 {
    /// @notice The index is 1e18 at deployment (one token per share).
    uint256 public constant ONE = 1e18;

    /// @notice Tokens per share, scaled by 1e18.
    uint256 public index = ONE;

    /// @notice The index changed; no Transfer is emitted, as with real rebasing tokens.
    /// @param oldIndex The index before.
    /// @param newIndex The index after.
    event Rebased(uint256 oldIndex, uint256 newIndex);

    constructor() ERC20("Rebasing token", "REB") {}

    /// @notice Mints `shares` shares to `to`.
    /// @param to The recipient.
    /// @param shares The shares minted.
    function mint(address to, uint256 shares) external {
        _mint(to, shares);
    }

    /// @notice Sets the index (tokens per share, scaled by 1e18).
    /// @param newIndex The new index.
    function rebase(uint256 newIndex) external {
        emit Rebased(index, newIndex);
        index = newIndex;
    }

    /// @notice The account's shares times the index.
    /// @param account The holder.
    /// @return The holder's balance in tokens.
    function balanceOf(address account) public view override returns (uint256) {
        return (super.balanceOf(account) * index) / ONE;
    }

    /// @notice All shares times the index.
    /// @return The supply in tokens.
    function totalSupply() public view override returns (uint256) {
        return (super.totalSupply() * index) / ONE;
    }
}
