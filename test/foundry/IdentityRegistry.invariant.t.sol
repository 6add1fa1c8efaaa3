// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {FakeEAS} from "./utils/FakeEAS.sol";
import {HandlerBase, InvariantTest} from "./utils/InvariantTest.sol";

/// @notice Drives the registry through registrations (both paths, irrevocable attestations
/// included), two-step rotations, Merkle strike-offs, EAS revocations and expiries (synced or not),
/// humanId rebinding, and time, and keeps an independent model of who holds what (the binding held
/// now and at the end of every past timepoint) and of when each identity counts: an attestation
/// identity from its registration until its EAS revocation or expiry, a Merkle identity until it
/// is struck off. The rotation cooldown is 0 (no handler action models it).
contract RegistryHandler is HandlerBase {
    uint256 public constant ACTORS = 6;
    uint256 internal constant _HUMANS = 10; // a small pool, so humanIds collide
    bytes32 public constant SCHEMA = keccak256("bytes32 humanId");

    IdentityRegistry public immutable registry;
    FakeEAS public immutable eas;
    address[ACTORS] public actors;

    // ---- model
    mapping(address account => uint256 id) public modelIdentityOf;
    mapping(address account => address registrant) public modelRegistrantOf;
    mapping(uint256 id => address account) public modelAccountOf;
    mapping(uint256 id => address registrant) public modelRegistrant;
    mapping(uint256 id => bool) public modelRevoked;
    mapping(uint256 id => bool) public modelAttested;
    mapping(uint256 id => uint64) public modelExpiry;
    mapping(uint256 id => bytes32) public modelUid;
    mapping(uint256 id => address) public modelPending;
    mapping(uint256 id => bool) public modelStruck;
    mapping(uint256 id => uint256) public modelEasRevokedAt;
    mapping(bytes32 humanId => uint256 id) public modelLatestOfHuman;
    uint256 public modelCount;

    /// @dev History: `timepoints[k]` and the identity every actor HELD at the end of that timepoint
    /// (whether it counted at a time is `countsAt`).
    uint256[] public timepoints;
    mapping(uint256 k => uint256[ACTORS]) internal _rows;

    constructor() {
        eas = new FakeEAS();
        registry = new IdentityRegistry(address(eas), SCHEMA, address(this), 0);
        registry.setAttester(address(this), true);
        for (uint256 i = 0; i < ACTORS; ++i) {
            actors[i] = address(uint160(0xA000 + i));
            vm.label(actors[i], string.concat("actor", vm.toString(i)));
        }
        _record();
    }

    // ------------------------------------------------------------ actions

    function registerWithMerkle(uint256 actorSeed, uint256 humanSeed) external {
        address account = actors[actorSeed % ACTORS];
        bytes32 humanId = _human(humanSeed);
        // A one-leaf tree: the root is the leaf and the proof is empty.
        registry.setMerkleRoot(keccak256(bytes.concat(keccak256(abi.encode(humanId, account)))));
        bool ok = _accountFree(account) && _humanFree(humanId);
        vm.prank(account);
        try registry.registerWithMerkleProof(humanId, new bytes32[](0)) returns (uint256 id) {
            require(ok, "merkle registration accepted against the model");
            _registered(id, account, humanId, false, 0, bytes32(0));
            count("registerWithMerkle");
        } catch {
            require(!ok, "merkle registration refused against the model");
        }
        _record();
    }

    function registerWithAttestation(uint256 actorSeed, uint256 humanSeed, uint256 lifetimeSeed) external {
        address account = actors[actorSeed % ACTORS];
        bytes32 humanId = _human(humanSeed);
        // Half never expire, the rest expire 1 s to 10 days from now.
        uint64 expiry = lifetimeSeed % 2 == 0 ? 0 : uint64(block.timestamp + bound(lifetimeSeed, 1, 10 days));
        // One attestation in eight is irrevocable: the registry must refuse it.
        bool revocable = (lifetimeSeed >> 8) % 8 != 0;
        bytes32 uid = eas.attest(SCHEMA, address(this), account, humanId, expiry, revocable);
        bool ok = revocable && _accountFree(account) && _humanFree(humanId);
        vm.prank(account);
        try registry.registerWithAttestation(uid) returns (uint256 id) {
            require(ok, "attested registration accepted against the model");
            _registered(id, account, humanId, true, expiry, uid);
            count("registerWithAttestation");
        } catch {
            require(!ok, "attested registration refused against the model");
        }
        _record();
    }

    function proposeRotation(uint256 fromSeed, uint256 toSeed, bool cancel) external {
        address from = actors[fromSeed % ACTORS];
        address to = cancel ? address(0) : actors[toSeed % ACTORS];
        uint256 id = modelIdentityOf[from];
        bool ok = id != 0 && to != from;
        vm.prank(from);
        try registry.proposeRotation(to) {
            require(ok, "rotation proposal accepted against the model");
            modelPending[id] = to;
            count("proposeRotation");
        } catch {
            require(!ok, "rotation proposal refused against the model");
        }
        _record();
    }

    function acceptRotation(uint256 toSeed, uint256 idSeed) external {
        uint256 id = bound(idSeed, 0, modelCount + 1);
        // Mostly the proposed account accepts; one time in four a random actor tries.
        address pending = modelPending[id];
        address to = pending != address(0) && toSeed % 4 != 0 ? pending : actors[toSeed % ACTORS];
        bool ok = id != 0 && modelPending[id] == to && _accountFree(to);
        vm.prank(to);
        try registry.acceptRotation(id) {
            require(ok, "rotation accepted against the model");
            // An ended identity the new account held is released (recorded as ended).
            uint256 held = modelIdentityOf[to];
            if (held != 0) _revoked(held);
            address from = modelAccountOf[id];
            modelIdentityOf[from] = 0;
            modelRegistrantOf[from] = address(0);
            modelIdentityOf[to] = id;
            modelRegistrantOf[to] = modelRegistrant[id];
            modelAccountOf[id] = to;
            modelPending[id] = address(0);
            count("acceptRotation");
        } catch {
            require(!ok, "rotation refused against the model");
        }
        _record();
    }

    function revokeMerkle(uint256 idSeed) external {
        uint256 id = bound(idSeed, 0, modelCount + 1);
        bool ok = _live(id) && !modelAttested[id];
        try registry.revokeIdentity(id) {
            require(ok, "strike-off accepted against the model");
            _revoked(id);
            modelStruck[id] = true;
            count("revokeMerkle");
        } catch {
            require(!ok, "strike-off refused against the model");
        }
        _record();
    }

    function revokeAttestation(uint256 idSeed, uint256 callerSeed) external {
        uint256 id = bound(idSeed, 0, modelCount + 1);
        if (modelAttested[id] && modelEasRevokedAt[id] == 0) {
            eas.revoke(modelUid[id]);
            modelEasRevokedAt[id] = block.timestamp;
        }
        // Half the time nobody syncs: the identity must stop counting all the same.
        if (callerSeed % 2 == 0) {
            _record();
            count("revokeUnsynced");
            return;
        }
        _sync(id, callerSeed, "revokeAttestation");
    }

    /// @notice Anyone may record an expiry: warps to the attestation's expiry (if it has one) first.
    function syncExpiry(uint256 idSeed, uint256 callerSeed) external {
        uint256 id = bound(idSeed, 0, modelCount + 1);
        uint64 expiry = modelExpiry[id];
        if (expiry > block.timestamp) vm.warp(expiry);
        _sync(id, callerSeed, "syncExpiry");
    }

    /// @notice Moves time to an attestation's expiry without syncing it.
    function expireUnsynced(uint256 idSeed) external {
        uint256 id = bound(idSeed, 0, modelCount + 1);
        uint64 expiry = modelExpiry[id];
        if (expiry > block.timestamp) vm.warp(expiry);
        _record();
        count("expireUnsynced");
    }

    function warp(uint256 seconds_) external {
        // One time in four stays at the same timestamp, so several changes share a timepoint.
        uint256 dt = seconds_ % 4 == 0 ? 0 : bound(seconds_, 1, 3 days);
        vm.warp(block.timestamp + dt);
        _record();
        count("warp");
    }

    // ------------------------------------------------------------ model views

    function rowCount() external view returns (uint256) {
        return timepoints.length;
    }

    function row(uint256 k) external view returns (uint256[ACTORS] memory) {
        return _rows[k];
    }

    /// @notice Whether identity `id` counts at `t` (its binding aside), by the model: registered
    /// (every caller asks about a t it held the binding at), not revoked in EAS by t, not expired
    /// by t. Strike-offs and syncs unbind, so the held rows carry them.
    function countsAt(uint256 id, uint256 t) public view returns (bool) {
        if (id == 0) return false;
        uint256 revokedAt = modelEasRevokedAt[id];
        if (revokedAt != 0 && revokedAt <= t) return false;
        uint256 expiry = modelExpiry[id];
        return expiry == 0 || t < expiry;
    }

    /// @notice The identity `account` counts as now by the model (0 if none).
    function modelCountedOf(address account) external view returns (uint256) {
        uint256 id = modelIdentityOf[account];
        return countsAt(id, block.timestamp) ? id : 0;
    }

    // ------------------------------------------------------------ internals

    function _sync(uint256 id, uint256 callerSeed, bytes32 action) private {
        bool ok = _live(id) && modelAttested[id] && !countsAt(id, block.timestamp);
        vm.prank(actors[callerSeed % ACTORS]);
        try registry.syncRevocation(id) {
            require(ok, "revocation sync accepted against the model");
            _revoked(id);
            count(action);
        } catch {
            require(!ok, "revocation sync refused against the model");
        }
        _record();
    }

    /// @dev An account may take a new identity if it holds none or the one it holds has ended.
    function _accountFree(address account) private view returns (bool) {
        uint256 held = modelIdentityOf[account];
        return held == 0 || !countsAt(held, block.timestamp);
    }

    /// @dev A human identifier may register again once its latest identity ended, unless governance
    /// struck that identity off.
    function _humanFree(bytes32 humanId) private view returns (bool) {
        uint256 latest = modelLatestOfHuman[humanId];
        if (latest == 0) return true;
        if (modelStruck[latest]) return false;
        return modelRevoked[latest] || !countsAt(latest, block.timestamp);
    }

    function _registered(
        uint256 id,
        address account,
        bytes32 humanId,
        bool attested,
        uint64 expiry,
        bytes32 uid
    ) private {
        require(id == ++modelCount, "ids run from 1");
        // The human's previous identity, ended, is recorded as ended (unbound); then the account's.
        uint256 previous = modelLatestOfHuman[humanId];
        if (previous != 0 && !modelRevoked[previous]) _revoked(previous);
        uint256 held = modelIdentityOf[account];
        if (held != 0) _revoked(held);
        modelLatestOfHuman[humanId] = id;
        modelIdentityOf[account] = id;
        modelRegistrantOf[account] = account;
        modelAccountOf[id] = account;
        modelRegistrant[id] = account;
        modelAttested[id] = attested;
        modelExpiry[id] = expiry;
        modelUid[id] = uid;
    }

    function _revoked(uint256 id) private {
        address account = modelAccountOf[id];
        modelIdentityOf[account] = 0;
        modelRegistrantOf[account] = address(0);
        modelAccountOf[id] = address(0);
        modelPending[id] = address(0);
        modelRevoked[id] = true;
    }

    function _live(uint256 id) private view returns (bool) {
        return id != 0 && id <= modelCount && !modelRevoked[id];
    }

    function _human(uint256 seed) private pure returns (bytes32) {
        return keccak256(abi.encode("human", seed % _HUMANS));
    }

    /// @dev Records every actor's identity at the current timepoint (overwriting the row of a
    /// timepoint already recorded: only the state at the end of a timepoint is visible later).
    function _record() private {
        uint256 n = timepoints.length;
        uint256 k = n != 0 && timepoints[n - 1] == block.timestamp ? n - 1 : n;
        if (k == n) timepoints.push(block.timestamp);
        for (uint256 i = 0; i < ACTORS; ++i) _rows[k][i] = modelIdentityOf[actors[i]];
    }
}

