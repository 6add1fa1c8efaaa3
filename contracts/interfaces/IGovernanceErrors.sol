// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the Counterweight governance domain
/// @notice Every revert specific to Counterweight's governor and its quadratic counting module.
/// The standard IGovernor errors (GovernorAlreadyCastVote, GovernorInvalidVoteType, …) are kept
/// where they already describe the failure, so existing front ends decode them unchanged.
interface IGovernanceErrors {
    /// @notice No verified identity delegated to the voter at the proposal snapshot (as the token
    /// had synced them): it has no quadratic vote to cast.
    /// @param account The account that tried to vote.
    /// @param snapshot The proposal snapshot.
    error GovernanceUnverifiedVoter(address account, uint256 snapshot);

    /// @notice A split vote asks for more √-weight than the voter has left on this proposal
    /// (OpenZeppelin GovernorCountingFractional's error: same name, arguments and selector).
    /// @param voter The voter.
    /// @param usedVotes The weight this call asked for.
    /// @param remainingWeight The weight the voter had left.
    error GovernorExceedRemainingWeight(address voter, uint256 usedVotes, uint256 remainingWeight);

    /// @notice The token the governor counts is not wired to the governor's identity registry.
    /// @param tokenRegistry The token's registry (address(0): not wired yet).
    /// @param governorRegistry The registry given to the governor.
    error GovernanceRegistryMismatch(address tokenRegistry, address governorRegistry);

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
