import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { UniswapV2FactoryArtifact } from "./uniswapArtifacts";

/**
 * Local stand-in for a chain's canonical Uniswap V2 deployment (localhost and tests only): the real
 * UniswapV2Factory from the `@uniswap/v2-core` npm build and a mintable ERC20 standing in for WETH.
 * On a public network skip this module and give the Farm block the chain's factory and WETH.
 * deploy/parameters/localhost.json names these two by future id (`LocalUniswap#UniswapV2Factory`,
 * `LocalUniswap#TestERC20`); cw:deploy then deploys this module first, in the same deployment, and
 * substitutes their addresses, so no address depends on the node's transaction history.
 * The factory's feeToSetter (Uniswap's own role, outside the suite) is the deployer here.
 */
export default buildModule("LocalUniswap", (m) => {
  const factory = m.contract("UniswapV2Factory", UniswapV2FactoryArtifact, [m.getAccount(0)]);
  const weth = m.contract("TestERC20", ["Wrapped Ether (local)", "WETH"]);
  return { factory, weth };
});
