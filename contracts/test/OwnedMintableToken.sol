// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice Test-only ERC20 whose owner alone mints (the "mint control" a Build Finance-style
/// proposal hands over: `transferOwnership` from the DAO's executor to the attacker).
contract OwnedMintableToken is ERC20, Ownable {
    constructor(address owner_) ERC20("Owned Mintable", "OWN") Ownable(owner_) {}

    /// @notice Mints `amount` to `to`; only the owner.
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
