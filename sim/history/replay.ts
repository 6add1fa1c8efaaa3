import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  FlashLoanPool__factory,
  FlashLoanVoter__factory,
  OwnedMintableToken__factory,
  SameBlockEmergencyGovernor__factory,
  SameBlockFlashAttacker__factory,
  TestERC20__factory,
  type CounterweightGovernor,
  type IGovernor,
} from "../../typechain-types";
import { agentSigners } from "../chain/accounts";
import { deployAlphaStack, deployOzBaseline, disperseTokens } from "../chain/baselineGovernors";
import { ProposalState, advanceTo, type ProposalCall } from "../chain/governor";
import { sendAll } from "../chain/batch";
import type { BeanstalkCase, BribeCase, BuildCase, CompoundCase, HistoryCase } from "./schema";
import { cheapestBribes, linearTokensToWin, quadraticToWin, sqrtWeight } from "./capture";
import {
  DAY,
  deployCounterweight,
  deployToken,
  runProposal,
  selfDelegate,
  units,
  type Ballot,
  type GovernorRun,
} from "./chain";

/** What stopped an attack under one mechanism (or "nothing"), from the run's own numbers. */
export type StoppedBy = "nothing" | "snapshot" | "identity check" | "quorum" | "tally";

/** One attack replayed under one mechanism, on the chain. */
export interface MechanismOutcome {
  id: string;
  label: string;
  /** A real contract from npm artifacts or OZ composed as a user would; false for ours and for models. */
  baseline: boolean;
  /** True for a test-only model of the victim's own path (Beanstalk's emergencyCommit). */
  model: boolean;
  passed: boolean;
  /** The attacker's call ran (treasury drained, mint control handed over, grant paid). */
  executed: boolean;
  forWeight: number;
  againstWeight: number;
  /** "tokens" for linear counting, "√tokens" for Counterweight. */
  weightUnit: string;
  quorumReached: boolean;
  /** Flash-borrowed weight the governor counted (null: the vote was refused). */
  flashWeightCounted?: number | null;
  /** Seconds from the attack's vote to execution (0: the same transaction). */
  secondsVoteToExecution?: number | null;
  stoppedBy: StoppedBy;
}

/** Least spend to win, per mechanism, on the case's real (unscaled) figures. */
export interface CaptureRow {
  mechanism: string;
  /** Tokens the attacker must hold at the snapshot (bought, not borrowed), beyond what it holds. */
  tokens: number | null;
  /** Identities it must control (Counterweight), beyond its own. */
  identities: number | null;
  /** The same in the quote asset where a price is published or derived (null otherwise). */
  quote: number | null;
  note: string;
}

export interface CaseResult {
  id: string;
  title: string;
  date: string;
  sources: { url: string; title: string }[];
  published: Record<string, number>;
  assumed: Record<string, number | number[]>;
  scaling: string;
  mechanisms: MechanismOutcome[];
  capture: CaptureRow[];
  reading: string;
}

const tokensOf = (raw: bigint) => Number(raw / 10n ** 12n) / 1e6;
const sqrtTokensOf = (raw: bigint) => Number(raw) / 1e9;

function stoppedBy(o: Omit<MechanismOutcome, "stoppedBy">, flashRefused: boolean): StoppedBy {
  if (o.executed) return "nothing";
  if (flashRefused) return "identity check";
  if (o.flashWeightCounted === 0) return "snapshot";
  if (!o.quorumReached) return "quorum";
  return "tally";
}

function outcome(
  base: Omit<MechanismOutcome, "stoppedBy" | "quorumReached" | "passed" | "executed" | "forWeight" | "againstWeight">,
  run: GovernorRun,
  quorumReached: boolean,
  flashRefused = false,
): MechanismOutcome {
  const sqrt = base.weightUnit === "√tokens";
  const o = {
    ...base,
    passed: run.passed,
    executed: run.executed,
    forWeight: sqrt ? sqrtTokensOf(run.for) : tokensOf(run.for),
    againstWeight: sqrt ? sqrtTokensOf(run.against) : tokensOf(run.against),
    quorumReached,
  };
  return { ...o, stoppedBy: stoppedBy(o, flashRefused) };
}

/**
 * The Counterweight governor's row (quadratic weights over the identity registry): the run's
 * outcome, its quorum as the governor reports it for its last proposal; `extra` adds to the row.
 */
