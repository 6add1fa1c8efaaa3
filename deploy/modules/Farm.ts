import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact } from "@nomicfoundation/ignition-core";
import factoryBuild from "@uniswap/v2-core/build/UniswapV2Factory.json";
import IdentityModule from "./Identity";

const ZERO = "0x0000000000000000000000000000000000000000";

/** The published UniswapV2Factory ABI (npm artifact), to call the factory already on the network. */
const uniswapV2Factory: Artifact = {
  contractName: "UniswapV2Factory",
  sourceName: "@uniswap/v2-core/contracts/UniswapV2Factory.sol",
  abi: factoryBuild.abi,
  bytecode: "0x" + factoryBuild.bytecode.replace(/^0x/, ""),
  linkReferences: {},
};

/**
 * The capped-yield farm on the token/WETH Uniswap V2 LP token.
 *
 * The module creates the token/WETH pair on the network's real UniswapV2Factory and stakes its LP
 * token (liquidity is added afterwards by whoever provides it). Roles: DEFAULT_ADMIN_ROLE = the
 * timelock (curve parameters, rewards duration, granting roles); REWARDS_DISTRIBUTOR_ROLE = the
 * timelock and, optionally, `distributor` (an operator allowed to start reward periods with
 * tokens already in the farm). The deployer hands its `farmRewards` allocation to the farm.
 *
 * The identity registry is the Identity module's (shared by every Counterweight module).
 * Parameters ("Farm"): uniswapV2Factory, weth, cap, slope (WAD), unverifiedCap,
 * rewardsDuration (s), distributor (optional), farmRewards (tokens moved to the farm).
 */
export default buildModule("Farm", (m) => {
  const { registry, timelock, token } = m.useModule(IdentityModule);
  const factoryAddress = m.getParameter<string>("uniswapV2Factory");
  const weth = m.getParameter<string>("weth");
  const cap = m.getParameter("cap", 10_000n * 10n ** 18n);
  const slope = m.getParameter("slope", 0n);
  const unverifiedCap = m.getParameter("unverifiedCap", 100n * 10n ** 18n);
  const rewardsDuration = m.getParameter("rewardsDuration", 7 * 24 * 60 * 60);
  const distributor = m.getParameter<string>("distributor", ZERO);
  const farmRewards = m.getParameter("farmRewards", 100_000_000n * 10n ** 18n);

  const factory = m.contractAt("UniswapV2Factory", uniswapV2Factory, factoryAddress);
  const createPair = m.call(factory, "createPair", [token, weth], { id: "CreatePair" });
  const pair = m.staticCall(factory, "getPair", [token, weth], 0, { id: "GetPair", after: [createPair] });

  const farm = m.contract("CappedStakingRewards", [
    timelock,
    distributor,
    token,
    pair,
    registry,
    rewardsDuration,
    { cap, slope, unverifiedCap },
  ]);
  m.call(token, "transfer", [farm, farmRewards], { id: "FundFarm" });

  return { farm, registry, timelock, token };
});
