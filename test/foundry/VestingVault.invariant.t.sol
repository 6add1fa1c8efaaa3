// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {VestingVault} from "../../contracts/vesting/VestingVault.sol";
import {IVestingErrors} from "../../contracts/interfaces/IVestingErrors.sol";
import {TestERC20} from "../../contracts/test/TestERC20.sol";
import {HandlerBase, InvariantTest} from "./utils/InvariantTest.sol";

/// @notice Drives the vault with cliff + linear and tranche schedules in every category, Merkle
/// allocations claimed and swept, releases (one and many), revocations, beneficiary transfers and
/// time. Ghosts: every token received, released and sent to the treasury, and the amount vested
/// when each revoked schedule was revoked.
contract VaultHandler is HandlerBase {
    uint256 public constant ACTORS = 6;
    uint256 public constant MAX_SCHEDULES = 24;

    TestERC20 public immutable token;
    VestingVault public immutable vault;
    address public constant TREASURY = address(0x7EA5);
    address[ACTORS] public actors;

    uint256[] public schedules;
    mapping(uint256 scheduleId => uint256) public vestedAtRevoke;
    mapping(uint256 scheduleId => bool) public revoked;

    struct Allocation {
        uint256 id;
        uint256 index;
        VestingVault.Terms terms;
        bool claimed;
        bool swept;
    }

    Allocation[] internal _allocations;

    uint256 public ghostReceived;
    uint256 public ghostReleased;
    uint256 public ghostToTreasury;
    uint256 internal _salt;

    constructor() {
        token = new TestERC20("Counterweight", "CWT");
        VestingVault.CategoryPolicy[] memory policies = new VestingVault.CategoryPolicy[](3);
        policies[0] = VestingVault.CategoryPolicy({minCliff: 0, minDuration: 0, revocable: true}); // team
        policies[1] = VestingVault.CategoryPolicy({minCliff: 365 days, minDuration: 730 days, revocable: false}); // investors
        policies[2] = VestingVault.CategoryPolicy({minCliff: 30 days, minDuration: 90 days, revocable: true}); // advisers
        vault = new VestingVault(IERC20(address(token)), TREASURY, address(this), policies);
        token.approve(address(vault), type(uint256).max);
        for (uint256 i = 0; i < ACTORS; ++i) actors[i] = address(uint160(0xD000 + i));
    }

    // ------------------------------------------------------------ creation

    function createSchedule(uint256 beneficiarySeed, uint256 amount, uint256 category, uint256 timing) external {
        if (schedules.length == MAX_SCHEDULES) return;
        VestingVault.Terms memory t = _terms(beneficiarySeed, amount, category, timing, block.timestamp);
        _fund(t.amount);
        uint256 id = vault.createSchedule(VestingVault.ScheduleParams({terms: t, salt: bytes32(++_salt)}));
        schedules.push(id);
        count("createSchedule");
    }

    function createTrancheSchedule(uint256 beneficiarySeed, uint256 category, uint256 shape) external {
        if (schedules.length == MAX_SCHEDULES) return;
        category = category % 3;
        VestingVault.CategoryPolicy memory p = vault.policy(category);
        uint256 n = bound(shape, 1, 6);
        uint40 start = uint40(block.timestamp + bound(shape >> 8, 0, 30 days));
        VestingVault.Tranche[] memory tranches = new VestingVault.Tranche[](n);
        // The first tranche at or after the minimum cliff, the last at or after the minimum duration.
        uint256 time = uint256(start) + p.minCliff + bound(shape >> 16, n == 1 ? 1 : 0, 60 days);
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            if (i == n - 1 && time < uint256(start) + p.minDuration) time = uint256(start) + p.minDuration;
            // Amounts from 1 wei to 10^24 wei: lopsided splits (almost everything first) included.
            uint112 amount = uint112(
                bound(uint256(keccak256(abi.encode(shape, i))), 1, 10 ** bound(shape >> (24 + i), 0, 24))
            );
            tranches[i] = VestingVault.Tranche(uint40(time), amount);
            total += amount;
            time += bound(uint256(keccak256(abi.encode(shape, i, "gap"))), 1, 200 days);
        }
        bool aboveBound = _aboveBound(tranches, start, p.minDuration, total);
        VestingVault.TrancheParams memory params = VestingVault.TrancheParams({
            beneficiary: actors[beneficiarySeed % ACTORS],
            category: uint8(category),
            start: start,
            tranches: tranches,
            salt: bytes32(++_salt)
        });
        _fund(total);
        uint256 vaultBefore = token.balanceOf(address(vault));
        try vault.createTrancheSchedule(params) returns (uint256 id) {
            require(!aboveBound, "tranche schedule above the policy bound accepted");
            schedules.push(id);
            count("createTrancheSchedule");
        } catch (bytes memory reason) {
            require(aboveBound, "tranche schedule within the policy bound refused");
            require(
                // forge-lint: disable-next-line(unsafe-typecast)
                bytes4(reason) == IVestingErrors.VestingTrancheAboveBound.selector,
                "above-bound tranche schedule refused with another error"
            );
            require(token.balanceOf(address(vault)) == vaultBefore, "refused tranche schedule moved tokens");
            ghostReceived -= total; // nothing was received; the minted tokens stay with the handler
            count("trancheAboveBoundRefused");
        }
    }

    /// @dev Roots already funded by this handler (the vault refuses a root twice).
    mapping(bytes32 => bool) private _fundedRoots;

    /// @notice A one-leaf Merkle allocation (root = leaf), sometimes over-funded so a sweep has
    /// something to send.
    function createMerkleAllocation(
        uint256 beneficiarySeed,
        uint256 amount,
        uint256 category,
        uint256 timing
    ) external {
        if (_allocations.length == 8) return;
        VestingVault.Terms memory t = _terms(beneficiarySeed, amount, category, timing, block.timestamp);
        uint256 total = uint256(t.amount) + (timing % 2 == 0 ? 0 : bound(timing, 1, 1e18));
        // The leaf's row in its (one-row) file: any index is a distinct leaf.
        uint256 index = bound(timing >> 160, 0, 1000);
        bytes32 root = vault.merkleLeaf(index, t);
        // A root funds one allocation only (VestingRootAlreadyFunded): a repeated draw is a no-op.
        if (_fundedRoots[root]) return;
        _fundedRoots[root] = true;
        _fund(total);
        // Funded now, so the latest funding time is now or later (the leaf's start is never before).
        uint256 id = vault.createMerkleAllocation(
            root,
            total,
            block.timestamp + bound(timing >> 64, 1, 30 days),
            t.start
        );
        Allocation storage a = _allocations.push();
        a.id = id;
        a.index = index;
        a.terms = t;
        count("createMerkleAllocation");
    }

    function claimFromMerkle(uint256 allocationSeed, uint256 callerSeed) external {
        if (_allocations.length == 0 || schedules.length == MAX_SCHEDULES) return;
        Allocation storage a = _allocations[allocationSeed % _allocations.length];
        if (a.claimed || block.timestamp > vault.getMerkleAllocation(a.id).deadline) return;
        vm.prank(actors[callerSeed % ACTORS]);
        uint256 id = vault.claimFromMerkle(a.id, a.index, a.terms, new bytes32[](0));
        a.claimed = true;
        schedules.push(id);
        count("claimFromMerkle");
    }

    function sweepMerkleAllocation(uint256 allocationSeed) external {
        if (_allocations.length == 0) return;
        Allocation storage a = _allocations[allocationSeed % _allocations.length];
        if (a.swept || block.timestamp <= vault.getMerkleAllocation(a.id).deadline) return;
        uint256 left = vault.getMerkleAllocation(a.id).remaining;
        uint256 before = token.balanceOf(TREASURY);
        // A sweep with nothing left (every leaf claimed, exactly funded) must revert, changing nothing.
        try vault.sweepMerkleAllocation(a.id) {
            require(left != 0, "sweep with nothing left accepted");
        } catch (bytes memory reason) {
            require(
                // forge-lint: disable-next-line(unsafe-typecast)
                left == 0 && bytes4(reason) == IVestingErrors.VestingNothingToSweep.selector,
                "sweep refused with something left"
            );
            require(token.balanceOf(TREASURY) == before, "refused sweep moved tokens");
            count("sweepNothingLeft");
        }
        a.swept = true;
        require(token.balanceOf(TREASURY) - before == left, "sweep sent other than the rest");
        ghostToTreasury += left;
        count("sweepMerkleAllocation");
    }

    // ------------------------------------------------------------ life of a schedule

    function release(uint256 scheduleSeed, uint256 callerSeed) external {
        if (schedules.length == 0) return;
        uint256 id = schedules[scheduleSeed % schedules.length];
        uint256 due = vault.releasable(id);
        if (due == 0) return;
        address beneficiary = vault.getSchedule(id).beneficiary;
        uint256 before = token.balanceOf(beneficiary);
        vm.prank(actors[callerSeed % ACTORS]);
        uint256 paid = vault.release(id);
        require(paid == due && token.balanceOf(beneficiary) - before == due, "release paid other than releasable");
        ghostReleased += paid;
        count("release");
    }

    function releaseMany(uint256 seeds) external {
        uint256 n = schedules.length;
        if (n == 0) return;
        uint256[] memory ids = new uint256[](bound(seeds, 1, 4));
        uint256 due;
        for (uint256 i = 0; i < ids.length; ++i) {
            ids[i] = schedules[uint256(keccak256(abi.encode(seeds, i))) % n];
            bool seen;
            for (uint256 j = 0; j < i; ++j) seen = seen || ids[j] == ids[i];
            if (!seen) due += vault.releasable(ids[i]);
        }
        uint256 paid = vault.releaseMany(ids);
        require(paid == due, "releaseMany paid other than the sum releasable");
        ghostReleased += paid;
        count("releaseMany");
    }

    function revoke(uint256 scheduleSeed) external {
        if (schedules.length == 0) return;
        uint256 id = schedules[scheduleSeed % schedules.length];
        VestingVault.Schedule memory s = vault.getSchedule(id);
        if (!vault.policy(s.category).revocable || revoked[id]) return;
        uint256 vested = vault.vestedAmount(id, block.timestamp);
        uint256 before = token.balanceOf(TREASURY);
        vault.revoke(id);
        uint256 taken = token.balanceOf(TREASURY) - before;
        require(taken == s.total - vested, "revocation took other than the unvested part");
        revoked[id] = true;
        vestedAtRevoke[id] = vested;
        ghostToTreasury += taken;
        count("revoke");
    }

    function transferBeneficiary(uint256 scheduleSeed, uint256 toSeed) external {
        if (schedules.length == 0) return;
        uint256 id = schedules[scheduleSeed % schedules.length];
        vm.prank(vault.getSchedule(id).beneficiary);
        vault.transferBeneficiary(id, actors[toSeed % ACTORS]);
        count("transferBeneficiary");
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 2 == 0 ? bound(seconds_, 0, 1 days) : bound(seconds_, 1 days, 400 days)));
        count("warp");
    }

    // ------------------------------------------------------------ views and internals

    function scheduleCount() external view returns (uint256) {
        return schedules.length;
    }

    function allocationCount() external view returns (uint256) {
        return _allocations.length;
    }

    function allocation(uint256 i) external view returns (uint256 id, bool claimed, bool swept) {
        Allocation storage a = _allocations[i];
        return (a.id, a.claimed, a.swept);
    }

    /// @dev The model of the policy bound for tranches: once tranche i unlocks, before start +
    /// minDuration, at most total·(time_i − start)/minDuration may have vested.
    function _aboveBound(
        VestingVault.Tranche[] memory tranches,
        uint256 start,
        uint256 minDuration,
        uint256 total
    ) private pure returns (bool) {
        uint256 cumulative;
        for (uint256 i = 0; i < tranches.length; ++i) {
            cumulative += tranches[i].amount;
            uint256 elapsed = uint256(tranches[i].time) - start;
            if (elapsed < minDuration && cumulative * minDuration > total * elapsed) return true;
        }
        return false;
    }

    /// @dev Valid cliff + linear terms under the category's policy.
    function _terms(
        uint256 beneficiarySeed,
        uint256 amount,
        uint256 category,
        uint256 timing,
        uint256 earliest
    ) private view returns (VestingVault.Terms memory t) {
        category = category % 3;
        VestingVault.CategoryPolicy memory p = vault.policy(category);
        uint256 duration = bound(timing, p.minDuration == 0 ? 1 : p.minDuration, 4 * 365 days);
        uint256 minCliff = p.minCliff;
        uint256 cliff = minCliff > duration ? duration : bound(timing >> 32, minCliff, duration);
        t = VestingVault.Terms({
            beneficiary: actors[beneficiarySeed % ACTORS],
            amount: uint112(bound(amount, 1, 10 ** bound(amount >> 128, 0, 24))),
            category: uint8(category),
            start: uint40(earliest + bound(timing >> 96, 0, 30 days)),
            cliff: uint32(cliff),
            duration: uint32(duration)
        });
    }

    /// @dev Mints what the next creation pulls from this handler; the suite checks the vault's
    /// balance against the ghosts, so an amount recorded but not received shows.
    function _fund(uint256 amount) private {
        token.mint(address(this), amount);
        ghostReceived += amount;
    }
}

