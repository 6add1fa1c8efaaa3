import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { UniswapV2FactoryArtifact } from "./uniswapArtifacts";

/**
 * Local stand-in for a chain's canonical Uniswap V2 deployment (localhost and tests only): the real
 * UniswapV2Factory from the `@uniswap/v2-core` npm build and a mintable ERC20 standing in for WETH.
 * On a public network skip this module and give Counterweight the chain's factory and WETH.
 * Deployed first on a fresh `npx hardhat node`, it lands at the node's first two CREATE addresses of
 * account #0 (WETH 0x5FbDB2315678afecb367f032d93F642f64180aa3, factory
 * 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512), which deploy/parameters/localhost.json uses.
 * The factory's feeToSetter (Uniswap's own role, outside the suite) is the deployer here.
 */
export default buildModule("LocalUniswap", (m) => {
  const factory = m.contract("UniswapV2Factory", UniswapV2FactoryArtifact, [m.getAccount(0)]);
  const weth = m.contract("TestERC20", ["Wrapped Ether (local)", "WETH"]);
  return { factory, weth };
});
