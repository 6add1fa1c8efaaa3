// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {IIdentitySource} from "../../interfaces/IIdentitySource.sol";
import {IIdentitySourceErrors} from "../../interfaces/IIdentitySourceErrors.sol";

/// @title An identity source backed by one provider's EAS attestations
/// @notice The checks every EAS-backed source shares: the attestation exists, is of the
/// provider's schema, by the provider's attester, to the account registering, revocable, and
/// neither revoked nor expired now; and, at a timepoint t, neither revoked at or before t nor
/// expired at t. The key is the recipient address.
/// @dev Wiring is immutable (deployment parameters, never hard-coded).
abstract contract EasAttestationSource is IIdentitySource, IIdentitySourceErrors {
    /// @notice The EAS contract the attestations live in.
    IEAS public immutable eas;

    /// @notice The provider's attester (the address EAS records as `attester`).
    address public immutable attester;

    /// @notice The provider's schema UID.
    bytes32 public immutable schema;

    bytes32 private immutable _keyNamespace;

    /// @notice Wires the source to EAS, the provider's attester and schema, and derives the key namespace.
    /// @param eas_ The EAS contract.
    /// @param attester_ The provider's attester.
    /// @param schema_ The provider's schema UID.
    /// @param provider The provider's name, hashed with the attester and schema into the key namespace.
    constructor(IEAS eas_, address attester_, bytes32 schema_, string memory provider) {
        if (address(eas_) == address(0)) revert SourceZeroParameter("eas");
        if (attester_ == address(0)) revert SourceZeroParameter("attester");
        if (schema_ == bytes32(0)) revert SourceZeroParameter("schema");
        eas = eas_;
        attester = attester_;
        schema = schema_;
        _keyNamespace = keccak256(abi.encode(provider, attester_, schema_));
    }

    /// @inheritdoc IIdentitySource
    /// @dev keccak256(abi.encode(provider name, attester, schema)).
    function keyNamespace() external view returns (bytes32) {
        return _keyNamespace;
    }

    /// @inheritdoc IIdentitySource
    /// @dev Always true: the key is the recipient address.
    function keysAreAccounts() external pure returns (bool) {
        return true;
    }

    /// @dev The attestation UID to register with: the provider's latest for `account` when
    /// `data` is empty, else the one UID `data` encodes.
    function _uidFrom(address account, bytes calldata data) internal view returns (bytes32 uid) {
        if (data.length == 0) {
            uid = _latestUid(account);
            if (uid == bytes32(0)) revert SourceNoAttestation(account);
        } else if (data.length == 32) {
            uid = bytes32(data);
        } else {
            revert SourceBadData(data.length);
        }
    }

    /// @dev Reads attestation `uid` and checks it may register `account` now.
    function _checked(address account, bytes32 uid) internal view returns (Attestation memory a) {
        a = eas.getAttestation(uid);
        if (a.uid == bytes32(0)) revert SourceAttestationNotFound(uid);
        if (a.schema != schema) revert SourceWrongSchema(uid, a.schema, schema);
        if (a.attester != attester) revert SourceWrongAttester(uid, a.attester, attester);
        if (a.recipient != account) revert SourceWrongRecipient(uid, a.recipient, account);
        if (!a.revocable) revert SourceIrrevocable(uid);
        if (a.revocationTime != 0) revert SourceRevoked(uid, a.revocationTime);
        // Same rule as EAS: expired from the expiration time on.
        // solhint-disable-next-line gas-strict-inequalities
        if (a.expirationTime != 0 && a.expirationTime <= block.timestamp) revert SourceExpired(uid, a.expirationTime);
    }

    /// @dev Whether attestation `a` was neither revoked at or before `timepoint` nor expired at it.
    function _liveAt(Attestation memory a, uint256 timepoint) internal pure returns (bool) {
        // solhint-disable-next-line gas-strict-inequalities
        if (a.revocationTime != 0 && a.revocationTime <= timepoint) return false;
        return a.expirationTime == 0 || timepoint < a.expirationTime;
    }

    /// @dev The registry key of a recipient: its address.
    function _keyOf(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    /// @dev The provider index's latest attestation UID of `schema` for `account` (0 if none).
    function _latestUid(address account) internal view virtual returns (bytes32);
}