/// @notice Vault invariants: vested(t) never exceeds the category's policy bound (nothing before the
/// minimum cliff, at most total·(t − start)/minDuration after), Σ released ≤ Σ received with the
/// balance exactly accounted, revocation never takes vested tokens, and every schedule pays out in
/// full (its vested part if revoked).
contract VestingVaultInvariantTest is InvariantTest {
    VaultHandler internal handler;
    VestingVault internal vault;
    IERC20 internal token;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new VaultHandler();
        vault = handler.vault();
        token = IERC20(address(handler.token()));
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = VaultHandler.createSchedule.selector;
        selectors[1] = VaultHandler.createTrancheSchedule.selector;
        selectors[2] = VaultHandler.createMerkleAllocation.selector;
        selectors[3] = VaultHandler.claimFromMerkle.selector;
        selectors[4] = VaultHandler.sweepMerkleAllocation.selector;
        selectors[5] = VaultHandler.release.selector;
        selectors[6] = VaultHandler.releaseMany.selector;
        selectors[7] = VaultHandler.revoke.selector;
        selectors[8] = VaultHandler.transferBeneficiary.selector;
        selectors[9] = VaultHandler.warp.selector;
        targetSelector(address(handler), selectors);
    }

    function invariant_releasedNeverExceedsReceived() public view {
        uint256 received = handler.ghostReceived();
        uint256 out = handler.ghostReleased() + handler.ghostToTreasury();
        assertLe(out, received, "released + sent to the treasury exceeds received");
        assertEq(token.balanceOf(address(vault)), received - out, "vault balance != received - released - treasury");
        uint256 released;
        for (uint256 i = 0; i < handler.scheduleCount(); ++i)
            released += vault.getSchedule(handler.schedules(i)).released;
        assertEq(released, handler.ghostReleased(), "sum of schedules' released != tokens released");
    }

    /// @notice At the times where a curve can jump (the policy's minimum cliff, the schedule's cliff,
    /// every tranche, the end) and in between, vested(t) ≤ the policy bound.
    function invariant_vestedWithinPolicyBound() public view {
        for (uint256 i = 0; i < handler.scheduleCount(); ++i) {
            uint256 id = handler.schedules(i);
            VestingVault.Schedule memory s = vault.getSchedule(id);
            VestingVault.CategoryPolicy memory p = vault.policy(s.category);
            uint256 start = s.start;
            _checkBound(id, s, p, start + p.minCliff);
            if (p.minCliff > 0) _checkBound(id, s, p, start + p.minCliff - 1);
            _checkBound(id, s, p, start + s.cliff);
            _checkBound(id, s, p, start + p.minDuration / 2);
            _checkBound(id, s, p, (start + uint256(s.end)) / 2);
            _checkBound(id, s, p, uint256(s.end) - 1);
            _checkBound(id, s, p, s.end);
            _checkBound(id, s, p, block.timestamp);
            VestingVault.Tranche[] memory tranches = vault.tranchesOf(id);
            for (uint256 k = 0; k < tranches.length; ++k) _checkBound(id, s, p, tranches[k].time);
        }
    }

    /// @notice A revoked schedule stays vested at what it had vested when revoked; every schedule's
    /// released amount is at most what has vested, which is at most its total.
    function invariant_revocationNeverTakesVested() public view {
        for (uint256 i = 0; i < handler.scheduleCount(); ++i) {
            uint256 id = handler.schedules(i);
            VestingVault.Schedule memory s = vault.getSchedule(id);
            uint256 vestedNow = vault.vestedAmount(id, block.timestamp);
            assertLe(s.released, vestedNow, "released beyond vested");
            assertLe(vestedNow, s.total, "vested beyond total");
            if (handler.revoked(id)) {
                assertEq(
                    vault.vestedAmount(id, type(uint40).max),
                    handler.vestedAtRevoke(id),
                    "revoked schedule's vested changed"
                );
            }
        }
    }

    /// @notice At the end of each run: after every schedule's end, releasing everything pays each
    /// schedule its total (its vested part if revoked) and leaves only unswept Merkle funds.
    function afterInvariant() public {
        vm.warp(uint256(type(uint40).max) - 1);
        uint256 n = handler.scheduleCount();
        uint256[] memory ids = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) ids[i] = handler.schedules(i);
        vault.releaseMany(ids);
        for (uint256 i = 0; i < n; ++i) {
            VestingVault.Schedule memory s = vault.getSchedule(ids[i]);
            uint256 expected = handler.revoked(ids[i]) ? handler.vestedAtRevoke(ids[i]) : s.total;
            assertEq(s.released, expected, "schedule not paid out in full");
        }
        uint256 unswept;
        for (uint256 i = 0; i < handler.allocationCount(); ++i) {
            (uint256 id, , bool swept) = handler.allocation(i);
            if (!swept) unswept += vault.getMerkleAllocation(id).remaining;
        }
        assertEq(token.balanceOf(address(vault)), unswept, "vault holds other than unswept Merkle funds");
    }

    function _checkBound(
        uint256 id,
        VestingVault.Schedule memory s,
        VestingVault.CategoryPolicy memory p,
        uint256 t
    ) private view {
        uint256 start = s.start;
        uint256 limit;
        if (t < start + p.minCliff) limit = 0;
        else if (p.minDuration == 0 || t >= start + p.minDuration) limit = s.total;
        else limit = (uint256(s.total) * (t - start)) / p.minDuration;
        uint256 vested = vault.vestedAmount(id, t);
        if (vested > limit) {
            revert(
                string.concat(
                    "vested above the policy bound: schedule ",
                    vm.toString(id),
                    " category ",
                    vm.toString(s.category),
                    s.flags & 1 != 0 ? " (tranches)" : " (linear)",
                    " at start+",
                    vm.toString(t - start),
                    "s: ",
                    vm.toString(vested),
                    " > ",
                    vm.toString(limit)
                )
            );
        }
    }
}