async function counterweightOutcome(
  governor: CounterweightGovernor,
  run: GovernorRun,
  extra: Pick<MechanismOutcome, "flashWeightCounted" | "secondsVoteToExecution"> = {},
  flashRefused = false,
): Promise<MechanismOutcome> {
  const status = await governor.proposalQuorumStatus(await lastProposal(governor));
  const base = {
    id: "counterweight",
    label: "Counterweight quadratic governor + identity registry",
    baseline: false,
    model: false,
    weightUnit: "√tokens",
  } as const;
  return outcome({ ...base, ...extra }, run, status[2], flashRefused);
}

async function seedFor(hre: HardhatRuntimeEnvironment, label: string, n: number): Promise<HardhatEthersSigner[]> {
  return agentSigners(hre, n, 17, `history-${label}`);
}

function published(c: HistoryCase): Record<string, number> {
  return Object.fromEntries(Object.entries(c.published).map(([k, f]) => [k, f.value]));
}
function assumed(c: HistoryCase): Record<string, number | number[]> {
  return Object.fromEntries(Object.entries(c.assumed).map(([k, f]) => [k, f.value]));
}
function header(c: HistoryCase, scaling: string) {
  return {
    id: c.id,
    title: c.title,
    date: c.date,
    sources: c.sources,
    published: published(c),
    assumed: assumed(c),
    scaling,
  };
}

/** Quorum the simulator's Counterweight uses: 10 % of the identities, at least 1. */
const identityQuorum = (identities: number) => BigInt(Math.max(1, Math.floor(identities / 10)));

// ───────────────────────────── Beanstalk ─────────────────────────────

