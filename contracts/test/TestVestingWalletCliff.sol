// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

/// @notice Test-only: OpenZeppelin's abstract VestingWalletCliff made deployable, unchanged.
contract TestVestingWalletCliff is VestingWalletCliff {
    /// @notice Deploys a wallet vesting to `beneficiary` from `start` over `duration` with a cliff.
    /// @param beneficiary Owner of the wallet.
    /// @param start Start timestamp.
    /// @param duration Duration in seconds.
    /// @param cliffSeconds Cliff in seconds after start.
    constructor(
        address beneficiary,
        uint64 start,
        uint64 duration,
        uint64 cliffSeconds
    ) VestingWallet(beneficiary, start, duration) VestingWalletCliff(cliffSeconds) {}
}
