// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {ICoinbaseIndexer} from "../interfaces/ICoinbaseIndexer.sol";

/// @title Test stand-in for Coinbase's attestation indexer (no build artifact is published on npm)
/// @notice Like Coinbase's indexer on Base: `index(uid)` reads the attestation from EAS and records
/// it as the latest of its schema for its recipient. Anyone may index here (Coinbase's restricts it).
contract TestCoinbaseIndexer is ICoinbaseIndexer {
    /// @notice The EAS contract read.
    IEAS public immutable eas;

    mapping(address recipient => mapping(bytes32 schemaUid => bytes32 uid)) private _latest;

    /// @notice An attestation was indexed.
    /// @param recipient Its recipient.
    /// @param schemaUid Its schema.
    /// @param uid Its UID.
    event AttestationIndexed(address indexed recipient, bytes32 indexed schemaUid, bytes32 uid);

    /// @param eas_ The EAS contract.
    constructor(IEAS eas_) {
        eas = eas_;
    }

    /// @notice Records attestation `uid` as the latest of its schema for its recipient.
    /// @param uid The attestation UID.
    function index(bytes32 uid) external {
        Attestation memory a = eas.getAttestation(uid);
        _latest[a.recipient][a.schema] = uid;
        emit AttestationIndexed(a.recipient, a.schema, uid);
    }

    /// @inheritdoc ICoinbaseIndexer
    function getAttestationUid(address recipient, bytes32 schemaUid) external view returns (bytes32) {
        return _latest[recipient][schemaUid];
    }
}
