// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title What Counterweight reads from Gitcoin Passport's GitcoinResolver
/// @notice The resolver of Passport's EAS schemas records, per recipient and schema, the UID of
/// the latest attestation made through it. Only the read is declared here.
interface IGitcoinResolver {
    /// @notice The latest attestation UID of `schema` made to `user`.
    /// @param user The attested account.
    /// @param schema The schema.
    /// @return The UID, 0 if none.
    function getUserAttestation(address user, bytes32 schema) external view returns (bytes32);
}
