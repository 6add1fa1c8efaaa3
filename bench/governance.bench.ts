import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  OZBaselineGovernorLateQuorum__factory,
  TimelockController__factory,
  type IGovernor,
} from "../typechain-types";
import { compare, gasOf } from "./gas";
import { deployAlphaStack, deployOzBaseline } from "../sim/chain/baselineGovernors";
import { asGovernor, advanceTo, type ProposalCall } from "../sim/chain/governor";
import { deployRegisteredIdentities } from "../sim/chain/governanceIdentity";

const E18 = 10n ** 18n;
const SUPPLY = 1_000_000_000n * E18;
/** Voter balances in whole tokens; the same on CWT (ours and OZ's governor) and on UNI. */
const BALANCES = [200_000_000n, 120_000_000n, 80_000_000n, 30_000_000n, 9_000_000n, 2_000_000n, 500_000n, 40_000n];
/** Vote support per voter (Bravo: 0 Against, 1 For, 2 Abstain). */
const SUPPORT = [1, 1, 0, 1, 2, 0, 1, 1];
const VOTING_DELAY = 60n;
const VOTING_PERIOD = 3_600n;
const TIMELOCK_DELAY = 172_800n; // Uniswap's Timelock minimum, used for all three

const settings = CounterweightGovernor__factory.createInterface();

interface Lifecycle {
  propose: bigint;
  castVote: bigint[];
  queue: bigint;
  execute: bigint;
}

async function runOz(
  hre: HardhatRuntimeEnvironment,
  governor: IGovernor,
  p: ProposalCall,
  voters: string[],
): Promise<Lifecycle> {
  const signer = async (a: string) => hre.ethers.getSigner(a);
  const proposer = await signer(voters[0]);
  const g = governor.connect(proposer);
  const proposeGas = await gasOf(g.propose(p.targets, p.values, p.calldatas, p.description));
  const hash = hre.ethers.id(p.description);
  const id = await g.getProposalId(p.targets, p.values, p.calldatas, hash);
  await advanceTo(hre, (await g.proposalSnapshot(id)) + 1n);
  const castVote: bigint[] = [];
  for (const [i, v] of voters.entries())
    castVote.push(await gasOf(governor.connect(await signer(v)).castVote(id, SUPPORT[i])));
  await advanceTo(hre, (await g.proposalDeadline(id)) + 1n);
  const queue = await gasOf(g.queue(p.targets, p.values, p.calldatas, hash));
  await advanceTo(hre, await g.proposalEta(id));
  const execute = await gasOf(g.execute(p.targets, p.values, p.calldatas, hash));
  return { propose: proposeGas, castVote, queue, execute };
}

const mean = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n) / BigInt(xs.length);

/**
 * Gas of one proposal's life cycle (propose, castVote by 8 voters with mixed support, queue,
 * execute) on Counterweight's governor, OpenZeppelin's Governor + GovernorCountingSimple over the
 * SAME token and balances, and Uniswap's GovernorAlpha over UNI with the same balances.
 */
