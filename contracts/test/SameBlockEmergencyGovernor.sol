// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @notice Test-only MODEL of the path Beanstalk's April 2022 exploit used (`emergencyCommit`):
/// a proposal at least `minAge` seconds old executes at once, in the same transaction, when the
/// votes cast for it are at least `supermajorityBps` of the token's supply. Votes are read at
/// the CURRENT block (`getVotes`), so tokens borrowed in the same transaction count. This is not
/// Beanstalk's code (a Diamond facet over Stalk); it keeps only the two properties the post-mortems
/// name as the cause: voting power read at the current block and no delay before execution.
/// Used by the history replay (sim/history) only.
contract SameBlockEmergencyGovernor {
    /// @notice A proposal: one call, its age and the votes cast for it.
    struct Proposal {
        address target;
        bytes data;
        uint64 created;
        bool executed;
        uint256 forVotes;
    }

    /// @notice The proposer holds fewer votes than the threshold.
    error SameBlockBelowThreshold(address proposer, uint256 votes, uint256 threshold);
    /// @notice No such proposal.
    error SameBlockUnknownProposal(uint256 proposalId);
    /// @notice The account already voted on the proposal.
    error SameBlockAlreadyVoted(uint256 proposalId, address account);
    /// @notice The proposal is younger than `minAge`.
    error SameBlockTooYoung(uint256 proposalId, uint256 age, uint256 minAge);
    /// @notice The votes for the proposal are below the supermajority of the supply.
    error SameBlockNoSupermajority(uint256 proposalId, uint256 forVotes, uint256 required);
    /// @notice The proposal was executed already.
    error SameBlockAlreadyExecuted(uint256 proposalId);

    /// @notice A proposal was created.
    event Proposed(uint256 indexed proposalId, address indexed proposer, address target, bytes data);
    /// @notice `voter` voted for `proposalId` with `votes` (its current votes).
    event Voted(uint256 indexed proposalId, address indexed voter, uint256 votes);
    /// @notice A proposal was executed through the emergency path.
    event EmergencyCommitted(uint256 indexed proposalId, uint256 forVotes, uint256 supply);

    IVotes public immutable token;
    uint256 public immutable minAge;
    uint256 public immutable supermajorityBps;
    uint256 public immutable proposalThresholdBps;

    Proposal[] private _proposals;
    mapping(uint256 proposalId => mapping(address account => bool)) public hasVoted;

    /// @param token_ The ERC20Votes token whose current votes count.
    /// @param minAge_ Seconds a proposal must wait before the emergency path (Beanstalk: 1 day).
    /// @param supermajorityBps_ Votes for, in basis points of the supply (Beanstalk: 2/3).
    /// @param proposalThresholdBps_ Votes needed to propose, in basis points of the supply.
    constructor(IVotes token_, uint256 minAge_, uint256 supermajorityBps_, uint256 proposalThresholdBps_) {
        token = token_;
        minAge = minAge_;
        supermajorityBps = supermajorityBps_;
        proposalThresholdBps = proposalThresholdBps_;
    }

    /// @notice Proposes one call; the proposer needs the threshold in current votes.
    /// @param target The contract called on execution.
    /// @param data The calldata.
    /// @return proposalId The new proposal's id.
    function propose(address target, bytes calldata data) external returns (uint256 proposalId) {
        uint256 votes = token.getVotes(msg.sender);
        uint256 threshold = (_supply() * proposalThresholdBps) / 10_000;
        if (votes < threshold) revert SameBlockBelowThreshold(msg.sender, votes, threshold);
        proposalId = _proposals.length;
        _proposals.push(Proposal(target, data, uint64(block.timestamp), false, 0));
        emit Proposed(proposalId, msg.sender, target, data);
    }

    /// @notice Votes for a proposal with the caller's votes at this block.
    /// @param proposalId The proposal.
    /// @return votes The votes counted.
    function vote(uint256 proposalId) external returns (uint256 votes) {
        Proposal storage p = _proposal(proposalId);
        if (hasVoted[proposalId][msg.sender]) revert SameBlockAlreadyVoted(proposalId, msg.sender);
        hasVoted[proposalId][msg.sender] = true;
        votes = token.getVotes(msg.sender);
        p.forVotes += votes;
        emit Voted(proposalId, msg.sender, votes);
    }

    /// @notice Executes a proposal at once if it is old enough and has the supermajority now.
    /// @param proposalId The proposal.
    function emergencyCommit(uint256 proposalId) external {
        Proposal storage p = _proposal(proposalId);
        if (p.executed) revert SameBlockAlreadyExecuted(proposalId);
        uint256 age = block.timestamp - p.created;
        if (age < minAge) revert SameBlockTooYoung(proposalId, age, minAge);
        uint256 supply = _supply();
        uint256 required = (supply * supermajorityBps + 9_999) / 10_000;
        if (p.forVotes < required) revert SameBlockNoSupermajority(proposalId, p.forVotes, required);
        p.executed = true;
        emit EmergencyCommitted(proposalId, p.forVotes, supply);
        Address.functionCall(p.target, p.data);
    }

    /// @notice Votes for a proposal so far and whether it was executed.
    /// @param proposalId The proposal.
    /// @return forVotes Votes for.
    /// @return executed Whether the emergency path ran it.
    function proposalState(uint256 proposalId) external view returns (uint256 forVotes, bool executed) {
        Proposal storage p = _proposal(proposalId);
        return (p.forVotes, p.executed);
    }

    function _proposal(uint256 proposalId) private view returns (Proposal storage) {
        if (proposalId >= _proposals.length) revert SameBlockUnknownProposal(proposalId);
        return _proposals[proposalId];
    }

    function _supply() private view returns (uint256) {
        return IERC20(address(token)).totalSupply();
    }
}
