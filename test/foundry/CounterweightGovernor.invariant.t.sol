// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {CounterweightGovernor} from "../../contracts/governance/CounterweightGovernor.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {CounterweightToken} from "../../contracts/token/CounterweightToken.sol";
import {HandlerBase, InvariantTest} from "./utils/InvariantTest.sol";

/// @notice Drives the token and governor with proposals, nominal and split votes (every support
/// value, including invalid ones), token transfers and delegations, identity registrations,
/// rotations and revocations, syncs and time. It keeps ghost tallies of every accepted vote, each
/// weighed by the voter's quadratic power at the snapshot; the suite checks the governor's tallies
/// against them and the token's Σ√ against its own per-account views.
contract GovernorHandler is HandlerBase {
    uint256 public constant ACTORS = 6;
    uint256 public constant MAX_PROPOSALS = 6;

    CounterweightToken public immutable token;
    IdentityRegistry public immutable registry;
    CounterweightGovernor public immutable governor;
    address[ACTORS] public actors;

    uint256[] public proposals;
    mapping(uint256 proposalId => uint256[3]) internal _tally;
    mapping(uint256 proposalId => uint256) public quorumCount;
    mapping(uint256 proposalId => mapping(address account => uint256)) public used;
    mapping(uint256 proposalId => mapping(address account => bool)) public voted;
    mapping(uint256 proposalId => mapping(address account => uint256)) public seats;
    mapping(uint256 proposalId => mapping(address account => uint256)) public towards;
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
        token.wireIdentityRegistry(registry);
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
            if (i < 4) {
                register(i);
                token.sync(actors[i]);
            }
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

    /// @notice A nominal vote (support 0..2 casts all the remaining weight) or, for support 255, a
    /// split of `amounts` (bounded around the weight, so some exceed it).
    function castVote(uint256 actorSeed, uint256 proposalSeed, uint8 supportSeed, uint256[3] memory amounts) external {
        if (proposals.length == 0) return;
        // Mostly one of the two latest proposals (older ones have mostly closed).
        uint256 n = proposals.length;
        uint256 back = proposalSeed % 4 == 0 ? proposalSeed % n : proposalSeed % (n < 2 ? n : 2);
        uint256 proposalId = proposals[n - 1 - back];
        address account = actors[actorSeed % ACTORS];
        // Mostly the three valid values or a split, sometimes an invalid one.
        uint8 support =
            supportSeed % 8 == 7
                ? supportSeed
                : supportSeed % 8 > 3
                    ? 255
                    : supportSeed % 3;
        // Half the votes on a pending proposal wait for it to open.
        if (governor.state(proposalId) == IGovernor.ProposalState.Pending && actorSeed % 2 == 0) {
            vm.warp(governor.proposalSnapshot(proposalId) + 1);
        }
        bool active = governor.state(proposalId) == IGovernor.ProposalState.Active;
        (uint256 weight, uint256 identities) = active
            ? token.getPastQuadraticPower(account, governor.proposalSnapshot(proposalId))
            : (0, 0);
        uint256 remaining = weight - used[proposalId][account];
        uint256[3] memory cast;
        bytes memory params;
        if (support == 255) {
            for (uint256 k = 0; k < 3; ++k) cast[k] = bound(amounts[k], 0, weight / 2 + 1);
            params = abi.encodePacked(uint128(cast[0]), uint128(cast[1]), uint128(cast[2]));
        } else if (support < 3) {
            cast[support] = remaining;
        }
        uint256 sum = cast[0] + cast[1] + cast[2];
        bool ok =
            active &&
                (support < 3 || support == 255) &&
                identities != 0 &&
                !(voted[proposalId][account] && remaining == 0) &&
                sum <= remaining &&
                !(support == 255 && sum == 0);
        vm.prank(account);
        try governor.castVoteWithReasonAndParams(proposalId, support, "", params) returns (uint256 got) {
            require(ok, "vote accepted that must be refused (inactive, unverified, invalid, above weight or spent)");
            require(got == sum, "weight cast != weight asked");
            for (uint256 k = 0; k < 3; ++k) _tally[proposalId][k] += cast[k];
            used[proposalId][account] += sum;
            voted[proposalId][account] = true;
            _seat(proposalId, account, support, cast[1] + cast[2], weight, identities);
            if (support == 255) count("castSplitVote");
            else count("castVote");
        } catch {
            require(!ok, "valid vote refused");
        }
    }

    /// Quorum seats of a voter of `weight` carrying `identities` after a call casting `forAbstain`
    /// For/Abstain: ⌈n · (For + Abstain so far) / W⌉, cumulative; weight 0: n for a nominal
    /// For/Abstain vote. Checked against the governor's `quorumSeats`; the count adds the increase.
    function _seat(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 forAbstain,
        uint256 weight,
        uint256 identities
    ) private {
        uint256 seatsBefore = seats[proposalId][account];
        uint256 seatsNow;
        towards[proposalId][account] += forAbstain;
        if (weight == 0) {
            seatsNow = support == 1 || support == 2 ? identities : 0;
        } else {
            seatsNow = Math.mulDiv(identities, towards[proposalId][account], weight, Math.Rounding.Ceil);
        }
        require(seatsNow <= identities, "seats above the identities carried");
        (uint256 gotSeats, uint256 gotTowards) = governor.quorumSeats(proposalId, account);
        require(gotSeats == seatsNow && gotTowards == towards[proposalId][account], "voter seats");
        seats[proposalId][account] = seatsNow;
        quorumCount[proposalId] += seatsNow - seatsBefore;
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

    function sync(uint256 actorSeed) external {
        token.sync(actors[actorSeed % ACTORS]);
        count("sync");
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

    function tallyOf(uint256 proposalId) external view returns (uint256[3] memory) {
        return _tally[proposalId];
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

/// @notice Quadratic delegation invariants: each delegate's Σ√ and identity count are those of the
/// accounts delegating to it with a cached identity (isqrt of their balances), at most one account
/// contributes per identity and per human, and every tally and quorum count is the sum of what the handler's
/// accepted votes cast, each voter's weight its quadratic power at the snapshot.
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
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = GovernorHandler.propose.selector;
        selectors[1] = GovernorHandler.castVote.selector;
        selectors[2] = GovernorHandler.transfer.selector;
        selectors[3] = GovernorHandler.delegate.selector;
        selectors[4] = GovernorHandler.register.selector;
        selectors[5] = GovernorHandler.rotate.selector;
        selectors[6] = GovernorHandler.revoke.selector;
        selectors[7] = GovernorHandler.warp.selector;
        selectors[8] = GovernorHandler.sync.selector;
        targetSelector(address(handler), selectors);
    }

    function invariant_delegateSumsAreIsqrtOverContributingDelegators() public view {
        uint256 n = handler.ACTORS();
        for (uint256 d = 0; d < n; ++d) {
            address delegatee = handler.actors(d);
            uint256 linear;
            uint256 root;
            uint256 identities;
            for (uint256 a = 0; a < n; ++a) {
                address account = handler.actors(a);
                if (token.delegates(account) != delegatee) continue;
                linear += token.balanceOf(account);
                (uint256 id, uint256 contribution) = token.contributionOf(account);
                if (id == 0) {
                    assertEq(contribution, 0, "a contribution without identity");
                    continue;
                }
                assertEq(contribution, handler.isqrt(token.balanceOf(account)), "cached contribution");
                root += contribution;
                ++identities;
            }
            assertEq(token.getVotes(delegatee), linear, "linear votes");
            assertEq(token.getQuadraticVotes(delegatee), root, "quadratic votes");
            assertEq(token.getDelegatedIdentities(delegatee), identities, "delegated identities");
        }
    }

    function invariant_oneContributorPerIdentity() public view {
        uint256 n = handler.ACTORS();
        for (uint256 a = 0; a < n; ++a) {
            (uint256 id, ) = token.contributionOf(handler.actors(a));
            if (id == 0) continue;
            assertEq(token.contributorOf(id), handler.actors(a), "contributorOf");
            bytes32 human = handler.registry().humanIdOf(id);
            assertEq(token.contributorOfHuman(human), handler.actors(a), "contributorOfHuman");
            for (uint256 b = 0; b < a; ++b) {
                (uint256 other, ) = token.contributionOf(handler.actors(b));
                assertTrue(other != id, "an identity contributes through two accounts");
                if (other != 0) {
                    assertTrue(handler.registry().humanIdOf(other) != human, "a human contributes twice");
                }
            }
        }
    }

    function invariant_talliesAreWhatTheAcceptedVotesCast() public view {
        uint256 n = handler.proposalCount();
        for (uint256 p = 0; p < n; ++p) {
            uint256 proposalId = handler.proposals(p);
            uint256[3] memory sums = handler.tallyOf(proposalId);
            (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) = governor.proposalVotes(proposalId);
            assertEq(againstVotes, sums[0], "Against tally");
            assertEq(forVotes, sums[1], "For tally");
            assertEq(abstainVotes, sums[2], "Abstain tally");
            assertEq(
                governor.proposalQuorumIdentities(proposalId),
                handler.quorumCount(proposalId),
                "quorum identities"
            );
            for (uint256 a = 0; a < handler.ACTORS(); ++a) {
                address account = handler.actors(a);
                assertEq(governor.usedVotes(proposalId, account), handler.used(proposalId, account), "usedVotes");
                assertTrue(governor.hasVoted(proposalId, account) == handler.voted(proposalId, account), "hasVoted");
            }
        }
    }
}
