// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Panic} from "@openzeppelin/contracts/utils/Panic.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";
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
/// Tallies are stored as uint128: by Cauchy–Schwarz Σ√v_i ≤ √(n·S), and with a supply S ≤ 2^208
/// (ERC20Votes' bound) and n < 2^40 voting identities (the width of the counter, more than there
/// are people) that stays below 2^124. The For tally shares one slot with the quorum count (uint40,
/// checked), the quorum in force at the snapshot (uint40, cached by the first vote: past
/// checkpoints never change, and the setter bounds the quorum to 40 bits) and a uint48 deadline a
/// governor may settle once it can no longer move (see `_settleDeadline`), so a For vote writes one
/// tally slot and later votes need no checkpoint lookup.
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

    /// @dev `head` packs, from the low bits: forWeight (128) | quorumIdentities (40) |
    /// quorumRequired (40) | settledDeadline (48), the layout Solidity gives those four fields as
    /// struct members; it is one word so that a vote reads it once and writes it once (as members,
    /// each field read and write is its own SLOAD/SSTORE). `voterOf` holds the voting account as
    /// a full word (one slot per identity, addressed once per vote), so recording it writes
    /// without reading first.
    /// @dev The account an identity voted from on a proposal (0: not voted), as a full word.
    struct Voter {
        uint256 account;
    }

    struct ProposalTally {
        uint256 head;
        uint128 againstWeight;
        uint128 abstainWeight;
        mapping(uint256 identityId => Voter) voterOf;
    }

    /// @notice The number of identities required for quorum changed.
    /// @param oldQuorumIdentities The previous requirement.
    /// @param newQuorumIdentities The new requirement.
    event QuorumIdentitiesUpdated(uint256 oldQuorumIdentities, uint256 newQuorumIdentities);

    uint256 private constant _COUNTED_SHIFT = 128;
    uint256 private constant _REQUIRED_SHIFT = 168;
    uint256 private constant _SETTLED_SHIFT = 208;

    IIdentityRegistry private immutable _registry;
    Checkpoints.Trace208 private _quorumHistory;
    mapping(uint256 proposalId => ProposalTally) private _tallies;

    /// @notice Wires the module to its identity registry and sets the initial quorum.
    /// @param registry_ The identity registry read at each proposal's snapshot (immutable).
    /// @param initialQuorumIdentities Distinct For/Abstain identities a proposal needs (≥ 1).
    /// @dev Reverts `GovernanceClockMismatch` unless the registry's CLOCK_MODE equals the
    /// governor's (its token's): identities and votes must be looked up at the same snapshot.
    constructor(IIdentityRegistry registry_, uint256 initialQuorumIdentities) {
        if (address(registry_).code.length == 0) revert GovernanceInvalidRegistry(address(registry_));
        string memory governorMode = CLOCK_MODE();
        string memory registryMode = registry_.CLOCK_MODE();
        if (keccak256(bytes(governorMode)) != keccak256(bytes(registryMode))) {
            revert GovernanceClockMismatch(governorMode, registryMode);
        }
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
        return identityId != 0 && _tallies[proposalId].voterOf[identityId].account != 0;
    }

    /// @notice Whether an identity has voted on a proposal, from whichever account.
    /// @param proposalId The proposal.
    /// @param identityId The identity.
    /// @return True if it has voted.
    function hasIdentityVoted(uint256 proposalId, uint256 identityId) public view virtual returns (bool) {
        return _tallies[proposalId].voterOf[identityId].account != 0;
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
        return (t.againstWeight, uint128(t.head), t.abstainWeight);
    }

    /// @notice How many distinct identities voted For or Abstain on a proposal.
    /// @param proposalId The proposal.
    /// @return The count compared with the quorum.
    function proposalQuorumIdentities(uint256 proposalId) public view virtual returns (uint256) {
        return uint40(_tallies[proposalId].head >> _COUNTED_SHIFT);
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
        (counted, required, ) = _quorumProgress(proposalId);
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
        (uint256 counted, uint256 required, ) = _quorumProgress(proposalId);
        if (required == 0) required = quorum(proposalSnapshot(proposalId));
        return !(counted < required);
    }

    /// @notice The quorum progress of a proposal and its settled deadline, if any.
    /// @dev Read from the tally slot (one storage read): the distinct
    /// For/Abstain identities counted, the quorum cached by the first vote (0 before any vote) and
    /// the deadline settled by `_settleDeadline` (0 until then). The count grows by exactly one per
    /// For/Abstain vote, so the vote that first reaches quorum is the one leaving it equal to the
    /// requirement. Lets a late-quorum module act on that transition, and know the deadline
    /// afterwards, without reading its own storage on every vote.
    /// @param proposalId The proposal.
    /// @return counted Distinct For/Abstain identities so far.
    /// @return required The quorum cached for the proposal (0 before its first vote).
    /// @return settledDeadline The settled deadline, or 0.
    function _quorumProgress(
        uint256 proposalId
    ) internal view virtual returns (uint256 counted, uint256 required, uint48 settledDeadline) {
        uint256 head = _tallies[proposalId].head;
        return (uint40(head >> _COUNTED_SHIFT), uint40(head >> _REQUIRED_SHIFT), uint48(head >> _SETTLED_SHIFT));
    }

    /// @dev Records a proposal's final deadline in its tally slot. Only for a value that can no
    /// longer change (e.g. once a late-quorum extension has been decided); never 0.
    function _settleDeadline(uint256 proposalId, uint48 deadline) internal virtual {
        ProposalTally storage t = _tallies[proposalId];
        t.head = uint208(t.head) | (uint256(deadline) << _SETTLED_SHIFT);
    }

    /// @dev For must strictly exceed Against, in √ weight.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage t = _tallies[proposalId];
        return uint128(t.head) > t.againstWeight;
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
        Voter storage voter = t.voterOf[identityId];
        uint256 previous = voter.account;
        if (previous != 0) {
            if (previous == uint160(account)) revert GovernorAlreadyCastVote(account);
            revert GovernanceIdentityAlreadyVoted(proposalId, identityId, account);
        }
        voter.account = uint160(account);

        // The head word, read once and written at most once: the first vote caches the quorum at
        // the snapshot (the setter bounds it to 40 bits); For and Abstain count one identity. The
        // word additions are unchecked, each field's carry is checked (Panic 0x11, as a checked
        // uint128/uint40 member), so the word never wraps unnoticed. Solady's sqrt: the same
        // floor(√x) as OpenZeppelin's Math.sqrt (see the tests), about 350 gas cheaper.
        uint256 head = t.head;
        uint256 newHead = head;
        if (uint40(head >> _REQUIRED_SHIFT) == 0) newHead |= quorum(snapshot) << _REQUIRED_SHIFT;
        uint128 weight = uint128(FixedPointMathLib.sqrt(totalWeight));
        if (support == uint8(VoteType.Against)) {
            t.againstWeight += weight;
        } else {
            if (support == uint8(VoteType.For)) {
                unchecked {
                    newHead += weight;
                }
                if (uint128(newHead) < weight) Panic.panic(Panic.UNDER_OVERFLOW);
            } else if (support == uint8(VoteType.Abstain)) {
                t.abstainWeight += weight;
            } else {
                revert GovernorInvalidVoteType();
            }
            unchecked {
                newHead += 1 << _COUNTED_SHIFT;
            }
            if (uint40(newHead >> _COUNTED_SHIFT) == 0) Panic.panic(Panic.UNDER_OVERFLOW);
        }
        if (newHead != head) t.head = newHead;
        return weight;
    }
}
