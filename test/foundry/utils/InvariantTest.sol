// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title Minimal base of a forge invariant suite
/// @notice Forge's invariant runner reads the call targets from these view functions (the ones
/// forge-std's StdInvariant declares): `targetContracts()` and `targetSelectors()` name the handler
/// and the actions it may call, `excludeSenders()` keeps the system contracts from being used as
/// callers. Forge runs `setUp()`, then `depth` random handler calls per run, checking every
/// `invariant_*` function after each call and `afterInvariant()` at the end of the run. A check
/// fails by reverting; the helpers below revert with the values compared.
abstract contract InvariantTest {
    /// @dev The shape forge decodes `targetSelectors()` into.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    Vm internal constant vm = Vm(VM_ADDRESS);

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;
    address[] private _excludeSenders;

    /// @notice Read by forge: the contracts the fuzzer calls.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    /// @notice Read by forge: the functions of those contracts the fuzzer calls.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    /// @notice Read by forge: addresses never used as `msg.sender` of a fuzzed call.
    function excludeSenders() public view returns (address[] memory) {
        return _excludeSenders;
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSelector(address target, bytes4[] memory selectors) internal {
        _targetSelectors.push(FuzzSelector(target, selectors));
    }

    function excludeSender(address sender) internal {
        _excludeSenders.push(sender);
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(address a, address b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert(string.concat(what, ": ", vm.toString(a), " > ", vm.toString(b)));
    }

    function assertTrue(bool ok, string memory what) internal pure {
        if (!ok) revert(what);
    }
}

/// @title Base of a handler: bounded inputs and a fixed set of actors
abstract contract HandlerBase {
    Vm internal constant vm = Vm(VM_ADDRESS);

    /// @notice How many times each action ran and did something (read by the suites' reports).
    mapping(bytes32 action => uint256 count) public calls;

    /// @dev Maps any `x` into [min, max] (uniformly enough for fuzzing; edges map to edges).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // the whole uint256 range
        return min + (x % size);
    }

    function count(bytes32 action) internal {
        ++calls[action];
    }
}
