import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  CappedStakingRewards__factory,
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  TestERC20__factory,
  OZBaselineGovernorFractional__factory,
  OZBaselineGovernorLateQuorum__factory,
  OZVotesToken__factory,
  TimelockController__factory,
  type IGovernor,
} from "../typechain-types";
import { compare, gasOf } from "./gas";
import { callGasTo } from "./trace";
import { deployAlphaStack, deployOzBaseline } from "../sim/chain/baselineGovernors";
import { asGovernor, advanceTo, type ProposalCall } from "../sim/chain/governor";
import { deployRegisteredIdentities } from "../sim/chain/governanceIdentity";
import { HUMAN_SCHEMA, attest, deployEas, encodeHumanId, schemaUid } from "../sim/chain/eas";
import { buildIdentityList, humanIdFor } from "../sim/chain/identity";
import { solidityPacked } from "ethers";
import { deployExternalIdentities } from "./identitySources";

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
  castVoteTx: string[];
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
  const castVoteTx: string[] = [];
  for (const [i, v] of voters.entries()) {
    const tx = await governor.connect(await signer(v)).castVote(id, SUPPORT[i]);
    castVote.push(await gasOf(tx));
    castVoteTx.push(tx.hash);
  }
  await advanceTo(hre, (await g.proposalDeadline(id)) + 1n);
  const queue = await gasOf(g.queue(p.targets, p.values, p.calldatas, hash));
  await advanceTo(hre, await g.proposalEta(id));
  const execute = await gasOf(g.execute(p.targets, p.values, p.calldatas, hash));
  return { propose: proposeGas, castVote, castVoteTx, queue, execute };
}

async function time(hre: HardhatRuntimeEnvironment): Promise<number> {
  const block = await hre.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return block.timestamp;
}

const mean = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n) / BigInt(xs.length);

/** Mean over `txs` of the gas of all the calls each made to `target` (at least one), from debug traces. */
async function tracedMean(hre: HardhatRuntimeEnvironment, txs: string[], target: string): Promise<number> {
  const each: bigint[] = [];
  for (const tx of txs) {
    const calls = await callGasTo(hre, tx, target);
    if (calls.length === 0) throw new Error(`transaction ${tx} made no call to ${target}`);
    each.push(calls.reduce((a, c) => a + BigInt(c), 0n));
  }
  return Number(mean(each));
}

/** Gas of a call as a transaction would pay it, without the 21,000 intrinsic cost. */
async function callGas(estimate: Promise<bigint>): Promise<bigint> {
  return (await estimate) - 21_000n;
}

/** IdentityRegistry constructor arguments: (eas, schema, admin[, rotationCooldown = 0]). */
function registryArgs(eas: string, schema: string, admin: string): unknown[] {
  const inputs = IdentityRegistry__factory.createInterface().deploy.inputs.length;
  return inputs === 4 ? [eas, schema, admin, 0] : [eas, schema, admin];
}

interface IdentityCosts {
  registry: string;
  uids: string[];
  registerWithAttestation: bigint[];
}

/** A registry on a real local EAS (deployer trusted as attester); each signer registers with its own attestation. */
async function deployAttestedIdentities(
  hre: HardhatRuntimeEnvironment,
  deployer: Awaited<ReturnType<HardhatRuntimeEnvironment["ethers"]["getSigner"]>>,
  signers: Awaited<ReturnType<HardhatRuntimeEnvironment["ethers"]["getSigner"]>>[],
  label: string,
): Promise<IdentityCosts & { eas: string }> {
  const eas = await deployEas(deployer);
  const registry = IdentityRegistry__factory.connect(
    await (
      await hre.ethers.deployContract(
        "IdentityRegistry",
        registryArgs(await eas.getAddress(), schemaUid(HUMAN_SCHEMA), deployer.address),
        deployer,
      )
    ).getAddress(),
    deployer,
  );
  await (await registry.setAttester(deployer.address, true)).wait();
  const uids: string[] = [];
  const gas: bigint[] = [];
  for (const [i, s] of signers.entries()) {
    const uid = await attest(eas, deployer, { recipient: s.address, data: encodeHumanId(humanIdFor(label, i)) });
    uids.push(uid);
    gas.push(await gasOf(registry.connect(s).registerWithAttestation(uid)));
  }
  return { registry: await registry.getAddress(), uids, registerWithAttestation: gas, eas: await eas.getAddress() };
}

type Signer = Awaited<ReturnType<HardhatRuntimeEnvironment["ethers"]["getSigner"]>>;

