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

/// @title Counterweight identity registry
/// @notice One human, one identity, one account at a time, on the token's timestamp clock.
/// Two ways in: an attestation in the Ethereum Attestation Service (EAS) from a trusted attester
/// whose data is `abi.encode(bytes32 humanId)` (schema string "bytes32 humanId"), or a Merkle proof
/// of (humanId, account) against a root set by governance (leaves as built by
/// OpenZeppelin's merkle-tree package: StandardMerkleTree with types ["bytes32", "address"]).
/// A human identifier can be registered once, ever: rotation and revocation never free it.
/// Keys rotate in two steps (the current account proposes, the new account accepts), so nobody can
/// push an identity onto an account that did not ask for it.
/// @dev Deployed with `eas == address(0)` the attestation path is disabled:
/// `registerWithAttestation` reverts with `IdentityEasDisabled` and only the Merkle path works.
/// Roles: `DEFAULT_ADMIN_ROLE` grants and revokes roles; `GOVERNOR_ROLE` sets the Merkle root,
/// sets trusted attesters and strikes off identities registered through the Merkle list. Nothing
/// else is privileged: no role can move an identity, and attestation identities are revoked only
/// by EAS (recorded here by anyone through `syncRevocation`). Both roles go to the timelock.
contract IdentityRegistry is IIdentityRegistry, IIdentityRegistryErrors, AccessControl {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice How an identity entered the registry (the `method` of `IdentityRegistered`).
    enum Method {
        Attestation,
        Merkle
    }

    /// @notice What the registry knows about one identity.
    // 20 + 1 + 1 bytes: one storage slot (the rule does not size enums).
    // solhint-disable-next-line gas-struct-packing
    struct Identity {
        address account;
        Method method;
        bool revoked;
    }

    /// @notice The role that sets the Merkle root and the trusted attesters, and strikes off
    /// Merkle-list identities.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    // Layout of a binding word: since (48 bits) | registrant (160 bits) | identity id (48 bits).
    uint256 private constant _ID_BITS = 48;
    uint256 private constant _ID_MASK = (1 << _ID_BITS) - 1;
    uint256 private constant _SINCE_SHIFT = 208;

    /// @notice The EAS contract attestations are read from (address(0): attestation path disabled).
    IEAS public immutable eas;

    /// @notice The EAS schema UID accepted (schema string "bytes32 humanId").
    bytes32 public immutable schema;

    /// @notice Root of the Merkle list of (humanId, account) pairs allowed to register (0: closed).
    bytes32 public merkleRoot;

    /// @notice Number of identities ever registered; ids run from 1 to this number.
    uint256 public identityCount;

    /// @notice Whether an attester's attestations are accepted.
    mapping(address attester => bool trusted) public isTrustedAttester;

    /// @notice The identity a human identifier was registered as (0 if never).
    mapping(bytes32 humanId => uint256 identityId) public identityOfHuman;

    /// @notice The attestation an identity was registered with (0 for Merkle identities).
    mapping(uint256 identityId => bytes32 uid) public attestationOf;

    /// @notice The account an identity's holder proposed to rotate it to (0 if none).
    mapping(uint256 identityId => address newAccount) public pendingRotation;

    mapping(uint256 identityId => Identity) private _identities;
    /// @dev An account's binding history in two parts. `_binding` is the binding in force, packed
    /// in one word (since, the identity's registrant, identity id; ids stay below 2^48), so the
    /// lookups made on every vote and stake cost one storage read; `_pastBindings` holds the bindings it replaced, as OZ Checkpoints on the same
    /// clock. Together they are exactly one Checkpoints.Trace208 whose last entry lives apart.
    mapping(address account => uint256 packed) private _binding;
    mapping(address account => Checkpoints.Trace208) private _pastBindings;

    /// @notice The Merkle root changed.
    /// @param previousRoot The root before.
    /// @param newRoot The root now.
    event MerkleRootSet(bytes32 previousRoot, bytes32 newRoot);

    /// @notice An attester was trusted or distrusted.
    /// @param attester The attester.
    /// @param trusted Whether its attestations are accepted from now on.
    event AttesterSet(address indexed attester, bool trusted);

    /// @notice An identity's holder proposed (or, with `to == address(0)`, cancelled) a rotation.
    /// @param identityId The identity.
    /// @param from The account holding it.
    /// @param to The account that may accept it (address(0): proposal cancelled).
    event RotationProposed(uint256 indexed identityId, address indexed from, address indexed to);

    /// @notice Wires the registry to EAS and hands both roles to `admin` (the timelock).
    /// @param eas_ The EAS contract, or address(0) to disable the attestation path.
    /// @param schema_ The accepted EAS schema UID (must be non-zero when `eas_` is set).
    /// @param admin Receives DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE.
    constructor(address eas_, bytes32 schema_, address admin) {
        if (admin == address(0)) revert IdentityZeroAdmin();
        if (eas_ != address(0) && schema_ == bytes32(0)) revert IdentityZeroSchema();
        eas = IEAS(eas_);
        schema = schema_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
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
        if (!isTrustedAttester[a.attester]) revert IdentityUntrustedAttester(uid, a.attester);
        if (a.revocationTime != 0) revert IdentityAttestationRevoked(uid, a.revocationTime);
        if (_expired(a.expirationTime)) revert IdentityAttestationExpired(uid, a.expirationTime);
        if (a.recipient != msg.sender) revert IdentityAttestationWrongRecipient(uid, a.recipient, msg.sender);
        if (a.data.length != 32) revert IdentityAttestationMalformed(uid, a.data.length);
        bytes32 humanId = abi.decode(a.data, (bytes32));
        identityId = _register(humanId, msg.sender, Method.Attestation);
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
        identityId = _register(humanId, msg.sender, Method.Merkle);
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
    /// and the previous account has none. The caller must hold no identity.
    /// @param identityId The identity to take over.
    function acceptRotation(uint256 identityId) external {
        if (identityId == 0 || pendingRotation[identityId] != msg.sender) {
            revert IdentityRotationNotProposed(identityId, msg.sender);
        }
        uint256 current = _boundNow(msg.sender);
        if (current != 0) revert IdentityAccountAlreadyBound(msg.sender, current);
        Identity storage record = _identities[identityId];
        address from = record.account;
        delete pendingRotation[identityId];
        record.account = msg.sender;
        uint256 fromBinding = _bind(from, 0, address(0));
        _bind(msg.sender, identityId, address(uint160(fromBinding >> _ID_BITS)));
        emit IdentityRotated(identityId, from, msg.sender);
    }

    // ------------------------------------------------------------------ revocation

    /// @notice Records that an attestation identity's attestation was revoked or has expired in
    /// EAS: the identity is unbound from then on and can never be used again. Anyone may call.
    /// @param identityId The identity.
    function syncRevocation(uint256 identityId) external {
        Identity storage record = _live(identityId);
        if (record.method != Method.Attestation) revert IdentityNotAttested(identityId);
        bytes32 uid = attestationOf[identityId];
        Attestation memory a = eas.getAttestation(uid);
        if (a.revocationTime == 0 && !_expired(a.expirationTime)) {
            revert IdentityAttestationStillValid(identityId, uid);
        }
        _revoke(identityId, record);
    }

    /// @notice Strikes off an identity registered through the Merkle list (GOVERNOR_ROLE only):
    /// the governance that admitted it can remove it. It can never be used again.
    /// @param identityId The identity.
    function revokeIdentity(uint256 identityId) external onlyRole(GOVERNOR_ROLE) {
        Identity storage record = _live(identityId);
        if (record.method != Method.Merkle) revert IdentityNotMerkle(identityId);
        _revoke(identityId, record);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Sets the Merkle root of (humanId, account) pairs allowed to register (GOVERNOR_ROLE).
    /// Identities registered under an earlier root stay registered; 0 closes the Merkle path.
    /// @param newRoot The new root.
    function setMerkleRoot(bytes32 newRoot) external onlyRole(GOVERNOR_ROLE) {
        emit MerkleRootSet(merkleRoot, newRoot);
        merkleRoot = newRoot;
    }

    /// @notice Trusts or distrusts an attester for future registrations (GOVERNOR_ROLE).
    /// Identities it attested before stay registered until their attestation is revoked.
    /// @param attester The attester.
    /// @param trusted Whether its attestations are accepted.
    function setAttester(address attester, bool trusted) external onlyRole(GOVERNOR_ROLE) {
        if (attester == address(0)) revert IdentityZeroAttester();
        isTrustedAttester[attester] = trusted;
        emit AttesterSet(attester, trusted);
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
    function identityOf(address account) public view returns (uint256 identityId) {
        return _boundNow(account);
    }

    /// @inheritdoc IIdentityRegistry
    function bindingOf(address account) external view returns (uint256 identityId, address registrant) {
        uint256 word = _binding[account];
        identityId = word & _ID_MASK;
        if (identityId != 0) registrant = address(uint160(word >> _ID_BITS));
    }

    /// @inheritdoc IIdentityRegistry
    function identityAt(address account, uint256 timepoint) external view returns (uint256 identityId) {
        uint48 now_ = clock();
        // solhint-disable-next-line gas-strict-inequalities
        if (timepoint >= now_) revert IdentityFutureLookup(timepoint, now_);
        return _boundAt(account, timepoint);
    }

    /// @inheritdoc IIdentityRegistry
    function accountOf(uint256 identityId) external view returns (address account) {
        return _identities[identityId].account;
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address account) external view returns (bool) {
        return identityOf(account) != 0;
    }

    /// @notice The full record of an identity (zero values for an unknown id).
    /// @param identityId The identity.
    /// @return The account it is bound to, how it was registered, and whether it is revoked.
    function identity(uint256 identityId) external view returns (Identity memory) {
        return _identities[identityId];
    }

    // ------------------------------------------------------------------ internals

    function _register(bytes32 humanId, address account, Method method) private returns (uint256 identityId) {
        if (humanId == bytes32(0)) revert IdentityZeroHumanId();
        uint256 taken = identityOfHuman[humanId];
        if (taken != 0) revert IdentityHumanIdTaken(humanId, taken);
        uint256 current = _boundNow(account);
        if (current != 0) revert IdentityAccountAlreadyBound(account, current);
        identityId = ++identityCount;
        identityOfHuman[humanId] = identityId;
        _identities[identityId] = Identity({account: account, method: method, revoked: false});
        _bind(account, identityId, account);
        emit IdentityRegistered(identityId, humanId, account, uint8(method));
    }

    function _revoke(uint256 identityId, Identity storage record) private {
        address account = record.account;
        record.account = address(0);
        record.revoked = true;
        delete pendingRotation[identityId];
        _bind(account, 0, address(0));
        emit IdentityRevoked(identityId, account);
    }

    /// @dev Binds `account` to `identityId` (0: unbound) from now on, recording who registered the
    /// identity. The binding it replaces moves to the past bindings, unless it started at this same
    /// timepoint, in which case it is overwritten (as Checkpoints.push does for an equal key).
    /// Returns the binding word it replaced (whose registrant a rotation carries over).
    function _bind(address account, uint256 identityId, address registrant) private returns (uint256 previous) {
        uint48 now_ = clock();
        previous = _binding[account];
        uint256 since = previous >> _SINCE_SHIFT;
        if (previous != 0 && since != now_) {
            _pastBindings[account].push(uint48(since), uint208(previous & _ID_MASK));
        }
        _binding[account] =
            (uint256(now_) << _SINCE_SHIFT) |
            (uint256(uint160(registrant)) << _ID_BITS) |
            SafeCast.toUint48(identityId);
    }

    /// @dev The identity bound to `account` now (0 if none).
    function _boundNow(address account) private view returns (uint256) {
        return _binding[account] & _ID_MASK;
    }

    /// @dev The identity bound to `account` at a past `timepoint`: the binding in force if it had
    /// started by then, otherwise the past bindings' value at that timepoint.
    function _boundAt(address account, uint256 timepoint) private view returns (uint256) {
        uint256 current = _binding[account];
        // solhint-disable-next-line gas-strict-inequalities
        if (current >> _SINCE_SHIFT <= timepoint) return current & _ID_MASK;
        return _pastBindings[account].upperLookupRecent(SafeCast.toUint48(timepoint));
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
