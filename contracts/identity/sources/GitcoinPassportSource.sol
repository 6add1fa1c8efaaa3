// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {IGitcoinResolver} from "../../interfaces/IGitcoinResolver.sol";
import {IIdentitySource} from "../../interfaces/IIdentitySource.sol";
import {EasAttestationSource} from "./EasAttestationSource.sol";

/// @title Gitcoin Passport score as an identity source
/// @notice An account may register with its latest Passport score attestation (schema
/// `uint256 score,uint32 scorer_id,uint8 score_decimals`, issued through Gitcoin's attester proxy,
/// found through the GitcoinResolver) if it is revocable, neither revoked nor expired, and its
/// score (normalised to 4 decimals, as GitcoinPassportDecoder returns it) is at least the
/// threshold in force. The key is the recipient ADDRESS: Passport vouches that an account is
/// costly to fake, not that it is a unique human.
/// At timepoint t, an identity registered with attestation A counts (as far as this source is
/// concerned) while, at t: A was not revoked at or before t and not expired at t, A's score is
/// at least the threshold in force at t (`thresholdAt(t)`, checkpointed), and A is the resolver's
/// CURRENT latest score UID of its recipient. Once the resolver's latest UID is another
/// attestation (a newer score, passing or not) or zero (a resolver that clears its record on
/// revocation), A counts at NO timepoint, past ones included: the resolver keeps no history, so
/// the score that held at a past t cannot be told, and a past answer may only go from yes to
/// no, never from no to yes (a later passing score cannot revive a past snapshot). An account
/// that is re-scored registers again with its latest score, as a new identity.
/// @dev The threshold is set by GOVERNOR_ROLE (the timelock); both roles go to `admin`.
/// Registration data: empty (the resolver's latest UID for the caller) or one attestation UID
/// (32 bytes), which must then be the latest.
contract GitcoinPassportSource is EasAttestationSource, AccessControl {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice The role that sets the score threshold.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    /// @notice Decimals of scores and of the threshold here (GitcoinPassportDecoder's).
    uint8 public constant SCORE_DECIMALS = 4;

    /// @notice The length of `abi.encode(uint256 score, uint32 scorer_id, uint8 score_decimals)`.
    uint256 private constant _SCORE_DATA_LENGTH = 96;

    /// @notice Gitcoin's resolver (latest UID per recipient and schema).
    IGitcoinResolver public immutable resolver;

    Checkpoints.Trace208 private _thresholds;

    /// @notice The score threshold changed, from `effectiveFrom` on.
    /// @param previousThreshold The threshold before (4 decimals; 0 at deployment).
    /// @param newThreshold The threshold now (4 decimals).
    /// @param effectiveFrom The first timepoint it applies to.
    event ThresholdSet(uint256 previousThreshold, uint256 newThreshold, uint48 effectiveFrom);

    /// @notice Wires the source to EAS, the attester proxy and the resolver, gives both roles to `admin` and sets the first threshold.
    /// @param eas_ The EAS contract.
    /// @param attester_ Gitcoin's attester proxy (the address EAS records as attester).
    /// @param resolver_ The GitcoinResolver of the score schema.
    /// @param schema_ The score schema UID on this chain.
    /// @param admin Receives DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE (the timelock).
    /// @param threshold_ The initial score threshold (4 decimals, non-zero).
    constructor(
        IEAS eas_,
        address attester_,
        IGitcoinResolver resolver_,
        bytes32 schema_,
        address admin,
        uint256 threshold_
    ) EasAttestationSource(eas_, attester_, schema_, "Gitcoin Passport: score") {
        if (address(resolver_) == address(0)) revert SourceZeroParameter("resolver");
        if (admin == address(0)) revert SourceZeroParameter("admin");
        resolver = resolver_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
        _setThreshold(threshold_);
    }

    /// @notice Sets the score threshold from now on (GOVERNOR_ROLE); lookups of earlier
    /// timepoints keep the threshold that was in force then.
    /// @param newThreshold The threshold (4 decimals, non-zero).
    function setThreshold(uint256 newThreshold) external onlyRole(GOVERNOR_ROLE) {
        _setThreshold(newThreshold);
    }

    /// @inheritdoc IIdentitySource
    function verify(
        address account,
        bytes calldata data
    ) external view returns (bytes32 key, uint64 expirationTime, bytes32 ref) {
        ref = _uidFrom(account, data);
        Attestation memory a = _checked(account, ref);
        if (a.data.length != _SCORE_DATA_LENGTH) revert SourceMalformedData(ref, a.data.length, _SCORE_DATA_LENGTH);
        bytes32 latest = _latestUid(account);
        if (latest != ref) revert SourceNotLatest(ref, latest);
        uint256 score = _score(a.data);
        uint256 threshold = _thresholds.latest();
        if (score < threshold) revert SourceScoreBelowThreshold(ref, score, threshold);
        return (_keyOf(account), a.expirationTime, ref);
    }

    /// @inheritdoc IIdentitySource
    function validAt(bytes32 ref, uint256 timepoint) external view returns (bool) {
        Attestation memory a = eas.getAttestation(ref);
        if (!_liveAt(a, timepoint) || _score(a.data) < thresholdAt(timepoint)) return false;
        // Superseded or cleared (latest zero or another UID): counts nowhere (see the contract notes).
        return _latestUid(a.recipient) == ref;
    }

    /// @notice The score threshold in force at `timepoint` (4 decimals).
    /// @param timepoint A timepoint (past, current or future: the latest set by then).
    /// @return The threshold.
    function thresholdAt(uint256 timepoint) public view returns (uint256) {
        return _thresholds.upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @notice The score of a score attestation's data, in 4 decimals (as GitcoinPassportDecoder
    /// normalises it: fewer decimals scale up, saturating; more scale down, truncating).
    /// @param data `abi.encode(uint256 score, uint32 scorer_id, uint8 score_decimals)`.
    /// @return The score with 4 decimals.
    function _score(bytes memory data) private pure returns (uint256) {
        (uint256 score, , uint8 decimals) = abi.decode(data, (uint256, uint32, uint8));
        if (decimals < SCORE_DECIMALS) {
            (bool ok, uint256 scaled) = Math.tryMul(score, 10 ** (SCORE_DECIMALS - decimals));
            return ok ? scaled : type(uint256).max;
        }
        uint256 shift = decimals - SCORE_DECIMALS;
        return shift > 77 ? 0 : score / 10 ** shift;
    }

    function _setThreshold(uint256 newThreshold) private {
        if (newThreshold == 0) revert SourceZeroThreshold();
        uint48 now_ = Time.timestamp();
        uint256 previous = _thresholds.latest();
        _thresholds.push(now_, SafeCast.toUint208(newThreshold));
        emit ThresholdSet(previous, newThreshold, now_);
    }

    function _latestUid(address account) internal view override returns (bytes32) {
        return resolver.getUserAttestation(account, schema);
    }
}
