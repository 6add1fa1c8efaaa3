// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The forge cheatcodes these suites use
/// @notice npm's `forge-std` is an unofficial 1.1.2 distribution without StdInvariant, so the suites
/// declare the few cheatcodes they call themselves. Signatures are forge's (the selectors must match).
interface Vm {
    function warp(uint256 newTimestamp) external;
    function roll(uint256 newHeight) external;
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function assume(bool condition) external pure;
    function label(address account, string calldata newLabel) external;
    function addr(uint256 privateKey) external pure returns (address);
    function toString(uint256 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function getBlockTimestamp() external view returns (uint256);
}

/// @dev The cheatcode address: uint160(uint256(keccak256("hevm cheat code"))).
address constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;
