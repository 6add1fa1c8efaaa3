// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IVestingErrors} from "../interfaces/IVestingErrors.sol";
import {ScheduleCurve} from "./ScheduleCurve.sol";

/// @title Counterweight vesting vault
/// @notice One vault holding many vesting schedules (cliff + linear, or tranches) of one token.
/// Every schedule is funded in full when it is created, so the vault never owes more than it
/// holds. Each schedule belongs to a category whose policy (minimum cliff, minimum duration,
/// revocable) is fixed at deployment and binds every creator. The vault never delegates, so
/// tokens it holds carry no voting weight. The only role is the revoker (the timelock), which may
/// revoke schedules of revocable categories: the unvested part goes to the treasury, the vested
/// part stays claimable. Every deposit is checked against the vault's balance, so a token that
/// delivers less than it is asked to (fee-on-transfer, deflationary) is refused.
contract VestingVault is IVestingErrors, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Immutable rules of one category.
    struct CategoryPolicy {
        uint32 minCliff;
        uint32 minDuration;
        bool revocable;
    }

    /// @notice The terms of a cliff + linear schedule (also the fields of a Merkle leaf, after its index).
    struct Terms {
        address beneficiary;
        uint112 amount;
        uint8 category;
        uint40 start;
        uint32 cliff;
        uint32 duration;
    }

    /// @notice A cliff + linear schedule to create; `salt` makes its id (idempotent re-runs).
    struct ScheduleParams {
        Terms terms;
        bytes32 salt;
    }

    /// @notice One unlock step of a tranche schedule.
    struct Tranche {
        uint40 time;
        uint112 amount;
    }

    /// @notice A tranche schedule to create.
    struct TrancheParams {
        address beneficiary;
        uint8 category;
        uint40 start;
        Tranche[] tranches;
        bytes32 salt;
    }

    /// @notice A schedule as stored: two slots.
    struct Schedule {
        address beneficiary;
        uint40 start;
        uint40 end;
        uint8 category;
        uint8 flags;
        uint112 total;
        uint112 released;
        uint32 cliff;
    }

    /// @notice A Merkle allocation: one root, funded once.
    struct MerkleAllocation {
        bytes32 root;
        uint112 remaining;
        uint40 createdAt;
        uint40 deadline;
    }

    /// @notice Most categories a vault can have (their policies are packed in one immutable word).
    uint256 public constant MAX_CATEGORIES = 3;
    /// @notice Most tranches per schedule (bounds the loop in `vestedAmount`).
    uint256 public constant MAX_TRANCHES = 48;
    /// @notice Flag of a tranche schedule.
    uint8 public constant FLAG_TRANCHED = 1;
    /// @notice Flag of a revoked schedule.
    uint8 public constant FLAG_REVOKED = 2;

    uint256 private constant _POLICY_BITS = 65;
    uint256 private constant _KIND_DIRECT = 0;
    uint256 private constant _KIND_MERKLE = 1;

    /// @notice The vested token.
    IERC20 public immutable token;
    /// @notice Receives unvested tokens of revoked schedules and unclaimed Merkle allocations.
    address public immutable treasury;
    /// @notice The only role: may revoke schedules of revocable categories (the timelock).
    address public immutable revoker;
    /// @notice Number of categories.
    uint256 public immutable categoryCount;
    uint256 private immutable _policies;

    mapping(uint256 id => Schedule) private _schedules;
    mapping(uint256 id => uint256[] packed) private _tranches;
    mapping(uint256 id => uint256) private _revokedAt;
    mapping(uint256 id => MerkleAllocation) private _allocations;
    /// @dev 1 + the allocation id that funded each root (0 = never funded), so a root funds once.
    mapping(bytes32 root => uint256 idPlusOne) private _fundedRoot;
    /// @notice Number of Merkle allocations created (the next allocation id).
    uint256 public allocationCount;

    /// @notice A schedule was created and funded.
    /// @param scheduleId Its id.
    /// @param beneficiary Who it vests to.
    /// @param category Its category.
    /// @param amount Amount funded.
    /// @param start Start time.
    /// @param cliff Absolute cliff time (first tranche for tranche schedules).
    /// @param end End time.
    /// @param tranched True for a tranche schedule.
    event ScheduleCreated(
        uint256 indexed scheduleId,
        address indexed beneficiary,
        uint8 category,
        uint256 amount,
        uint256 start,
        uint256 cliff,
        uint256 end,
        bool tranched
    );
    /// @notice A tranche schedule's tranches, emitted with its `ScheduleCreated`, so an indexer can
    /// rebuild its curve (`vestedAmount` at any time) from events alone.
    /// @param scheduleId The schedule.
    /// @param tranches Its tranches in ascending time order (absolute time, amount vesting then).
    event TranchesSet(uint256 indexed scheduleId, Tranche[] tranches);
    /// @notice Vested tokens were paid to the beneficiary (the token's Transfer event names them).
    /// @param scheduleId The schedule.
    /// @param amount Amount paid.
    event Released(uint256 indexed scheduleId, uint256 amount);
    /// @notice A schedule was revoked.
    /// @param scheduleId The schedule.
    /// @param vested Amount vested at revocation (stays the beneficiary's).
    /// @param unvested Amount returned to the treasury.
    event ScheduleRevoked(uint256 indexed scheduleId, uint256 vested, uint256 unvested);
    /// @notice The beneficiary handed the schedule to a new account.
    /// @param scheduleId The schedule.
    /// @param previous The former beneficiary.
    /// @param next The new beneficiary.
    event BeneficiaryTransferred(uint256 indexed scheduleId, address indexed previous, address indexed next);
    /// @notice A Merkle allocation was created and funded.
    /// @param allocationId Its id.
    /// @param creator Who funded it.
    /// @param root The Merkle root of its leaves.
    /// @param total Amount funded.
    /// @param deadline Last time a leaf may be claimed.
    event MerkleAllocationCreated(
        uint256 indexed allocationId,
        address indexed creator,
        bytes32 root,
        uint256 total,
        uint256 deadline
    );
    /// @notice A leaf of a Merkle allocation was claimed into a schedule.
    /// @param allocationId The allocation.
    /// @param scheduleId The schedule created.
    /// @param beneficiary The leaf's beneficiary.
    /// @param index The leaf's index (its row in the allocation's file).
    event MerkleClaimed(
        uint256 indexed allocationId,
        uint256 indexed scheduleId,
        address indexed beneficiary,
        uint256 index
    );
    /// @notice The unclaimed rest of an expired Merkle allocation went to the treasury.
    /// @param allocationId The allocation.
    /// @param amount Amount swept.
    event MerkleSwept(uint256 indexed allocationId, uint256 amount);

    /// @notice Wires the vault; the policies can never change afterwards.
    /// @param token_ The vested token.
    /// @param treasury_ Receiver of revoked and unclaimed tokens (the timelock).
    /// @param revoker_ The revoker (the timelock).
    /// @param policies One policy per category (index = category id).
    constructor(IERC20 token_, address treasury_, address revoker_, CategoryPolicy[] memory policies) {
        if (address(token_) == address(0) || treasury_ == address(0) || revoker_ == address(0)) {
            revert VestingZeroAddress();
        }
        uint256 n = policies.length;
        if (n == 0 || n > MAX_CATEGORIES) revert VestingCategoryCount(n, MAX_CATEGORIES);
        uint256 packed;
        for (uint256 i = 0; i < n; ++i) {
            CategoryPolicy memory p = policies[i];
            uint256 word = (uint256(p.minCliff) << 33) | (uint256(p.minDuration) << 1) | (p.revocable ? 1 : 0);
            packed |= word << (i * _POLICY_BITS);
        }
        token = token_;
        treasury = treasury_;
        revoker = revoker_;
        categoryCount = n;
        _policies = packed;
    }

    // ---------------------------------------------------------------- creation

    /// @notice Creates and funds one cliff + linear schedule (the caller pays `terms.amount`).
    /// @dev Reverts `VestingBeneficiaryNotAllowed` for the vault or the token as beneficiary, and
    /// `VestingFeeOnTransfer` unless the vault's balance grows by exactly `terms.amount`.
    /// @param params Terms and salt; the id is `directScheduleId(msg.sender, salt)`.
    /// @return scheduleId The new schedule's id.
    function createSchedule(ScheduleParams calldata params) external nonReentrant returns (uint256 scheduleId) {
        scheduleId = directScheduleId(msg.sender, params.salt);
        _storeLinear(scheduleId, params.terms, block.timestamp);
        _pull(params.terms.amount);
    }

    /// @notice Creates and funds many cliff + linear schedules with one transfer.
    /// @dev Each schedule is checked as in `createSchedule`; the one transfer of the sum must
    /// arrive whole (`VestingFeeOnTransfer`).
    /// @param params The schedules (bounded by the caller's calldata).
    /// @return scheduleIds Their ids, in order.
    function createSchedules(
        ScheduleParams[] calldata params
    ) external nonReentrant returns (uint256[] memory scheduleIds) {
        uint256 n = params.length;
        if (n == 0) revert VestingEmptyBatch();
        scheduleIds = new uint256[](n);
        uint256 sum;
        for (uint256 i = 0; i < n; ++i) {
            uint256 id = directScheduleId(msg.sender, params[i].salt);
            _storeLinear(id, params[i].terms, block.timestamp);
            scheduleIds[i] = id;
            sum += params[i].terms.amount;
        }
        _pull(sum);
    }

    /// @notice Creates and funds one tranche schedule; its amount is the sum of its tranches.
    /// @dev The category's policy binds at every time, as it does a cliff + linear schedule: nothing
    /// before `minCliff` (the first tranche), the last tranche at least `minDuration` after start,
    /// and once each tranche unlocks, at most total·(t − start)/minDuration vested
    /// (`VestingTrancheAboveBound`). The cliff (first tranche − start) must fit 32 bits
    /// (`VestingCliffOverflow`); the deposit must arrive whole (`VestingFeeOnTransfer`).
    /// @param params Beneficiary, category, start, tranches (ascending times) and salt.
    /// @return scheduleId The new schedule's id.
    function createTrancheSchedule(TrancheParams calldata params) external nonReentrant returns (uint256 scheduleId) {
        scheduleId = directScheduleId(msg.sender, params.salt);
        uint256 total = _storeTranches(scheduleId, params);
        _pull(total);
    }

    /// @notice Creates and funds a Merkle allocation: O(1) whatever the number of leaves.
    /// @dev A leaf may not start before the allocation is funded, so a file carries the latest
    /// funding time at which every leaf is still claimable (`fundBefore`: its earliest start minus
    /// a margin, written by `vesting:create --merkle`); funding later reverts
    /// `VestingFundingClosed` instead of locking unclaimable leaves until the deadline. The deposit
    /// must arrive whole (`VestingFeeOnTransfer`). A root funds one allocation only
    /// (`VestingRootAlreadyFunded`): a funding transaction run twice would otherwise make every
    /// leaf claimable twice.
    /// @param root Root of a StandardMerkleTree of (index, Terms) leaves
    /// (uint256, address, uint112, uint8, uint40, uint32, uint32); `index` is the leaf's row in its
    /// file, so identical rows are distinct leaves.
    /// @param total Amount funded (the sum of the leaves).
    /// @param deadline Last time a leaf may be claimed; afterwards the rest can go to the treasury.
    /// @param fundBefore Latest time this call may be mined (inclusive).
    /// @return allocationId The new allocation's id.
    function createMerkleAllocation(
        bytes32 root,
        uint256 total,
        uint256 deadline,
        uint256 fundBefore
    ) external nonReentrant returns (uint256 allocationId) {
        if (root == bytes32(0)) revert VestingZeroRoot();
        if (total == 0) revert VestingZeroAmount();
        if (total > type(uint112).max) revert VestingAmountOverflow(total);
        if (deadline < block.timestamp + 1 || deadline > type(uint40).max) {
            revert VestingInvalidDeadline(deadline, block.timestamp);
        }
        if (block.timestamp > fundBefore) revert VestingFundingClosed(fundBefore, block.timestamp);
        uint256 funded = _fundedRoot[root];
        if (funded != 0) revert VestingRootAlreadyFunded(root, funded - 1);
        allocationId = allocationCount;
        allocationCount = allocationId + 1;
        _fundedRoot[root] = allocationId + 1;
        _allocations[allocationId] = MerkleAllocation({
            root: root,
            remaining: uint112(total),
            createdAt: uint40(block.timestamp),
            deadline: uint40(deadline)
        });
        emit MerkleAllocationCreated(allocationId, msg.sender, root, total, deadline);
        _pull(total);
    }

    /// @notice Claims one leaf of a Merkle allocation into a schedule (anyone may call; the
    /// schedule vests to the leaf's beneficiary). The schedule may not start before the allocation
    /// was funded.
    /// @dev Each leaf is claimed once; its index makes identical rows of a file distinct leaves,
    /// hence distinct schedules, each claimable.
    /// @param allocationId The allocation.
    /// @param index The leaf's index (its row in the allocation's file, as the proofs file gives it).
    /// @param terms The leaf's terms.
    /// @param proof Its Merkle proof.
    /// @return scheduleId The new schedule's id (`merkleScheduleId(allocationId, merkleLeaf(index, terms))`).
    function claimFromMerkle(
        uint256 allocationId,
        uint256 index,
        Terms calldata terms,
        bytes32[] calldata proof
    ) external returns (uint256 scheduleId) {
        MerkleAllocation storage a = _allocations[allocationId];
        bytes32 root = a.root;
        if (root == bytes32(0)) revert VestingUnknownAllocation(allocationId);
        if (block.timestamp > a.deadline) revert VestingClaimClosed(allocationId, a.deadline);
        bytes32 leaf = merkleLeaf(index, terms);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert VestingInvalidProof(allocationId, terms.beneficiary);
        }
        scheduleId = merkleScheduleId(allocationId, leaf);
        if (_schedules[scheduleId].beneficiary != address(0)) revert VestingAlreadyClaimed(allocationId, scheduleId);
        uint256 remaining = a.remaining;
        if (terms.amount > remaining) revert VestingAllocationExhausted(allocationId, terms.amount, remaining);
        a.remaining = uint112(remaining - terms.amount);
        _storeLinear(scheduleId, terms, a.createdAt);
        emit MerkleClaimed(allocationId, scheduleId, terms.beneficiary, index);
    }

    /// @notice After the claim deadline, sends the unclaimed rest of an allocation to the treasury.
    /// @dev Once: a second call (or a call when every leaf was claimed) reverts `VestingNothingToSweep`.
    /// @param allocationId The allocation.
    function sweepMerkleAllocation(uint256 allocationId) external nonReentrant {
        MerkleAllocation storage a = _allocations[allocationId];
        if (a.root == bytes32(0)) revert VestingUnknownAllocation(allocationId);
        if (block.timestamp < uint256(a.deadline) + 1) revert VestingClaimStillOpen(allocationId, a.deadline);
        uint256 amount = a.remaining;
        if (amount == 0) revert VestingNothingToSweep(allocationId);
        a.remaining = 0;
        emit MerkleSwept(allocationId, amount);
        token.safeTransfer(treasury, amount);
    }

    // ---------------------------------------------------------------- life of a schedule

    /// @notice Pays the releasable amount of a schedule to its beneficiary (anyone may call).
    /// @param scheduleId The schedule.
    /// @return amount Amount paid.
    function release(uint256 scheduleId) external nonReentrant returns (uint256 amount) {
        amount = _release(scheduleId);
        if (amount == 0) revert VestingNothingToRelease(scheduleId);
    }

    /// @notice Releases several schedules; those with nothing releasable are skipped.
    /// @param scheduleIds The schedules (bounded by the caller's calldata).
    /// @return total Total paid.
    function releaseMany(uint256[] calldata scheduleIds) external nonReentrant returns (uint256 total) {
        uint256 n = scheduleIds.length;
        for (uint256 i = 0; i < n; ++i) {
            total += _release(scheduleIds[i]);
        }
    }

    /// @notice Revokes a schedule of a revocable category: the unvested part goes to the treasury,
    /// the vested part stays claimable by the beneficiary. Only the revoker (the timelock).
    /// @param scheduleId The schedule.
    function revoke(uint256 scheduleId) external nonReentrant {
        if (msg.sender != revoker) revert VestingNotRevoker(msg.sender);
        (Schedule storage s, , uint256 vested, ) = _vested(scheduleId, block.timestamp);
        uint8 category = s.category;
        uint8 flags = s.flags;
        if (!_revocable(category)) revert VestingNotRevocable(scheduleId, category);
        if (flags & FLAG_REVOKED != 0) revert VestingAlreadyRevoked(scheduleId);
        uint256 unvested = s.total - vested;
        s.flags = flags | FLAG_REVOKED;
        _revokedAt[scheduleId] = block.timestamp;
        emit ScheduleRevoked(scheduleId, vested, unvested);
        if (unvested > 0) token.safeTransfer(treasury, unvested);
    }

    /// @notice Hands a schedule to a new account (key rotation). Only the current beneficiary.
    /// @dev `next` may not be zero (`VestingZeroBeneficiary`), the vault or the token
    /// (`VestingBeneficiaryNotAllowed`): tokens released there could never leave.
    /// @param scheduleId The schedule.
    /// @param next The new beneficiary.
    function transferBeneficiary(uint256 scheduleId, address next) external {
        Schedule storage s = _schedules[scheduleId];
        address current = s.beneficiary;
        if (current == address(0)) revert VestingUnknownSchedule(scheduleId);
        if (msg.sender != current) revert VestingNotBeneficiary(msg.sender, current);
        _checkBeneficiary(next);
        s.beneficiary = next;
        emit BeneficiaryTransferred(scheduleId, current, next);
    }

    // ---------------------------------------------------------------- views

    /// @notice Amount of a schedule vested at `timestamp` (frozen at the revocation time if revoked).
    /// @param scheduleId The schedule.
    /// @param timestamp The time asked about.
    /// @return The vested amount.
    function vestedAmount(uint256 scheduleId, uint256 timestamp) external view returns (uint256) {
        (, , uint256 vested, ) = _vested(scheduleId, timestamp);
        return vested;
    }

    /// @notice Amount `release` would pay now.
    /// @param scheduleId The schedule.
    /// @return The releasable amount.
    function releasable(uint256 scheduleId) external view returns (uint256) {
        (, , uint256 vested, uint256 released) = _vested(scheduleId, block.timestamp);
        return vested - released;
    }

    /// @notice A schedule as stored.
    /// @param scheduleId The schedule.
    /// @return The schedule (beneficiary zero if it does not exist).
    function getSchedule(uint256 scheduleId) external view returns (Schedule memory) {
        return _schedules[scheduleId];
    }

    /// @notice The tranches of a tranche schedule (empty for cliff + linear).
    /// @param scheduleId The schedule.
    /// @return tranches Its tranches.
    function tranchesOf(uint256 scheduleId) external view returns (Tranche[] memory tranches) {
        uint256[] storage packed = _tranches[scheduleId];
        uint256 n = packed.length;
        tranches = new Tranche[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 w = packed[i];
            tranches[i] = Tranche(uint40(ScheduleCurve.trancheTime(w)), uint112(ScheduleCurve.trancheAmount(w)));
        }
    }

    /// @notice When a revoked schedule was revoked (0 if it was not).
    /// @param scheduleId The schedule.
    /// @return The revocation time.
    function revokedAt(uint256 scheduleId) external view returns (uint256) {
        return _revokedAt[scheduleId];
    }

    /// @notice A Merkle allocation.
    /// @param allocationId The allocation.
    /// @return The allocation (root zero if it does not exist).
    function getMerkleAllocation(uint256 allocationId) external view returns (MerkleAllocation memory) {
        return _allocations[allocationId];
    }

    /// @notice The immutable policy of a category.
    /// @param category The category.
    /// @return The policy.
    function policy(uint256 category) public view returns (CategoryPolicy memory) {
        uint256 w = _policyWord(category);
        return CategoryPolicy(uint32(w >> 33), uint32(w >> 1), w & 1 == 1);
    }

    /// @notice Id of a schedule created directly by `creator` with `salt`.
    /// @param creator The creator.
    /// @param salt The salt.
    /// @return The schedule id.
    function directScheduleId(address creator, bytes32 salt) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(_KIND_DIRECT, creator, salt)));
    }

    /// @notice Id of the schedule claimed from `leaf` of allocation `allocationId` (the leaf includes
    /// its index, so identical rows give distinct ids).
    /// @param allocationId The allocation.
    /// @param leaf The leaf hash.
    /// @return The schedule id.
    function merkleScheduleId(uint256 allocationId, bytes32 leaf) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(_KIND_MERKLE, allocationId, leaf)));
    }

    /// @notice The StandardMerkleTree leaf of row `index` with `terms` (double-hashed), of types
    /// (uint256 index, address beneficiary, uint112 amount, uint8 category, uint40 start,
    /// uint32 cliff, uint32 duration).
    /// @param index The leaf's index (its row in the allocation's file).
    /// @param terms The leaf's terms.
    /// @return The leaf hash.
    function merkleLeaf(uint256 index, Terms calldata terms) public pure returns (bytes32) {
        return
            keccak256(
                bytes.concat(
                    keccak256(
                        abi.encode(
                            index,
                            terms.beneficiary,
                            terms.amount,
                            terms.category,
                            terms.start,
                            terms.cliff,
                            terms.duration
                        )
                    )
                )
            );
    }

    // ---------------------------------------------------------------- internals

    /// @dev Pulls `amount` from the caller and checks the vault's balance grew by exactly that much.
    function _pull(uint256 amount) private {
        IERC20 t = token;
        uint256 expected = t.balanceOf(address(this)) + amount;
        t.safeTransferFrom(msg.sender, address(this), amount);
        uint256 actual = t.balanceOf(address(this));
        if (actual != expected) revert VestingFeeOnTransfer(expected, actual);
    }

    /// @dev A beneficiary tokens can leave: not zero, not the vault, not the token.
    function _checkBeneficiary(address account) private view {
        if (account == address(0)) revert VestingZeroBeneficiary();
        if (account == address(this) || account == address(token)) revert VestingBeneficiaryNotAllowed(account);
    }

    function _storeLinear(uint256 id, Terms calldata t, uint256 earliestStart) private {
        _checkBeneficiary(t.beneficiary);
        if (t.amount == 0) revert VestingZeroAmount();
        if (t.duration == 0) revert VestingZeroDuration();
        if (t.cliff > t.duration) revert VestingCliffBeyondEnd(t.cliff, t.duration);
        _checkPolicy(t.category, t.cliff, t.duration);
        if (t.start < earliestStart) revert VestingStartTooEarly(t.start, earliestStart);
        uint256 end = uint256(t.start) + t.duration;
        if (end > type(uint40).max) revert VestingEndOverflow(t.start, t.duration);
        if (_schedules[id].beneficiary != address(0)) revert VestingScheduleExists(id);
        _schedules[id] = Schedule({
            beneficiary: t.beneficiary,
            start: t.start,
            end: uint40(end),
            category: t.category,
            flags: 0,
            total: t.amount,
            released: 0,
            cliff: t.cliff
        });
        emit ScheduleCreated(id, t.beneficiary, t.category, t.amount, t.start, uint256(t.start) + t.cliff, end, false);
    }

    function _storeTranches(uint256 id, TrancheParams calldata p) private returns (uint256 total) {
        _checkBeneficiary(p.beneficiary);
        uint256 n = p.tranches.length;
        if (n == 0 || n > MAX_TRANCHES) revert VestingTrancheCount(n, MAX_TRANCHES);
        uint256 start = p.start;
        if (start < block.timestamp) revert VestingStartTooEarly(start, block.timestamp);
        if (_schedules[id].beneficiary != address(0)) revert VestingScheduleExists(id);
        uint256 minDuration = uint32(_policyWord(p.category) >> 1);
        uint256[] storage packed = _tranches[id];
        uint256 previous = start;
        // Steepest average rate vested/elapsed before start + minDuration (0/1 at first): the policy's
        // bound holds at every time iff it holds there (docs/vesting.md, "The policy binds ...").
        uint256 worstVested;
        uint256 worstElapsed = 1;
        for (uint256 i = 0; i < n; ++i) {
            Tranche calldata tr = p.tranches[i];
            uint256 time = tr.time;
            uint256 amount = tr.amount;
            if (time < previous || (i > 0 && time == previous)) revert VestingTrancheNotAscending(i);
            if (amount == 0) revert VestingTrancheZeroAmount(i);
            packed.push(ScheduleCurve.packTranche(time, amount));
            unchecked {
                // total < 48 * 2^112 and elapsed < 2^40: no overflow; time >= previous >= start.
                total += amount;
                uint256 elapsed = time - start;
                if (elapsed < minDuration && total * worstElapsed > worstVested * elapsed) {
                    worstVested = total;
                    worstElapsed = elapsed;
                }
            }
            previous = time;
        }
        if (total > type(uint112).max) revert VestingAmountOverflow(total);
        uint256 cliff = p.tranches[0].time - start;
        uint256 duration = previous - start;
        if (duration == 0) revert VestingZeroDuration();
        if (cliff > type(uint32).max) revert VestingCliffOverflow(cliff, type(uint32).max);
        _checkPolicy(p.category, cliff, duration);
        if (worstVested * minDuration > total * worstElapsed) _revertAboveBound(p, total, minDuration);
        _schedules[id] = Schedule({
            beneficiary: p.beneficiary,
            start: uint40(start),
            end: uint40(previous),
            category: p.category,
            flags: FLAG_TRANCHED,
            total: uint112(total),
            released: 0,
            cliff: uint32(cliff)
        });
        emit ScheduleCreated(id, p.beneficiary, p.category, total, start, start + cliff, previous, true);
        emit TranchesSet(id, p.tranches);
    }

    /// @dev Reverts naming the first tranche over the policy's bound (one is, the caller checked).
    function _revertAboveBound(TrancheParams calldata p, uint256 total, uint256 minDuration) private pure {
        uint256 vested;
        for (uint256 i = 0; ; ++i) {
            Tranche calldata tr = p.tranches[i];
            uint256 elapsed = tr.time - p.start;
            vested += tr.amount;
            if (elapsed < minDuration && vested * minDuration > total * elapsed) {
                revert VestingTrancheAboveBound(i, vested, (total * elapsed) / minDuration);
            }
        }
    }

    function _checkPolicy(uint256 category, uint256 cliff, uint256 duration) private view {
        uint256 w = _policyWord(category);
        uint256 minCliff = uint32(w >> 33);
        uint256 minDuration = uint32(w >> 1);
        if (cliff < minCliff) revert VestingCliffTooShort(category, cliff, minCliff);
        if (duration < minDuration) revert VestingDurationTooShort(category, duration, minDuration);
    }

    function _policyWord(uint256 category) private view returns (uint256) {
        if (category > categoryCount - 1) revert VestingUnknownCategory(category, categoryCount);
        return (_policies >> (category * _POLICY_BITS)) & ((1 << _POLICY_BITS) - 1);
    }

    function _revocable(uint256 category) private view returns (bool) {
        return _policyWord(category) & 1 == 1;
    }

    /// @dev Reads schedule `id` and its amount vested at `timestamp` (frozen at the revocation time
    /// if revoked); reverts if it does not exist. The fields go straight from storage to the stack,
    /// so the optimizer reads each of the two slots once, and nothing is copied to memory.
    function _vested(
        uint256 id,
        uint256 timestamp
    ) private view returns (Schedule storage s, address beneficiary, uint256 vested, uint256 released) {
        s = _schedules[id];
        beneficiary = s.beneficiary;
        uint256 flags = s.flags;
        uint256 start = s.start;
        uint40 end = s.end;
        uint112 total = s.total;
        released = s.released;
        uint256 cliffAt;
        unchecked {
            cliffAt = start + s.cliff; // < 2^40 + 2^32
        }
        if (beneficiary == address(0)) revert VestingUnknownSchedule(id);
        if (flags & FLAG_REVOKED != 0) {
            uint256 at = _revokedAt[id];
            if (timestamp > at) timestamp = at;
        }
        if (flags & FLAG_TRANCHED == 0) {
            vested = ScheduleCurve.linear(total, start, cliffAt, end, timestamp);
        } else if (timestamp < cliffAt) {
            vested = 0;
        } else if (timestamp > end - 1) {
            vested = total;
        } else {
            vested = _trancheSum(id, timestamp);
        }
    }

    /// @dev Sum of the tranches of `id` unlocked at `timestamp`.
    function _trancheSum(uint256 id, uint256 timestamp) private view returns (uint256 vested) {
        uint256[] storage packed = _tranches[id];
        uint256 n = packed.length;
        // Times ascend, so the first future tranche ends the sum; n <= MAX_TRANCHES.
        for (uint256 i = 0; i < n; ++i) {
            uint256 w = packed[i];
            if (ScheduleCurve.trancheTime(w) > timestamp) break;
            vested += ScheduleCurve.trancheAmount(w);
        }
    }

    /// @dev Pays what is vested and not yet released, or returns 0 if nothing is.
    function _release(uint256 id) private returns (uint256 amount) {
        (Schedule storage s, address beneficiary, uint256 vested, uint256 released) = _vested(id, block.timestamp);
        // `released` is always a past vested amount and vesting never decreases, so vested >= released:
        // one comparison both skips an empty release and guards the subtraction (released < 2^112).
        unchecked {
            if (vested < released + 1) return 0;
            amount = vested - released;
        }
        s.released = uint112(vested);
        emit Released(id, amount);
        token.safeTransfer(beneficiary, amount);
    }
}