async function beanstalk(hre: HardhatRuntimeEnvironment, c: BeanstalkCase): Promise<CaseResult> {
  const [deployer] = await hre.ethers.getSigners();
  const S = c.chain.supplyTokens;
  const flash = Math.round(S * c.published.attackerVotingShare.value);
  const own = Math.round(S * c.published.proposalThresholdShare.value);
  const nHonest = c.assumed.honestHolders.value;
  const honestEach = Math.floor((S - flash - own) / nHonest);
  const honestLast = S - flash - own - honestEach * (nHonest - 1);
  const [attacker, ...honest] = await seedFor(hre, c.id, 1 + nHonest);
  const poolHolder = deployer.address;
  const token = await deployToken(deployer, [
    { address: attacker.address, tokens: BigInt(own) },
    ...honest.map((h, i) => ({ address: h.address, tokens: BigInt(i === nHonest - 1 ? honestLast : honestEach) })),
    { address: poolHolder, tokens: BigInt(flash) },
  ]);
  const pool = await new FlashLoanPool__factory(deployer).deploy(await token.getAddress());
  await (await token.transfer(await pool.getAddress(), units(flash))).wait();
  await selfDelegate(hre, token, [attacker, ...honest]);
  const treasuryUnits = units(c.chain.treasuryUnits);
  const drain = TestERC20__factory.createInterface().encodeFunctionData("transfer", [attacker.address, treasuryUnits]);

  // 1. The model of Beanstalk's path: votes at the current block, emergencyCommit in the same transaction.
  const minAge = BigInt(c.published.emergencyMinAgeSeconds.value);
  const bps = BigInt(Math.round(c.published.supermajorityShare.value * 10_000));
  const thresholdBps = BigInt(Math.round(c.published.proposalThresholdShare.value * 10_000));
  const same = await new SameBlockEmergencyGovernor__factory(deployer).deploy(
    await token.getAddress(),
    minAge,
    bps,
    thresholdBps,
  );
  const t1 = await new TestERC20__factory(deployer).deploy("Treasury", "TRS");
  await (await t1.mint(await same.getAddress(), treasuryUnits)).wait();
  await (await same.connect(attacker).propose(await t1.getAddress(), drain)).wait();
  const proposedAt = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
  await advanceTo(hre, proposedAt + minAge);
  const flashAttacker = await new SameBlockFlashAttacker__factory(deployer).deploy(
    await pool.getAddress(),
    await same.getAddress(),
  );
  const receipt = await (await flashAttacker.connect(attacker).attack(0n, units(flash))).wait();
  const [forVotes, executed] = await same.proposalState(0n);
  const drained = (await t1.balanceOf(attacker.address)) === treasuryUnits;
  const sameBlock = {
    id: "beanstalk-same-block-model",
    label: "Same-block emergency path (test model of Beanstalk's emergencyCommit)",
    baseline: false,
    model: true,
    passed: executed,
    executed: executed && drained,
    forWeight: tokensOf(forVotes),
    againstWeight: 0,
    weightUnit: "tokens",
    quorumReached: forVotes * 10_000n >= units(S) * bps,
    flashWeightCounted: tokensOf(await flashAttacker.votesDuringLoan()),
    secondsVoteToExecution: receipt !== null && executed ? 0 : null,
  };
  const mechanisms: MechanismOutcome[] = [{ ...sameBlock, stoppedBy: stoppedBy(sameBlock, false) }];

  // 2. OpenZeppelin Governor: snapshot votes, then a timelock. The other holders vote Against in the 7 days.
  const votingPeriod = BigInt(c.published.votingPeriodDays.value) * DAY;
  const oz = await deployOzBaseline(deployer, token, {
    votingDelay: minAge,
    votingPeriod,
    proposalThreshold: units(own),
    quorumPercent: 4n,
    timelockDelay: 2n * DAY,
  });
  const t2 = await new TestERC20__factory(deployer).deploy("Treasury", "TRS");
  await (await t2.mint(await oz.timelock.getAddress(), treasuryUnits)).wait();
  const call2: ProposalCall = {
    targets: [await t2.getAddress()],
    values: [0n],
    calldatas: [drain],
    description: "BIP-18 replay (OZ Governor)",
  };
  const ballots: Ballot[] = [
    { signer: attacker, support: 1 },
    ...honest.map((h) => ({ signer: h, support: 0 as const })),
  ];
  let ozFlash = 0;
  const ozRun = await runProposal(hre, await oz.governor.getAddress(), attacker, call2, ballots, async (g, id) => {
    const voter = await new FlashLoanVoter__factory(deployer).deploy(await pool.getAddress(), await g.getAddress());
    await (await voter.attack(id, units(flash))).wait();
    ozFlash = tokensOf(await voter.lastWeight());
  });
  const ozQuorum = ozRun.for >= (units(S) * 4n) / 100n;
  mechanisms.push(
    outcome(
      {
        id: "oz-governor-simple",
        label: "OpenZeppelin Governor + GovernorCountingSimple + timelock",
        baseline: true,
        model: false,
        weightUnit: "tokens",
        flashWeightCounted: ozFlash,
        secondsVoteToExecution: ozRun.executed ? Number(2n * DAY) : null,
      },
      ozRun,
      ozQuorum,
    ),
  );

  // 3. Counterweight: √ per verified identity at the snapshot; the flash contract holds no identity.
  const cw = await deployCounterweight(
    hre,
    deployer,
    token,
    [attacker, ...honest],
    {
      votingDelay: minAge,
      votingPeriod,
      proposalThreshold: units(own),
      quorumIdentities: identityQuorum(1 + nHonest),
      lateQuorumExtension: DAY,
      timelockDelay: 2n * DAY,
    },
    "history-beanstalk",
  );
  const t3 = await new TestERC20__factory(deployer).deploy("Treasury", "TRS");
  await (await t3.mint(cw.timelock, treasuryUnits)).wait();
  let refused = false;
  const cwRun = await runProposal(
    hre,
    await cw.governor.getAddress(),
    attacker,
    { ...call2, targets: [await t3.getAddress()], description: "BIP-18 replay (Counterweight)" },
    ballots,
    async (g, id) => {
      const voter = await new FlashLoanVoter__factory(deployer).deploy(await pool.getAddress(), await g.getAddress());
      refused = await voter.attack.staticCall(id, units(flash)).then(
        () => false,
        () => true,
      );
      if (!refused) await (await voter.attack(id, units(flash))).wait();
    },
  );
  mechanisms.push(
    await counterweightOutcome(
      cw.governor,
      cwRun,
      { flashWeightCounted: refused ? null : 0, secondsVoteToExecution: cwRun.executed ? Number(2n * DAY) : null },
      refused,
    ),
  );

  // Capture in tokens of the chain's supply (= the published shares × supply): the same-block path
  // needs a flash loan of the supermajority and no tokens held; the snapshot governors need tokens
  // held before the vote. Quote: the $ per share of voting power the published flash loan implies.
  const honestList = honest.map((_, i) => (i === nHonest - 1 ? honestLast : honestEach));
  const honestTotal = S - flash - own;
  const perToken = c.published.flashLoanQuote.value / flash;
  const q = quadraticToWin(own, 1, sqrtWeight(honestList), Number(identityQuorum(1 + nHonest)));
  const linearTokens = linearTokensToWin(own, honestTotal, S * 0.04);
  const capture: CaptureRow[] = [
    {
      mechanism: "beanstalk-same-block-model",
      tokens: 0,
      identities: null,
      quote: 0,
      note: `none held: ${Math.ceil((S * Number(bps)) / 10_000).toLocaleString("en-US")} of ${S.toLocaleString("en-US")} borrowed for one transaction is enough`,
    },
    {
      mechanism: "oz-governor-simple",
      tokens: linearTokens,
      identities: null,
      quote: Math.round(linearTokens * perToken),
      note: `tokens (of ${S.toLocaleString("en-US")}) held at the snapshot if the other holders vote against, kept through the timelock`,
    },
    {
      mechanism: "counterweight",
      tokens: q.tokensAtOwnIdentities,
      identities: q.identitiesAtOwnTokens - 1,
      quote: q.tokensAtOwnIdentities === null ? null : Math.round(q.tokensAtOwnIdentities * perToken),
      note: "tokens one identity must hold at the snapshot, or identities its 0.1 % must be spread over",
    },
  ];
  return {
    ...header(c, c.chain.note),
    mechanisms,
    capture,
    reading: reading(c.title, mechanisms),
  };
}

