// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title What Counterweight reads from the Coinbase Verifications attestation indexer
/// @notice The indexer Coinbase deploys beside its attester on Base keeps, per recipient and
/// schema, the UID of the latest attestation indexed. Only the read is declared here.
interface ICoinbaseIndexer {
    /// @notice The latest indexed attestation UID of `schemaUid` made to `recipient`.
    /// @param recipient The attested account.
    /// @param schemaUid The schema.
    /// @return The UID, 0 if none.
    function getAttestationUid(address recipient, bytes32 schemaUid) external view returns (bytes32);
}
