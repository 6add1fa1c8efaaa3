// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the identity registry
/// @notice Every way a registry call can fail, each with the values needed to see why.
interface IIdentityRegistryErrors {
    /// @notice The constructor was given no admin.
    error IdentityZeroAdmin();

    /// @notice The constructor was given an EAS address but no schema UID.
    error IdentityZeroSchema();

    /// @notice An attester cannot be the zero address.
    error IdentityZeroAttester();

    /// @notice The registry was deployed without EAS, so the attestation path is disabled.
    error IdentityEasDisabled();

    /// @notice EAS holds no attestation with this UID.
    /// @param uid The attestation UID given.
    error IdentityAttestationNotFound(bytes32 uid);

    /// @notice The attestation is for another schema.
    /// @param uid The attestation UID.
    /// @param schema The attestation's schema.
    /// @param expected The schema this registry accepts.
    error IdentityAttestationWrongSchema(bytes32 uid, bytes32 schema, bytes32 expected);

    /// @notice The attestation was made by an attester the registry does not trust.
    /// @param uid The attestation UID.
    /// @param attester Who made the attestation.
    error IdentityUntrustedAttester(bytes32 uid, address attester);

    /// @notice The attestation was revoked in EAS.
    /// @param uid The attestation UID.
    /// @param revocationTime When it was revoked.
    error IdentityAttestationRevoked(bytes32 uid, uint64 revocationTime);

    /// @notice The attestation has expired.
    /// @param uid The attestation UID.
    /// @param expirationTime When it expired.
    error IdentityAttestationExpired(bytes32 uid, uint64 expirationTime);

    /// @notice The attestation was issued to another account than the caller.
    /// @param uid The attestation UID.
    /// @param recipient The attestation's recipient.
    /// @param caller The account trying to use it.
    error IdentityAttestationWrongRecipient(bytes32 uid, address recipient, address caller);

    /// @notice The attestation data is not `abi.encode(bytes32 humanId)`.
    /// @param uid The attestation UID.
    /// @param dataLength The length of its data in bytes (32 expected).
    error IdentityAttestationMalformed(bytes32 uid, uint256 dataLength);

    /// @notice The attestation was made irrevocable (`revocable == false`): EAS could never revoke
    /// it, so the registry refuses it.
    /// @param uid The attestation UID.
    error IdentityAttestationIrrevocable(bytes32 uid);

    /// @notice The human identifier is zero, which is never a valid identifier.
    error IdentityZeroHumanId();

    /// @notice This human identifier belongs to an identity that has not ended (it still counts,
    /// or waits out a rotation cooldown), or that governance struck off.
    /// @param humanId The human identifier.
    /// @param identityId The identity it was registered as.
    error IdentityHumanIdTaken(bytes32 humanId, uint256 identityId);

    /// @notice The account is already bound to an identity.
    /// @param account The account.
    /// @param identityId The identity it is bound to.
    error IdentityAccountAlreadyBound(address account, uint256 identityId);

    /// @notice No Merkle root is set, so the Merkle path is closed.
    error IdentityMerkleRootUnset();

    /// @notice The Merkle proof does not prove (humanId, account) against the current root.
    /// @param humanId The human identifier claimed.
    /// @param account The account claiming it.
    error IdentityInvalidMerkleProof(bytes32 humanId, address account);

    /// @notice The account is not bound to any identity.
    /// @param account The account.
    error IdentityNotBound(address account);

    /// @notice An identity cannot be rotated to the account that already holds it.
    /// @param account The account.
    error IdentityRotationToSelf(address account);

    /// @notice No rotation of this identity to the caller is pending.
    /// @param identityId The identity.
    /// @param caller The account trying to accept.
    error IdentityRotationNotProposed(uint256 identityId, address caller);

    /// @notice No identity has this id.
    /// @param identityId The id given.
    error IdentityUnknown(uint256 identityId);

    /// @notice The identity is already revoked.
    /// @param identityId The identity.
    error IdentityAlreadyRevoked(uint256 identityId);

    /// @notice The identity was not registered through an EAS attestation.
    /// @param identityId The identity.
    error IdentityNotAttested(uint256 identityId);

    /// @notice The identity was not registered through the Merkle list.
    /// @param identityId The identity.
    error IdentityNotMerkle(uint256 identityId);

    /// @notice The identity still counts (its attestation is neither revoked nor expired and its
    /// source is not retired): nothing to sync.
    /// @param identityId The identity.
    /// @param uid Its attestation UID.
    error IdentityAttestationStillValid(uint256 identityId, bytes32 uid);

    /// @notice A lookup asked for a timepoint that is not in the past.
    /// @param timepoint The timepoint asked for.
    /// @param clock The current timepoint.
    error IdentityFutureLookup(uint256 timepoint, uint48 clock);

    /// @notice No identity source has this id, or it is retired already.
    /// @param sourceId The id given.
    error IdentitySourceNotLive(uint256 sourceId);

    /// @notice More identity sources than the 16-bit source id can number.
    error IdentityTooManySources();

    /// @notice The rotation cooldown asked for is longer than the registry allows.
    /// @param cooldown The cooldown asked for, in seconds.
    /// @param max The longest cooldown allowed, in seconds.
    error IdentityCooldownTooLong(uint256 cooldown, uint256 max);

    /// @notice EAS did not answer `getAttestation` for an identity's attestation.
    /// @param uid The attestation UID.
    error IdentityEasReadFailed(bytes32 uid);

    /// @notice An external source's `validAt` did not answer `true` while the gas left could not
    /// guarantee it the whole SOURCE_GAS_CAP (63/64 rule), so a failing source cannot be told from
    /// a call starved by the caller's gas limit: retry with more gas.
    /// @param source The source.
    /// @param gasCap The gas the registry gives `validAt` (SOURCE_GAS_CAP).
    error IdentitySourceCallStarved(address source, uint256 gasCap);

    /// @notice An external source cannot be the zero address.
    error IdentityZeroSource();

    /// @notice The external source returned a zero key namespace.
    /// @param source The source contract.
    error IdentitySourceZeroNamespace(address source);

    /// @notice This source id is not an external source (kind 0: no such source).
    /// @param sourceId The id given.
    /// @param kind Its kind (0 none, 1 Merkle list, 2 EAS attester).
    error IdentitySourceNotExternal(uint256 sourceId, uint8 kind);

    /// @notice The external source vouched for the account with a zero key.
    /// @param sourceId The source.
    /// @param account The account registering.
    error IdentitySourceZeroKey(uint256 sourceId, address account);

    /// @notice The external source vouched with evidence whose expiration time has already passed.
    /// @param sourceId The source.
    /// @param expirationTime The expiration the source reported.
    error IdentitySourceEvidenceExpired(uint256 sourceId, uint64 expirationTime);
}
