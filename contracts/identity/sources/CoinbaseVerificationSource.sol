// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {ICoinbaseIndexer} from "../../interfaces/ICoinbaseIndexer.sol";
import {IIdentitySource} from "../../interfaces/IIdentitySource.sol";
import {EasAttestationSource} from "./EasAttestationSource.sol";

/// @title Coinbase Verifications ("Verified Account") as an identity source
/// @notice An account may register if Coinbase's attester made it a revocable "Verified Account"
/// attestation (schema `bool verifiedAccount`, value true) that is neither revoked nor expired.
/// The key is the recipient address: nothing on chain links a Coinbase user's old wallet to a new
/// one, so a new wallet verified by Coinbase is a new key and a new identity. At timepoint t the
/// identity counts while that attestation was not revoked at or before t and not expired at t.
/// Guarantee: one live attestation per Coinbase account, if Coinbase revokes before it re-issues.
/// @dev Deployed on Base with the EAS predeploy, Coinbase's attester, Coinbase's indexer and the
/// "Verified Account" schema UID as deployment parameters. Registration data: empty (the
/// indexer's latest UID for the caller) or one attestation UID (32 bytes).
contract CoinbaseVerificationSource is EasAttestationSource {
    /// @notice Coinbase's attestation indexer (latest UID per recipient and schema).
    ICoinbaseIndexer public immutable indexer;

    /// @notice Wires the source to EAS, Coinbase's attester, indexer and "Verified Account" schema.
    /// @param eas_ The EAS contract (on Base, the predeploy).
    /// @param attester_ Coinbase's attester.
    /// @param indexer_ Coinbase's attestation indexer.
    /// @param schema_ The "Verified Account" schema UID.
    constructor(
        IEAS eas_,
        address attester_,
        ICoinbaseIndexer indexer_,
        bytes32 schema_
    ) EasAttestationSource(eas_, attester_, schema_, "Coinbase Verifications: Verified Account") {
        if (address(indexer_) == address(0)) revert SourceZeroParameter("indexer");
        indexer = indexer_;
    }

    /// @inheritdoc IIdentitySource
    /// @dev Also requires the attestation data to be `abi.encode(true)`.
    function verify(
        address account,
        bytes calldata data
    ) external view returns (bytes32 key, uint64 expirationTime, bytes32 ref) {
        ref = _uidFrom(account, data);
        Attestation memory a = _checked(account, ref);
        if (a.data.length != 32) revert SourceMalformedData(ref, a.data.length, 32);
        if (uint256(bytes32(a.data)) != 1) revert SourceNotVerified(ref);
        return (_keyOf(account), a.expirationTime, ref);
    }

    /// @inheritdoc IIdentitySource
    function validAt(bytes32 ref, uint256 timepoint) external view returns (bool) {
        return _liveAt(eas.getAttestation(ref), timepoint);
    }

    function _latestUid(address account) internal view override returns (bytes32) {
        return indexer.getAttestationUid(account, schema);
    }
}
