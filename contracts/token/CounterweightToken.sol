// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title Counterweight governance token
/// @notice Fixed-supply ERC20 with permit and checkpointed votes on the ERC-6372 timestamp clock.
/// The whole cap is minted once, in the constructor, to the distribution plan; there is no owner
/// and no mint function afterwards.
contract CounterweightToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice One line of the distribution plan.
    struct Allocation {
        address recipient;
        uint256 amount;
    }

    /// @notice The allocations do not add up to the cap.
    error TokenAllocationsNotCap(uint256 sum, uint256 cap);
    /// @notice An allocation has no recipient.
    error TokenAllocationZeroRecipient(uint256 index);
    /// @notice An allocation has a zero amount.
    error TokenAllocationZeroAmount(uint256 index);
    /// @notice The distribution plan is empty.
    error TokenNoAllocations();

    /// @notice Emitted once per allocation at deployment.
    /// @param recipient Who received the allocation.
    /// @param amount How much was minted to them.
    event Allocated(address indexed recipient, uint256 amount);

    /// @notice The fixed total supply.
    uint256 public immutable cap;

    /// @notice Mints the whole supply to the distribution plan; nothing can be minted afterwards.
    /// @param name_ ERC20 name (also the EIP-712 domain name).
    /// @param symbol_ ERC20 symbol.
    /// @param cap_ Total supply; the allocations must sum to it exactly.
    /// @param allocations The distribution plan.
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        Allocation[] memory allocations
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        uint256 n = allocations.length;
        if (n == 0) revert TokenNoAllocations();
        uint256 sum;
        for (uint256 i = 0; i < n; ++i) {
            Allocation memory a = allocations[i];
            if (a.recipient == address(0)) revert TokenAllocationZeroRecipient(i);
            if (a.amount == 0) revert TokenAllocationZeroAmount(i);
            sum += a.amount;
            _mint(a.recipient, a.amount);
            emit Allocated(a.recipient, a.amount);
        }
        if (sum != cap_) revert TokenAllocationsNotCap(sum, cap_);
        cap = cap_;
    }

    /// @notice ERC-6372 clock: block timestamps.
    /// @return The current timestamp as a uint48.
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @notice ERC-6372 clock description.
    /// @return The machine-readable clock mode.
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
