// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEAS, Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {SchemaResolver} from "@ethereum-attestation-service/eas-contracts/contracts/resolver/SchemaResolver.sol";
import {IGitcoinResolver} from "../interfaces/IGitcoinResolver.sol";

/// @title Test stand-in for Gitcoin Passport's GitcoinResolver (no build artifact is published on npm)
/// @notice An EAS schema resolver, like GitcoinResolver: EAS calls it on every attestation of the
/// schemas registered with it, and it records the attestation as the latest of its schema for its
/// recipient; a revocation leaves the record. It admits every attester (Gitcoin's admits its
/// attester proxy only), so tests can show what the source does with another attester's UID.
contract TestGitcoinResolver is SchemaResolver, IGitcoinResolver {
    mapping(address user => mapping(bytes32 schema => bytes32 uid)) private _latest;

    /// @param eas_ The EAS contract that calls it.
    constructor(IEAS eas_) SchemaResolver(eas_) {}

    /// @inheritdoc IGitcoinResolver
    function getUserAttestation(address user, bytes32 schema) external view returns (bytes32) {
        return _latest[user][schema];
    }

    function onAttest(Attestation calldata attestation, uint256) internal override returns (bool) {
        _latest[attestation.recipient][attestation.schema] = attestation.uid;
        return true;
    }

    function onRevoke(Attestation calldata, uint256) internal pure override returns (bool) {
        return true;
    }
}
