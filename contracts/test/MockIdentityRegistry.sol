// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/// @notice Test-only registry: tests bind accounts directly, or switch on `verifyAll` to model a
/// deployment whose identity checks are bypassed (every account is its own identity).
contract MockIdentityRegistry is IIdentityRegistry {
    using Checkpoints for Checkpoints.Trace208;

    error MockFutureLookup(uint256 timepoint, uint48 clock);

    mapping(address account => Checkpoints.Trace208) private _ids;
    mapping(uint256 identityId => address) private _accounts;
    mapping(uint256 identityId => address) private _registrants;
    bool public verifyAll;

    function setVerifyAll(bool on) external {
        verifyAll = on;
    }

    function bind(address account, uint256 identityId) external {
        address previous = _accounts[identityId];
        if (previous != address(0)) _ids[previous].push(Time.timestamp(), 0);
        _ids[account].push(Time.timestamp(), uint208(identityId));
        _accounts[identityId] = account;
        if (_registrants[identityId] == address(0)) _registrants[identityId] = account;
        emit IdentityRegistered(identityId, bytes32(identityId), account, 1);
    }

    function unbind(address account) external {
        uint256 id = _ids[account].latest();
        _ids[account].push(Time.timestamp(), 0);
        delete _accounts[id];
        emit IdentityRevoked(id, account);
    }

    function clock() public view returns (uint48) {
        return Time.timestamp();
    }

    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
    }

    function identityOf(address account) public view returns (uint256) {
        if (verifyAll) return uint256(uint160(account));
        return _ids[account].latest();
    }

    function bindingOf(address account) external view returns (uint256 identityId, address registrant) {
        identityId = identityOf(account);
        registrant = verifyAll ? account : _registrants[identityId];
    }

    function identityAt(address account, uint256 timepoint) external view returns (uint256) {
        uint48 now_ = clock();
        if (timepoint >= now_) revert MockFutureLookup(timepoint, now_);
        if (verifyAll) return uint256(uint160(account));
        return _ids[account].upperLookupRecent(uint48(timepoint));
    }

    function accountOf(uint256 identityId) external view returns (address) {
        return _accounts[identityId];
    }

    function isVerified(address account) external view returns (bool) {
        return identityOf(account) != 0;
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
