// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernorCountingQuadratic} from "@counterweight/contracts/governance/extensions/GovernorCountingQuadratic.sol";
import {IIdentityRegistry} from "@counterweight/contracts/interfaces/IIdentityRegistry.sol";
// Compiled here so the script can deploy them from this project's artifacts.
import {CappedStakingRewards} from "@counterweight/contracts/mining/CappedStakingRewards.sol";
import {VestingVault} from "@counterweight/contracts/vesting/VestingVault.sol";
import {IdentityRegistry} from "@counterweight/contracts/identity/IdentityRegistry.sol";
import {CounterweightToken} from "@counterweight/contracts/token/CounterweightToken.sol";

/// @notice A user's own governor: OpenZeppelin's modules plus Counterweight's quadratic counting.
contract QuadraticGovernor is Governor, GovernorSettings, GovernorVotes, GovernorCountingQuadratic {
    constructor(
        IVotes token,
        IIdentityRegistry registry
    )
        Governor("Quadratic Governor")
        GovernorSettings(60, 3600, 0)
        GovernorVotes(token)
        GovernorCountingQuadratic(registry, 1)
    {}

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }
}
