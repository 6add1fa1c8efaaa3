// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// OpenZeppelin's TimelockController, used as is: importing it here gives deploy modules and tests
// its artifact. Every privileged role in Counterweight ends at this timelock.
// solhint-disable-next-line no-unused-import
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