/** The votes-token operations the issue bounds, run the same way on both tokens. */
interface TokenCosts {
  delegateFirst: bigint[];
  transfer: bigint[];
  redelegate: bigint[];
}

/**
 * On a votes token: `holders` receive 1,000,000 tokens each from `funder` and delegate to
 * themselves (first delegation, measured); then a ring of transfers between them (every holder
 * delegating, each transfer in its own block, so each pushes a checkpoint per delegate, measured),
 * then each re-delegates to the next holder (both delegates' checkpoints move, measured).
 * `beforeDelegate` runs after funding (our token: the holders' sync).
 */
async function runTokenOps(
  token: {
    connect(s: Signer): {
      transfer(to: string, v: bigint): Promise<import("ethers").ContractTransactionResponse>;
      delegate(to: string): Promise<import("ethers").ContractTransactionResponse>;
    };
  },
  funder: Signer,
  holders: Signer[],
  beforeDelegate: (h: Signer) => Promise<void>,
): Promise<TokenCosts> {
  const costs: TokenCosts = { delegateFirst: [], transfer: [], redelegate: [] };
  for (const h of holders) {
    await (await token.connect(funder).transfer(h.address, 1_000_000n * E18)).wait();
    await beforeDelegate(h);
    costs.delegateFirst.push(await gasOf(token.connect(h).delegate(h.address)));
  }
  for (const [i, h] of holders.entries()) {
    const to = holders[(i + 1) % holders.length];
    costs.transfer.push(await gasOf(token.connect(h).transfer(to.address, 1_000n * E18 + BigInt(i))));
  }
  for (const [i, h] of holders.entries()) {
    costs.redelegate.push(await gasOf(token.connect(h).delegate(holders[(i + 1) % holders.length].address)));
  }
  return costs;
}

