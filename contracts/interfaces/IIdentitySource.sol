// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title An identity source the registry can plug in (source kind External)
/// @notice A contract that vouches for accounts on behalf of one provider (Coinbase Verifications,
/// Gitcoin Passport, ...). Governance adds it to the registry (`IdentityRegistry.addSource`) and
/// may retire it there. The registry asks it two questions: may this account register, and under
/// which unique key (`verify`, at registration); does the evidence registered with still hold at
/// timepoint t (`validAt`, on every lookup of an identity of this source, for the governor at the
/// proposal snapshot and for the farm now).
/// @dev Both functions are views. `validAt` is called on every vote and farm resolution of an
/// identity of this source, so it must be cheap: the registry gives it at most
/// `IdentityRegistry.SOURCE_GAS_CAP` gas (200,000) and reads a revert, an exhausted cap or any
/// answer but one ABI-encoded bool as "does not count" (so a broken source cannot block lookups;
/// a caller that starves the call of gas gets IdentitySourceCallStarved instead). Its answer for
/// a past timepoint should not change as time goes on, and never from false to true; a source
/// that cannot promise this (a current-only lookup) documents exactly what it answers instead.
interface IIdentitySource {
    /// @notice The namespace of this source's keys. The registry keys an identity of this source
    /// by `keccak256(abi.encode(keyNamespace(), key))`, so keys of different providers never
    /// share a human-identifier slot, and two deployments of the same provider (same namespace)
    /// share one: one live identity per provider key, whichever deployment it came through.
    /// Read once, when governance adds the source; it must never change and never be zero.
    /// @return The namespace (e.g. keccak256 of the provider's name, attester and schema).
    function keyNamespace() external view returns (bytes32);

    /// @notice Whether this source's keys are accounts rather than humans (nothing links a
    /// provider's user's old account to a new one). If so, the registry makes the FIRST
    /// registration of every key wait the rotation cooldown, since it may be a human's move to a
    /// new wallet, a sale or a rental; a renewal of a key on the account that held it counts at
    /// once. Read once, when governance adds the source.
    /// @return True if keys are accounts.
    function keysAreAccounts() external view returns (bool);

    /// @notice Checks that `account` may register now and returns what the registry records.
    /// Reverts with a named error if it may not.
    /// @param account The account registering (the registry passes its caller).
    /// @param data Source-specific evidence (e.g. empty: look the attestation up; or an attestation UID).
    /// @return key The unique key within this source's namespace (never zero): a human identifier,
    /// or an account where the provider vouches for accounts, not humans.
    /// @return expirationTime When the evidence expires (0: never), recorded by the registry: the
    /// identity stops counting from that time on, whatever `validAt` answers later (the registry
    /// refuses evidence already expired with `IdentitySourceEvidenceExpired`).
    /// @return ref The reference the registry stores for the identity and later passes to
    /// `validAt` (e.g. the EAS attestation UID).
    function verify(
        address account,
        bytes calldata data
    ) external view returns (bytes32 key, uint64 expirationTime, bytes32 ref);

    /// @notice Whether the evidence `ref` (as returned by `verify`) holds at `timepoint`.
    /// @param ref The reference recorded at registration.
    /// @param timepoint A timepoint (ERC-6372 timestamp), past or current.
    /// @return True if an identity registered with `ref` counts at `timepoint` as far as this
    /// source is concerned (the registry adds binding, rotation cooldown and retirement).
    function validAt(bytes32 ref, uint256 timepoint) external view returns (bool);
}
