// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";

/// @title The part of EAS the identity registry reads (`getAttestation`), with attest, revoke and
/// expiry under the handler's control. The real EAS is exercised by the Hardhat tests.
contract FakeEAS {
    mapping(bytes32 uid => Attestation) private _attestations;
    uint256 private _nonce;

    function attest(
        bytes32 schema,
        address attester,
        address recipient,
        bytes32 humanId,
        uint64 expirationTime,
        bool revocable
    ) external returns (bytes32 uid) {
        uid = keccak256(abi.encode(++_nonce));
        _attestations[uid] = Attestation({
            uid: uid,
            schema: schema,
            time: uint64(block.timestamp),
            expirationTime: expirationTime,
            revocationTime: 0,
            refUID: bytes32(0),
            recipient: recipient,
            attester: attester,
            revocable: revocable,
            data: abi.encode(humanId)
        });
    }

    /// @dev Like EAS: an attestation is revoked once, and only if revocable.
    function revoke(bytes32 uid) external {
        Attestation storage a = _attestations[uid];
        require(a.revocable && a.revocationTime == 0, "FakeEAS: not revocable");
        a.revocationTime = uint64(block.timestamp);
    }

    function getAttestation(bytes32 uid) external view returns (Attestation memory) {
        return _attestations[uid];
    }
}