async function lastProposal(g: {
  queryFilter: IGovernor["queryFilter"];
  filters: IGovernor["filters"];
}): Promise<bigint> {
  const events = await g.queryFilter(g.filters.ProposalCreated());
  const last = events.at(-1);
  if (last === undefined) throw new Error("no proposal");
  return last.args.proposalId;
}

// ───────────────────────────── Build Finance ─────────────────────────────

async function buildFinance(hre: HardhatRuntimeEnvironment, c: BuildCase): Promise<CaseResult> {
  const [deployer] = await hre.ethers.getSigners();
  const S = c.chain.supplyTokens;
  const attackerTokens = c.assumed.attackerTokens.value;
  const against = c.assumed.againstVotes.value;
  const nSilent = c.assumed.silentHolders.value;
  const rest = S - attackerTokens - against.reduce((a, b) => a + b, 0);
  const silentEach = Math.floor(rest / nSilent);
  const signers = await seedFor(hre, c.id, 1 + against.length + nSilent);
  const [attacker] = signers;
  const opponents = signers.slice(1, 1 + against.length);
  const token = await deployToken(
    deployer,
    signers.map((s, i) => ({
      address: s.address,
      tokens: BigInt(
        i === 0
          ? attackerTokens
          : i <= against.length
            ? against[i - 1]
            : i === signers.length - 1
              ? rest - silentEach * (nSilent - 1)
              : silentEach,
      ),
    })),
  );
  await selfDelegate(hre, token, signers);
  const ballots: Ballot[] = [
    { signer: attacker, support: 1 },
    ...opponents.map((s) => ({ signer: s, support: 0 as const })),
  ];
  const hours = (h: number) => BigInt(h) * 3600n;
  const mintControl = async (
    owner: string,
    tag: string,
  ): Promise<{ call: ProposalCall; check: () => Promise<boolean> }> => {
    const owned = await new OwnedMintableToken__factory(deployer).deploy(owner);
    return {
      call: {
        targets: [await owned.getAddress()],
        values: [0n],
        calldatas: [owned.interface.encodeFunctionData("transferOwnership", [attacker.address])],
        description: `Hand mint control to the proposer (${tag})`,
      },
      check: async () => (await owned.owner()) === attacker.address,
    };
  };
  const quorumPercent = BigInt(Math.round((c.published.quorumTokens.value / c.published.supplyTokens.value) * 100));
  const oz = await deployOzBaseline(deployer, token, {
    votingDelay: 1n,
    votingPeriod: hours(c.published.votingPeriodHours.value),
    proposalThreshold: units(c.published.proposalThresholdTokens.value),
    quorumPercent,
    timelockDelay: hours(c.published.executionDelayHours.value),
  });
  const m1 = await mintControl(await oz.timelock.getAddress(), "OZ Governor");
  const ozRun = await runProposal(hre, await oz.governor.getAddress(), attacker, m1.call, ballots);
  const mechanisms: MechanismOutcome[] = [
    outcome(
      {
        id: "oz-governor-simple",
        label: "OpenZeppelin Governor + GovernorCountingSimple (Build's quorum, period, delay)",
        baseline: true,
        model: false,
        weightUnit: "tokens",
      },
      { ...ozRun, executed: ozRun.executed && (await m1.check()) },
      ozRun.for >= units(c.published.quorumTokens.value),
    ),
  ];
  const identities = signers.length;
  const quorumIdentities = identityQuorum(identities);
  const cw = await deployCounterweight(
    hre,
    deployer,
    token,
    signers,
    {
      votingDelay: 1n,
      votingPeriod: hours(c.published.votingPeriodHours.value),
      proposalThreshold: units(c.published.proposalThresholdTokens.value),
      quorumIdentities,
      lateQuorumExtension: 3600n,
      timelockDelay: hours(c.published.executionDelayHours.value),
    },
    "history-build",
  );
  const m2 = await mintControl(cw.timelock, "Counterweight");
  const cwRun = await runProposal(hre, await cw.governor.getAddress(), attacker, m2.call, ballots);
  mechanisms.push(
    await counterweightOutcome(cw.governor, { ...cwRun, executed: cwRun.executed && (await m2.check()) }),
  );
  const againstTotal = against.reduce((a, b) => a + b, 0);
  const q = quadraticToWin(attackerTokens, 1, sqrtWeight(against), Number(quorumIdentities));
  const capture: CaptureRow[] = [
    {
      mechanism: "oz-governor-simple",
      tokens: linearTokensToWin(0, againstTotal, c.published.quorumTokens.value),
      identities: null,
      quote: null,
      note: "BUILD held at the snapshot to pass against the turnout replayed (no price published)",
    },
    {
      mechanism: "counterweight",
      tokens: q.tokensAtOwnIdentities,
      identities: q.identitiesAtOwnTokens - 1,
      quote: null,
      note: `identities beyond the attacker's own to reach the ${quorumIdentities}-identity quorum; no amount of tokens on one identity reaches it`,
    },
  ];
  return { ...header(c, c.chain.note), mechanisms, capture, reading: reading(c.title, mechanisms) };
}

