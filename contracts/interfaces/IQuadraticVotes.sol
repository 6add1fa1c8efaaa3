// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IIdentityRegistry} from "./IIdentityRegistry.sol";

/// @title Quadratic delegation: Σ√ per delegate beside the linear IVotes figures
/// @notice The linear IVotes surface (getVotes, getPastVotes, delegates, delegate, delegateBySig,
/// DelegateChanged, DelegateVotesChanged) keeps its standard meaning: tokens delegated. Beside it,
/// each delegate carries, checkpointed on the same clock and in the same storage slot:
/// - its QUADRATIC VOTES: Σ over the contributing identities delegating to it of
///   isqrt(the contributing account's balance);
/// - its DELEGATED IDENTITIES: how many contributing identities delegate to it.
/// An account CONTRIBUTES when the token's cache, refreshed by `sync(account)`, holds a counted
/// identity for it; at most one account contributes per HUMAN (`contributorOfHuman`, keyed by the
/// registry's `humanIdOf`), so neither a key rotation nor a re-issue under the same humanId can
/// count one human twice, whether or not the old key is synced. Tokens on an account that does not
/// contribute add to the linear votes only. `sync` also caches the identity's expiration: from
/// then on the account's next transfer or delegation drops its contribution, with no sync.
interface IQuadraticVotes is IERC5805 {
    /// @notice `sync` refreshed an account's cached identity (also emitted, with `identityId` 0,
    /// for the account a human's contribution is taken from when another account of the same
    /// human syncs).
    /// @param account The account.
    /// @param previousIdentityId The identity it contributed for before (0: none).
    /// @param identityId The identity it contributes for now (0: none).
    event IdentitySynced(address indexed account, uint256 indexed previousIdentityId, uint256 indexed identityId);

    /// @notice A delegate's quadratic votes or delegated identities changed.
    /// @param delegate The delegate.
    /// @param previousQuadraticVotes Σ√ before.
    /// @param newQuadraticVotes Σ√ after.
    /// @param previousIdentities Delegated identities before.
    /// @param newIdentities Delegated identities after.
    event QuadraticVotesChanged(
        address indexed delegate,
        uint256 previousQuadraticVotes,
        uint256 newQuadraticVotes,
        uint256 previousIdentities,
        uint256 newIdentities
    );

    /// @notice The identity registry the token reads in `sync` (address(0) before it is wired).
    /// @return The registry.
    function identityRegistry() external view returns (IIdentityRegistry);

    /// @notice Re-reads the registry for `account` and updates its contribution; anyone may call.
    /// @param account The account to refresh.
    function sync(address account) external;

    /// @notice The identity `account` contributes for, and the √ it contributes now.
    /// @param account The account.
    /// @return identityId The cached identity (0: the account contributes nothing).
    /// @return contribution isqrt(balance) if `identityId != 0`, else 0.
    function contributionOf(address account) external view returns (uint256 identityId, uint256 contribution);

    /// @notice The account that contributes for an identity (address(0): none).
    /// @param identityId The identity.
    /// @return The contributing account.
    function contributorOf(uint256 identityId) external view returns (address);

    /// @notice The one account that contributes for a human identifier, whichever of its
    /// identities it cached (address(0): none).
    /// @param humanId The registry's human identifier (`humanIdOf`).
    /// @return The contributing account.
    function contributorOfHuman(bytes32 humanId) external view returns (address);

    /// @notice A delegate's quadratic votes now.
    /// @param account The delegate.
    /// @return Σ isqrt(balance) over the contributing identities delegating to it.
    function getQuadraticVotes(address account) external view returns (uint256);

    /// @notice A delegate's quadratic votes at a past timepoint.
    /// @param account The delegate.
    /// @param timepoint A timepoint strictly before `clock()`.
    /// @return Σ isqrt(balance) at that timepoint.
    function getPastQuadraticVotes(address account, uint256 timepoint) external view returns (uint256);

    /// @notice How many contributing identities delegate to `account` now.
    /// @param account The delegate.
    /// @return The number of identities.
    function getDelegatedIdentities(address account) external view returns (uint256);

    /// @notice How many contributing identities delegated to `account` at a past timepoint.
    /// @param account The delegate.
    /// @param timepoint A timepoint strictly before `clock()`.
    /// @return The number of identities.
    function getPastDelegatedIdentities(address account, uint256 timepoint) external view returns (uint256);

    /// @notice A delegate's quadratic votes and delegated identities at a past timepoint, in one lookup.
    /// @param account The delegate.
    /// @param timepoint A timepoint strictly before `clock()`.
    /// @return quadraticVotes Σ isqrt(balance) at that timepoint.
    /// @return identities Delegated identities at that timepoint.
    function getPastQuadraticPower(
        address account,
        uint256 timepoint
    ) external view returns (uint256 quadraticVotes, uint256 identities);
}
