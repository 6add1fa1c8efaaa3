// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {CounterweightGovernor} from "../../contracts/governance/CounterweightGovernor.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {CounterweightToken} from "../../contracts/token/CounterweightToken.sol";
import {HandlerBase, InvariantTest} from "./utils/InvariantTest.sol";

/// @notice Drives the governor with proposals, votes (every support value, including invalid ones),
/// token transfers and delegations, identity registrations, rotations and strike-offs, and time. It
/// records every accepted vote (account, support, identity); the suite recomputes the tallies from
/// the token's snapshot votes.
contract GovernorHandler is HandlerBase {
    uint256 public constant ACTORS = 6;
    uint256 public constant MAX_PROPOSALS = 6;

    struct Vote {
        address account;
        uint8 support;
        uint256 identity;
    }

    CounterweightToken public immutable token;
    IdentityRegistry public immutable registry;
    CounterweightGovernor public immutable governor;
    address[ACTORS] public actors;

    uint256[] public proposals;
    mapping(uint256 proposalId => Vote[]) internal _votes;
    mapping(uint256 proposalId => mapping(uint256 identity => bool)) public identityVoted;
    uint256 internal _humans;

    constructor() {
        CounterweightToken.Allocation[] memory plan = new CounterweightToken.Allocation[](ACTORS);
        uint256 supply;
        for (uint256 i = 0; i < ACTORS; ++i) {
            actors[i] = address(uint160(0xB000 + i));
            // From 1 wei to 10^27 wei: the square root's rounding matters at the small end.
            uint256 amount = i == 0 ? 1 : 10 ** (5 * i + 2) + i;
            plan[i] = CounterweightToken.Allocation(actors[i], amount);
            supply += amount;
        }
        token = new CounterweightToken("Counterweight", "CWT", supply, plan);
        registry = new IdentityRegistry(address(0), bytes32(0), address(this), 0);
        address[] memory none = new address[](0);
        TimelockController timelock = new TimelockController(1 days, none, none, address(this));
        governor = new CounterweightGovernor(
            IVotes(address(token)),
            registry,
            timelock,
            CounterweightGovernor.Params({
                proposalThreshold: 0,
                quorumIdentities: 2,
                votingDelay: 1 hours,
                votingPeriod: 1 days,
                lateQuorumExtension: 1 hours
            })
        );
        for (uint256 i = 0; i < ACTORS; ++i) {
            vm.prank(actors[i]);
            token.delegate(actors[i]);
            if (i < 4) register(i);
        }
    }

    // ------------------------------------------------------------ actions

    function propose(uint256 actorSeed) external {
        if (proposals.length == MAX_PROPOSALS) return;
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        vm.prank(actors[actorSeed % ACTORS]);
        uint256 id = governor.propose(
            targets,
            new uint256[](1),
            new bytes[](1),
            string.concat("proposal ", vm.toString(proposals.length))
        );
        proposals.push(id);
        count("propose");
    }

    function castVote(uint256 actorSeed, uint256 proposalSeed, uint8 supportSeed) external {
        if (proposals.length == 0) return;
        // Mostly one of the two latest proposals (older ones have mostly closed).
        uint256 n = proposals.length;
        uint256 back = proposalSeed % 4 == 0 ? proposalSeed % n : proposalSeed % (n < 2 ? n : 2);
        uint256 proposalId = proposals[n - 1 - back];
        address account = actors[actorSeed % ACTORS];
        // Mostly the three valid values, sometimes an invalid one.
        uint8 support = supportSeed % 8 == 7 ? supportSeed : supportSeed % 3;
        // Half the votes on a pending proposal wait for it to open.
        if (governor.state(proposalId) == IGovernor.ProposalState.Pending && actorSeed % 2 == 0) {
            vm.warp(governor.proposalSnapshot(proposalId) + 1);
        }
        bool active = governor.state(proposalId) == IGovernor.ProposalState.Active;
        uint256 identity = active ? registry.identityAt(account, governor.proposalSnapshot(proposalId)) : 0;
        bool ok = active && support < 3 && identity != 0 && !identityVoted[proposalId][identity];
        vm.prank(account);
        try governor.castVote(proposalId, support) returns (uint256 weight) {
            require(ok, "vote accepted that must be refused (inactive, unverified, invalid or a second vote)");
            require(
                weight == isqrt(token.getPastVotes(account, governor.proposalSnapshot(proposalId))),
                "weight != isqrt(snapshot votes)"
            );
            identityVoted[proposalId][identity] = true;
            _votes[proposalId].push(Vote(account, support, identity));
            count("castVote");
        } catch {
            require(!ok, "valid vote refused");
        }
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = actors[fromSeed % ACTORS];
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(from);
        token.transfer(actors[toSeed % ACTORS], amount);
        count("transfer");
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        vm.prank(actors[actorSeed % ACTORS]);
        token.delegate(actors[delegateeSeed % ACTORS]);
        count("delegate");
    }

    function register(uint256 actorSeed) public {
        address account = actors[actorSeed % ACTORS];
        if (registry.identityOf(account) != 0) return;
        bytes32 humanId = keccak256(abi.encode("human", ++_humans));
        registry.setMerkleRoot(keccak256(bytes.concat(keccak256(abi.encode(humanId, account)))));
        vm.prank(account);
        registry.registerWithMerkleProof(humanId, new bytes32[](0));
        count("register");
    }

    /// @notice Both steps of a key rotation, when the target holds no identity.
    function rotate(uint256 fromSeed, uint256 toSeed) external {
        address from = actors[fromSeed % ACTORS];
        address to = actors[toSeed % ACTORS];
        uint256 id = registry.identityOf(from);
        if (id == 0 || from == to || registry.identityOf(to) != 0) return;
        vm.prank(from);
        registry.proposeRotation(to);
        vm.prank(to);
        registry.acceptRotation(id);
        count("rotate");
    }

    function revoke(uint256 actorSeed) external {
        // Rarer than registrations, so most of a run has identities to vote with.
        uint256 id = registry.identityOf(actors[actorSeed % ACTORS]);
        if (id == 0 || actorSeed % 4 != 0) return;
        registry.revokeIdentity(id);
        count("revoke");
    }

    function warp(uint256 seconds_) external {
        uint256 dt =
            seconds_ % 5 == 0
                ? 0
                : seconds_ % 5 == 1
                    ? bound(seconds_, 1 hours, 2 days)
                    : bound(seconds_, 1, 20 minutes);
        vm.warp(block.timestamp + dt);
        count("warp");
    }

    // ------------------------------------------------------------ views

    function proposalCount() external view returns (uint256) {
        return proposals.length;
    }

    function votesOf(uint256 proposalId) external view returns (Vote[] memory) {
        return _votes[proposalId];
    }

    /// @dev Integer square root by bisection: independent of OpenZeppelin's Math.sqrt.
    function isqrt(uint256 x) public pure returns (uint256 lo) {
        uint256 hi = x < 2 ? x + 1 : (x >> 1) + 1;
        if (hi > type(uint128).max) hi = uint256(type(uint128).max) + 1;
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) >> 1;
            if (mid * mid <= x) lo = mid;
            else hi = mid;
        }
    }
}

