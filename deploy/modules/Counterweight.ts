import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroHash, id } from "ethers";
import GovernanceModule from "./Governance";
import { UniswapV2FactoryArtifact, UniswapV2PairArtifact } from "./uniswapArtifacts";

const PROPOSER_ROLE = id("PROPOSER_ROLE");
const GENESIS_SALT = id("Counterweight genesis batch");

/**
 * The whole suite: Token → Identity → Governance → Vesting → Farm, wired to one timelock.
 *
 * Supply split (Token parameters): `treasury` to the timelock; `farmRewards` moved to the timelock
 * here (each farm period is funded by a proposal: `farm:fund --via-proposal`); `vesting` to the
 * vault's funder (see Vesting); `liquidity` stays with the deployer, who seeds the public pool.
 *
 * The liquidity pool: the real Uniswap V2 pair (token, `pairedToken`) is created on the chain's
 * factory (`uniswapV2Factory`; on localhost the LocalUniswap module's) and is the farm's staking token.
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

  // Public liquidity: the real Uniswap V2 pair of the token, on the chain's own factory.
  const factory = m.contractAt(
    "UniswapV2Factory",
    UniswapV2FactoryArtifact,
    m.getParameter<string>("uniswapV2Factory"),
  );
  const createPair = m.call(factory, "createPair", [token, m.getParameter<string>("pairedToken")]);
  const pair = m.contractAt(
    "UniswapV2Pair",
    UniswapV2PairArtifact,
    m.readEventArgument(createPair, "PairCreated", "pair"),
  );

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

  // Farm rewards go to the treasury; each period is then funded through a proposal.
  const farmRewards = m.getParameter("farmRewards", 100_000_000n * 10n ** 18n);
  const fundTreasury = m.call(token, "transfer", [timelock, farmRewards], { id: "FarmRewardsToTimelock" });

  // Last: the deployer gives up the genesis proposer role.
  m.call(timelock, "renounceRole", [PROPOSER_ROLE, deployer], {
    id: "RenounceGenesisProposer",
    after: [execute, fundTreasury, createPair],
  });

  return { token, timelock, registry, governor, pair };
});
