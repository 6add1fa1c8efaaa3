// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/// @notice Test-only FAULTY registry: lets several accounts share one identity at the same time
/// (a real registry never does). It proves the governor keys double-vote protection by identity
/// and does not rely on the registry's one-account-per-identity invariant alone.
contract SharedIdentityRegistry is IIdentityRegistry {
    mapping(address account => uint256) private _ids;
    mapping(uint256 identityId => address) private _registrants;

    function set(address account, uint256 identityId) external {
        _ids[account] = identityId;
        if (_registrants[identityId] == address(0)) _registrants[identityId] = account;
        emit IdentityRegistered(identityId, bytes32(identityId), account, 1);
    }

    function clock() public view returns (uint48) {
        return Time.timestamp();
    }

    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
    }

    function identityOf(address account) external view returns (uint256) {
        return _ids[account];
    }

    function bindingOf(address account) external view returns (uint256 identityId, address registrant) {
        identityId = _ids[account];
        registrant = _registrants[identityId];
    }

    function identityAt(address account, uint256) external view returns (uint256) {
        return _ids[account];
    }

    function accountOf(uint256) external pure returns (address) {
        return address(0);
    }

    function isVerified(address account) external view returns (bool) {
        return _ids[account] != 0;
    }

    /// @dev Test registries bind humanId = bytes32(identityId) (see their IdentityRegistered events).
    function humanIdOf(uint256 identityId) external pure returns (bytes32) {
        return bytes32(identityId);
    }

    /// @dev Test registries' identities never expire.
    function expirationOf(uint256) external pure returns (uint64) {
        return 0;
    }
}