export default async function bench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const [deployer] = await hre.ethers.getSigners();
  const voters = (await hre.ethers.getSigners()).slice(1, 1 + BALANCES.length);
  const addresses = voters.map((v) => v.address);
  const token = await new CounterweightToken__factory(deployer).deploy("Counterweight", "CWT", SUPPLY, [
    { recipient: deployer.address, amount: SUPPLY },
  ]);
  for (const [i, v] of voters.entries()) {
    await (await token.transfer(v.address, BALANCES[i] * E18)).wait();
    await (await token.connect(v).delegate(v.address)).wait();
  }
  const identity = await deployRegisteredIdentities(hre, deployer, voters, "bench");

  const timelock = await new TimelockController__factory(deployer).deploy(
    TIMELOCK_DELAY,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer.address,
  );
  const ours = await new CounterweightGovernor__factory(deployer).deploy(
    await token.getAddress(),
    identity.registry,
    await timelock.getAddress(),
    {
      votingDelay: VOTING_DELAY,
      votingPeriod: Number(VOTING_PERIOD),
      proposalThreshold: 1_000_000n * E18,
      quorumIdentities: 3n,
      lateQuorumExtension: 600n,
    },
  );
  await (await timelock.grantRole(await timelock.PROPOSER_ROLE(), await ours.getAddress())).wait();
  const oz = await deployOzBaseline(deployer, token, {
    votingDelay: VOTING_DELAY,
    votingPeriod: VOTING_PERIOD,
    proposalThreshold: 1_000_000n * E18,
    quorumPercent: 4n,
    timelockDelay: TIMELOCK_DELAY,
  });

  const tlLate = await new TimelockController__factory(deployer).deploy(
    TIMELOCK_DELAY,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer.address,
  );
  const late = await new OZBaselineGovernorLateQuorum__factory(deployer).deploy(
    await token.getAddress(),
    await tlLate.getAddress(),
    VOTING_DELAY,
    VOTING_PERIOD,
    1_000_000n * E18,
    4n,
    600n,
  );
  await (await tlLate.grantRole(await tlLate.PROPOSER_ROLE(), await late.getAddress())).wait();

  const proposalFor = async (governor: string): Promise<ProposalCall> => ({
    targets: [governor],
    values: [0n],
    calldatas: [settings.encodeFunctionData("setVotingDelay", [120n])],
    description: "Set the voting delay to 120 s",
  });
  const oursGov = asGovernor(await ours.getAddress(), deployer);
  const ozGov = asGovernor(await oz.governor.getAddress(), deployer);
  const o = await runOz(hre, oursGov, await proposalFor(await ours.getAddress()), addresses);
  const b = await runOz(hre, ozGov, await proposalFor(await oz.governor.getAddress()), addresses);
  const lateGov = asGovernor(await late.getAddress(), deployer);
  const l = await runOz(hre, lateGov, await proposalFor(await late.getAddress()), addresses);
  if ((await ours.votingDelay()) !== 120n || (await oz.governor.votingDelay()) !== 120n)
    throw new Error("a proposal did not execute");

  // Uniswap GovernorAlpha: block-number clock, fixed 40,320-block voting period.
  const alpha = await deployAlphaStack(hre, deployer);
  for (const [i, v] of voters.entries()) {
    await (await alpha.uni.transfer(v.address, BALANCES[i] * E18)).wait();
    await (await alpha.uni.connect(v).delegate(v.address)).wait();
  }
  await hre.network.provider.request({ method: "hardhat_mine", params: ["0x2"] });
  const tl = await alpha.timelock.getAddress();
  const alphaCall = alpha.timelock.interface.encodeFunctionData("setDelay", [TIMELOCK_DELAY + 1n]);
  const ga = alpha.governor.connect(voters[0]);
  const aPropose = await gasOf(ga.propose([tl], [0n], [""], [alphaCall], "Set the timelock delay"));
  const aId = await ga.latestProposalIds(voters[0].address);
  await hre.network.provider.request({ method: "hardhat_mine", params: ["0x2"] });
  const aVotes: bigint[] = [];
  for (const [i, v] of voters.entries())
    aVotes.push(await gasOf(alpha.governor.connect(v).castVote(aId, SUPPORT[i] === 1)));
  const period = await alpha.governor.votingPeriod();
  await hre.network.provider.request({ method: "hardhat_mine", params: ["0x" + (period + 1n).toString(16)] });
  const aQueue = await gasOf(ga.queue(aId));
  const eta = (await alpha.governor.proposals(aId)).eta;
  await advanceTo(hre, eta);
  const aExecute = await gasOf(ga.execute(aId));
  if ((await alpha.timelock.delay()) !== TIMELOCK_DELAY + 1n) throw new Error("GovernorAlpha proposal did not execute");

  const oursVote = mean(o.castVote);
  return {
    description:
      "One proposal life cycle, same balances: Counterweight governor vs OpenZeppelin Governor + GovernorCountingSimple (same CWT token) vs Uniswap GovernorAlpha (UNI). castVote is the mean over 8 voters (5 For, 2 Against, 1 Abstain), each the first vote of its identity.",
    identityRegistry: identity.kind,
    voters: BALANCES.length,
    comparisons: [
      compare("castVote (mean)", oursVote, mean(b.castVote), "OZ Governor + GovernorCountingSimple", 1.15),
      compare(
        "castVote (mean)",
        oursVote,
        mean(l.castVote),
        "OZ Governor + GovernorCountingSimple + GovernorPreventLateQuorum (same OZ modules as ours)",
        1.15,
      ),
      compare("castVote (first vote)", o.castVote[0], b.castVote[0], "OZ Governor + GovernorCountingSimple"),
      compare("castVote (mean)", oursVote, mean(aVotes), "Uniswap GovernorAlpha"),
      compare("propose", o.propose, b.propose, "OZ Governor + GovernorCountingSimple"),
      compare("propose", o.propose, aPropose, "Uniswap GovernorAlpha"),
      compare("queue", o.queue, b.queue, "OZ Governor + GovernorCountingSimple"),
      compare("queue", o.queue, aQueue, "Uniswap GovernorAlpha"),
      compare("execute", o.execute, b.execute, "OZ Governor + GovernorCountingSimple"),
      compare("execute", o.execute, aExecute, "Uniswap GovernorAlpha"),
    ],
    raw: {
      counterweight: {
        ...o,
        castVote: o.castVote.map(Number),
        propose: Number(o.propose),
        queue: Number(o.queue),
        execute: Number(o.execute),
      },
      ozGovernorSimple: {
        castVote: b.castVote.map(Number),
        propose: Number(b.propose),
        queue: Number(b.queue),
        execute: Number(b.execute),
      },
      ozGovernorSimpleLateQuorum: {
        castVote: l.castVote.map(Number),
        propose: Number(l.propose),
        queue: Number(l.queue),
        execute: Number(l.execute),
      },
      uniswapGovernorAlpha: {
        castVote: aVotes.map(Number),
        propose: Number(aPropose),
        queue: Number(aQueue),
        execute: Number(aExecute),
      },
    },
  };
}
