import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroHash, id } from "ethers";
import FarmModule from "./Farm";
import GovernanceModule from "./Governance";
import VestingModule from "./Vesting";

const PROPOSER_ROLE = id("PROPOSER_ROLE");
const GENESIS_SALT = id("Counterweight genesis batch");

/**
 * The whole suite: Token → Identity → Governance → Vesting → Farm, wired to one timelock. Each
 * submodule reads its own parameter block (deploy/parameters/<network>.json; `npx hardhat
 * cw:deploy` validates the file before anything is sent). This module's own block holds only
 * `timelockMinDelay` (the real delay) and `identityRoot`.
 *
 * Supply split (Token parameters): `treasury` to the timelock; `farmRewards` to the farm (the Farm
 * module moves exactly the token's farm allocation; each reward period is then started by a
 * proposal: `farm:fund --via-proposal`); `vesting` stays with the deployer, who funds the vault's
 * schedules with `vesting:create`; `liquidity` stays with the deployer, who seeds the public pool.
 *
 * The liquidity pool: the real Uniswap V2 pair (token, `Farm.weth`) is created on the chain's
 * factory (`Farm.uniswapV2Factory`; on localhost the LocalUniswap module's); its LP token is the
 * farm's staking token.
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
  const { farm, pair } = m.useModule(FarmModule);

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

  // Last: the deployer gives up the genesis proposer role (after the farm is funded and every
  // other module is complete).
  m.call(timelock, "renounceRole", [PROPOSER_ROLE, deployer], {
    id: "RenounceGenesisProposer",
    after: [execute, FarmModule, VestingModule, GovernanceModule],
  });

  return { token, timelock, registry, governor, vault, farm, pair };
});
