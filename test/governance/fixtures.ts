import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import TokenModule from "../../deploy/modules/Token";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  MockIdentityRegistry__factory,
  TimelockController__factory,
  type CounterweightGovernor,
  type CounterweightToken,
  type MockIdentityRegistry,
  type OZBaselineGovernor,
  type TimelockController,
} from "../../typechain-types";
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
  registry: MockIdentityRegistry;
}

/**
 * Token + timelock from the Token Ignition module, identity registry, governor wired to the
 * timelock (proposer + canceller), deployer's admin renounced. Voters 0..n-1 hold BALANCES,
 * self-delegated and bound to identities 1..n.
 */
export async function deployStack(): Promise<Stack> {
  const signers = await hre.ethers.getSigners();
  const [deployer] = signers;
  const voters = signers.slice(1, 1 + BALANCES.length);
  const outsider = signers[1 + BALANCES.length];
  const deployed = await hre.ignition.deploy(TokenModule, {
    parameters: { Token: { timelockMinDelay: Number(PARAMS.timelockMinDelay) } },
  });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), deployer);
  const registry = await new MockIdentityRegistry__factory(deployer).deploy();
  const governor = await new CounterweightGovernor__factory(deployer).deploy(
    await token.getAddress(),
    await registry.getAddress(),
    await timelock.getAddress(),
    {
      votingDelay: PARAMS.votingDelay,
      votingPeriod: PARAMS.votingPeriod,
      proposalThreshold: PARAMS.proposalThreshold,
      quorumIdentities: PARAMS.quorumIdentities,
      lateQuorumExtension: PARAMS.lateQuorumExtension,
    },
  );
  const g = await governor.getAddress();
  await timelock.grantRole(await timelock.PROPOSER_ROLE(), g);
  await timelock.grantRole(await timelock.CANCELLER_ROLE(), g);
  await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address);
  for (const [i, v] of voters.entries()) {
    await token.transfer(v.address, BALANCES[i] * E18);
    await token.connect(v).delegate(v.address);
    await registry.bind(v.address, BigInt(i + 1));
  }
  return { deployer, voters, outsider, token, timelock, governor, registry };
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
