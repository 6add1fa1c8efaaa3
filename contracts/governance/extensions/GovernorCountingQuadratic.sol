// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {IQuadraticVotes} from "../../interfaces/IQuadraticVotes.sol";
import {IGovernanceErrors} from "../../interfaces/IGovernanceErrors.sol";

/// @title Quadratic, delegable, splittable vote counting for OpenZeppelin's Governor
/// @notice A counting module beside OpenZeppelin's GovernorCountingSimple / Fractional, over a
/// token implementing IQuadraticVotes (CounterweightToken). A voter (a delegate) weighs its
/// QUADRATIC VOTES at the proposal snapshot: Σ √(balance) over the verified identities delegating
/// to it (its own included when it delegates to itself), as the token checkpointed them; no square
/// root at vote time, no loop over delegators. It may split that weight across Against, For and
/// Abstain, over one or several calls, in OpenZeppelin's GovernorCountingFractional layout: support
/// 0/1/2 with empty params casts all the remaining weight; support 255 with params
/// `abi.encodePacked(uint128 against, uint128 for, uint128 abstain)` casts that much, never more
/// than the remaining weight in total. Weights are √-units: splitting the tokens and taking roots
/// would inflate the weight (√a + √b > √(a+b)), splitting the weight does not.
/// Quorum is a number of distinct identities (seats). A voter carrying n identities at the
/// snapshot (its own and its delegators') and weight W seats them in proportion to the share of W
/// it has cast For or Abstain, cumulatively over its calls and rounded up: after each call
/// seats = ⌈n · (forUsed + abstainUsed) / W⌉ ≤ n, the count adding only the increase. So a nominal
/// For/Abstain vote (all of W) seats all n, a voter with n = 1 keeps its seat for any For/Abstain
/// part, and a 1-unit Abstain sliver beside an Against vote seats one identity, not n. A voter of
/// zero weight (an identity holding no tokens) seats its n by a nominal For/Abstain vote.
/// Each identity contributes through one account and each account has one delegate, so no
/// identity is counted twice in a proposal.
/// The proposal threshold and `getVotes` stay linear (token votes), as GovernorVotes defines them.
/// @dev Tallies are uint128: Σ√ over all identities ≤ √(n·S) < 2^64 (token widths). The For tally
/// shares one slot with the quorum count (uint40), the quorum in force at the snapshot (uint40,
/// cached by the first vote) and a uint48 deadline a governor may settle once it can no longer
/// move (see `_settleDeadline`). Inherit it after GovernorVotes: its constructor checks the token
/// against the registry and checkpoints the initial quorum on the token's clock.
abstract contract GovernorCountingQuadratic is GovernorVotes, IGovernanceErrors {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Vote options, in Governor Bravo order (255: fractional, params give the split).
    enum VoteType {
        Against,
        For,
        Abstain
    }

    /// @notice `support` value of a split vote (OpenZeppelin GovernorCountingFractional's).
    uint8 public constant VOTE_TYPE_FRACTIONAL = 255;

    struct ProposalTally {
        uint128 forWeight;
        uint40 quorumIdentities;
        uint40 quorumRequired;
        uint48 settledDeadline;
        uint128 againstWeight;
        uint128 abstainWeight;
        mapping(address voter => VoterRecord) voters;
    }

    /// @dev One slot per voter and proposal (128 + 8 + 40 + 72 bits): weight used so far, whether it
    /// voted (a voter of zero weight may vote once), the quorum seats it has filled and the weight
    /// it has cast For + Abstain (≤ its weight < 2^64, see the tally widths).
    struct VoterRecord {
        uint128 used;
        bool voted;
        uint40 seats;
        uint72 quorumWeight;
    }

    /// @notice The number of identities required for quorum changed.
    /// @param oldQuorumIdentities The previous requirement.
    /// @param newQuorumIdentities The new requirement.
    event QuorumIdentitiesUpdated(uint256 oldQuorumIdentities, uint256 newQuorumIdentities);

    IIdentityRegistry private immutable _registry;
    Checkpoints.Trace208 private _quorumHistory;
    mapping(uint256 proposalId => ProposalTally) private _tallies;

    /// @notice Wires the module to its identity registry and sets the initial quorum.
    /// @param registry_ The identity registry the token syncs from (immutable, checked).
    /// @param initialQuorumIdentities Distinct For/Abstain identities a proposal needs (≥ 1).
    /// @dev Reverts `GovernanceClockMismatch(governorMode, registryMode)` unless the registry's
    /// CLOCK_MODE equals the governor's, `GovernanceClockMismatch(tokenMode, governorMode)` unless
    /// the token's does (OZ's `mode=blocknumber&from=default` for a token without ERC-6372), and
    /// `GovernanceRegistryMismatch` unless the token is wired to `registry_`.
    constructor(IIdentityRegistry registry_, uint256 initialQuorumIdentities) {
        if (address(registry_).code.length == 0) revert GovernanceInvalidRegistry(address(registry_));
        string memory governorMode = CLOCK_MODE();
        string memory registryMode = registry_.CLOCK_MODE();
        if (keccak256(bytes(governorMode)) != keccak256(bytes(registryMode))) {
            revert GovernanceClockMismatch(governorMode, registryMode);
        }
        string memory tokenMode;
        try IERC6372(address(token())).CLOCK_MODE() returns (string memory mode) {
            tokenMode = mode;
        } catch {
            // What OpenZeppelin's GovernorVotes reports for a token without ERC-6372.
            tokenMode = "mode=blocknumber&from=default";
        }
        if (keccak256(bytes(tokenMode)) != keccak256(bytes(governorMode))) {
            revert GovernanceClockMismatch(tokenMode, governorMode);
        }
        address tokenRegistry = address(IQuadraticVotes(address(token())).identityRegistry());
        if (tokenRegistry != address(registry_)) revert GovernanceRegistryMismatch(tokenRegistry, address(registry_));
        _registry = registry_;
        _setQuorumIdentities(initialQuorumIdentities);
    }

    /// @notice The identity registry the token's quadratic votes come from.
    /// @return The registry.
    function identityRegistry() public view virtual returns (IIdentityRegistry) {
        return _registry;
    }

    /// @notice Describes the counting: Bravo support values plus fractional (255) split votes,
    /// For and Abstain count towards quorum, a vote weighs the delegate's Σ√ at the snapshot,
    /// quorum measured in identities.
    /// @return The URL-encoded counting mode.
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return
            "support=bravo,fractional&quorum=for,abstain&params=fractional&weight=sqrt-delegated&quorumunit=identities";
    }

    /// @notice Whether `account` has cast (part of) its vote on a proposal.
    /// @param proposalId The proposal.
    /// @param account The voter.
    /// @return True once it has voted.
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        return _tallies[proposalId].voters[account].voted;
    }

    /// @notice The √-weight `account` has already cast on a proposal.
    /// @param proposalId The proposal.
    /// @param account The voter.
    /// @return The weight used so far.
    function usedVotes(uint256 proposalId, address account) public view virtual returns (uint256) {
        return _tallies[proposalId].voters[account].used;
    }

    /// @notice The quorum seats a voter has filled on a proposal and the weight behind them.
    /// @dev `seats = ⌈n · quorumWeight / W⌉` for a voter of weight W > 0 carrying n identities at
    /// the snapshot (`getPastQuadraticPower`), n or 0 for a voter of weight 0. An indexer rebuilds
    /// it from VoteCast / VoteCastWithParams alone: quorumWeight sums the For and Abstain parts of
    /// the voter's ballots (a nominal For/Abstain vote: its `weight`; a split: the last two
    /// uint128 of `params`), and n, W come from the token at the proposal snapshot.
    /// @param proposalId The proposal.
    /// @param account The voter.
    /// @return seats Identities it has counted towards the quorum.
    /// @return quorumWeight The √-weight it has cast For or Abstain.
    function quorumSeats(
        uint256 proposalId,
        address account
    ) public view virtual returns (uint256 seats, uint256 quorumWeight) {
        VoterRecord storage voter = _tallies[proposalId].voters[account];
        return (voter.seats, voter.quorumWeight);
    }

    /// @notice The quadratic tallies of a proposal, in the GovernorCountingSimple layout.
    /// @param proposalId The proposal.
    /// @return againstVotes Σ√ weight Against.
    /// @return forVotes Σ√ weight For.
    /// @return abstainVotes Σ√ weight Abstain.
    function proposalVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalTally storage t = _tallies[proposalId];
        return (t.againstWeight, t.forWeight, t.abstainWeight);
    }

    /// @notice How many distinct identities voted For or Abstain on a proposal (directly or
    /// through their delegate).
    /// @param proposalId The proposal.
    /// @return The count compared with the quorum.
    function proposalQuorumIdentities(uint256 proposalId) public view virtual returns (uint256) {
        return _tallies[proposalId].quorumIdentities;
    }

    /// @notice A proposal's quorum in one call, for front ends: distinct identities counted
    /// (For + Abstain), identities required, and whether quorum is reached. Compare `counted` with
    /// `required`, never `proposalVotes` (√-token weights) with `quorum` (identities).
    /// @dev `required` is the quorum at the proposal snapshot (cached by the first vote; before it,
    /// the quorum in force at the snapshot as known now, which governance may still change until
    /// the snapshot passes). Reverts `GovernorNonexistentProposal` for an unknown proposal.
    /// @param proposalId The proposal.
    /// @return counted Distinct identities that voted For or Abstain.
    /// @return required Distinct identities the proposal needs.
    /// @return reached Whether `counted >= required`.
    function proposalQuorumStatus(
        uint256 proposalId
    ) public view virtual returns (uint256 counted, uint256 required, bool reached) {
        uint256 snapshot = proposalSnapshot(proposalId);
        if (snapshot == 0) revert GovernorNonexistentProposal(proposalId);
        ProposalTally storage t = _tallies[proposalId];
        counted = t.quorumIdentities;
        required = t.quorumRequired;
        if (required == 0) required = quorum(snapshot);
        reached = !(counted < required);
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
        _quorumHistory.push(clock(), SafeCast.toUint40(newQuorumIdentities));
        emit QuorumIdentitiesUpdated(old, newQuorumIdentities);
    }

    /// @dev Quorum: enough distinct identities voted For or Abstain.
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage t = _tallies[proposalId];
        uint256 required = t.quorumRequired;
        if (required == 0) required = quorum(proposalSnapshot(proposalId));
        return !(t.quorumIdentities < required);
    }

    /// @notice The quorum progress of a proposal and its settled deadline, if any.
    /// @dev Read from the tally slot (one storage read): the distinct For/Abstain identities
    /// counted, the quorum cached by the first vote (0 before any vote) and the deadline settled by
    /// `_settleDeadline` (0 until then). Lets a late-quorum module act on the vote that first
    /// reaches quorum, and know the deadline afterwards, without reading its own storage.
    /// @param proposalId The proposal.
    /// @return counted Distinct For/Abstain identities so far.
    /// @return required The quorum cached for the proposal (0 before its first vote).
    /// @return settledDeadline The settled deadline, or 0.
    function _quorumProgress(
        uint256 proposalId
    ) internal view virtual returns (uint256 counted, uint256 required, uint48 settledDeadline) {
        ProposalTally storage t = _tallies[proposalId];
        return (t.quorumIdentities, t.quorumRequired, t.settledDeadline);
    }

    /// @dev Records a proposal's final deadline in its tally slot. Only for a value that can no
    /// longer change (e.g. once a late-quorum extension has been decided); never 0.
    function _settleDeadline(uint256 proposalId, uint48 deadline) internal virtual {
        _tallies[proposalId].settledDeadline = deadline;
    }

    /// @dev For must strictly exceed Against, in √ weight.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage t = _tallies[proposalId];
        return t.forWeight > t.againstWeight;
    }

    /// @dev The `totalWeight` GovernorVotes hands over is the linear one (`getVotes` and the
    /// proposal threshold keep that meaning); the counted weight is read here from the token in one
    /// checkpoint lookup (its slots are warm after GovernorVotes' own): Σ√ at the snapshot and the
    /// identities delegating to `account` then. Reverts `GovernanceUnverifiedVoter` when no
    /// identity delegated to the account at the snapshot, `GovernorAlreadyCastVote` once nothing is
    /// left to cast, `GovernorInvalidVoteParams` (also for a split of 0 + 0 + 0) / `GovernorExceedRemainingWeight` /
    /// `GovernorInvalidVoteType` as GovernorCountingFractional does. Returns (and so the
    /// VoteCast event carries) the weight cast by this call.
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256, // totalWeight: linear
        bytes memory params
    ) internal virtual override returns (uint256) {
        uint256 snapshot = proposalSnapshot(proposalId);
        (uint256 weight, uint256 identities) = IQuadraticVotes(address(token())).getPastQuadraticPower(
            account,
            snapshot
        );
        if (identities == 0) revert GovernanceUnverifiedVoter(account, snapshot);

        ProposalTally storage t = _tallies[proposalId];
        if (t.quorumRequired == 0) t.quorumRequired = uint40(quorum(snapshot));
        return _cast(t, t.voters[account], account, support, weight, identities, params);
    }

    /// @dev Checks and records one call's ballot for a voter of `weight` and `identities`.
    function _cast(
        ProposalTally storage t,
        VoterRecord storage voter,
        address account,
        uint8 support,
        uint256 weight,
        uint256 identities,
        bytes memory params
    ) private returns (uint256 cast) {
        uint256 remaining = weight - voter.used;
        if (voter.voted && remaining == 0) revert GovernorAlreadyCastVote(account);
        (uint256 againstWeight, uint256 forWeight, uint256 abstainWeight, bool towardsQuorum) = _ballot(
            account,
            support,
            remaining,
            params
        );
        cast = againstWeight + forWeight + abstainWeight;
        uint256 added = _record(voter, cast, forWeight + abstainWeight, towardsQuorum, weight, identities);
        if (againstWeight != 0) t.againstWeight += uint128(againstWeight);
        if (forWeight != 0) t.forWeight += uint128(forWeight);
        if (abstainWeight != 0) t.abstainWeight += uint128(abstainWeight);
        if (added != 0) t.quorumIdentities = SafeCast.toUint40(t.quorumIdentities + added);
    }

    /// @dev Records a call of `cast` weight, `towards` of it For/Abstain, for a voter of `weight`
    /// carrying `identities` (one slot read, one written) and returns the quorum seats it adds.
    /// Weight 0: a nominal For/Abstain vote (`towardsQuorum`) seats all the identities. Otherwise
    /// seats become ⌈n · quorumWeight / W⌉ with quorumWeight the For/Abstain weight cast so far
    /// (≤ n, as quorumWeight ≤ W; 40 × 72 bits cannot overflow).
    function _record(
        VoterRecord storage voter,
        uint256 cast,
        uint256 towards,
        bool towardsQuorum,
        uint256 weight,
        uint256 identities
    ) private returns (uint256 added) {
        VoterRecord memory r = voter;
        uint256 seats = r.seats;
        uint256 quorumWeight = uint256(r.quorumWeight) + towards;
        if (weight == 0) {
            if (towardsQuorum) added = identities;
        } else if (towards != 0) {
            added = (identities * quorumWeight + weight - 1) / weight - seats;
        }
        voter.used = uint128(r.used + cast);
        voter.voted = true;
        voter.seats = uint40(seats + added);
        voter.quorumWeight = SafeCast.toUint72(quorumWeight);
    }

    /// @dev The weights a call casts: all of `remaining` on `support` for a nominal vote (empty
    /// params), or the three packed uint128 of a fractional one (support 255, 48 bytes), more than
    /// 0 and never more than `remaining` in total; and whether any of it is For or Abstain.
    function _ballot(
        address account,
        uint8 support,
        uint256 remaining,
        bytes memory params
    ) private pure returns (uint256 againstWeight, uint256 forWeight, uint256 abstainWeight, bool towardsQuorum) {
        if (support == VOTE_TYPE_FRACTIONAL) {
            if (params.length != 0x30) revert GovernorInvalidVoteParams();
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                againstWeight := shr(128, mload(add(params, 0x20)))
                forWeight := shr(128, mload(add(params, 0x30)))
                abstainWeight := shr(128, mload(add(params, 0x40)))
            }
            uint256 asked = againstWeight + forWeight + abstainWeight;
            // A split that casts nothing is no vote (it would set hasVoted and spend a zero-weight
            // voter's one vote): refused, as a malformed ballot.
            if (asked == 0) revert GovernorInvalidVoteParams();
            if (asked > remaining) revert GovernorExceedRemainingWeight(account, asked, remaining);
            return (againstWeight, forWeight, abstainWeight, forWeight + abstainWeight != 0);
        }
        if (params.length != 0) revert GovernorInvalidVoteParams();
        if (support == uint8(VoteType.Against)) return (remaining, 0, 0, false);
        if (support == uint8(VoteType.For)) return (0, remaining, 0, true);
        if (support == uint8(VoteType.Abstain)) return (0, 0, remaining, true);
        revert GovernorInvalidVoteType();
    }
}