// ───────────────────────────── Compound Proposal 289 ─────────────────────────────

async function compound289(hre: HardhatRuntimeEnvironment, c: CompoundCase): Promise<CaseResult> {
  const [deployer] = await hre.ethers.getSigners();
  const k = c.chain.scale;
  const forTokens = c.published.forVotes.value;
  const againstTokens = c.published.againstVotes.value;
  const nAgainst = c.assumed.againstDelegates.value;
  const againstEach = Math.floor(againstTokens / nAgainst);
  const againstList = Array.from({ length: nAgainst }, (_, i) =>
    i === nAgainst - 1 ? againstTokens - againstEach * (nAgainst - 1) : againstEach,
  );
  const signers = await seedFor(hre, c.id, 1 + nAgainst);
  const [bloc, ...opponents] = signers;
  const scaled = (x: number) => BigInt(x) * BigInt(k);
  const supply = scaled(c.assumed.supplyTokens.value);
  const grant = units(scaled(c.published.grantTokens.value));
  const ballots: Ballot[] = [
    { signer: bloc, support: 1 },
    ...opponents.map((s) => ({ signer: s, support: 0 as const })),
  ];
  const grantCall = (treasury: string, tag: string): ProposalCall => ({
    targets: [treasury],
    values: [0n],
    calldatas: [TestERC20__factory.createInterface().encodeFunctionData("transfer", [bloc.address, grant])],
    description: `Proposal 289 replay: grant to the bloc (${tag})`,
  });

  // 1. GovernorAlpha + UNI (npm artifacts), balances ×scale onto UNI's fixed supply. Uni reads the
  // latest block's time for its minting date: mine one block on the run's clock first.
  await hre.network.provider.request({ method: "evm_mine", params: [] });
  const alpha = await deployAlphaStack(hre, deployer);
  const uniAmounts = [units(scaled(forTokens)), ...againstList.map((a) => units(scaled(a)))];
  await disperseTokens(
    deployer,
    alpha.uni,
    signers.map((s) => s.address),
    uniAmounts,
  );
  await (await alpha.uni.transfer(await alpha.timelock.getAddress(), grant)).wait();
  await sendAll(
    hre.network.provider,
    signers.map((s) => ({ from: s, tx: alpha.uni.delegate.populateTransaction(s.address) })),
  );
  const uniAddress = await alpha.uni.getAddress();
  await (
    await alpha.governor
      .connect(bloc)
      .propose([uniAddress], [0n], [""], [grantCall(uniAddress, "alpha").calldatas[0]], "Proposal 289 replay (alpha)")
  ).wait();
  const idAlpha = await alpha.governor.latestProposalIds(bloc.address);
  await hre.network.provider.request({ method: "hardhat_mine", params: ["0x2"] });
  await sendAll(
    hre.network.provider,
    ballots.map((b) => ({ from: b.signer, tx: alpha.governor.castVote.populateTransaction(idAlpha, b.support === 1) })),
  );
  const p = await alpha.governor.proposals(idAlpha);
  const now = BigInt(await hre.ethers.provider.getBlockNumber());
  await hre.network.provider.request({ method: "hardhat_mine", params: ["0x" + (p.endBlock - now + 1n).toString(16)] });
  const alphaPassed = (await alpha.governor.state(idAlpha)) === ProposalState.Succeeded;
  if (alphaPassed) {
    await (await alpha.governor.queue(idAlpha)).wait();
    await advanceTo(hre, (await alpha.governor.proposals(idAlpha)).eta);
    await (await alpha.governor.execute(idAlpha)).wait();
  }
  const alphaExecuted = (await alpha.uni.balanceOf(bloc.address)) === uniAmounts[0] + grant;
  const alphaRun: GovernorRun = {
    state: await alpha.governor.state(idAlpha),
    passed: alphaPassed,
    executed: alphaExecuted,
    for: p.forVotes,
    against: p.againstVotes,
  };
  const mechanisms: MechanismOutcome[] = [
    outcome(
      {
        id: "uniswap-governor-alpha",
        label: "Uniswap GovernorAlpha + UNI (Compound's Alpha/Bravo counting)",
        baseline: true,
        model: false,
        weightUnit: "tokens",
      },
      alphaRun,
      p.forVotes >= (await alpha.governor.quorumVotes()),
    ),
  ];

  // 2./3. OZ Governor with Bravo's parameters and Counterweight, each over its own ERC20Votes token.
  // One token per governor: a grant paid by one must not change the balances the next one reads.
  const held = scaled(forTokens) + againstList.reduce((a, x) => a + scaled(x), 0n);
  const freshToken = async () => {
    const t = await deployToken(deployer, [
      ...signers.map((s, i) => ({
        address: s.address,
        tokens: i === 0 ? scaled(forTokens) : scaled(againstList[i - 1]),
      })),
      { address: deployer.address, tokens: supply - held },
    ]);
    await selfDelegate(hre, t, signers);
    return t;
  };
  const token = await freshToken();
  const days = (d: number) => BigInt(d) * DAY;
  const oz = await deployOzBaseline(deployer, token, {
    votingDelay: days(c.published.reviewDays.value),
    votingPeriod: days(c.published.votingDays.value),
    proposalThreshold: units(scaled(c.published.proposalThresholdTokens.value)),
    quorumPercent: BigInt(Math.round((c.published.quorumTokens.value / c.assumed.supplyTokens.value) * 100)),
    timelockDelay: days(c.published.timelockDays.value),
  });
  await (await token.transfer(await oz.timelock.getAddress(), grant)).wait();
  const ozRun = await runProposal(
    hre,
    await oz.governor.getAddress(),
    bloc,
    grantCall(await token.getAddress(), "oz"),
    ballots,
  );
  mechanisms.push(
    outcome(
      {
        id: "oz-governor-simple",
        label: "OpenZeppelin Governor + GovernorCountingSimple (Bravo's parameters)",
        baseline: true,
        model: false,
        weightUnit: "tokens",
      },
      ozRun,
      ozRun.for >= units(scaled(c.published.quorumTokens.value)),
    ),
  );
  const identities = c.assumed.blocIdentities.value + nAgainst;
  const cwToken = await freshToken();
  const cw = await deployCounterweight(
    hre,
    deployer,
    cwToken,
    signers,
    {
      votingDelay: days(c.published.reviewDays.value),
      votingPeriod: days(c.published.votingDays.value),
      proposalThreshold: units(scaled(c.published.proposalThresholdTokens.value)),
      quorumIdentities: identityQuorum(identities),
      lateQuorumExtension: DAY,
      timelockDelay: days(c.published.timelockDays.value),
    },
    "history-compound",
  );
  await (await cwToken.transfer(cw.timelock, grant)).wait();
  const cwRun = await runProposal(
    hre,
    await cw.governor.getAddress(),
    bloc,
    grantCall(await cwToken.getAddress(), "counterweight"),
    ballots,
  );
  mechanisms.push(await counterweightOutcome(cw.governor, cwRun));

  const price = c.published.grantQuote.value / c.published.grantTokens.value;
  const q = quadraticToWin(
    forTokens,
    c.assumed.blocIdentities.value,
    sqrtWeight(againstList),
    Number(identityQuorum(identities)),
  );
  const capture: CaptureRow[] = [
    {
      mechanism: "uniswap-governor-alpha",
      tokens: 0,
      identities: null,
      quote: 0,
      note: `the bloc's ${forTokens.toLocaleString("en-US")} already passes; with none of it, ${linearTokensToWin(0, againstTokens, c.published.quorumTokens.value).toLocaleString("en-US")} COMP`,
    },
    {
      mechanism: "counterweight",
      tokens: q.tokensAtOwnIdentities,
      identities: q.identitiesAtOwnTokens - c.assumed.blocIdentities.value,
      quote: q.tokensAtOwnIdentities === null ? null : Math.round(q.tokensAtOwnIdentities * price),
      note: `extra COMP on the bloc's identity (at $${price.toFixed(2)}, the grant's published $/COMP), or identities to spread its COMP over`,
    },
  ];
  return {
    ...header(c, c.chain.note),
    mechanisms,
    capture,
    reading: reading(c.title, mechanisms),
  };
}

