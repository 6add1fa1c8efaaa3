// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the Counterweight governance domain
/// @notice Every revert specific to Counterweight's governor and its quadratic counting module.
/// The standard IGovernor errors (GovernorAlreadyCastVote, GovernorInvalidVoteType, …) are kept
/// where they already describe the failure, so existing front ends decode them unchanged.
interface IGovernanceErrors {
    /// @notice The voter's account was not bound to a verified identity at the proposal snapshot.
    /// @param account The account that tried to vote.
    /// @param snapshot The proposal snapshot the identity was looked up at.
    error GovernanceUnverifiedVoter(address account, uint256 snapshot);

    /// @notice The identity already voted on this proposal (possibly from another account).
    /// @param proposalId The proposal.
    /// @param identityId The identity that already voted.
    /// @param account The account that tried to vote again for it.
    error GovernanceIdentityAlreadyVoted(uint256 proposalId, uint256 identityId, address account);

    /// @notice A quorum of zero identities would let a proposal pass with no voter at all.
    error GovernanceZeroQuorum();

    /// @notice The registry address given to the counting module is not a contract.
    /// @param registry The address given.
    error GovernanceInvalidRegistry(address registry);

    /// @notice The identity registry runs on another ERC-6372 clock than the token: identities and
    /// votes would be looked up at different snapshots.
    /// @param governorClockMode The governor's (its token's) CLOCK_MODE.
    /// @param registryClockMode The registry's CLOCK_MODE.
    error GovernanceClockMismatch(string governorClockMode, string registryClockMode);
}
