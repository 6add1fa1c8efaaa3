// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only hostile token: on every transfer it calls `target` with `payload` and bubbles
/// any revert, to prove the vault's reentrancy guards.
contract BubblingReentrantToken is ERC20 {
    address private _target;
    bytes private _payload;

    /// @notice Mints `supply` to the deployer.
    /// @param supply Initial supply.
    constructor(uint256 supply) ERC20("Reentrant", "RE") {
        _mint(msg.sender, supply);
    }

    /// @notice Arms the hook (an empty payload disarms it).
    /// @param target Contract to call back.
    /// @param payload Calldata of the callback.
    function arm(address target, bytes calldata payload) external {
        _target = target;
        _payload = payload;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_payload.length > 0) {
            bytes memory p = _payload;
            delete _payload;
            (bool ok, bytes memory ret) = _target.call(p);
            if (!ok) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}
