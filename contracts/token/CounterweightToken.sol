// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IQuadraticVotes} from "../interfaces/IQuadraticVotes.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ITokenErrors} from "../interfaces/ITokenErrors.sol";

/// @title Counterweight governance token
/// @notice Fixed-supply ERC20 with permit and checkpointed votes on the ERC-6372 timestamp clock,
/// delegated two ways at once: linearly (the standard IVotes figures, tokens delegated) and
/// quadratically (IQuadraticVotes: Σ isqrt(balance) over the verified identities delegating to a
/// delegate, and how many they are). The whole cap is minted once, in the constructor, to the
/// distribution plan; there is no owner and no mint or burn function afterwards.
/// @dev Why not OpenZeppelin's ERC20Votes: its checkpoints are private, so the quadratic figures
/// would need a second checkpoint per delegate, written on every transfer (about 1.6× the gas of a
/// plain ERC20Votes transfer). Here the linear votes (96 bits), Σ√ (72 bits) and the identity
/// count (40 bits) share ONE OpenZeppelin Checkpoints.Trace208 value per delegate, keyed by the
/// 48-bit timestamp: a transfer writes one checkpoint per delegate, as ERC20Votes does. The
/// bookkeeping follows OpenZeppelin's Votes (same events, same delegateBySig typehash and errors,
/// OpenZeppelin's Nonces and EIP712 through ERC20Permit). Widths: linear ≤ cap < 2^96 (checked in
/// the constructor); at most one contributing account per identity, so a delegate's count n is
/// checked below 2^40 and by Cauchy–Schwarz Σ√ ≤ √(n · S) < √(2^40 · 2^96) = 2^68 < 2^72.
/// Identity changes (registration, rotation, revocation, expiry, source retirement, the end of a
/// rotation cooldown) reach the sums only through the permissionless `sync(account)`: the
/// registry never calls the token. The one exception, expiry, is known at sync time: the token
/// caches it and drops the contribution at the account's next transfer or delegation after it. One contribution per human (`contributorOfHuman`): a sync under
/// a human identifier recorded on another account removes that account's contribution first.
/// OpenZeppelin's Multicall batches syncs (`multicall([sync(a), sync(b), …])`, the keeper task
/// `cw:sync`). See docs/governance.md, "Quadratic delegation".
contract CounterweightToken is ERC20, ERC20Permit, Multicall, IQuadraticVotes, ITokenErrors {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice One line of the distribution plan.
    struct Allocation {
        address recipient;
        uint256 amount;
    }

    /// @notice Emitted once per allocation at deployment.
    /// @param recipient Who received the allocation.
    /// @param amount How much was minted to them.
    event Allocated(address indexed recipient, uint256 amount);

    /// @notice The identity registry was wired (once, by the deployer).
    /// @param registry The registry `sync` reads from now on.
    event IdentityRegistryWired(address indexed registry);

    /// @notice EIP-712 typehash of a delegation signature (OpenZeppelin Votes' own).
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant _DELEGATION_TYPEHASH = keccak256(
        "Delegation(address delegatee,uint256 nonce,uint256 expiry)"
    );

    /// @notice The largest cap: the linear votes get 96 bits of the packed checkpoint.
    uint256 public constant MAX_CAP = (1 << 96) - 1;

    uint256 private constant _LINEAR_MASK = (1 << 96) - 1;
    uint256 private constant _SQRT_SHIFT = 96;
    uint256 private constant _SQRT_MASK = (1 << 72) - 1;
    uint256 private constant _COUNT_SHIFT = 168;
    uint256 private constant _ID_MASK = (1 << 160) - 1;
    uint256 private constant _EXPIRY_SHIFT = 160;
    uint256 private constant _EXPIRY_MASK = (1 << 48) - 1;
    uint256 private constant _CONTRIBUTION_SHIFT = 208;
    uint256 private constant _KEEP_MASK = (1 << 208) - 1;

    /// @notice The fixed total supply.
    uint256 public immutable cap;

    uint48 private immutable _deployedAt;

    /// @inheritdoc IQuadraticVotes
    IIdentityRegistry public identityRegistry;
    address private _registryWirer;

    mapping(address account => address) private _delegatee;
    /// @dev Per delegate: linear votes | Σ√ << 96 | identities << 168.
    mapping(address delegatee => Checkpoints.Trace208) private _power;
    /// @dev Per account: cached identity id (160 bits) | its expiration time << 160 (48 bits, 0:
    /// none) | contributed √ << 208 (below 2^48, as balances are below 2^96).
    mapping(address account => uint256) private _contribution;

    /// @inheritdoc IQuadraticVotes
    mapping(bytes32 humanId => address) public contributorOfHuman;

    /// @notice Mints the whole supply to the distribution plan; nothing can be minted afterwards.
    /// @dev The deployer may wire the identity registry once (`wireIdentityRegistry`): the registry's
    /// admin is the timelock the token's deployment module creates, so the registry cannot exist
    /// before the token. Until then every contribution is 0 and `sync` caches nothing.
    /// @param name_ ERC20 name (also the EIP-712 domain name).
    /// @param symbol_ ERC20 symbol.
    /// @param cap_ Total supply (at most MAX_CAP); the allocations must sum to it exactly.
    /// @param allocations The distribution plan.
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        Allocation[] memory allocations
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        uint256 n = allocations.length;
        if (n == 0) revert TokenNoAllocations();
        if (cap_ > MAX_CAP) revert TokenCapTooLarge(cap_, MAX_CAP);
        uint256 sum;
        for (uint256 i = 0; i < n; ++i) {
            Allocation memory a = allocations[i];
            if (a.recipient == address(0)) revert TokenAllocationZeroRecipient(i);
            if (a.amount == 0) revert TokenAllocationZeroAmount(i);
            sum += a.amount;
            _mint(a.recipient, a.amount);
            emit Allocated(a.recipient, a.amount);
        }
        if (sum != cap_) revert TokenAllocationsNotCap(sum, cap_);
        cap = cap_;
        _deployedAt = clock();
        _registryWirer = msg.sender;
    }

    /// @notice Wires the identity registry `sync` reads; once, by the deployer, and never again.
    /// @param registry The registry (a contract; the governor checks it runs on the token's clock).
    function wireIdentityRegistry(IIdentityRegistry registry) external {
        if (msg.sender != _registryWirer) revert TokenRegistryWiringClosed(msg.sender);
        if (address(registry).code.length == 0) revert TokenInvalidRegistry(address(registry));
        delete _registryWirer;
        identityRegistry = registry;
        emit IdentityRegistryWired(address(registry));
    }

    /// @notice ERC-6372 clock: block timestamps.
    /// @return The current timestamp as a uint48.
    function clock() public view returns (uint48) {
        return Time.timestamp();
    }

    /// @notice ERC-6372 clock description.
    /// @return The machine-readable clock mode.
    function CLOCK_MODE() public pure returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return "mode=timestamp";
    }

    /// @inheritdoc IVotes
    function getVotes(address account) external view returns (uint256) {
        return _power[account].latest() & _LINEAR_MASK;
    }

    /// @inheritdoc IVotes
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        return _pastPower(account, timepoint) & _LINEAR_MASK;
    }

    /// @inheritdoc IVotes
    /// @dev The supply is fixed at deployment (no mint or burn afterwards): the cap from the
    /// deployment's timestamp on, 0 before.
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        _checkPast(timepoint);
        return timepoint < _deployedAt ? 0 : cap;
    }

    /// @inheritdoc IVotes
    function delegates(address account) public view returns (address) {
        return _delegatee[account];
    }

    /// @inheritdoc IVotes
    function delegate(address delegatee) external {
        _delegate(msg.sender, delegatee);
    }

    /// @inheritdoc IVotes
    function delegateBySig(address delegatee, uint256 nonce, uint256 expiry, uint8 v, bytes32 r, bytes32 s) external {
        // solhint-disable-next-line gas-strict-inequalities
        if (block.timestamp > expiry) revert VotesExpiredSignature(expiry);
        address signer = ECDSA.recover(
            _hashTypedDataV4(keccak256(abi.encode(_DELEGATION_TYPEHASH, delegatee, nonce, expiry))),
            v,
            r,
            s
        );
        _useCheckedNonce(signer, nonce);
        _delegate(signer, delegatee);
    }

    /// @inheritdoc IQuadraticVotes
    /// @dev O(1): one registry lookup (`bindingOf`: the identity that counts now, 0 in a rotation
    /// cooldown or once revoked, expired or its source retired), the human identifier of the old
    /// and new identity (`humanIdOf`), and at most two delegates' checkpoints. ONE CONTRIBUTION PER
    /// HUMAN: if the new identity's human identifier is recorded on another account (a key rotation,
    /// or a re-issue to a new key under the same humanId, which the registry gives a new identity
    /// id), that account's contribution is removed first, so the old key needs no sync.
    function sync(address account) external {
        IIdentityRegistry registry = identityRegistry;
        uint256 identityId;
        if (address(registry) != address(0)) (identityId, ) = registry.bindingOf(account);
        (uint256 oldId, uint256 oldContribution) = _unpackContribution(_contribution[account]);
        if (identityId == 0 && address(registry) != address(0)) _releaseHeldHuman(registry, account, oldId);
        if (identityId == oldId) return;
        if (identityId > _ID_MASK) revert TokenInvalidRegistry(address(registry));

        bytes32 human;
        uint256 expiry;
        if (identityId != 0) {
            human = registry.humanIdOf(identityId);
            // Known now, so a transfer or delegation after it drops the contribution unsynced.
            expiry = registry.expirationOf(identityId);
            if (expiry > _EXPIRY_MASK) expiry = 0; // past the 48-bit clock: never, in practice
        }
        int256 sqrtDelta;
        int256 countDelta;
        if (oldId != 0) {
            bytes32 oldHuman = registry.humanIdOf(oldId);
            if (oldHuman != human) delete contributorOfHuman[oldHuman];
            sqrtDelta = -int256(oldContribution);
            countDelta = -1;
        }
        uint256 contribution;
        if (identityId != 0) {
            address previous = contributorOfHuman[human];
            if (previous != account) {
                if (previous != address(0)) _dropHumanContribution(registry, previous, human);
                contributorOfHuman[human] = account;
            }
            contribution = FixedPointMathLib.sqrt(balanceOf(account));
            sqrtDelta += int256(contribution);
            ++countDelta;
        }
        _contribution[account] = identityId | (expiry << _EXPIRY_SHIFT) | (contribution << _CONTRIBUTION_SHIFT);
        _adjust(_delegatee[account], 0, sqrtDelta, countDelta);
        emit IdentitySynced(account, oldId, identityId);
    }

    /// @inheritdoc IQuadraticVotes
    /// @dev A view over the per-human record: the account recorded for the identity's human
    /// identifier, if its cached identity is this one.
    function contributorOf(uint256 identityId) external view returns (address account) {
        IIdentityRegistry registry = identityRegistry;
        if (identityId == 0 || address(registry) == address(0)) return address(0);
        account = contributorOfHuman[registry.humanIdOf(identityId)];
        if (_contribution[account] & _ID_MASK != identityId) account = address(0);
    }

    /// @inheritdoc IQuadraticVotes
    function contributionOf(address account) external view returns (uint256 identityId, uint256 contribution) {
        return _unpackContribution(_contribution[account]);
    }

    /// @inheritdoc IQuadraticVotes
    function getQuadraticVotes(address account) external view returns (uint256) {
        return (_power[account].latest() >> _SQRT_SHIFT) & _SQRT_MASK;
    }

    /// @inheritdoc IQuadraticVotes
    function getPastQuadraticVotes(address account, uint256 timepoint) external view returns (uint256) {
        return (_pastPower(account, timepoint) >> _SQRT_SHIFT) & _SQRT_MASK;
    }

    /// @inheritdoc IQuadraticVotes
    function getDelegatedIdentities(address account) external view returns (uint256) {
        return _power[account].latest() >> _COUNT_SHIFT;
    }

    /// @inheritdoc IQuadraticVotes
    function getPastDelegatedIdentities(address account, uint256 timepoint) external view returns (uint256) {
        return _pastPower(account, timepoint) >> _COUNT_SHIFT;
    }

    /// @inheritdoc IQuadraticVotes
    function getPastQuadraticPower(
        address account,
        uint256 timepoint
    ) external view returns (uint256 quadraticVotes, uint256 identities) {
        uint256 packed = _pastPower(account, timepoint);
        return ((packed >> _SQRT_SHIFT) & _SQRT_MASK, packed >> _COUNT_SHIFT);
    }

    /// @notice How many checkpoints a delegate has.
    /// @param account The delegate.
    /// @return The number of checkpoints.
    function numCheckpoints(address account) external view returns (uint32) {
        return SafeCast.toUint32(_power[account].length());
    }

    /// @notice One checkpoint of a delegate, unpacked.
    /// @param account The delegate.
    /// @param pos Its index.
    /// @return timepoint The checkpoint's timepoint.
    /// @return votes Linear votes from then on.
    /// @return quadraticVotes Σ√ from then on.
    /// @return identities Delegated identities from then on.
    function checkpoints(
        address account,
        uint32 pos
    ) external view returns (uint48 timepoint, uint256 votes, uint256 quadraticVotes, uint256 identities) {
        Checkpoints.Checkpoint208 memory c = _power[account].at(pos);
        uint256 packed = c._value;
        return (c._key, packed & _LINEAR_MASK, (packed >> _SQRT_SHIFT) & _SQRT_MASK, packed >> _COUNT_SHIFT);
    }

    /// @dev ERC20 balances first, then each side's contribution (only for an account with a cached
    /// identity) and its delegate's packed checkpoint: one write per delegate, one when both sides
    /// delegate to the same account. No registry call. A side whose cached expiration has passed
    /// loses its contribution instead (see `_refreshContribution`).
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == to) return;
        (int256 fromRoot, int256 fromCount) = _refreshContribution(from);
        (int256 toRoot, int256 toCount) = _refreshContribution(to);
        address fromDelegate = _delegatee[from];
        address toDelegate = _delegatee[to];
        if (fromDelegate == toDelegate) {
            _adjust(fromDelegate, 0, fromRoot + toRoot, fromCount + toCount);
        } else {
            _adjust(fromDelegate, -int256(value), fromRoot, fromCount);
            _adjust(toDelegate, int256(value), toRoot, toCount);
        }
    }

    function _delegate(address account, address delegatee) private {
        address oldDelegate = _delegatee[account];
        _delegatee[account] = delegatee;
        emit DelegateChanged(account, oldDelegate, delegatee);
        if (oldDelegate == delegatee) return;
        int256 linear = int256(balanceOf(account));
        uint256 word = _contribution[account];
        (uint256 identityId, uint256 contribution) = _unpackContribution(word);
        int256 root = int256(contribution);
        int256 count = identityId == 0 ? int256(0) : int256(1);
        _adjust(oldDelegate, -linear, -root, -count);
        if (count != 0 && _lapsed(word)) {
            // Its cached expiration passed: the contribution leaves the old delegate and goes nowhere.
            delete _contribution[account];
            emit IdentitySynced(account, identityId, 0);
            (root, count) = (0, 0);
        }
        _adjust(delegatee, linear, root, count);
    }

    /// @dev For an account whose binding does not count now: if it HOLDS an identity (bound but not
    /// counted: in a rotation cooldown, or ended and not yet unbound) other than the one it cached,
    /// whose human contributes through another account, that contribution ends. The registry binds
    /// a humanId again only once its previous identity ended, and an identity to one account at a
    /// time, so the other account's cached identity of that human no longer counts: a rotation or
    /// a re-issue to a key still in its cooldown ends the old key's contribution at the new key's
    /// first sync, and the human counts nowhere until the cooldown ends, as the registry says.
    function _releaseHeldHuman(IIdentityRegistry registry, address account, uint256 oldId) private {
        uint256 held = registry.identityOf(account);
        if (held == 0 || held == oldId) return;
        bytes32 human = registry.humanIdOf(held);
        address previous = contributorOfHuman[human];
        if (previous == address(0) || previous == account) return;
        delete contributorOfHuman[human];
        _dropHumanContribution(registry, previous, human);
    }

    /// @dev Removes the contribution of `account` if it is still one of `human`'s: an account whose
    /// contribution lapsed at its cached expiration (`_refreshContribution`, `_delegate`, which read
    /// no registry) stays recorded for its human until another account of that human syncs, and
    /// may have cached another human's identity since.
    function _dropHumanContribution(IIdentityRegistry registry, address account, bytes32 human) private {
        uint256 id = _contribution[account] & _ID_MASK;
        if (id == 0 || registry.humanIdOf(id) != human) return;
        _dropContribution(account);
    }

    /// @dev Removes the contribution of `account` (the account its human contributed through
    /// until another account of the same human synced): its √ and identity leave its delegate.
    function _dropContribution(address account) private {
        (uint256 id, uint256 root) = _unpackContribution(_contribution[account]);
        delete _contribution[account];
        _adjust(_delegatee[account], 0, -int256(root), -1);
        emit IdentitySynced(account, id, 0);
    }

    /// @dev Recomputes an account's contribution after its balance changed and returns the change of
    /// its √ and of its identity count; nothing for no cached identity. EXPIRED-ATTESTATION PUMP:
    /// once the identity's cached expiration has passed, the contribution is dropped (its √ and
    /// its seat leave the delegate, IdentitySynced(account, id, 0)) instead of re-weighed, so
    /// tokens moved into or out of an expired account never move √, synced or not.
    function _refreshContribution(address account) private returns (int256 rootDelta, int256 countDelta) {
        uint256 word = _contribution[account];
        uint256 identityId = word & _ID_MASK;
        if (identityId == 0) return (0, 0);
        uint256 oldRoot = word >> _CONTRIBUTION_SHIFT;
        if (_lapsed(word)) {
            delete _contribution[account];
            emit IdentitySynced(account, identityId, 0);
            return (-int256(oldRoot), -1);
        }
        uint256 newRoot = FixedPointMathLib.sqrt(balanceOf(account));
        if (newRoot != oldRoot) {
            _contribution[account] = (word & _KEEP_MASK) | (newRoot << _CONTRIBUTION_SHIFT);
        }
        return (int256(newRoot) - int256(oldRoot), 0);
    }

    /// @dev Whether a contribution word's cached expiration has passed (EAS's rule: expired from
    /// its expiration time on).
    function _lapsed(uint256 word) private view returns (bool) {
        uint256 expiry = (word >> _EXPIRY_SHIFT) & _EXPIRY_MASK;
        // solhint-disable-next-line gas-strict-inequalities
        return expiry != 0 && expiry <= block.timestamp;
    }

    /// @dev Adds signed deltas to a delegate's packed checkpoint (nothing for address(0) or no
    /// change) and emits the IVotes and quadratic events for what moved.
    function _adjust(address delegatee, int256 linearDelta, int256 sqrtDelta, int256 countDelta) private {
        if (delegatee == address(0) || (linearDelta == 0 && sqrtDelta == 0 && countDelta == 0)) return;
        Checkpoints.Trace208 storage trace = _power[delegatee];
        uint256 old = trace.latest();
        uint256 oldLinear = old & _LINEAR_MASK;
        uint256 oldRoot = (old >> _SQRT_SHIFT) & _SQRT_MASK;
        uint256 oldCount = old >> _COUNT_SHIFT;
        uint256 newLinear = SafeCast.toUint256(int256(oldLinear) + linearDelta);
        uint256 newRoot = SafeCast.toUint256(int256(oldRoot) + sqrtDelta);
        uint256 newCount = SafeCast.toUint256(int256(oldCount) + countDelta);
        trace.push(
            clock(),
            uint208(
                uint256(SafeCast.toUint96(newLinear)) |
                    (uint256(SafeCast.toUint72(newRoot)) << _SQRT_SHIFT) |
                    (uint256(SafeCast.toUint40(newCount)) << _COUNT_SHIFT)
            )
        );
        if (linearDelta != 0) emit DelegateVotesChanged(delegatee, oldLinear, newLinear);
        if (sqrtDelta != 0 || countDelta != 0) {
            emit QuadraticVotesChanged(delegatee, oldRoot, newRoot, oldCount, newCount);
        }
    }

    function _pastPower(address account, uint256 timepoint) private view returns (uint256) {
        _checkPast(timepoint);
        return _power[account].upperLookupRecent(uint48(timepoint));
    }

    function _checkPast(uint256 timepoint) private view {
        uint48 now_ = clock();
        // solhint-disable-next-line gas-strict-inequalities
        if (timepoint >= now_) revert ERC5805FutureLookup(timepoint, now_);
    }

    function _unpackContribution(uint256 word) private pure returns (uint256 identityId, uint256 contribution) {
        return (word & _ID_MASK, word >> _CONTRIBUTION_SHIFT);
    }
}
