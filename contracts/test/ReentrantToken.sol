// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only hostile token: on each transfer it calls back into `target` with `payload`
/// (e.g. the farm's withdraw or getReward) and records whether the re-entry succeeded.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public payload;
    bool public attackSucceeded;
    bytes public lastRevert;
    bool private _armed;

    constructor() ERC20("Hostile", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
        _armed = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_armed && from != address(0) && to != address(0)) {
            _armed = false;
            (bool ok, bytes memory ret) = target.call(payload);
            attackSucceeded = ok;
            lastRevert = ret;
        }
    }
}
