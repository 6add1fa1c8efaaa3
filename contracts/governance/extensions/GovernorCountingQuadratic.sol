// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {IGovernanceErrors} from "../../interfaces/IGovernanceErrors.sol";

/// @title Quadratic, identity-keyed vote counting for OpenZeppelin's Governor
/// @notice A counting module beside OpenZeppelin's GovernorCountingSimple / Fractional: a vote
/// weighs √(the voter's token votes at the proposal snapshot), only if the voter's account was
/// bound to a verified identity at that snapshot, and each identity votes at most once per
/// proposal whatever account it uses. Support values follow Governor Bravo (0 Against, 1 For,
/// 2 Abstain).
/// @dev Quorum is a number of distinct identities voting For or Abstain, not a fraction of the
/// token supply: under √ weights a token fraction has no stable meaning (the same supply yields
/// √S weight in one hand and up to √(n·S) spread over n hands), while "at least q people took
/// part" is what a quorum is meant to guarantee. The number is checkpointed on the governor's
/// clock and changed only by governance.
/// Tallies are stored as uint128: Σ√v_i ≤ √(n·S) with S ≤ 2^208 stays below 2^128 for any
/// n < 2^48 identities. The For tally shares a slot with the quorum count and with the quorum in
/// force at the snapshot (cached by the first vote: past checkpoints never change), so a For or an
/// Against vote writes one tally slot and later votes need no checkpoint lookup.
/// Inherit it after the module that provides `clock()` (GovernorVotes): its constructor
/// checkpoints the initial quorum on that clock.
abstract contract GovernorCountingQuadratic is Governor, IGovernanceErrors {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Vote options, in Governor Bravo order.
    enum VoteType {
        Against,
        For,
        Abstain
    }

    struct ProposalTally {
        uint128 forWeight;
        uint64 quorumIdentities;
        uint64 quorumRequired;
        uint128 againstWeight;
        uint128 abstainWeight;
        mapping(uint256 identityId => address voter) voterOf;
    }

    /// @notice The number of identities required for quorum changed.
    /// @param oldQuorumIdentities The previous requirement.
    /// @param newQuorumIdentities The new requirement.
    event QuorumIdentitiesUpdated(uint256 oldQuorumIdentities, uint256 newQuorumIdentities);

    IIdentityRegistry private immutable _registry;
    Checkpoints.Trace208 private _quorumHistory;
    mapping(uint256 proposalId => ProposalTally) private _tallies;

    /// @notice Wires the module to its identity registry and sets the initial quorum.
    /// @param registry_ The identity registry read at each proposal's snapshot (immutable).
    /// @param initialQuorumIdentities Distinct For/Abstain identities a proposal needs (≥ 1).
    constructor(IIdentityRegistry registry_, uint256 initialQuorumIdentities) {
        if (address(registry_).code.length == 0) revert GovernanceInvalidRegistry(address(registry_));
        _registry = registry_;
        _setQuorumIdentities(initialQuorumIdentities);
    }

    /// @notice The identity registry votes are checked against.
    /// @return The registry.
    function identityRegistry() public view virtual returns (IIdentityRegistry) {
        return _registry;
    }

    /// @notice Describes the counting: Bravo support values, For and Abstain count towards quorum,
    /// a vote weighs √(snapshot votes), one vote per identity, quorum measured in identities.
    /// @return The URL-encoded counting mode.
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return "support=bravo&quorum=for,abstain&weight=sqrt&voter=identity&quorumunit=identities";
    }

    /// @notice Whether the identity `account` held at the proposal snapshot has voted; false for
    /// an account without an identity at the snapshot, or before the snapshot has passed.
    /// @param proposalId The proposal.
    /// @param account The account.
    /// @return True if that identity has voted on the proposal.
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        uint256 snapshot = proposalSnapshot(proposalId);
        if (snapshot == 0 || !(snapshot < clock())) return false;
        uint256 identityId = _registry.identityAt(account, snapshot);
        return identityId != 0 && _tallies[proposalId].voterOf[identityId] != address(0);
    }

    /// @notice Whether an identity has voted on a proposal, from whichever account.
    /// @param proposalId The proposal.
    /// @param identityId The identity.
    /// @return True if it has voted.
    function hasIdentityVoted(uint256 proposalId, uint256 identityId) public view virtual returns (bool) {
        return _tallies[proposalId].voterOf[identityId] != address(0);
    }

    /// @notice The quadratic tallies of a proposal, in the GovernorCountingSimple layout.
    /// @param proposalId The proposal.
    /// @return againstVotes Σ√votes Against.
    /// @return forVotes Σ√votes For.
    /// @return abstainVotes Σ√votes Abstain.
    function proposalVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalTally storage t = _tallies[proposalId];
        return (t.againstWeight, t.forWeight, t.abstainWeight);
    }

    /// @notice How many distinct identities voted For or Abstain on a proposal.
    /// @param proposalId The proposal.
    /// @return The count compared with the quorum.
    function proposalQuorumIdentities(uint256 proposalId) public view virtual returns (uint256) {
        return _tallies[proposalId].quorumIdentities;
    }

    /// @notice The number of distinct For/Abstain identities required at `timepoint`.
    /// @param timepoint A timepoint on the governor's clock (a proposal snapshot).
    /// @return The quorum in identities.
    function quorum(uint256 timepoint) public view virtual override returns (uint256) {
        return _quorumHistory.upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @notice The number of distinct For/Abstain identities required now.
    /// @return The current quorum in identities.
    function quorumIdentities() public view virtual returns (uint256) {
        return _quorumHistory.latest();
    }

    /// @notice Changes the quorum; only through governance (the timelock).
    /// @param newQuorumIdentities Distinct For/Abstain identities a proposal needs (≥ 1).
    function setQuorumIdentities(uint256 newQuorumIdentities) public virtual onlyGovernance {
        _setQuorumIdentities(newQuorumIdentities);
    }

    function _setQuorumIdentities(uint256 newQuorumIdentities) internal virtual {
        if (newQuorumIdentities == 0) revert GovernanceZeroQuorum();
        uint256 old = _quorumHistory.latest();
        _quorumHistory.push(clock(), SafeCast.toUint64(newQuorumIdentities));
        emit QuorumIdentitiesUpdated(old, newQuorumIdentities);
    }

    /// @dev Quorum: enough distinct identities voted For or Abstain.
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage t = _tallies[proposalId];
        uint256 required = t.quorumRequired;
        if (required == 0) required = quorum(proposalSnapshot(proposalId));
        return !(t.quorumIdentities < required);
    }

    /// @dev True exactly while the For/Abstain identity count equals the (cached) quorum: the vote
    /// that first reaches quorum, or an Against vote right after it. Lets a late-quorum module act
    /// on the transition without re-reading its own storage on every later vote.
    function _quorumJustReached(uint256 proposalId) internal view virtual returns (bool) {
        ProposalTally storage t = _tallies[proposalId];
        return t.quorumIdentities == t.quorumRequired;
    }

    /// @dev For must strictly exceed Against, in √ weight.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage t = _tallies[proposalId];
        return t.forWeight > t.againstWeight;
    }

    /// @dev `totalWeight` is the voter's token votes at the snapshot (GovernorVotes._getVotes);
    /// the counted (and returned, hence emitted) weight is its integer square root.
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 totalWeight,
        bytes memory // params
    ) internal virtual override returns (uint256) {
        uint256 snapshot = proposalSnapshot(proposalId);
        uint256 identityId = _registry.identityAt(account, snapshot);
        if (identityId == 0) revert GovernanceUnverifiedVoter(account, snapshot);

        ProposalTally storage t = _tallies[proposalId];
        if (t.quorumRequired == 0) t.quorumRequired = uint64(quorum(snapshot));
        address previous = t.voterOf[identityId];
        if (previous != address(0)) {
            if (previous == account) revert GovernorAlreadyCastVote(account);
            revert GovernanceIdentityAlreadyVoted(proposalId, identityId, account);
        }
        t.voterOf[identityId] = account;

        uint128 weight = uint128(Math.sqrt(totalWeight));
        if (support == uint8(VoteType.Against)) {
            t.againstWeight += weight;
        } else if (support == uint8(VoteType.For)) {
            t.forWeight += weight;
            ++t.quorumIdentities;
        } else if (support == uint8(VoteType.Abstain)) {
            t.abstainWeight += weight;
            ++t.quorumIdentities;
        } else {
            revert GovernorInvalidVoteType();
        }
        return weight;
    }
}