/// @notice Governor invariants: every tally is Σ isqrt(snapshot votes) over the distinct identities
/// that voted that way, the quorum count is the number of distinct For/Abstain identities, and no
/// identity is counted twice.
contract CounterweightGovernorInvariantTest is InvariantTest {
    GovernorHandler internal handler;
    CounterweightGovernor internal governor;
    CounterweightToken internal token;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new GovernorHandler();
        governor = handler.governor();
        token = handler.token();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = GovernorHandler.propose.selector;
        selectors[1] = GovernorHandler.castVote.selector;
        selectors[2] = GovernorHandler.transfer.selector;
        selectors[3] = GovernorHandler.delegate.selector;
        selectors[4] = GovernorHandler.register.selector;
        selectors[5] = GovernorHandler.rotate.selector;
        selectors[6] = GovernorHandler.revoke.selector;
        selectors[7] = GovernorHandler.warp.selector;
        targetSelector(address(handler), selectors);
    }

    function invariant_tallyIsSumOfIsqrtSnapshotVotesOverDistinctIdentities() public view {
        uint256 n = handler.proposalCount();
        for (uint256 p = 0; p < n; ++p) {
            uint256 proposalId = handler.proposals(p);
            uint256 snapshot = governor.proposalSnapshot(proposalId);
            GovernorHandler.Vote[] memory votes = handler.votesOf(proposalId);
            uint256[3] memory sums;
            uint256 quorumCount;
            for (uint256 i = 0; i < votes.length; ++i) {
                sums[votes[i].support] += handler.isqrt(token.getPastVotes(votes[i].account, snapshot));
                if (votes[i].support != 0) ++quorumCount;
                for (uint256 j = 0; j < i; ++j) {
                    assertTrue(votes[j].identity != votes[i].identity, "an identity counted twice");
                }
                assertTrue(
                    governor.hasIdentityVoted(proposalId, votes[i].identity),
                    "hasIdentityVoted false for a voter"
                );
                assertTrue(governor.hasVoted(proposalId, votes[i].account), "hasVoted false for a voter");
            }
            (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) = governor.proposalVotes(proposalId);
            assertEq(againstVotes, sums[0], "Against tally");
            assertEq(forVotes, sums[1], "For tally");
            assertEq(abstainVotes, sums[2], "Abstain tally");
            assertEq(governor.proposalQuorumIdentities(proposalId), quorumCount, "distinct For/Abstain identities");
        }
    }

    /// @notice No identity that did not vote is marked as having voted.
    function invariant_onlyVotersMarked() public view {
        uint256 n = handler.proposalCount();
        uint256 identities = handler.registry().identityCount();
        for (uint256 p = 0; p < n; ++p) {
            uint256 proposalId = handler.proposals(p);
            for (uint256 id = 1; id <= identities; ++id) {
                assertTrue(
                    governor.hasIdentityVoted(proposalId, id) == handler.identityVoted(proposalId, id),
                    "hasIdentityVoted vs the recorded votes"
                );
            }
        }
    }
}
