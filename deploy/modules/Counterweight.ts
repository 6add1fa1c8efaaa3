import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroHash, id } from "ethers";
import GovernanceModule from "./Governance";
import FarmModule from "./Farm";
import { UniswapV2PairArtifact } from "./uniswapArtifacts";

const PROPOSER_ROLE = id("PROPOSER_ROLE");
const GENESIS_SALT = id("Counterweight genesis batch");

/**
 * The whole suite: Token → Identity → Governance → Vesting → Farm, wired to one timelock.
 *
 * Supply split (Token parameters): `treasury` to the timelock; `farmRewards` to the farm (Farm
 * module; each reward period is then started by a proposal: `farm:fund --via-proposal`); `vesting`
 * to the vesting vault (Vesting module); `liquidity` stays with the deployer, who seeds the pool.
 *
 * The liquidity pool: the Farm module creates the real Uniswap V2 pair (token, WETH) on the chain's
 * factory (on localhost the LocalUniswap module's); its LP token is the farm's staking token.
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

  const { farm } = m.useModule(FarmModule);

  // Public liquidity: the Farm module created the real Uniswap V2 pair (token, WETH) on the chain's
  // factory; it is the farm's staking token. Recorded here so the address book names it.
  const pair = m.contractAt("UniswapV2Pair", UniswapV2PairArtifact, m.staticCall(farm, "stakingToken", [], 0, { id: "PairAddress" }));

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
    after: [execute, farm, pair],
  });

  return { token, timelock, registry, governor, farm, pair };
});