/** A split vote by every voter: ¼ Against, ½ For, ¼ Abstain of its weight, in one call. */
async function runSplit(
  hre: HardhatRuntimeEnvironment,
  governor: IGovernor,
  p: ProposalCall,
  voters: string[],
  weightOf: (voter: string, snapshot: bigint) => Promise<bigint>,
): Promise<bigint[]> {
  const proposer = await hre.ethers.getSigner(voters[0]);
  const g = governor.connect(proposer);
  await (await g.propose(p.targets, p.values, p.calldatas, p.description)).wait();
  const id = await g.getProposalId(p.targets, p.values, p.calldatas, hre.ethers.id(p.description));
  const snapshot = await g.proposalSnapshot(id);
  await advanceTo(hre, snapshot + 1n);
  const gas: bigint[] = [];
  for (const v of voters) {
    const w = await weightOf(v, snapshot);
    const params = solidityPacked(["uint128", "uint128", "uint128"], [w / 4n, w / 2n, w / 4n]);
    gas.push(
      await gasOf(governor.connect(await hre.ethers.getSigner(v)).castVoteWithReasonAndParams(id, 255, "", params)),
    );
  }
  return gas;
}

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
  await (await token.wireIdentityRegistry(identity.registry)).wait();
  const syncMerkle: bigint[] = [];
  const syncMerkleTx: string[] = [];
  for (const v of voters) {
    const tx = await token.sync(v.address);
    syncMerkle.push(await gasOf(tx));
    syncMerkleTx.push(tx.hash);
  }

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

  // The same life cycle with every voter registered through an EAS attestation: each vote's
  // identity lookup reads the attestation's revocation and expiration from EAS.
  const attested = await deployAttestedIdentities(hre, deployer, voters, "bench-eas");
  // A token wired to the attestation registry (one registry per token): the same balances.
  const easToken = await new CounterweightToken__factory(deployer).deploy("Counterweight", "CWT", SUPPLY, [
    { recipient: deployer.address, amount: SUPPLY },
  ]);
  await (await easToken.wireIdentityRegistry(attested.registry)).wait();
  const syncEas: bigint[] = [];
  const syncEasTx: string[] = [];
  for (const [i, v] of voters.entries()) {
    await (await easToken.transfer(v.address, BALANCES[i] * E18)).wait();
    await (await easToken.connect(v).delegate(v.address)).wait();
    const tx = await easToken.sync(v.address);
    syncEas.push(await gasOf(tx));
    syncEasTx.push(tx.hash);
  }
  const tlEas = await new TimelockController__factory(deployer).deploy(
    TIMELOCK_DELAY,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer.address,
  );
  const oursEas = await new CounterweightGovernor__factory(deployer).deploy(
    await easToken.getAddress(),
    attested.registry,
    await tlEas.getAddress(),
    {
      votingDelay: VOTING_DELAY,
      votingPeriod: Number(VOTING_PERIOD),
      proposalThreshold: 1_000_000n * E18,
      quorumIdentities: 3n,
      lateQuorumExtension: 600n,
    },
  );
  await (await tlEas.grantRole(await tlEas.PROPOSER_ROLE(), await oursEas.getAddress())).wait();
  const easGov = asGovernor(await oursEas.getAddress(), deployer);
  const e = await runOz(hre, easGov, await proposalFor(await oursEas.getAddress()), addresses);
  if ((await oursEas.votingDelay()) !== 120n) throw new Error("the attested-voters proposal did not execute");

  // The same life cycle with every voter registered through the Coinbase Verifications source
  // (External kind): each vote's lookup asks the source, which reads the attestation from EAS.
  const holders = (await hre.ethers.getSigners()).slice(1 + BALANCES.length, 1 + BALANCES.length + 4);
  const external = await deployExternalIdentities(deployer, voters, holders);
  // A token wired to the external-source registry: the same balances, each voter synced.
  const extToken = await new CounterweightToken__factory(deployer).deploy("Counterweight", "CWT", SUPPLY, [
    { recipient: deployer.address, amount: SUPPLY },
  ]);
  await (await extToken.wireIdentityRegistry(external.registry)).wait();
  const syncExt: bigint[] = [];
  for (const [i, v] of voters.entries()) {
    await (await extToken.transfer(v.address, BALANCES[i] * E18)).wait();
    await (await extToken.connect(v).delegate(v.address)).wait();
    syncExt.push(await gasOf(extToken.sync(v.address)));
  }
  const tlExt = await new TimelockController__factory(deployer).deploy(
    TIMELOCK_DELAY,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer.address,
  );
  const oursExt = await new CounterweightGovernor__factory(deployer).deploy(
    await extToken.getAddress(),
    external.registry,
    await tlExt.getAddress(),
    {
      votingDelay: VOTING_DELAY,
      votingPeriod: Number(VOTING_PERIOD),
      proposalThreshold: 1_000_000n * E18,
      quorumIdentities: 3n,
      lateQuorumExtension: 600n,
    },
  );
  await (await tlExt.grantRole(await tlExt.PROPOSER_ROLE(), await oursExt.getAddress())).wait();
  const extGov = asGovernor(await oursExt.getAddress(), deployer);
  const x = await runOz(hre, extGov, await proposalFor(await oursExt.getAddress()), addresses);
  if ((await oursExt.votingDelay()) !== 120n) throw new Error("the Coinbase-source voters' proposal did not execute");

  // Itemised: the registry lookup the governor makes per vote, on each path, and the EAS read alone.
  const merkleRegistry = IdentityRegistry__factory.connect(identity.registry, deployer);
  const easRegistry = IdentityRegistry__factory.connect(attested.registry, deployer);
  const { EAS__factory } = await import("../typechain-types/baselines");
  const easContract = EAS__factory.connect(attested.eas, deployer);
  const at = BigInt(await time(hre)) - 1n;
  const lookupMerkle = await callGas(merkleRegistry.identityAt.estimateGas(addresses[1], at));
  const lookupEas = await callGas(easRegistry.identityAt.estimateGas(addresses[1], at));
  const easRead = await callGas(easContract.getAttestation.estimateGas(attested.uids[1]));
  const extRegistry = IdentityRegistry__factory.connect(external.registry, deployer);
  const lookupExternal = await callGas(extRegistry.identityAt.estimateGas(addresses[1], at));
  // A vote reads no registry (validity reaches the token by sync): checked on the traces of the
  // 8 castVote transactions of each path. Inside the syncs (debug traces of the 8 first syncs):
  // the token's call to the registry, and within it, on the attestation path, the call to EAS.
  for (const [txs, registry] of [
    [o.castVoteTx, identity.registry],
    [e.castVoteTx, attested.registry],
  ] as const) {
    for (const tx of txs) {
      if ((await callGasTo(hre, tx, registry)).length !== 0) throw new Error(`vote ${tx} called the registry`);
    }
  }
  const syncedRegistryMerkle = await tracedMean(hre, syncMerkleTx, identity.registry);
  const syncedRegistryEas = await tracedMean(hre, syncEasTx, attested.registry);
  const syncedEasRead = await tracedMean(hre, syncEasTx, attested.eas);

  // Registration paths: Merkle proof (the Merkle-path registry above) and EAS attestation.
  const mSigners = (await hre.ethers.getSigners()).slice(1 + BALANCES.length, 1 + 2 * BALANCES.length);
  const list = buildIdentityList(
    "bench-register",
    mSigners.map((x) => x.address),
  );
  await (await merkleRegistry.setMerkleRoot(list.tree.root)).wait();
  const registerMerkle: bigint[] = [];
  for (const [i, sgn] of mSigners.entries())
    registerMerkle.push(
      await gasOf(merkleRegistry.connect(sgn).registerWithMerkleProof(list.humanIds[i], list.tree.getProof(i))),
    );

  // Token operations: four verified holders (registered above on the Merkle-path registry the
  // token is wired to, synced before they delegate) vs OpenZeppelin ERC20Votes, same sequence.
  const tokenHolders = mSigners.slice(0, 4);
  const oursToken = await runTokenOps(token, deployer, tokenHolders, async (h) => {
    await (await token.sync(h.address)).wait();
  });
  for (const h of tokenHolders) {
    const [cached] = await token.contributionOf(h.address);
    if (cached === 0n) throw new Error(`bench holder ${h.address} is not a verified contributor`);
  }
  const ozToken = await new OZVotesToken__factory(deployer).deploy(SUPPLY);
  const ozTokenOps = await runTokenOps(ozToken, deployer, tokenHolders, async () => undefined);

  // Split votes (support 255, params ¼ Against, ½ For, ¼ Abstain): ours in √-weight units vs
  // OpenZeppelin Governor + GovernorCountingFractional over the same token, in token units.
  const tlFrac = await new TimelockController__factory(deployer).deploy(
    TIMELOCK_DELAY,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer.address,
  );
  const frac = await new OZBaselineGovernorFractional__factory(deployer).deploy(
    await token.getAddress(),
    await tlFrac.getAddress(),
    VOTING_DELAY,
    VOTING_PERIOD,
    1_000_000n * E18,
    4n,
  );
  const splitCall = async (governor: string): Promise<ProposalCall> => ({
    ...(await proposalFor(governor)),
    description: "Split votes",
  });
  const splitOurs = await runSplit(hre, oursGov, await splitCall(await ours.getAddress()), addresses, async (v, t) =>
    token.getPastQuadraticVotes(v, t),
  );
  const splitOz = await runSplit(
    hre,
    asGovernor(await frac.getAddress(), deployer),
    await splitCall(await frac.getAddress()),
    addresses,
    async (v, t) => token.getPastVotes(v, t),
  );

  // A farm stake (from a zero balance: the farm resolves the identity) by a verified account.
  const lp = await new TestERC20__factory(deployer).deploy("LP", "LP");
  const reward = await new TestERC20__factory(deployer).deploy("Reward", "RWD");
  const farmStake = async (registry: string): Promise<bigint[]> => {
    const farm = await new CappedStakingRewards__factory(deployer).deploy(
      deployer.address,
      "0x0000000000000000000000000000000000000000",
      await reward.getAddress(),
      await lp.getAddress(),
      registry,
      86_400n,
      { cap: 10n ** 27n, slope: 0n, unverifiedCap: E18 },
    );
    await (await reward.mint(await farm.getAddress(), 1_000_000n * E18)).wait();
    await (await farm.notifyRewardAmount(1_000_000n * E18)).wait();
    const gas: bigint[] = [];
    for (const v of voters.slice(0, 4)) {
      await (await lp.mint(v.address, 1_000n * E18)).wait();
      await (await lp.connect(v).approve(await farm.getAddress(), 1_000n * E18)).wait();
      gas.push(await gasOf(farm.connect(v).stake(1_000n * E18)));
    }
    return gas;
  };
  const stakeMerkle = await farmStake(identity.registry);
  const stakeEas = await farmStake(attested.registry);
  const stakeExternal = await farmStake(external.registry);

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
      compare(
        "castVote (mean), attestation-path voters (no registry read at vote time: validity reaches the token by sync)",
        mean(e.castVote),
        mean(b.castVote),
        "OZ Governor + GovernorCountingSimple",
        1.45,
      ),
      compare(
        "castVote (mean), Coinbase Verifications source voters (no source read at vote time: validity reaches the token by sync)",
        mean(x.castVote),
        mean(b.castVote),
        "OZ Governor + GovernorCountingSimple",
      ),
      compare("castVote (first vote)", o.castVote[0], b.castVote[0], "OZ Governor + GovernorCountingSimple"),
      compare(
        "split vote (mean; support 255, ¼ Against ½ For ¼ Abstain)",
        mean(splitOurs),
        mean(splitOz),
        "OZ Governor + GovernorCountingFractional",
      ),
      compare(
        "token transfer between two delegating verified holders (mean)",
        mean(oursToken.transfer),
        mean(ozTokenOps.transfer),
        "OZ ERC20Votes transfer between two delegating holders",
        1.3,
      ),
      compare(
        "delegate (first delegation, verified holder, mean)",
        mean(oursToken.delegateFirst),
        mean(ozTokenOps.delegateFirst),
        "OZ ERC20Votes delegate",
        1.3,
      ),
      compare(
        "delegate (re-delegation: both delegates move, mean)",
        mean(oursToken.redelegate),
        mean(ozTokenOps.redelegate),
        "OZ ERC20Votes delegate",
        1.3,
      ),
      compare("castVote (mean)", oursVote, mean(aVotes), "Uniswap GovernorAlpha"),
      compare("propose", o.propose, b.propose, "OZ Governor + GovernorCountingSimple"),
      compare("propose", o.propose, aPropose, "Uniswap GovernorAlpha"),
      compare("queue", o.queue, b.queue, "OZ Governor + GovernorCountingSimple"),
      compare("queue", o.queue, aQueue, "Uniswap GovernorAlpha"),
      compare("execute", o.execute, b.execute, "OZ Governor + GovernorCountingSimple"),
      compare("execute", o.execute, aExecute, "Uniswap GovernorAlpha"),
    ],
    identity: {
      note: "Gas without the 21,000 intrinsic cost for the itemised calls (eth_estimateGas of a call from an EOA, cold); whole transactions (receipt gasUsed) for registrations and stakes. Stakes open a position (the farm resolves the identity through bindingOf).",
      identityAtMerklePath: Number(lookupMerkle),
      identityAtAttestationPath: Number(lookupEas),
      easGetAttestation: Number(easRead),
      castVoteMeanMerklePath: Number(oursVote),
      castVoteMeanAttestationPath: Number(mean(e.castVote)),
      identityAtCoinbaseSourcePath: Number(lookupExternal),
      castVoteMeanCoinbaseSourcePath: Number(mean(x.castVote)),
      tracedInSync: {
        note: "Means over the 8 first syncs of each path, from debug_traceTransaction: gas from each call opcode until execution is back in the caller (cold account access included), summed over the sync's calls to that contract (bindingOf, humanIdOf, expirationOf). A castVote calls no registry (checked on its trace).",
        registryCallMerklePath: syncedRegistryMerkle,
        registryCallAttestationPath: syncedRegistryEas,
        easGetAttestationCall: syncedEasRead,
        registryOwnAttestationPath: syncedRegistryEas - syncedEasRead,
      },
      registerWithMerkleProofMean: Number(mean(registerMerkle)),
      registerWithAttestationMean: Number(mean(attested.registerWithAttestation)),
      registerWithSourceCoinbaseMean: Number(mean(external.registerCoinbase)),
      registerWithSourceGitcoinPassportMean: Number(mean(external.registerGitcoin)),
      farmStakeVerifiedMerkleMean: Number(mean(stakeMerkle)),
      farmStakeVerifiedAttestationMean: Number(mean(stakeEas)),
      syncFirstMerklePathMean: Number(mean(syncMerkle)),
      syncFirstAttestationPathMean: Number(mean(syncEas)),
      syncFirstCoinbaseSourcePathMean: Number(mean(syncExt)),
      farmStakeVerifiedCoinbaseSourceMean: Number(mean(stakeExternal)),
    },
    token: {
      note: "Whole transactions (receipt gasUsed). Holders hold 1,000,000 tokens each and delegate to themselves; every transfer is in its own block, so it pushes a new checkpoint for each delegate on both tokens.",
      counterweight: {
        delegateFirst: oursToken.delegateFirst.map(Number),
        transfer: oursToken.transfer.map(Number),
        redelegate: oursToken.redelegate.map(Number),
      },
      ozERC20Votes: {
        delegateFirst: ozTokenOps.delegateFirst.map(Number),
        transfer: ozTokenOps.transfer.map(Number),
        redelegate: ozTokenOps.redelegate.map(Number),
      },
    },
    raw: {
      counterweight: {
        castVote: o.castVote.map(Number),
        propose: Number(o.propose),
        queue: Number(o.queue),
        execute: Number(o.execute),
      },
      counterweightAttestedVoters: { castVote: e.castVote.map(Number) },
      counterweightSplitVote: splitOurs.map(Number),
      ozGovernorFractionalSplitVote: splitOz.map(Number),
      counterweightCoinbaseSourceVoters: { castVote: x.castVote.map(Number) },
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
