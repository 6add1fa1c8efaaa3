// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernorCountingQuadratic} from "@counterweight/contracts/governance/extensions/GovernorCountingQuadratic.sol";
import {IIdentityRegistry} from "@counterweight/contracts/interfaces/IIdentityRegistry.sol";
import {IdentityRegistry} from "@counterweight/contracts/identity/IdentityRegistry.sol";
import {CappedStakingRewards} from "@counterweight/contracts/mining/CappedStakingRewards.sol";
import {VestingVault} from "@counterweight/contracts/vesting/VestingVault.sol";
import {CounterweightToken} from "@counterweight/contracts/token/CounterweightToken.sol";

interface Vm {
    function warp(uint256) external;
    function prank(address) external;
}

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

/// @notice A user's forge tests against the package's contracts (fuzzed where it matters).
contract CounterweightTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant SUPPLY = 1e27;

    CounterweightToken internal token;
    CounterweightToken internal lp;
    IdentityRegistry internal registry;
    CappedStakingRewards internal farm;
    VestingVault internal vault;
    QuadraticGovernor internal governor;

    function setUp() public {
        vm.warp(1_700_000_000);
        CounterweightToken.Allocation[] memory plan = new CounterweightToken.Allocation[](1);
        plan[0] = CounterweightToken.Allocation(address(this), SUPPLY);
        token = new CounterweightToken("Launch", "LCH", SUPPLY, plan);
        lp = new CounterweightToken("LP", "LP", SUPPLY, plan);
        registry = new IdentityRegistry(address(0), bytes32(0), address(this), 0);
        farm = new CappedStakingRewards(
            address(this),
            address(0),
            IERC20(address(token)),
            IERC20(address(lp)),
            registry,
            7 days,
            CappedStakingRewards.Caps({cap: 1_000e18, slope: 0, unverifiedCap: 100e18})
        );
        VestingVault.CategoryPolicy[] memory policies = new VestingVault.CategoryPolicy[](1);
        policies[0] = VestingVault.CategoryPolicy({minCliff: 0, minDuration: 1 hours, revocable: true});
        vault = new VestingVault(IERC20(address(token)), address(this), address(this), policies);
        token.wireIdentityRegistry(registry);
        governor = new QuadraticGovernor(IVotes(address(token)), registry);
        bytes32 humanId = keccak256("me");
        registry.setMerkleRoot(keccak256(bytes.concat(keccak256(abi.encode(humanId, address(this))))));
        registry.registerWithMerkleProof(humanId, new bytes32[](0));
        token.sync(address(this));
    }

    function testFuzz_effectiveStakeIsCappedAndWithdrawable(uint96 seed) public {
        uint256 amount = 1 + (uint256(seed) % SUPPLY);
        lp.approve(address(farm), amount);
        farm.stake(amount);
        uint256 expected = amount > 1_000e18 ? 1_000e18 : amount;
        require(farm.effectiveBalanceOf(address(this)) == expected, "effective stake");
        farm.withdraw(amount);
        require(lp.balanceOf(address(this)) == SUPPLY, "stake not returned");
    }

    function testFuzz_vestedNeverExceedsTotal(uint112 seed, uint32 elapsed) public {
        uint112 amount = uint112(1 + (uint256(seed) % SUPPLY));
        token.approve(address(vault), amount);
        VestingVault.Terms memory terms = VestingVault.Terms({
            beneficiary: address(0xBEEF),
            amount: amount,
            category: 0,
            start: uint40(block.timestamp),
            cliff: 0,
            duration: 1 days
        });
        uint256 id = vault.createSchedule(VestingVault.ScheduleParams({terms: terms, salt: bytes32(0)}));
        require(vault.vestedAmount(id, block.timestamp + elapsed) <= amount, "vested beyond total");
    }

    function test_voteWeighsSquareRoot() public {
        token.delegate(address(this));
        vm.warp(block.timestamp + 1);
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        uint256 id = governor.propose(targets, new uint256[](1), new bytes[](1), "first");
        vm.warp(block.timestamp + 61);
        governor.castVote(id, 1);
        (, uint256 forVotes, ) = governor.proposalVotes(id);
        require(forVotes == 31622776601683, "sqrt(1e27) = 31622776601683");
    }
}
