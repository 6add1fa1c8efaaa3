// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CappedStakingRewards} from "../../contracts/mining/CappedStakingRewards.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {TestERC20} from "../../contracts/test/TestERC20.sol";
import {HandlerBase, InvariantTest} from "./utils/InvariantTest.sol";

/// @notice Drives the farm with stakes, withdrawals, claims, exits, pokes from anyone, notifies
/// (including 1 wei), cap and duration changes, identity registrations, rotations and strike-offs,
/// and time (often a poke every second). Ghosts: everything notified, everything paid, and how many
/// account settlements ran (each may floor away less than 1 wei).
contract FarmHandler is HandlerBase {
    uint256 public constant ACTORS = 6;
    uint256 public constant DURATION = 7 days;

    IdentityRegistry public immutable registry;
    TestERC20 public immutable stakingToken;
    TestERC20 public immutable rewardsToken;
    CappedStakingRewards public immutable farm;
    address[ACTORS] public actors;

    uint256 public ghostNotified;
    uint256 public ghostPaid;
    uint256 public ghostSettlements;
    uint256 internal _humans;

    constructor() {
        registry = new IdentityRegistry(address(0), bytes32(0), address(this), 0);
        stakingToken = new TestERC20("LP", "LP");
        rewardsToken = new TestERC20("Reward", "RWD");
        farm = new CappedStakingRewards(
            address(this),
            address(0),
            IERC20(address(rewardsToken)),
            IERC20(address(stakingToken)),
            registry,
            DURATION,
            CappedStakingRewards.Caps({cap: 1_000e18, slope: 0.2e18, unverifiedCap: 100e18})
        );
        for (uint256 i = 0; i < ACTORS; ++i) {
            actors[i] = address(uint160(0xC000 + i));
            vm.prank(actors[i]);
            stakingToken.approve(address(farm), type(uint256).max);
            if (i % 2 == 0) register(i);
        }
    }

    // ------------------------------------------------------------ staker actions

    function stake(uint256 actorSeed, uint256 amount) external {
        address account = actors[actorSeed % ACTORS];
        // From 1 wei to 10^24 wei on a log-ish scale, half of them whole-token sized (10^18 and up).
        amount = bound(amount, 1, 10 ** bound(amount >> 128, amount % 2 == 0 ? 18 : 1, 24));
        stakingToken.mint(account, amount);
        vm.prank(account);
        farm.stake(amount);
        ghostSettlements += 2; // the staker and, on a rotation, the evicted former holder
        count("stake");
    }

    function withdraw(uint256 actorSeed, uint256 amount) external {
        address account = actors[actorSeed % ACTORS];
        uint256 balance = farm.balanceOf(account);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        uint256 before = stakingToken.balanceOf(account);
        vm.prank(account);
        farm.withdraw(amount);
        require(stakingToken.balanceOf(account) == before + amount, "withdrawal paid a different amount");
        ghostSettlements += 1;
        count("withdraw");
    }

    function getReward(uint256 actorSeed) external {
        address account = actors[actorSeed % ACTORS];
        uint256 owed = farm.earned(account);
        uint256 before = rewardsToken.balanceOf(account);
        vm.prank(account);
        farm.getReward();
        uint256 got = rewardsToken.balanceOf(account) - before;
        require(got == owed, "claim paid other than earned()");
        ghostPaid += got;
        ghostSettlements += 1;
        count("getReward");
    }

    function exit(uint256 actorSeed) external {
        address account = actors[actorSeed % ACTORS];
        uint256 owed = farm.earned(account);
        uint256 staked = farm.balanceOf(account);
        uint256 rewardsBefore = rewardsToken.balanceOf(account);
        uint256 stakeBefore = stakingToken.balanceOf(account);
        vm.prank(account);
        farm.exit();
        require(stakingToken.balanceOf(account) - stakeBefore == staked, "exit returned other than the stake");
        uint256 got = rewardsToken.balanceOf(account) - rewardsBefore;
        require(got == owed, "exit paid other than earned()");
        ghostPaid += got;
        ghostSettlements += 1;
        count("exit");
    }

    /// @notice Anyone pokes anyone; one time in two the clock moves by one second first, so runs
    /// contain long stretches of a poke every second.
    function poke(uint256 callerSeed, uint256 targetSeed) external {
        if (callerSeed % 2 == 0) vm.warp(block.timestamp + 1);
        vm.prank(actors[callerSeed % ACTORS]);
        farm.poke(actors[targetSeed % ACTORS]);
        ghostSettlements += 2;
        count("poke");
    }

    /// @notice A stretch of a poke every second (2 to 30 of them), the pattern that exposes rounding
    /// kept at each update.
    function pokeEverySecond(uint256 targetSeed, uint256 n) external {
        n = bound(n, 2, 30);
        address target = actors[targetSeed % ACTORS];
        for (uint256 i = 0; i < n; ++i) {
            vm.warp(block.timestamp + 1);
            farm.poke(target);
        }
        ghostSettlements += 2 * n;
        count("pokeEverySecond");
    }

    // ------------------------------------------------------------ distributor and admin

    function notify(uint256 amount) external {
        // One time in six exactly 1 wei, else up to 10^24 wei on a log-ish scale.
        amount = amount % 6 == 0 ? 1 : bound(amount, 1, 10 ** bound(amount >> 128, 1, 24));
        rewardsToken.mint(address(farm), amount);
        farm.notifyRewardAmount(amount);
        ghostNotified += amount;
        count("notify");
    }

    function setCaps(uint256 cap, uint256 slope, uint256 unverifiedCap) external {
        cap = bound(cap, 0, 2_000e18);
        farm.setCaps(cap, bound(slope, 0, 1e18), bound(unverifiedCap, 0, cap));
        count("setCaps");
    }

    function setRewardsDuration(uint256 duration) external {
        if (block.timestamp <= farm.periodFinish()) return;
        farm.setRewardsDuration(bound(duration, 1, 30 days));
        count("setRewardsDuration");
    }

    // ------------------------------------------------------------ identities and time

    function register(uint256 actorSeed) public {
        address account = actors[actorSeed % ACTORS];
        if (registry.identityOf(account) != 0) return;
        bytes32 humanId = keccak256(abi.encode("human", ++_humans));
        registry.setMerkleRoot(keccak256(bytes.concat(keccak256(abi.encode(humanId, account)))));
        vm.prank(account);
        registry.registerWithMerkleProof(humanId, new bytes32[](0));
        count("register");
    }

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
        uint256 id = registry.identityOf(actors[actorSeed % ACTORS]);
        if (id == 0 || actorSeed % 3 != 0) return;
        registry.revokeIdentity(id);
        count("revoke");
    }

    function warp(uint256 seconds_) external {
        // Mostly short steps inside a period; one time in six a jump that may end it.
        uint256 dt = seconds_ % 6 == 0 ? bound(seconds_, 1 hours, 8 days) : bound(seconds_, 0, 10 minutes);
        vm.warp(block.timestamp + dt);
        count("warp");
    }
}

