import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import TokenModule from "../../deploy/modules/Token";
import { impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import GovernanceModule from "../../deploy/modules/Governance";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  MockIdentityRegistry__factory,
  TimelockController__factory,
  type CounterweightGovernor,
  type CounterweightToken,
  type IdentityRegistry,
  type OZBaselineGovernor,
  type TimelockController,
} from "../../typechain-types";
import { registerAgents } from "../../sim/chain/identity";
import { deployOzBaseline } from "../../sim/chain/baselineGovernors";

export const E18 = 10n ** 18n;

export const PARAMS = {
  votingDelay: 60n,
  votingPeriod: 3_600n,
  proposalThreshold: 1_000_000n * E18,
  quorumIdentities: 3n,
  lateQuorumExtension: 600n,
  timelockMinDelay: 60n,
} as const;

/** Balances handed to the voters (signers 1..n), in whole tokens. */
export const BALANCES = [40_000_000n, 10_000_000n, 2_500_000n, 900_000n, 400_000n, 100_000n, 10_000n, 1_000n];

export interface Stack {
  deployer: HardhatEthersSigner;
  voters: HardhatEthersSigner[];
  outsider: HardhatEthersSigner;
  token: CounterweightToken;
  timelock: TimelockController;
  governor: CounterweightGovernor;
  registry: IdentityRegistry;
  /** The timelock, impersonated: it holds the registry's GOVERNOR_ROLE. */
  timelockSigner: HardhatEthersSigner;
  /** Identity id of each voter, by address. */
  identities: Map<string, bigint>;
}

/** The Ignition parameters tests deploy with (production uses deploy/parameters/<network>.json). */
export const MODULE_PARAMETERS = {
  Token: { timelockMinDelay: Number(PARAMS.timelockMinDelay) },
  Identity: { rotationCooldown: 0 },
  Governance: {
    votingDelay: Number(PARAMS.votingDelay),
    votingPeriod: Number(PARAMS.votingPeriod),
    proposalThreshold: PARAMS.proposalThreshold,
    quorumIdentities: Number(PARAMS.quorumIdentities),
    lateQuorumExtension: Number(PARAMS.lateQuorumExtension),
  },
};

/**
 * Token, timelock, identity registry and governor from the Governance Ignition module, as
 * production deploys them (deployer's admin renounced). Voters 0..n-1 hold BALANCES,
 * self-delegated, each registered as one identity through the registry's Merkle path (the root
 * set by the timelock, which holds GOVERNOR_ROLE) and synced into the token's quadratic votes.
 */
export async function deployStack(): Promise<Stack> {
  const signers = await hre.ethers.getSigners();
  const [deployer] = signers;
  const voters = signers.slice(1, 1 + BALANCES.length);
  const outsider = signers[1 + BALANCES.length];
  const deployed = await hre.ignition.deploy(GovernanceModule, { parameters: MODULE_PARAMETERS });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), deployer);
  const registry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
  const governor = CounterweightGovernor__factory.connect(await deployed.governor.getAddress(), deployer);
  const timelockAddress = await timelock.getAddress();
  await impersonateAccount(timelockAddress);
  await setBalance(timelockAddress, 10n ** 20n);
  const timelockSigner = await hre.ethers.getSigner(timelockAddress);
  for (const [i, v] of voters.entries()) {
    await token.transfer(v.address, BALANCES[i] * E18);
    await token.connect(v).delegate(v.address);
  }
  const identities = await registerAgents(registry, timelockSigner, voters, "governance-test");
  for (const v of voters) await token.sync(v.address);
  return { deployer, voters, outsider, token, timelock, governor, registry, timelockSigner, identities };
}

export interface BaselineStack {
  deployer: HardhatEthersSigner;
  voters: HardhatEthersSigner[];
  outsider: HardhatEthersSigner;
  token: CounterweightToken;
  timelock: TimelockController;
  governor: OZBaselineGovernor;
}

/** The same token and balances under OpenZeppelin's Governor + GovernorCountingSimple. */
export async function deployBaselineStack(): Promise<BaselineStack> {
  const signers = await hre.ethers.getSigners();
  const [deployer] = signers;
  const voters = signers.slice(1, 1 + BALANCES.length);
  const outsider = signers[1 + BALANCES.length];
  const deployed = await hre.ignition.deploy(TokenModule, {
    parameters: { Token: { timelockMinDelay: Number(PARAMS.timelockMinDelay) } },
  });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const { governor, timelock } = await deployOzBaseline(deployer, token, {
    votingDelay: PARAMS.votingDelay,
    votingPeriod: PARAMS.votingPeriod,
    proposalThreshold: PARAMS.proposalThreshold,
    quorumPercent: 1n,
    timelockDelay: PARAMS.timelockMinDelay,
  });
  for (const [i, v] of voters.entries()) {
    await token.transfer(v.address, BALANCES[i] * E18);
    await token.connect(v).delegate(v.address);
  }
  return { deployer, voters, outsider, token, timelock, governor };
}

export interface OpenStack {
  token: CounterweightToken;
  governor: CounterweightGovernor;
}

/**
 * The counterfactual "identity check bypassed": a second token with the same voters' balances,
 * wired to a registry that verifies every account as its own identity (each voter synced), and the
 * same governor over it (quorum 1, no late-quorum extension).
 */
export async function deployOpenStack(s: Stack): Promise<OpenStack> {
  const supply = await s.token.totalSupply();
  const token = await new CounterweightToken__factory(s.deployer).deploy("Open", "OPEN", supply, [
    { recipient: s.deployer.address, amount: supply },
  ]);
  const registry = await new MockIdentityRegistry__factory(s.deployer).deploy();
  await registry.setVerifyAll(true);
  await token.wireIdentityRegistry(await registry.getAddress());
  for (const [i, v] of s.voters.entries()) {
    await token.transfer(v.address, BALANCES[i] * E18);
    await token.connect(v).delegate(v.address);
    await token.sync(v.address);
  }
  const governor = await new CounterweightGovernor__factory(s.deployer).deploy(
    await token.getAddress(),
    await registry.getAddress(),
    await s.timelock.getAddress(),
    {
      votingDelay: PARAMS.votingDelay,
      votingPeriod: PARAMS.votingPeriod,
      proposalThreshold: PARAMS.proposalThreshold,
      quorumIdentities: 1n,
      lateQuorumExtension: 0n,
    },
  );
  return { token, governor };
}
