import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import {
  Disperse__factory,
  OZBaselineGovernor__factory,
  TimelockController__factory,
  type CounterweightToken,
  type OZBaselineGovernor,
  type TimelockController,
} from "../../typechain-types";
import {
  GovernorAlpha__factory,
  Timelock__factory,
  Uni__factory,
  type GovernorAlpha,
  type Timelock,
  type Uni,
} from "../../typechain-types/baselines";

export interface OzBaselineParams {
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  quorumPercent: bigint;
  timelockDelay: bigint;
}

/**
 * OpenZeppelin Governor + GovernorCountingSimple + GovernorVotes + GovernorVotesQuorumFraction +
 * GovernorTimelockControl over `token`, with its own TimelockController, wired as OZ's docs say
 * (governor = proposer and canceller, anyone executes, deployer renounces admin).
 */
export async function deployOzBaseline(
  deployer: Signer,
  token: CounterweightToken,
  p: OzBaselineParams,
): Promise<{ governor: OZBaselineGovernor; timelock: TimelockController }> {
  const me = await deployer.getAddress();
  const timelock = await new TimelockController__factory(deployer).deploy(
    p.timelockDelay,
    [],
    ["0x0000000000000000000000000000000000000000"],
    me,
  );
  const governor = await new OZBaselineGovernor__factory(deployer).deploy(
    await token.getAddress(),
    await timelock.getAddress(),
    p.votingDelay,
    p.votingPeriod,
    p.proposalThreshold,
    p.quorumPercent,
  );
  const g = await governor.getAddress();
  await (await timelock.grantRole(await timelock.PROPOSER_ROLE(), g)).wait();
  await (await timelock.grantRole(await timelock.CANCELLER_ROLE(), g)).wait();
  await (await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), me)).wait();
  return { governor, timelock };
}

/** Uniswap's GovernorAlpha + Timelock + Uni, deployed from the npm build artifacts. */
export interface AlphaStack {
  uni: Uni;
  timelock: Timelock;
  governor: GovernorAlpha;
}

/**
 * Deploys Uni (whole supply to the deployer, minting closed for a year), a Timelock whose admin
 * is the GovernorAlpha deployed right after it (address predicted from the deployer's nonce, as
 * Uniswap's own deployment did), and GovernorAlpha. Timelock delay: Uniswap's 2-day minimum.
 */
export async function deployAlphaStack(hre: HardhatRuntimeEnvironment, deployer: Signer): Promise<AlphaStack> {
  const me = await deployer.getAddress();
  const block = await hre.ethers.provider.getBlock("latest");
  const uni = await new Uni__factory(deployer).deploy(me, me, BigInt(block?.timestamp ?? 0) + 365n * 86_400n);
  await uni.waitForDeployment();
  const nonce = await hre.ethers.provider.getTransactionCount(me);
  const alphaAddress = hre.ethers.getCreateAddress({ from: me, nonce: nonce + 1 });
  const timelock = await new Timelock__factory(deployer).deploy(alphaAddress, 2n * 86_400n);
  await timelock.waitForDeployment();
  const governor = await new GovernorAlpha__factory(deployer).deploy(
    await timelock.getAddress(),
    await uni.getAddress(),
  );
  await governor.waitForDeployment();
  if ((await governor.getAddress()) !== alphaAddress) throw new Error("GovernorAlpha address prediction failed");
  return { uni, timelock, governor };
}

/** Hands `amounts[i]` of an ERC20 held by `from` to `to[i]` in batches, through Disperse. */
export async function disperseTokens(
  from: Signer,
  token: {
    getAddress(): Promise<string>;
    connect(s: Signer): { approve(spender: string, amount: bigint): Promise<{ wait(): Promise<unknown> }> };
  },
  to: string[],
  amounts: bigint[],
  batch = 250,
): Promise<void> {
  const disperse = await new Disperse__factory(from).deploy();
  const total = amounts.reduce((a, b) => a + b, 0n);
  await (await token.connect(from).approve(await disperse.getAddress(), total)).wait();
  const tokenAddress = await token.getAddress();
  for (let i = 0; i < to.length; i += batch) {
    await (await disperse.disperse(tokenAddress, to.slice(i, i + batch), amounts.slice(i, i + batch))).wait();
  }
}
