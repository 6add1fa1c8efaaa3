import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress, ZeroHash, id } from "ethers";
import GovernanceModule from "./Governance";
import VestingModule from "./Vesting";
import { UniswapV2FactoryArtifact, UniswapV2PairArtifact } from "./uniswapArtifacts";

const PROPOSER_ROLE = id("PROPOSER_ROLE");
const GENESIS_SALT = id("Counterweight genesis batch");

/**
 * The whole suite: Token → Identity → Governance → Vesting → Farm, wired to one timelock.
 *
 * Supply split (Token parameters): `treasury` to the timelock; `farmRewards` to the farm (each
 * reward period is then started by a proposal: `farm:fund --via-proposal`); `vesting` stays with the
 * deployer, who funds the vault's schedules with `vesting:create` (the vault is funded per schedule);
 * `liquidity` stays with the deployer, who seeds the public pool.
 *
 * The liquidity pool: the real Uniswap V2 pair (token, `weth`) is created on the chain's factory
 * (`uniswapV2Factory`; on localhost the LocalUniswap module's); its LP token is the farm's staking
 * token. Farm parameters (`cap`, `slope`, `unverifiedCap`, `rewardsDuration`, `farmRewards`) are
 * read under "Counterweight", with the Farm module's defaults; the farm has no extra distributor.
 *
 * Genesis batch: the registry's Merkle root can only be set by the timelock, and nobody can vote
 * before identities exist, so the deployment runs ONE timelock batch itself: the timelock is born
 * with delay 0 (Token.timelockMinDelay = 0), the deployer is made proposer, schedules and executes
 * [registry.setMerkleRoot(identityRoot), timelock.updateDelay(timelockMinDelay)] and renounces the
 * proposer role. The batch is public (CallScheduled/CallExecuted events) and leaves the real delay.
 * Order matters: every grant and the genesis batch happen before the deployer's last renounce.
 */
export default buildModule("Counterweight", (m) => {
  const { token, timelock, registry, governor } = m.useModule(GovernanceModule);
  const deployer = m.getAccount(0);
  const minDelay = m.getParameter("timelockMinDelay", 2 * 24 * 60 * 60);
  const identityRoot = m.getParameter("identityRoot", ZeroHash);

  const { vault } = m.useModule(VestingModule);

  // The farm, wired like the Farm module but to the suite's registry: Ignition parameters cannot
  // carry another module's future, and the Farm module takes the registry as an address parameter
  // (so tests and the simulation can plug a mock in). Same contract, same arguments, same pair.
  const factory = m.contractAt(
    "UniswapV2Factory",
    UniswapV2FactoryArtifact,
    m.getParameter<string>("uniswapV2Factory"),
  );
  const weth = m.getParameter<string>("weth");
  const createPair = m.call(factory, "createPair", [token, weth], { id: "CreatePair" });
  const pair = m.contractAt(
    "UniswapV2Pair",
    UniswapV2PairArtifact,
    m.readEventArgument(createPair, "PairCreated", "pair"),
  );
  const farm = m.contract("CappedStakingRewards", [
    timelock,
    ZeroAddress,
    token,
    pair,
    registry,
    m.getParameter("rewardsDuration", 7 * 24 * 60 * 60),
    {
      cap: m.getParameter("cap", 10_000n * 10n ** 18n),
      slope: m.getParameter("slope", 0n),
      unverifiedCap: m.getParameter("unverifiedCap", 100n * 10n ** 18n),
    },
  ]);
  const fundFarm = m.call(token, "transfer", [farm, m.getParameter("farmRewards", 100_000_000n * 10n ** 18n)], {
    id: "FundFarm",
  });

  // Genesis batch through the timelock (see above).
  const grantProposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, deployer], { id: "GenesisGrantProposer" });
  const targets = [registry, timelock];
  const values = [0n, 0n];
  const payloads = [
    m.encodeFunctionCall(registry, "setMerkleRoot", [identityRoot], { id: "GenesisSetRoot" }),
    m.encodeFunctionCall(timelock, "updateDelay", [minDelay], { id: "GenesisUpdateDelay" }),
  ];
  const schedule = m.call(timelock, "scheduleBatch", [targets, values, payloads, ZeroHash, GENESIS_SALT, 0n], {
    id: "GenesisSchedule",
    after: [grantProposer],
  });
  const execute = m.call(timelock, "executeBatch", [targets, values, payloads, ZeroHash, GENESIS_SALT], {
    id: "GenesisExecute",
    after: [schedule],
  });

  // Last: the deployer gives up the genesis proposer role.
  m.call(timelock, "renounceRole", [PROPOSER_ROLE, deployer], {
    id: "RenounceGenesisProposer",
    after: [execute, fundFarm, vault],
  });

  return { token, timelock, registry, governor, vault, farm, pair };
});