/// @notice Farm invariants: rewards are conserved (notified = paid + claimable + still to stream +
/// carried, up to less than 1 wei per settlement and per account), each identity's cap is credited
/// to at most one account, the totals are the sums of the positions, the farm is solvent, and every
/// stake can be withdrawn and every reward claimed.
contract CappedStakingRewardsInvariantTest is InvariantTest {
    FarmHandler internal handler;
    CappedStakingRewards internal farm;
    uint256 internal constant N = 6;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new FarmHandler();
        farm = handler.farm();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = FarmHandler.stake.selector;
        selectors[1] = FarmHandler.withdraw.selector;
        selectors[2] = FarmHandler.getReward.selector;
        selectors[3] = FarmHandler.exit.selector;
        selectors[4] = FarmHandler.poke.selector;
        selectors[5] = FarmHandler.notify.selector;
        selectors[6] = FarmHandler.setCaps.selector;
        selectors[7] = FarmHandler.setRewardsDuration.selector;
        selectors[8] = FarmHandler.register.selector;
        selectors[9] = FarmHandler.rotate.selector;
        selectors[10] = FarmHandler.revoke.selector;
        selectors[11] = FarmHandler.warp.selector;
        selectors[12] = FarmHandler.pokeEverySecond.selector;
        targetSelector(address(handler), selectors);
    }

    /// @notice notified = paid + claimable + to stream + carried + loss, with
    /// 0 ≤ loss ≤ (settlements + 1) + N + (totalEffective / 1e18 + 1): under 1 wei per settlement
    /// (the handler's count, plus the update below), under 1 wei per account in `earned`, and the
    /// accumulator's current remainder, which a farm that carries it exactly holds back until the next
    /// update (under 1e-18 wei per effective token). Measured after bringing the accumulator up to
    /// now (a poke of an account without a position; not committed), so rounding of the interval the
    /// views extrapolate does not count.
    function invariant_rewardsConserved() public {
        farm.poke(address(0xdead));
        uint256 claimable;
        for (uint256 i = 0; i < N; ++i) claimable += farm.earned(handler.actors(i));
        uint256 finish = farm.periodFinish();
        // Emissions not yet streamed: from the last update (now, or the period's end) to the end.
        uint256 from = farm.lastUpdateTime();
        uint256 toStream = finish > from ? (finish - from) * farm.rewardRate() : 0;
        uint256 accounted = handler.ghostPaid() + claimable + toStream + farm.undistributedRewards();
        uint256 notified = handler.ghostNotified();
        assertLe(accounted, notified, "paid + claimable + to stream + carried exceeds notified");
        uint256 bound = handler.ghostSettlements() + 1 + N + farm.totalEffectiveSupply() / 1e18 + 1;
        assertLe(notified - accounted, bound, "rewards lost beyond 1 wei per settlement");
        assertEq(farm.rewardsOutstanding(), notified - handler.ghostPaid(), "rewardsOutstanding != notified - paid");
    }

    function invariant_solvent() public view {
        IERC20 staking = farm.stakingToken();
        IERC20 rewardToken = farm.rewardsToken();
        assertEq(staking.balanceOf(address(farm)), farm.totalSupply(), "staking balance != total staked");
        assertLe(farm.rewardsOutstanding(), rewardToken.balanceOf(address(farm)), "reward balance below outstanding");
    }

    function invariant_atMostOneCapPerIdentity() public view {
        uint256 identities = handler.registry().identityCount();
        for (uint256 id = 1; id <= identities; ++id) {
            uint256 holders;
            for (uint256 i = 0; i < N; ++i) {
                if (farm.creditedIdentityOf(handler.actors(i)) == id) ++holders;
            }
            assertLe(holders, 1, string.concat("accounts credited with identity ", vm.toString(id)));
        }
    }

    function invariant_totalsAreSumsOfPositions() public view {
        uint256 staked;
        uint256 effective;
        for (uint256 i = 0; i < N; ++i) {
            address a = handler.actors(i);
            uint256 b = farm.balanceOf(a);
            uint256 e = farm.effectiveBalanceOf(a);
            assertLe(e, b, "effective balance above the stake");
            staked += b;
            effective += e;
        }
        assertEq(farm.totalSupply(), staked, "totalSupply != sum of stakes");
        assertEq(farm.totalEffectiveSupply(), effective, "totalEffectiveSupply != sum of effective balances");
    }

    /// @notice Checked after every call, without committing: every staker can withdraw its whole
    /// stake and claim exactly what `earned` shows.
    function invariant_everyStakeWithdrawable() public {
        IERC20 staking = farm.stakingToken();
        IERC20 rewardToken = farm.rewardsToken();
        for (uint256 i = 0; i < N; ++i) {
            address a = handler.actors(i);
            uint256 staked = farm.balanceOf(a);
            uint256 owed = farm.earned(a);
            uint256 stakeBefore = staking.balanceOf(a);
            uint256 rewardsBefore = rewardToken.balanceOf(a);
            vm.prank(a);
            farm.exit();
            assertEq(staking.balanceOf(a) - stakeBefore, staked, "exit returned other than the stake");
            assertEq(rewardToken.balanceOf(a) - rewardsBefore, owed, "exit paid other than earned()");
        }
        assertEq(farm.totalSupply(), 0, "stake left after everyone exited");
        assertEq(staking.balanceOf(address(farm)), 0, "staking tokens left after everyone exited");
    }
}
