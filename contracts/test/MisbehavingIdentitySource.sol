// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IIdentitySource} from "../interfaces/IIdentitySource.sol";

/// @title Test identity source whose `validAt` misbehaves on demand
/// @notice For the registry's defence against a broken or hostile external source: `verify`
/// accepts every account (key = ref = its address, so registration works), and `validAt`
/// answers according to the mode set: true, a revert, burning all the gas it is given, a short
/// (31-byte) answer, a non-bool word (2), a huge answer (a return-data bomb), or true only when
/// given at least `minGas`.
contract MisbehavingIdentitySource is IIdentitySource {
    /// @notice How `validAt` answers.
    enum Mode {
        Valid,
        Revert,
        BurnGas,
        ShortData,
        NotBool,
        HugeData,
        NeedsGas
    }

    /// @notice The mode in force.
    Mode public mode;

    /// @notice In mode NeedsGas: the gas `validAt` needs (it reverts with less).
    uint256 public minGas;

    /// @notice `validAt` reverted on purpose.
    error MisbehavingSourceReverted();

    /// @notice Sets the mode.
    /// @param mode_ The new mode.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Sets the gas mode NeedsGas requires.
    /// @param minGas_ The gas.
    function setMinGas(uint256 minGas_) external {
        minGas = minGas_;
    }

    /// @inheritdoc IIdentitySource
    function keysAreAccounts() external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IIdentitySource
    function keyNamespace() external pure returns (bytes32) {
        return keccak256("misbehaving");
    }

    /// @inheritdoc IIdentitySource
    function verify(address account, bytes calldata) external pure returns (bytes32, uint64, bytes32) {
        bytes32 key = bytes32(uint256(uint160(account)));
        return (key, 0, key);
    }

    /// @inheritdoc IIdentitySource
    function validAt(bytes32, uint256) external view returns (bool) {
        Mode m = mode;
        if (m == Mode.Revert) revert MisbehavingSourceReverted();
        if (m == Mode.NeedsGas && gasleft() < minGas) revert MisbehavingSourceReverted();
        // solhint-disable-next-line no-inline-assembly
        assembly {
            switch m
            case 2 {
                // BurnGas: an INVALID opcode consumes all the gas given.
                invalid()
            }
            case 3 {
                mstore(0x00, 1)
                return(0x00, 31)
            }
            case 4 {
                mstore(0x00, 2)
                return(0x00, 0x20)
            }
            case 5 {
                // HugeData: one word of true followed by 64 KiB of zeros.
                mstore(0x00, 1)
                return(0x00, 0x10000)
            }
        }
        return true;
    }
}
