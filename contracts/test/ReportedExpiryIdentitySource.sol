// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IIdentitySource} from "../interfaces/IIdentitySource.sol";

/// @title Test identity source whose reported expiration and validity are set apart
/// @notice For review3: `verify` reports the expiration time the test set, while `validAt` holds
/// for every timepoint (evidence renewed at the provider, under the same ref). Nothing in
/// IIdentitySource forbids a source from answering so.
contract ReportedExpiryIdentitySource is IIdentitySource {
    uint64 private _reported;

    /// @notice Sets the expiration `verify` reports.
    /// @param reported The expiration time (0: never).
    function setReportedExpiration(uint64 reported) external {
        _reported = reported;
    }

    /// @inheritdoc IIdentitySource
    function keysAreAccounts() external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IIdentitySource
    function keyNamespace() external pure returns (bytes32) {
        return keccak256("review3.reported-expiry");
    }

    /// @inheritdoc IIdentitySource
    function verify(address account, bytes calldata) external view returns (bytes32, uint64, bytes32) {
        bytes32 key = bytes32(uint256(uint160(account)));
        return (key, _reported, key);
    }

    /// @inheritdoc IIdentitySource
    function validAt(bytes32, uint256) external pure returns (bool) {
        return true;
    }
}
