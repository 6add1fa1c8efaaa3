import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import IdentityModule from "./Identity";
import { FARM_ALLOCATION_INDEX } from "./Token";
import { UniswapV2FactoryArtifact, UniswapV2PairArtifact } from "./uniswapArtifacts";

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The capped-yield farm on the token/WETH Uniswap V2 LP token.
 *
 * The module creates the token/WETH pair on the network's real UniswapV2Factory and stakes its LP
 * token (liquidity is added afterwards by whoever provides it). Roles: DEFAULT_ADMIN_ROLE = the
 * timelock (curve parameters, rewards duration, granting roles); REWARDS_DISTRIBUTOR_ROLE = the
 * timelock and, optionally, `distributor` (an operator allowed to start reward periods with
 * tokens already in the farm).
 *
 * Funding: the deployer moves the token's farm allocation into the farm. The amount is read from
 * the token's own `Allocated` event (line FARM_ALLOCATION_INDEX of the Token module's plan), so it
 * is `Token.farmRewards` by construction: there is no second farmRewards to disagree with it.
 *
 * The identity registry is the Identity module's (shared by every Counterweight module).
 * Parameters ("Farm"): uniswapV2Factory, weth, cap (wei), slope (WAD), unverifiedCap (wei),
 * rewardsDuration (s), distributor (optional; none by default).
 */
export default buildModule("Farm", (m) => {
  const { registry, timelock, token } = m.useModule(IdentityModule);
  const factory = m.contractAt(
    "UniswapV2Factory",
    UniswapV2FactoryArtifact,
    m.getParameter<string>("uniswapV2Factory"),
  );
  const weth = m.getParameter<string>("weth");
  const cap = m.getParameter("cap", 10_000n * 10n ** 18n);
  const slope = m.getParameter("slope", 0n);
  const unverifiedCap = m.getParameter("unverifiedCap", 100n * 10n ** 18n);
  const rewardsDuration = m.getParameter("rewardsDuration", 7 * 24 * 60 * 60);
  const distributor = m.getParameter<string>("distributor", ZERO);

  const createPair = m.call(factory, "createPair", [token, weth], { id: "CreatePair" });
  const pair = m.contractAt(
    "UniswapV2Pair",
    UniswapV2PairArtifact,
    m.readEventArgument(createPair, "PairCreated", "pair"),
  );

  const farm = m.contract("CappedStakingRewards", [
    timelock,
    distributor,
    token,
    pair,
    registry,
    rewardsDuration,
    { cap, slope, unverifiedCap },
  ]);
  const farmRewards = m.readEventArgument(token, "Allocated", "amount", {
    id: "FarmAllocation",
    eventIndex: FARM_ALLOCATION_INDEX,
  });
  m.call(token, "transfer", [farm, farmRewards], { id: "FundFarm" });

  return { farm, pair, registry, timelock, token };
});
