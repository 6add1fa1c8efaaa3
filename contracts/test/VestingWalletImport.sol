// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Test-only: gives the OpenZeppelin VestingWallet artifact (the baseline) to tests and benches.
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
