// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @notice Test-only baseline: OpenZeppelin's ERC20 + ERC20Permit + ERC20Votes composed as its
/// Wizard composes a votes token, on the timestamp clock (as CounterweightToken), the whole supply
/// minted to the deployer. The bench compares transfers and delegations against it.
contract OZVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor(uint256 supply) ERC20("OZ Votes", "OZV") ERC20Permit("OZ Votes") {
        _mint(msg.sender, supply);
    }

    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
