// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IIdentityRegistryErrors} from "../interfaces/IIdentityRegistryErrors.sol";
import {IIdentitySource} from "../interfaces/IIdentitySource.sol";

// 16 state variables: `humanIdOf` (what consumers key per-human state by) is the sixteenth; each
// mapping is read on its own path, so grouping two into a struct would save nothing.
// solhint-disable max-states-count
/// @title Counterweight identity registry
/// @notice One human, one counted identity, one account at a time, on the token's timestamp clock.
/// Identities come from SOURCES that governance adds and retires: the Merkle list (a proof of
/// (humanId, account) against a root set by governance; leaves as built by OpenZeppelin's
/// merkle-tree package: StandardMerkleTree with types ["bytes32", "address"]) and one source per
/// trusted EAS attester (an attestation whose data is `abi.encode(bytes32 humanId)`, schema string
/// "bytes32 humanId", revocable) and external source contracts (`IIdentitySource`: e.g. Coinbase
/// Verifications, Gitcoin Passport), whose keys live in their own namespace
/// (`keccak256(abi.encode(namespace, key))`) so that no two providers share a human identifier.
/// An identity COUNTS at timepoint t (`identityAt`, and `bindingOf` at the current timepoint) only
/// if, at t: it is bound to the account (a rotated binding starts only once the rotation cooldown
/// has passed), its source is not retired, and, for an attestation identity, EAS shows the
/// attestation neither revoked nor expired; for an external source's identity, the source says its
/// evidence holds at t (`IIdentitySource.validAt`). The revocation is read from EAS on every lookup, so
/// nobody has to sync anything for a revocation to take effect, back to the moment it happened.
/// A human identifier is held by one identity until that identity ENDS (expired or revoked
/// attestation, retired source, or a sync): then it may register again, as a new identity id.
/// An identity struck off by governance keeps its human identifier barred.
/// Keys rotate in two steps (the current account proposes, the new account accepts), so nobody can
/// push an identity onto an account that did not ask for it.
/// @dev Deployed with `eas == address(0)` the attestation path is disabled:
/// `registerWithAttestation` reverts with `IdentityEasDisabled` and only the Merkle path works.
/// Roles: `DEFAULT_ADMIN_ROLE` grants and revokes roles; `GOVERNOR_ROLE` sets the Merkle root,
/// trusts and distrusts attesters, adds external sources, retires sources, sets the rotation cooldown and strikes off
/// identities registered through the Merkle list. No role can move an identity. Both roles go to
/// the timelock.
contract IdentityRegistry is IIdentityRegistry, IIdentityRegistryErrors, AccessControl {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice How an identity entered the registry (the `method` of `IdentityRegistered`).
    enum Method {
        Attestation,
        Merkle,
        External
    }

    /// @notice What kind of source an identity came from (None: no such source).
    enum SourceKind {
        None,
        Merkle,
        Attestation,
        External
    }

    /// @notice One identity source: its kind, whether it admits new identities, when governance
    /// retired it (0: live; its identities count at t only while t < retiredAt), and for an
    /// attestation source the attester, for an external source the `IIdentitySource` contract.
    /// One storage slot, read on every lookup.
    // solhint-disable-next-line gas-struct-packing
    struct Source {
        SourceKind kind;
        bool trusted;
        uint48 retiredAt;
        address attester;
    }

    /// @notice What the registry knows about one identity: the account it is bound to (0 once
    /// ended), its source, whether it ended (`revoked`), whether governance struck it off (its
    /// human identifier then stays barred) and its attestation's expiration time as recorded at
    /// registration (0: none, and always 0 for Merkle identities).
    // solhint-disable-next-line gas-struct-packing
    struct Identity {
        address account;
        uint16 source;
        bool revoked;
        bool struck;
        uint64 expirationTime;
    }

    /// @notice The role that sets the Merkle root, trusts attesters, adds external sources, retires sources, sets the
    /// rotation cooldown and strikes off Merkle-list identities.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    /// @notice The longest rotation cooldown governance may set.
    uint256 public constant MAX_ROTATION_COOLDOWN = 365 days;

    /// @notice The gas an external source's `validAt` may use on a lookup. A source that reverts,
    /// runs out of this gas or answers anything but one ABI-encoded bool says "does not count"
    /// for that lookup, so it cannot block votes or pokes of its identities (nor of others).
    /// A lookup given so little gas that the call may have been starved by the 63/64 rule
    /// reverts with IdentitySourceCallStarved instead of reading a valid identity as invalid.
    uint256 public constant SOURCE_GAS_CAP = 200_000;

    /// @dev The gas left before the call that guarantees `validAt` the whole cap under the 63/64
    /// rule: cap * 64 / 63, plus 5,000 for the call's own cost (cold account access, memory).
    uint256 private constant _SOURCE_CALL_GAS = SOURCE_GAS_CAP + SOURCE_GAS_CAP / 63 + 5_000;

    // Layout of a binding word: since (48) | registrant (160) | source id (16) | identity id (32).
    uint256 private constant _ID_MASK = (1 << 32) - 1;
    uint256 private constant _SOURCE_SHIFT = 32;
    uint256 private constant _SOURCE_MASK = (1 << 16) - 1;
    uint256 private constant _REGISTRANT_SHIFT = 48;
    uint256 private constant _SINCE_SHIFT = 208;

    /// @notice The EAS contract attestations are read from (address(0): attestation path disabled).
    IEAS public immutable eas;

    /// @notice The EAS schema UID accepted (schema string "bytes32 humanId").
    bytes32 public immutable schema;

    /// @notice Root of the Merkle list of (humanId, account) pairs allowed to register (0: closed).
    bytes32 public merkleRoot;

    /// @notice Number of identities ever registered; ids run from 1 to this number.
    uint256 public identityCount;

    /// @notice Number of sources ever added; ids run from 1 (the first Merkle list) to this number.
    uint256 public sourceCount;

    /// @notice The source Merkle-list registrations go to now.
    uint256 public merkleSource;

    /// @notice Seconds a rotated identity waits on its new account before it counts again.
    uint48 public rotationCooldown;

    /// @notice The live source of an attester (0 if it has none).
    mapping(address attester => uint256 sourceId) public sourceOfAttester;

    /// @notice The latest identity a human identifier was registered as (0 if never).
    mapping(bytes32 humanId => uint256 identityId) public identityOfHuman;

    /// @notice The human identifier an identity was registered with (0 for an unknown id). Several
    /// identities share one when a humanId bound again after its previous identity ended; at most
    /// one of them counts at any timepoint. Consumers that keep per-human state (the token's one
    /// contribution per human) key it by this.
    mapping(uint256 identityId => bytes32 humanId) public humanIdOf;

    /// @notice The attestation an identity was registered with (0 for Merkle identities); for an
    /// external source's identity, the reference its source returned (e.g. an attestation UID).
    mapping(uint256 identityId => bytes32 uid) public attestationOf;

    /// @notice The key namespace of an external source, read from it when it was added (0 for
    /// other kinds): its identities' human identifiers are keccak256(abi.encode(namespace, key)).
    mapping(uint256 sourceId => bytes32 namespace) public sourceNamespace;

    /// @notice Whether an external source's keys are accounts (read from it when it was added):
    /// then a key's first registration waits the rotation cooldown, as a move does.
    mapping(uint256 sourceId => bool) public sourceKeysAreAccounts;

    /// @notice The account an identity's holder proposed to rotate it to (0 if none).
    mapping(uint256 identityId => address newAccount) public pendingRotation;

    mapping(uint256 identityId => Identity) private _identities;
    mapping(uint256 sourceId => Source) private _sources;
    /// @dev An account's binding history in two parts. `_binding` is the binding in force (or, in
    /// a rotation cooldown, about to be), packed in one word with the source id so that the lookup
    /// made on every vote and stake reads it and the source's slot, and nothing else for a Merkle
    /// identity; `_pastBindings` holds the bindings it replaced, as OZ Checkpoints on the same
    /// clock. Together they are exactly one Checkpoints.Trace208 whose last entry lives apart.
    mapping(address account => uint256 packed) private _binding;
    mapping(address account => Checkpoints.Trace208) private _pastBindings;

    /// @notice The Merkle root changed.
    /// @param previousRoot The root before.
    /// @param newRoot The root now.
    event MerkleRootSet(bytes32 previousRoot, bytes32 newRoot);

    /// @notice An attester was trusted or distrusted for new registrations.
    /// @param attester The attester.
    /// @param trusted Whether its attestations are accepted from now on.
    event AttesterSet(address indexed attester, bool trusted);

    /// @notice A source was added.
    /// @param sourceId The new source's id.
    /// @param kind 1 = Merkle list, 2 = EAS attester, 3 = external source contract.
    /// @param attester The attester (address(0) for a Merkle list; the source contract for kind 3).
    event SourceAdded(uint256 indexed sourceId, uint8 kind, address indexed attester);

    /// @notice An external source contract was added (with a `SourceAdded` of kind 3).
    /// @param sourceId The new source's id.
    /// @param source The `IIdentitySource` contract.
    /// @param namespace Its key namespace, as read from it.
    /// @param keysAreAccounts Whether its keys are accounts (first registrations wait the cooldown).
    event ExternalSourceAdded(
        uint256 indexed sourceId,
        address indexed source,
        bytes32 namespace,
        bool keysAreAccounts
    );

    /// @notice A source was retired: its identities count at no timepoint from `retiredAt` on.
    /// @param sourceId The source.
    /// @param retiredAt The first timepoint at which they no longer count.
    event SourceRetired(uint256 indexed sourceId, uint48 retiredAt);

    /// @notice The rotation cooldown changed (for rotations accepted from now on).
    /// @param previousCooldown The cooldown before, in seconds.
    /// @param newCooldown The cooldown now, in seconds.
    event RotationCooldownSet(uint256 previousCooldown, uint256 newCooldown);

    /// @notice An identity's holder proposed (or, with `to == address(0)`, cancelled) a rotation.
    /// @param identityId The identity.
    /// @param from The account holding it.
    /// @param to The account that may accept it (address(0): proposal cancelled).
    event RotationProposed(uint256 indexed identityId, address indexed from, address indexed to);

    /// @notice A rotated identity counts on its new account from `countsFrom` on (the rotation
    /// time plus the cooldown in force); emitted with every `IdentityRotated`, and with an
    /// `IdentityRegistered` whose humanId last counted on another account (a move, not a renewal),
    /// and with the first registration of a key through a source whose keys are accounts.
    /// @param identityId The identity.
    /// @param account The account it was rotated to.
    /// @param countsFrom The first timepoint at which it counts there.
    event RotationCooldownStarted(uint256 indexed identityId, address indexed account, uint48 countsFrom);

    /// @notice Wires the registry to EAS, opens the first Merkle-list source (id 1, root unset)
    /// and hands both roles to `admin` (the timelock).
    /// @param eas_ The EAS contract, or address(0) to disable the attestation path.
    /// @param schema_ The accepted EAS schema UID (must be non-zero when `eas_` is set).
    /// @param admin Receives DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE.
    /// @param rotationCooldown_ Seconds a rotated identity waits before it counts again.
    constructor(address eas_, bytes32 schema_, address admin, uint256 rotationCooldown_) {
        if (admin == address(0)) revert IdentityZeroAdmin();
        if (eas_ != address(0) && schema_ == bytes32(0)) revert IdentityZeroSchema();
        eas = IEAS(eas_);
        schema = schema_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
        merkleSource = _addSource(SourceKind.Merkle, address(0), false);
        _setRotationCooldown(rotationCooldown_);
    }

    // ------------------------------------------------------------------ registration

    /// @notice Registers the caller with an EAS attestation made to it by a trusted attester.
    /// @param uid The attestation UID.
    /// @return identityId The new identity's id.
    function registerWithAttestation(bytes32 uid) external returns (uint256 identityId) {
        if (address(eas) == address(0)) revert IdentityEasDisabled();
        Attestation memory a = eas.getAttestation(uid);
        if (a.uid == bytes32(0)) revert IdentityAttestationNotFound(uid);
        if (a.schema != schema) revert IdentityAttestationWrongSchema(uid, a.schema, schema);
        uint256 sourceId = sourceOfAttester[a.attester];
        if (!_sources[sourceId].trusted) revert IdentityUntrustedAttester(uid, a.attester);
        if (!a.revocable) revert IdentityAttestationIrrevocable(uid);
        if (a.revocationTime != 0) revert IdentityAttestationRevoked(uid, a.revocationTime);
        if (_expired(a.expirationTime)) revert IdentityAttestationExpired(uid, a.expirationTime);
        if (a.recipient != msg.sender) revert IdentityAttestationWrongRecipient(uid, a.recipient, msg.sender);
        if (a.data.length != 32) revert IdentityAttestationMalformed(uid, a.data.length);
        bytes32 humanId = abi.decode(a.data, (bytes32));
        identityId = _register(humanId, msg.sender, Method.Attestation, sourceId, a.expirationTime);
        attestationOf[identityId] = uid;
    }

    /// @notice Registers the caller with a proof that (humanId, caller) is in the Merkle list.
    /// @param humanId The caller's human identifier.
    /// @param proof The StandardMerkleTree proof of the leaf (humanId, caller).
    /// @return identityId The new identity's id.
    function registerWithMerkleProof(bytes32 humanId, bytes32[] calldata proof) external returns (uint256 identityId) {
        bytes32 root = merkleRoot;
        if (root == bytes32(0)) revert IdentityMerkleRootUnset();
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(humanId, msg.sender))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert IdentityInvalidMerkleProof(humanId, msg.sender);
        identityId = _register(humanId, msg.sender, Method.Merkle, merkleSource, 0);
    }

    /// @notice Registers the caller through an external source, which checks the evidence
    /// (`IIdentitySource.verify(caller, data)`) and returns the caller's key, the evidence's
    /// expiration and a reference the registry keeps for later lookups. The identity's human
    /// identifier is keccak256(abi.encode(source namespace, key)). Through a source whose keys are
    /// accounts (`keysAreAccounts`), a key registered for the first time may be a human's move to a
    /// new wallet (nothing links the two), so it counts only once the rotation cooldown has passed.
    /// @param sourceId A live external source.
    /// @param data Evidence for the source (see the source's documentation; often empty).
    /// @return identityId The new identity's id.
    function registerWithSource(uint256 sourceId, bytes calldata data) external returns (uint256 identityId) {
        (bytes32 humanId, uint64 expirationTime, bytes32 ref) = _verifyWithSource(sourceId, data);
        identityId = _register(humanId, msg.sender, Method.External, sourceId, expirationTime);
        attestationOf[identityId] = ref;
    }

    // ------------------------------------------------------------------ key rotation

    /// @notice Proposes to move the caller's identity to `newAccount`, which must then accept.
    /// Proposing again replaces the previous proposal; `newAccount == address(0)` cancels it.
    /// @param newAccount The account that may accept the identity.
    function proposeRotation(address newAccount) external {
        uint256 identityId = _boundNow(msg.sender);
        if (identityId == 0) revert IdentityNotBound(msg.sender);
        if (newAccount == msg.sender) revert IdentityRotationToSelf(msg.sender);
        pendingRotation[identityId] = newAccount;
        emit RotationProposed(identityId, msg.sender, newAccount);
    }

    /// @notice Accepts a rotation proposed to the caller: from now on the identity is the caller's
    /// and the previous account has none; it counts on the caller's account once the rotation
    /// cooldown has passed (and nowhere before). The caller must hold no identity that still counts
    /// (an ended one is released).
    /// @param identityId The identity to take over.
    function acceptRotation(uint256 identityId) external {
        if (identityId == 0 || pendingRotation[identityId] != msg.sender) {
            revert IdentityRotationNotProposed(identityId, msg.sender);
        }
        _releaseAccount(msg.sender);
        Identity storage record = _identities[identityId];
        address from = record.account;
        delete pendingRotation[identityId];
        record.account = msg.sender;
        uint256 fromBinding = _bind(from, 0, 0, address(0), clock());
        uint48 countsFrom = clock() + rotationCooldown;
        _bind(msg.sender, identityId, record.source, address(uint160(fromBinding >> _REGISTRANT_SHIFT)), countsFrom);
        emit IdentityRotated(identityId, from, msg.sender);
        emit RotationCooldownStarted(identityId, msg.sender, countsFrom);
    }

    // ------------------------------------------------------------------ ending identities

    /// @notice Records that an identity has ended (its attestation was revoked or expired in EAS,
    /// or its source was retired): it is unbound, can never be used again, and its account and
    /// human identifier are free. Anyone may call. Lookups never depend on it: an identity stops
    /// counting at the moment it ended whether or not anyone syncs.
    /// @param identityId The identity.
    function syncRevocation(uint256 identityId) external {
        Identity storage record = _live(identityId);
        if (_countsAt(identityId, record.source, clock())) {
            if (_sources[record.source].kind == SourceKind.Merkle) revert IdentityNotAttested(identityId);
            revert IdentityAttestationStillValid(identityId, attestationOf[identityId]);
        }
        _revoke(identityId, record);
    }

    /// @notice Strikes off an identity registered through the Merkle list (GOVERNOR_ROLE only):
    /// the governance that admitted it can remove it. It can never be used again and its human
    /// identifier stays barred.
    /// @param identityId The identity.
    function revokeIdentity(uint256 identityId) external onlyRole(GOVERNOR_ROLE) {
        Identity storage record = _live(identityId);
        if (_sources[record.source].kind != SourceKind.Merkle) revert IdentityNotMerkle(identityId);
        record.struck = true;
        _revoke(identityId, record);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Sets the Merkle root of (humanId, account) pairs allowed to register (GOVERNOR_ROLE).
    /// Identities registered under an earlier root stay registered; 0 closes the Merkle path. If
    /// the Merkle source was retired, a new Merkle source is opened for the registrations to come.
    /// @param newRoot The new root.
    function setMerkleRoot(bytes32 newRoot) external onlyRole(GOVERNOR_ROLE) {
        if (_sources[merkleSource].retiredAt != 0) merkleSource = _addSource(SourceKind.Merkle, address(0), false);
        emit MerkleRootSet(merkleRoot, newRoot);
        merkleRoot = newRoot;
    }

    /// @notice Trusts or distrusts an attester for future registrations (GOVERNOR_ROLE).
    /// Trusting an attester that has no live source adds one. Distrusting stops new registrations
    /// only: identities it attested keep counting until their attestation ends or governance
    /// retires the source (`retireSource`).
    /// @param attester The attester.
    /// @param trusted Whether its attestations are accepted.
    function setAttester(address attester, bool trusted) external onlyRole(GOVERNOR_ROLE) {
        if (attester == address(0)) revert IdentityZeroAttester();
        uint256 sourceId = sourceOfAttester[attester];
        if (sourceId == 0) {
            if (trusted) {
                sourceId = _addSource(SourceKind.Attestation, attester, true);
                sourceOfAttester[attester] = sourceId;
            }
        } else {
            _sources[sourceId].trusted = trusted;
        }
        emit AttesterSet(attester, trusted);
    }

    /// @notice Adds an external source contract (GOVERNOR_ROLE): accounts may then register through
    /// it (`registerWithSource`) and its identities count while it says their evidence holds
    /// (`IIdentitySource.validAt`). Its key namespace and whether its keys are accounts are read
    /// once, now. Adding a contract again
    /// adds another source with the same namespace: a key registered through one is taken for the
    /// other until its identity ends.
    /// @param src The source contract.
    /// @return sourceId The new source's id.
    function addSource(IIdentitySource src) external onlyRole(GOVERNOR_ROLE) returns (uint256 sourceId) {
        if (address(src) == address(0)) revert IdentityZeroSource();
        bytes32 namespace = src.keyNamespace();
        if (namespace == bytes32(0)) revert IdentitySourceZeroNamespace(address(src));
        bool keysAreAccounts = src.keysAreAccounts();
        sourceId = _addSource(SourceKind.External, address(src), true);
        sourceNamespace[sourceId] = namespace;
        sourceKeysAreAccounts[sourceId] = keysAreAccounts;
        emit ExternalSourceAdded(sourceId, address(src), namespace, keysAreAccounts);
    }

    /// @notice Retires a source (GOVERNOR_ROLE), e.g. a compromised attester: none of its
    /// identities counts at any timepoint from now on, in one write whatever their number, and it
    /// admits nobody. Retiring the Merkle source also closes the Merkle path (root 0) until a new
    /// root opens a new Merkle source. Trusting a retired attester again adds a new source; its
    /// old identities stay retired (their human identifiers may register again).
    /// @param sourceId The source to retire.
    function retireSource(uint256 sourceId) external onlyRole(GOVERNOR_ROLE) {
        Source storage retiring = _sources[sourceId];
        if (retiring.kind == SourceKind.None || retiring.retiredAt != 0) revert IdentitySourceNotLive(sourceId);
        uint48 now_ = clock();
        retiring.retiredAt = now_;
        retiring.trusted = false;
        if (retiring.kind == SourceKind.Attestation) {
            delete sourceOfAttester[retiring.attester];
            emit AttesterSet(retiring.attester, false);
        } else if (retiring.kind == SourceKind.Merkle && merkleRoot != bytes32(0)) {
            emit MerkleRootSet(merkleRoot, bytes32(0));
            merkleRoot = bytes32(0);
        }
        emit SourceRetired(sourceId, now_);
    }

    /// @notice Sets how long a rotated identity waits on its new account before it counts again
    /// (GOVERNOR_ROLE), for rotations accepted from now on. During the wait the identity counts
    /// for no proposal snapshotted in it and takes no farm cap, on either account.
    /// @param newCooldown Seconds, at most MAX_ROTATION_COOLDOWN.
    function setRotationCooldown(uint256 newCooldown) external onlyRole(GOVERNOR_ROLE) {
        _setRotationCooldown(newCooldown);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IIdentityRegistry
    function clock() public view returns (uint48) {
        return Time.timestamp();
    }

    /// @inheritdoc IIdentityRegistry
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc IIdentityRegistry
    /// @dev The identity HELD: possibly not counted now (in a rotation cooldown, or ended and not
    /// yet synced). `isVerified` and `bindingOf` say whether it counts.
    function identityOf(address account) public view returns (uint256 identityId) {
        return _boundNow(account);
    }

    /// @inheritdoc IIdentityRegistry
    function bindingOf(address account) public view returns (uint256 identityId, address registrant) {
        uint256 word = _binding[account];
        identityId = word & _ID_MASK;
        if (identityId == 0) return (0, address(0));
        if (
            word >> _SINCE_SHIFT > block.timestamp ||
            !_countsAt(identityId, (word >> _SOURCE_SHIFT) & _SOURCE_MASK, block.timestamp)
        ) {
            return (0, address(0));
        }
        registrant = address(uint160(word >> _REGISTRANT_SHIFT));
    }

    /// @inheritdoc IIdentityRegistry
    function identityAt(address account, uint256 timepoint) external view returns (uint256 identityId) {
        // solhint-disable-next-line gas-strict-inequalities
        if (timepoint >= block.timestamp) revert IdentityFutureLookup(timepoint, clock());
        uint256 word = _binding[account];
        uint256 sourceId;
        // solhint-disable-next-line gas-strict-inequalities
        if (word >> _SINCE_SHIFT <= timepoint) {
            identityId = word & _ID_MASK;
            sourceId = (word >> _SOURCE_SHIFT) & _SOURCE_MASK;
        } else {
            identityId = _pastBindings[account].upperLookupRecent(uint48(timepoint));
            if (identityId == 0) return 0;
            sourceId = _identities[identityId].source;
        }
        if (identityId != 0 && !_countsAt(identityId, sourceId, timepoint)) identityId = 0;
    }

    /// @inheritdoc IIdentityRegistry
    function accountOf(uint256 identityId) external view returns (address account) {
        return _identities[identityId].account;
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address account) external view returns (bool) {
        (uint256 identityId, ) = bindingOf(account);
        return identityId != 0;
    }

    /// @notice Whether an attester's attestations are accepted for new registrations.
    /// @param attester The attester.
    /// @return True if it has a live, trusted source.
    function isTrustedAttester(address attester) external view returns (bool) {
        return _sources[sourceOfAttester[attester]].trusted;
    }

    /// @inheritdoc IIdentityRegistry
    function expirationOf(uint256 identityId) external view returns (uint64 expirationTime) {
        return _identities[identityId].expirationTime;
    }

    /// @notice The full record of an identity (zero values for an unknown id).
    /// @param identityId The identity.
    /// @return The account it is bound to, its source, whether it ended or was struck off, and
    /// its attestation's expiration time.
    function identity(uint256 identityId) external view returns (Identity memory) {
        return _identities[identityId];
    }

    /// @notice A source's record (kind None for an unknown id).
    /// @param sourceId The source.
    /// @return Its kind, whether it admits new identities, when it was retired (0: live) and its
    /// attester.
    function source(uint256 sourceId) external view returns (Source memory) {
        return _sources[sourceId];
    }

    // ------------------------------------------------------------------ internals

    function _register(
        bytes32 humanId,
        address account,
        Method method,
        uint256 sourceId,
        uint64 expirationTime
    ) private returns (uint256 identityId) {
        if (humanId == bytes32(0)) revert IdentityZeroHumanId();
        uint256 previous = identityOfHuman[humanId];
        uint256 word = _binding[account];
        // A humanId binding again on another account than the one that last held it is a move, like
        // a rotation (an expired attestation renewed to a buyer, a revoke + re-issue to a new key):
        // it waits the rotation cooldown. A renewal on the same account counts at once. A new key of
        // a source whose keys are accounts may be a move too.
        bool moved =
            previous != 0
                ? _lastIdentityOf(account) != previous
                : method == Method.External && sourceKeysAreAccounts[sourceId];
        if (previous != 0) {
            Identity storage old = _identities[previous];
            if (old.struck || !_end(previous, old)) revert IdentityHumanIdTaken(humanId, previous);
        }
        _releaseAccount(account);
        identityId = ++identityCount;
        identityOfHuman[humanId] = identityId;
        humanIdOf[identityId] = humanId;
        _identities[identityId] = Identity({
            account: account,
            source: uint16(sourceId),
            revoked: false,
            struck: false,
            expirationTime: expirationTime
        });
        uint48 countsFrom = moved ? clock() + rotationCooldown : clock();
        // A renewal on the account still waiting out the previous binding's cooldown (a key's first
        // registration, a move) keeps what remains of it: a fresh attestation must not cut it short.
        if (!moved && (word & _ID_MASK) == previous && word >> _SINCE_SHIFT > countsFrom) {
            countsFrom = uint48(word >> _SINCE_SHIFT);
        }
        _bind(account, identityId, sourceId, account, countsFrom);
        emit IdentityRegistered(identityId, humanId, account, uint8(method));
        if (moved || countsFrom > clock()) emit RotationCooldownStarted(identityId, account, countsFrom);
    }

    /// @dev Asks external source `sourceId` to verify the caller; returns the namespaced human
    /// identifier, the evidence's expiration and the reference to keep.
    function _verifyWithSource(
        uint256 sourceId,
        bytes calldata data
    ) private view returns (bytes32 humanId, uint64 expirationTime, bytes32 ref) {
        Source storage s = _sources[sourceId];
        if (s.kind != SourceKind.External) revert IdentitySourceNotExternal(sourceId, uint8(s.kind));
        if (!s.trusted) revert IdentitySourceNotLive(sourceId);
        bytes32 key;
        (key, expirationTime, ref) = IIdentitySource(s.attester).verify(msg.sender, data);
        if (key == bytes32(0)) revert IdentitySourceZeroKey(sourceId, msg.sender);
        if (_expired(expirationTime)) revert IdentitySourceEvidenceExpired(sourceId, expirationTime);
        humanId = keccak256(abi.encode(sourceNamespace[sourceId], key));
    }

    /// @dev The identity `account` is bound to, or was last bound to before it was unbound.
    function _lastIdentityOf(address account) private view returns (uint256 identityId) {
        identityId = _binding[account] & _ID_MASK;
        if (identityId == 0) identityId = _pastBindings[account].latest();
    }

    /// @dev Frees `account` for a new identity: reverts if it holds one that has not ended, and
    /// ends (unbinds) one that has.
    function _releaseAccount(address account) private {
        uint256 current = _boundNow(account);
        if (current != 0 && !_end(current, _identities[current])) {
            revert IdentityAccountAlreadyBound(account, current);
        }
    }

    /// @dev Whether an identity has ended, recording it (unbinding it) if it just found out.
    function _end(uint256 identityId, Identity storage record) private returns (bool) {
        if (record.revoked) return true;
        if (_countsAt(identityId, record.source, clock())) return false;
        _revoke(identityId, record);
        return true;
    }

    function _revoke(uint256 identityId, Identity storage record) private {
        address account = record.account;
        record.account = address(0);
        record.revoked = true;
        delete pendingRotation[identityId];
        _bind(account, 0, 0, address(0), clock());
        emit IdentityRevoked(identityId, account);
    }

    /// @dev Binds `account` to `identityId` (0: unbound) in force from `since` (now, or later after
    /// a rotation), recording its source and who registered it. The binding it replaces moves to
    /// the past bindings if it took effect before now; one that starts now or had not started yet
    /// (a rotation cooldown cut short) is overwritten, as Checkpoints.push does for an equal key,
    /// so the past bindings' keys keep increasing. Returns the binding word it replaced.
    function _bind(
        address account,
        uint256 identityId,
        uint256 sourceId,
        address registrant,
        uint48 since
    ) private returns (uint256 previous) {
        previous = _binding[account];
        uint256 previousSince = previous >> _SINCE_SHIFT;
        if (previous != 0 && previousSince < clock()) {
            _pastBindings[account].push(uint48(previousSince), uint208(previous & _ID_MASK));
        }
        _binding[account] =
            (uint256(since) << _SINCE_SHIFT) |
            (uint256(uint160(registrant)) << _REGISTRANT_SHIFT) |
            (sourceId << _SOURCE_SHIFT) |
            SafeCast.toUint32(identityId);
    }

    /// @dev Whether identity `identityId` of source `sourceId` counts at `timepoint`, its binding
    /// aside: the source was not retired by then and, for an attestation, EAS shows it neither
    /// revoked nor expired at `timepoint` (EAS's `expirationTime` is the one recorded at
    /// registration, and comes with the revocation in the same read); for an external source, the
    /// source says the identity's evidence holds at `timepoint` (one view call).
    function _countsAt(uint256 identityId, uint256 sourceId, uint256 timepoint) private view returns (bool) {
        Source storage s = _sources[sourceId];
        (SourceKind kind, uint256 retiredAt) = (s.kind, s.retiredAt);
        // solhint-disable-next-line gas-strict-inequalities
        if (retiredAt != 0 && retiredAt <= timepoint) return false;
        if (kind == SourceKind.Merkle) return true;
        if (kind == SourceKind.External) {
            // The expiration the source reported at registration is the registry's own cutoff (the
            // token caches the same value), whatever the source's validAt says after it.
            uint64 expiresAt = _identities[identityId].expirationTime;
            // solhint-disable-next-line gas-strict-inequalities
            if (expiresAt != 0 && expiresAt <= timepoint) return false;
            return _sourceValidAt(s.attester, attestationOf[identityId], timepoint);
        }
        (uint256 expirationTime, uint256 revocationTime) = _attestationTimes(attestationOf[identityId]);
        // solhint-disable-next-line gas-strict-inequalities
        if (revocationTime != 0 && revocationTime <= timepoint) return false;
        return expirationTime == 0 || timepoint < expirationTime;
    }

    /// @dev External source `src`'s `validAt(ref, timepoint)`, with at most SOURCE_GAS_CAP gas
    /// and at most one word of return data copied (no return-data bomb): true only for a
    /// successful call returning exactly 32 bytes that encode `true`. Any other outcome, when the
    /// gas left before the call could not guarantee the source the whole cap (63/64 rule), reverts
    /// rather than read a valid identity as invalid: a caller cannot starve the source on purpose
    /// (checking only the gas left AFTER a failed call would miss a source that fails fast when it
    /// is given less than it needs).
    function _sourceValidAt(address src, bytes32 ref, uint256 timepoint) private view returns (bool) {
        bytes4 selector = IIdentitySource.validAt.selector;
        bool ok;
        uint256 size;
        uint256 word;
        uint256 gasBefore = gasleft();
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), ref)
            mstore(add(ptr, 0x24), timepoint)
            ok := staticcall(SOURCE_GAS_CAP, src, ptr, 0x44, 0x00, 0x20)
            size := returndatasize()
            word := mload(0x00)
        }
        bool counts = ok && size == 32 && word == 1;
        if (!counts && gasBefore < _SOURCE_CALL_GAS) revert IdentitySourceCallStarved(src, SOURCE_GAS_CAP);
        return counts;
    }

    /// @dev An attestation's expiration and revocation times, read from EAS's `getAttestation`
    /// without decoding the rest: the return data is abi.encode(Attestation), a dynamic tuple whose
    /// head starts at byte 0x20 (after its offset) with uid, schema, time, expirationTime,
    /// revocationTime, …, so the two times are the words at 0x80 and 0xa0. Copying two words
    /// instead of decoding the struct and its data bytes saves the vote about 2,000 gas.
    function _attestationTimes(bytes32 uid) private view returns (uint256 expirationTime, uint256 revocationTime) {
        address target = address(eas);
        bytes4 selector = IEAS.getAttestation.selector;
        bool ok;
        uint256 size;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, uid)
            ok := staticcall(gas(), target, 0x00, 0x24, 0x00, 0x00)
            size := returndatasize()
            if and(ok, gt(size, 0xbf)) {
                returndatacopy(0x00, 0x80, 0x40)
                expirationTime := mload(0x00)
                revocationTime := mload(0x20)
            }
        }
        if (!ok || size < 0xc0) revert IdentityEasReadFailed(uid);
    }

    function _addSource(SourceKind kind, address attester, bool trusted) private returns (uint256 sourceId) {
        sourceId = ++sourceCount;
        if (sourceId > _SOURCE_MASK) revert IdentityTooManySources();
        _sources[sourceId] = Source({kind: kind, trusted: trusted, retiredAt: 0, attester: attester});
        emit SourceAdded(sourceId, uint8(kind), attester);
    }

    function _setRotationCooldown(uint256 newCooldown) private {
        if (newCooldown > MAX_ROTATION_COOLDOWN) revert IdentityCooldownTooLong(newCooldown, MAX_ROTATION_COOLDOWN);
        emit RotationCooldownSet(rotationCooldown, newCooldown);
        rotationCooldown = uint48(newCooldown);
    }

    /// @dev The identity held by `account` now (0 if none), counted or not.
    function _boundNow(address account) private view returns (uint256) {
        return _binding[account] & _ID_MASK;
    }

    function _live(uint256 identityId) private view returns (Identity storage record) {
        if (identityId == 0 || identityId > identityCount) revert IdentityUnknown(identityId);
        record = _identities[identityId];
        if (record.revoked) revert IdentityAlreadyRevoked(identityId);
    }

    function _expired(uint64 expirationTime) private view returns (bool) {
        // Same rule as EAS: an attestation is expired from its expiration time on.
        // solhint-disable-next-line gas-strict-inequalities
        return expirationTime != 0 && expirationTime <= block.timestamp;
    }
}