/// @notice Registry invariants: at every timepoint at most one account per identity and one
/// identity per account, and the registry agrees with the model now and at every past timepoint.
contract IdentityRegistryInvariantTest is InvariantTest {
    RegistryHandler internal handler;
    IdentityRegistry internal registry;
    uint256 internal constant N = 6;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new RegistryHandler();
        registry = handler.registry();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = RegistryHandler.registerWithMerkle.selector;
        selectors[1] = RegistryHandler.registerWithAttestation.selector;
        selectors[2] = RegistryHandler.proposeRotation.selector;
        selectors[3] = RegistryHandler.acceptRotation.selector;
        selectors[4] = RegistryHandler.revokeMerkle.selector;
        selectors[5] = RegistryHandler.revokeAttestation.selector;
        selectors[6] = RegistryHandler.syncExpiry.selector;
        selectors[7] = RegistryHandler.warp.selector;
        selectors[8] = RegistryHandler.expireUnsynced.selector;
        targetSelector(address(handler), selectors);
    }

    /// @notice Now: each account holds at most one identity and each identity at most one account,
    /// both directions agree, and every view matches the model: `identityOf` the identity held,
    /// `bindingOf` and `isVerified` the identity counted (held and neither revoked nor expired).
    function invariant_oneBindingPerIdentityAndAccountNow() public view {
        uint256[N] memory ids;
        for (uint256 i = 0; i < N; ++i) {
            address a = handler.actors(i);
            uint256 id = registry.identityOf(a);
            ids[i] = id;
            assertEq(id, handler.modelIdentityOf(a), "identityOf vs model");
            (uint256 counted, address registrant) = registry.bindingOf(a);
            uint256 modelCounted = handler.modelCountedOf(a);
            assertEq(counted, modelCounted, "bindingOf vs model (counted now)");
            assertEq(registrant, modelCounted != 0 ? handler.modelRegistrantOf(a) : address(0), "registrant vs model");
            assertTrue(registry.isVerified(a) == (modelCounted != 0), "isVerified vs model");
            if (id != 0) assertEq(registry.accountOf(id), a, "accountOf(identityOf(a)) != a");
            for (uint256 j = 0; j < i; ++j) {
                assertTrue(id == 0 || ids[j] != id, "one identity bound to two accounts now");
            }
        }
        uint256 n = registry.identityCount();
        assertEq(n, handler.modelCount(), "identityCount vs model");
        for (uint256 id = 1; id <= n; ++id) {
            address a = registry.accountOf(id);
            assertEq(a, handler.modelAccountOf(id), "accountOf vs model");
            if (a != address(0)) assertEq(registry.identityOf(a), id, "identityOf(accountOf(id)) != id");
            assertEq(registry.pendingRotation(id), handler.modelPending(id), "pendingRotation vs model");
        }
    }

    /// @notice The last closed timepoints (checked after every call; the whole history is checked
    /// at the end of each run).
    function invariant_recentPastBindingsMatchModel() public view {
        uint256 rows = handler.rowCount();
        uint256 from = rows > 3 ? rows - 3 : 0;
        _checkRows(from, rows);
    }

    /// @notice Every past timepoint of the run: lookups agree with the model and no identity is bound
    /// to two accounts (nor, by construction of `identityAt`, an account to two identities).
    function afterInvariant() public {
        vm.warp(block.timestamp + 1); // close the current timepoint
        _checkRows(0, handler.rowCount());
    }

    function _checkRows(uint256 from, uint256 to) private view {
        uint256 now_ = block.timestamp;
        for (uint256 k = from; k < to; ++k) {
            uint256 t = handler.timepoints(k);
            if (t >= now_) break;
            uint256[N] memory expected = handler.row(k);
            // The row holds from t until the next recorded timepoint: check both ends.
            uint256 last = k + 1 < to ? handler.timepoints(k + 1) - 1 : now_ - 1;
            _checkAt(t, expected);
            if (last != t && last < now_) _checkAt(last, expected);
        }
        uint256 first = handler.rowCount() != 0 ? handler.timepoints(0) : now_;
        if (first > 0 && first - 1 < now_ && from == 0) _checkAt(first - 1, _zeros());
    }

    function _checkAt(uint256 t, uint256[N] memory expected) private view {
        for (uint256 i = 0; i < N; ++i) {
            uint256 id = registry.identityAt(handler.actors(i), t);
            // The identity held then counts at t unless EAS shows it revoked or expired by t.
            uint256 want = handler.countsAt(expected[i], t) ? expected[i] : 0;
            assertEq(id, want, string.concat("identityAt(actor", vm.toString(i), ", ", vm.toString(t), ")"));
            for (uint256 j = 0; j < i; ++j) {
                assertTrue(id == 0 || expected[j] != id, "one identity bound to two accounts at a past timepoint");
            }
        }
    }

    function _zeros() private pure returns (uint256[N] memory z) {}
}
