// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Identity registry: the sybil-resistance layer shared by every Counterweight module
/// @notice Maps accounts to identities (one human, one identity), now and at past timepoints.
/// Identity ids are small integers assigned at registration (0 means "no identity"). At any
/// timepoint an identity is bound to at most one account and an account to at most one identity.
/// The clock is ERC-6372 `mode=timestamp`, the same as the Counterweight token.
interface IIdentityRegistry {
    /// @notice An identity was registered and bound to `account`.
    /// @param identityId The new identity's id.
    /// @param humanId The unique human identifier it was registered with.
    /// @param account The account it is bound to.
    /// @param method 0 = EAS attestation, 1 = Merkle proof, 2 = external source.
    event IdentityRegistered(
        uint256 indexed identityId,
        bytes32 indexed humanId,
        address indexed account,
        uint8 method
    );
    /// @notice An identity moved from one account to another (key rotation).
    /// @param identityId The identity.
    /// @param from The account it left.
    /// @param to The account it is now bound to.
    event IdentityRotated(uint256 indexed identityId, address indexed from, address indexed to);
    /// @notice An identity became unverifiable (its attestation was revoked or it was struck off).
    /// @param identityId The identity.
    /// @param account The account it was bound to.
    event IdentityRevoked(uint256 indexed identityId, address indexed account);

    /// @notice ERC-6372 clock (block timestamp).
    /// @return The current timepoint.
    function clock() external view returns (uint48);

    /// @notice ERC-6372 clock description.
    /// @return "mode=timestamp".
    function CLOCK_MODE() external view returns (string memory);

    /// @notice The identity bound to `account` now (0 if none).
    /// @param account The account.
    /// @return identityId The identity id, 0 if the account is not verified.
    function identityOf(address account) external view returns (uint256 identityId);

    /// @notice The identity bound to `account` now and the account that registered it.
    /// @dev The registrant of an identity never changes; after a key rotation it differs from the
    /// bound account. A module that must know which single account an identity last used (e.g. a
    /// farm crediting one capped position per identity) can then keep a record only for accounts
    /// other than the registrant and fall back to the registrant when it has none.
    /// @param account The account.
    /// @return identityId The identity id, 0 if the account is not verified.
    /// @return registrant The account that registered that identity (address(0) if none).
    function bindingOf(address account) external view returns (uint256 identityId, address registrant);

    /// @notice The identity bound to `account` at a past `timepoint` (0 if none).
    /// @dev Reverts for a timepoint that is not in the past, like ERC20Votes.getPastVotes.
    /// @param account The account.
    /// @param timepoint A timepoint strictly before `clock()`.
    /// @return identityId The identity id at that timepoint, 0 if none.
    function identityAt(address account, uint256 timepoint) external view returns (uint256 identityId);

    /// @notice The account an identity is bound to now (address(0) if none or revoked).
    /// @param identityId The identity id.
    /// @return account The bound account.
    function accountOf(uint256 identityId) external view returns (address account);

    /// @notice The human identifier an identity was registered with (bytes32(0) if unknown).
    /// @dev Identities that share one are the same human: a humanId binds again, as a new identity
    /// id, only once its previous identity has ended, so at most one of them counts at a time.
    /// @param identityId The identity id.
    /// @return humanId Its human identifier.
    function humanIdOf(uint256 identityId) external view returns (bytes32 humanId);

    /// @notice When an identity stops counting by itself: the expiration time of its attestation
    /// (or of its external source's evidence) as recorded at registration (0: never, and 0 for
    /// Merkle-list identities and unknown ids).
    /// @dev Known from registration on, so a consumer may cache it (the token drops a cached
    /// contribution at it without a sync).
    /// @param identityId The identity id.
    /// @return expirationTime The expiration time (seconds, 0: none).
    function expirationOf(uint256 identityId) external view returns (uint64 expirationTime);

    /// @notice Whether `account` belongs to a verified identity now.
    /// @param account The account.
    /// @return True if `identityOf(account) != 0`.
    function isVerified(address account) external view returns (bool);
}
