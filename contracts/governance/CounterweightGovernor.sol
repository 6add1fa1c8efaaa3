// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernorCountingQuadratic} from "./extensions/GovernorCountingQuadratic.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/// @title Counterweight governor
/// @notice OpenZeppelin's Governor with quadratic delegation: a delegate votes with the sum of the
/// square roots of its verified delegators' balances at the snapshot (the token's quadratic votes),
/// and may split it across Against, For and Abstain; quorum is a number of distinct identities. Proposals run through a TimelockController; every setting (voting delay and
/// period, proposal threshold, quorum, late-quorum extension) changes only through governance.
/// The IGovernor ABI and events are OpenZeppelin's, unchanged.
contract CounterweightGovernor is
    Governor,
    GovernorSettings,
    GovernorVotes,
    GovernorCountingQuadratic,
    GovernorPreventLateQuorum,
    GovernorTimelockControl
{
    string private constant _TIMESTAMP_MODE = "mode=timestamp";

    /// @notice Deployment parameters.
    struct Params {
        uint256 proposalThreshold;
        uint256 quorumIdentities;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint48 lateQuorumExtension;
    }

    /// @notice Wires the governor to its token, identity registry and timelock.
    /// @param token_ The ERC-5805 votes token (timestamp clock).
    /// @param registry_ The identity registry (same clock).
    /// @param timelock_ The timelock that executes proposals and owns the treasury.
    /// @param params Voting delay and period (seconds), proposal threshold (token votes), quorum
    /// (distinct identities) and late-quorum extension (seconds).
    constructor(
        IVotes token_,
        IIdentityRegistry registry_,
        TimelockController timelock_,
        Params memory params
    )
        Governor("Counterweight Governor")
        GovernorSettings(params.votingDelay, params.votingPeriod, params.proposalThreshold)
        GovernorVotes(token_)
        GovernorCountingQuadratic(registry_, params.quorumIdentities)
        GovernorPreventLateQuorum(params.lateQuorumExtension)
        GovernorTimelockControl(timelock_)
    {}

    /// @notice ERC-6372 clock: the block timestamp.
    /// @dev The token's clock without asking it: the counting module's constructor checked that
    /// the token's and the registry's CLOCK_MODE are "mode=timestamp", whose clock is the block
    /// timestamp, so a vote saves GovernorVotes' external call to `token.clock()`.
    /// @return The current timepoint.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice ERC-6372 clock mode: timestamps (the token's, checked at construction).
    /// @return "mode=timestamp".
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return _TIMESTAMP_MODE;
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    /// @dev Same value as GovernorPreventLateQuorum's max(deadline, extended deadline), kept in the
    /// tally slot every vote loads anyway (see `_tallyUpdated`): 0 there means no extension has been
    /// decided, and the deadline is the voting period's end.
    function proposalDeadline(
        uint256 proposalId
    ) public view override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        (, , uint48 settled) = _quorumProgress(proposalId);
        if (settled != 0) return settled;
        return Governor.proposalDeadline(proposalId);
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @dev GovernorPreventLateQuorum's rule, unchanged: on the vote that first reaches quorum the
    /// deadline becomes max(deadline, now + lateQuorumVoteExtension()), and ProposalExtended is
    /// emitted if that moves it. Two things differ from its code, not its outcome: (1) the vote that
    /// first reaches quorum is the first to leave the count at or above it while no deadline is
    /// settled, which the warm tally slot tells without a cold read of the extension mapping on
    /// every vote; (2) the resulting deadline is recorded in the tally slot (`_settleDeadline`)
    /// instead of the module's own mapping, which this governor never writes: a fresh storage slot
    /// per proposal costs the voter who reaches quorum 22,100 gas, the tally slot about 100.
    function _tallyUpdated(uint256 proposalId) internal override(Governor, GovernorPreventLateQuorum) {
        Governor._tallyUpdated(proposalId);
        (uint256 counted, uint256 required, uint48 settled) = _quorumProgress(proposalId);
        if (!(counted < required) && settled == 0) {
            uint48 extended = clock() + lateQuorumVoteExtension();
            uint256 deadline = Governor.proposalDeadline(proposalId);
            if (extended > deadline) {
                emit ProposalExtended(proposalId, extended);
                deadline = extended;
            }
            _settleDeadline(proposalId, SafeCast.toUint48(deadline));
        }
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