// ───────────────────────────── Vote-buying round ─────────────────────────────

async function voteBuying(hre: HardhatRuntimeEnvironment, c: BribeCase): Promise<CaseResult> {
  const [deployer] = await hre.ethers.getSigners();
  const holders = c.assumed.holders.value;
  const briberTokens = c.assumed.briberTokens.value;
  const price = c.published.bribePerVoteQuote.value;
  const linear = cheapestBribes(briberTokens, holders, (t) => t);
  const quadratic = cheapestBribes(Math.sqrt(briberTokens), holders, Math.sqrt);
  if (linear === null || quadratic === null) throw new Error("vote-buying: no bribe set wins");
  const againstWeight = sqrtWeight(holders);
  // Without identity cost the briber splits its own tokens over k addresses: √(k·T) > W.
  const sybils = Math.floor((againstWeight * againstWeight) / briberTokens) + 1;
  const signers = await seedFor(hre, c.id, 1 + holders.length);
  const [briber, ...voters] = signers;
  const sybilSigners = await agentSigners(hre, sybils, 17, "history-vote-buying-sybil");
  const token = await deployToken(deployer, [
    { address: briber.address, tokens: BigInt(briberTokens) },
    ...voters.map((v, i) => ({ address: v.address, tokens: BigInt(holders[i]) })),
  ]);
  await selfDelegate(hre, token, signers);
  const ballotsFor = (bribed: readonly number[]): Ballot[] => [
    { signer: briber, support: 1 },
    ...voters.map((v, i) => ({ signer: v, support: (bribed.includes(i) ? 1 : 0) as 0 | 1 })),
  ];
  const call = (tag: string): ProposalCall => ({
    targets: [deployer.address],
    values: [0n],
    calldatas: ["0x"],
    description: `Bribed proposal (${tag})`,
  });
  const oz = await deployOzBaseline(deployer, token, {
    votingDelay: 1n,
    votingPeriod: 5n * DAY,
    proposalThreshold: 0n,
    quorumPercent: 4n,
    timelockDelay: 1n,
  });
  const ozAddress = await oz.governor.getAddress();
  const ozRun = await runProposal(hre, ozAddress, briber, call("oz"), ballotsFor(linear.bribed));
  const cwParams = {
    votingDelay: 1n,
    votingPeriod: 5n * DAY,
    proposalThreshold: 0n,
    quorumIdentities: identityQuorum(signers.length),
    lateQuorumExtension: DAY,
    timelockDelay: 1n,
  };
  const cw = await deployCounterweight(hre, deployer, token, signers, cwParams, "history-bribe");
  const cwRun = await runProposal(
    hre,
    await cw.governor.getAddress(),
    briber,
    call("counterweight"),
    ballotsFor(quadratic.bribed),
  );
  const cwStatus = await cw.governor.proposalQuorumStatus(await lastProposal(cw.governor));
  // No identity cost: the registry is bypassed (every address its own identity); no bribes, sybils instead.
  // Its own token (a token reads one registry), same allocations.
  const openToken = await deployToken(deployer, [
    { address: briber.address, tokens: BigInt(briberTokens) },
    ...voters.map((v, i) => ({ address: v.address, tokens: BigInt(holders[i]) })),
  ]);
  await selfDelegate(hre, openToken, signers);
  const open = await deployCounterweight(
    hre,
    deployer,
    openToken,
    [...signers, ...sybilSigners],
    { ...cwParams, quorumIdentities: 1n },
    "history-bribe-open",
    true,
  );
  const part = units(briberTokens) / BigInt(sybils);
  await disperseTokens(
    briber,
    openToken,
    sybilSigners.map((s) => s.address),
    sybilSigners.map((_, i) => (i === sybils - 1 ? units(briberTokens) - part * BigInt(sybils - 1) : part)),
  );
  await selfDelegate(hre, openToken, sybilSigners);
  const openRun = await runProposal(hre, await open.governor.getAddress(), voters[0], call("no identity cost"), [
    ...sybilSigners.map((s) => ({ signer: s, support: 1 as const })),
    ...voters.map((v) => ({ signer: v, support: 0 as const })),
  ]);
  const openStatus = await open.governor.proposalQuorumStatus(await lastProposal(open.governor));
  const mechanisms: MechanismOutcome[] = [
    outcome(
      {
        id: "oz-governor-simple",
        label: "OpenZeppelin Governor + GovernorCountingSimple, cheapest bribes",
        baseline: true,
        model: false,
        weightUnit: "tokens",
      },
      ozRun,
      ozRun.for >= (units(briberTokens + holders.reduce((a, b) => a + b, 0)) * 4n) / 100n,
    ),
    outcome(
      {
        id: "counterweight",
        label: "Counterweight (identity registry), cheapest bribes",
        baseline: false,
        model: false,
        weightUnit: "√tokens",
      },
      cwRun,
      cwStatus[2],
    ),
    outcome(
      {
        id: "counterweight-no-identity-cost",
        label: "Counterweight with identities free (registry bypassed): the briber splits its own tokens",
        baseline: false,
        model: false,
        weightUnit: "√tokens",
      },
      openRun,
      openStatus[2],
    ),
  ];
  const bribeQuote = (tokens: number) => Math.round(tokens * price * 100) / 100;
  const capture: CaptureRow[] = [
    {
      mechanism: "oz-governor-simple",
      tokens: linear.tokens,
      identities: null,
      quote: bribeQuote(linear.tokens),
      note: `${linear.bribed.length} holders bribed at $${price} per vote`,
    },
    {
      mechanism: "counterweight",
      tokens: quadratic.tokens,
      identities: null,
      quote: bribeQuote(quadratic.tokens),
      note: `${quadratic.bribed.length} holders bribed at $${price} per vote; buying identities instead pays only below $${(bribeQuote(quadratic.tokens) / (sybils - 1)).toFixed(2)} each`,
    },
    {
      mechanism: "counterweight-no-identity-cost",
      tokens: 0,
      identities: sybils - 1,
      quote: 0,
      note: `the briber's own tokens over ${sybils} free addresses; no bribe`,
    },
  ];
  return { ...header(c, c.chain.note), mechanisms, capture, reading: reading(c.title, mechanisms) };
}

function reading(title: string, ms: readonly MechanismOutcome[]): string {
  const won = ms.filter((m) => m.executed).map((m) => m.label);
  const stopped = ms.filter((m) => !m.executed).map((m) => `${m.label} (stopped by ${m.stoppedBy})`);
  return `${title}: executed under ${won.length > 0 ? won.join("; ") : "no mechanism"}; stopped under ${stopped.length > 0 ? stopped.join("; ") : "no mechanism"}.`;
}

/** Runs one case on the chain (each from a snapshot, so cases do not see each other's state). */
export async function replayCase(hre: HardhatRuntimeEnvironment, c: HistoryCase): Promise<CaseResult> {
  const snapshot = (await hre.network.provider.request({ method: "evm_snapshot", params: [] })) as string;
  try {
    switch (c.kind) {
      case "flash-supermajority":
        return await beanstalk(hre, c);
      case "low-turnout-takeover":
        return await buildFinance(hre, c);
      case "bloc-vote":
        return await compound289(hre, c);
      case "bribe-round":
        return await voteBuying(hre, c);
    }
  } finally {
    await hre.network.provider.request({ method: "evm_revert", params: [snapshot] });
  }
}
