// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IIdentitySource} from "../interfaces/IIdentitySource.sol";

/// @title Test identity source whose answers the test sets
/// @notice For the registry's own checks on external sources (a zero namespace, a zero key) and
/// property tests: `verify` returns the key set for the account (ref = the key), and `validAt`
/// says a ref holds until the time set for it (0: forever).
contract TestIdentitySource is IIdentitySource {
    bytes32 private immutable _namespace;
    mapping(address account => bytes32 key) private _keys;
    mapping(bytes32 ref => uint256 until) private _until;

    /// @param namespace_ The key namespace it reports.
    constructor(bytes32 namespace_) {
        _namespace = namespace_;
    }

    /// @notice Sets the key `verify` returns for `account`.
    /// @param account The account.
    /// @param key The key (may be zero, to test the registry's refusal).
    function setKey(address account, bytes32 key) external {
        _keys[account] = key;
    }

    /// @notice Makes `ref` stop holding from `until` on.
    /// @param ref The reference.
    /// @param until The first timepoint at which it no longer holds.
    function invalidateFrom(bytes32 ref, uint256 until) external {
        _until[ref] = until;
    }

    /// @inheritdoc IIdentitySource
    /// @dev False: keys stand for humans here, so first registrations count at once.
    function keysAreAccounts() external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IIdentitySource
    function keyNamespace() external view returns (bytes32) {
        return _namespace;
    }

    /// @inheritdoc IIdentitySource
    function verify(address account, bytes calldata) external view returns (bytes32, uint64, bytes32) {
        bytes32 key = _keys[account];
        return (key, 0, key);
    }

    /// @inheritdoc IIdentitySource
    function validAt(bytes32 ref, uint256 timepoint) external view returns (bool) {
        uint256 until = _until[ref];
        return until == 0 || timepoint < until;
    }
}
