// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the identity source contracts (Coinbase Verifications, Gitcoin Passport)
/// @notice Every way a source refuses an account, each with the values needed to see why.
interface IIdentitySourceErrors {
    /// @notice A deployment parameter is the zero address or zero UID.
    /// @param parameter Its name.
    error SourceZeroParameter(string parameter);

    /// @notice The registration data is neither empty nor one attestation UID (32 bytes).
    /// @param length Its length in bytes.
    error SourceBadData(uint256 length);

    /// @notice The provider's index holds no attestation of the schema for this account.
    /// @param account The account.
    error SourceNoAttestation(address account);

    /// @notice EAS holds no attestation with this UID.
    /// @param uid The UID.
    error SourceAttestationNotFound(bytes32 uid);

    /// @notice The attestation is of another schema than the provider's.
    /// @param uid The attestation UID.
    /// @param schema Its schema.
    /// @param expected The provider's schema.
    error SourceWrongSchema(bytes32 uid, bytes32 schema, bytes32 expected);

    /// @notice The attestation was made by another attester than the provider's.
    /// @param uid The attestation UID.
    /// @param attester Who made it.
    /// @param expected The provider's attester.
    error SourceWrongAttester(bytes32 uid, address attester, address expected);

    /// @notice The attestation was made to another account than the one registering.
    /// @param uid The attestation UID.
    /// @param recipient Its recipient.
    /// @param account The account registering.
    error SourceWrongRecipient(bytes32 uid, address recipient, address account);

    /// @notice The attestation is irrevocable: the provider could never withdraw it.
    /// @param uid The attestation UID.
    error SourceIrrevocable(bytes32 uid);

    /// @notice The attestation was revoked.
    /// @param uid The attestation UID.
    /// @param revocationTime When.
    error SourceRevoked(bytes32 uid, uint64 revocationTime);

    /// @notice The attestation has expired.
    /// @param uid The attestation UID.
    /// @param expirationTime When.
    error SourceExpired(bytes32 uid, uint64 expirationTime);

    /// @notice The attestation data does not have the schema's encoded length.
    /// @param uid The attestation UID.
    /// @param length Its data length in bytes.
    /// @param expected The length the schema encodes to.
    error SourceMalformedData(bytes32 uid, uint256 length, uint256 expected);

    /// @notice The Coinbase attestation does not say `verifiedAccount = true`.
    /// @param uid The attestation UID.
    error SourceNotVerified(bytes32 uid);

    /// @notice The attestation is not the latest one the provider's index holds for its recipient.
    /// @param uid The attestation UID given.
    /// @param latest The latest UID in the index.
    error SourceNotLatest(bytes32 uid, bytes32 latest);

    /// @notice The Passport score is below the threshold in force.
    /// @param uid The attestation UID.
    /// @param score The score (4 decimals).
    /// @param threshold The threshold (4 decimals).
    error SourceScoreBelowThreshold(bytes32 uid, uint256 score, uint256 threshold);

    /// @notice A zero score threshold would admit any account with a Passport.
    error SourceZeroThreshold();
}
