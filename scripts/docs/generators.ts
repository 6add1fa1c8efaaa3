import { formatAmount, formatShare, formatSignedPercent, plural } from "../../sim/report/format";
import type { JsonMetric, SummaryMechanism, SummaryScenario } from "../../sim/report/summary";
import type { ScenarioConfig } from "../../sim/config/schema";
import { configFlagTable, configTable } from "./configTable";
import type { Sources } from "./sources";
import { SWEEP_GENERATORS } from "./sweepBlocks";
import { captureTable, outcomeTable, sourcesList } from "../../sim/history/report";

/** The bench row of attestation-path voters (validity reaches the token by sync, not read per vote). */
const ATTESTED_VOTE =
  "castVote (mean), attestation-path voters (no registry read at vote time: validity reaches the token by sync)";
/** The bench rows of the quadratic-delegation token and split votes, and their baselines. */
const DELEGATION_ROWS: [string, string, string][] = [
  [
    "token transfer between two delegating verified holders (mean)",
    "OZ ERC20Votes transfer between two delegating holders",
    "`transfer` between two delegating (verified) holders",
  ],
  ["delegate (first delegation, verified holder, mean)", "OZ ERC20Votes delegate", "`delegate` (first delegation)"],
  ["delegate (re-delegation: both delegates move, mean)", "OZ ERC20Votes delegate", "`delegate` (re-delegation)"],
  [
    "split vote (mean; support 255, ¼ Against ½ For ¼ Abstain)",
    "OZ Governor + GovernorCountingFractional",
    "split vote (`castVoteWithReasonAndParams`, support 255)",
  ],
];

/**
 * What each generated block of README.md and docs/*.md says, computed from the committed reports
 * (reports/reference/<run>/summary.json, reports/bench/*.json). A block name not listed here is an
 * error, so a typo cannot leave a block unchecked.
 */
export type Generator = (s: Sources) => string;

const gas = (x: number) => formatAmount(x);
const ratio = (x: number, digits = 2) => x.toFixed(digits);

function scenario(s: Sources, run: "seed-42" | "vesting-seed-1", name: "governance" | "mining" | "vesting") {
  const sc = s.summary(run).scenarios[name];
  if (sc === undefined) throw new Error(`reports/reference/${run}/summary.json: no ${name} scenario`);
  return sc;
}

function mechanism(sc: SummaryScenario, id: string): SummaryMechanism {
  const m = sc.mechanisms[id];
  if (m === undefined) throw new Error(`reference summary: no mechanism "${id}"`);
  return m;
}

function num(metrics: Record<string, JsonMetric>, key: string): number {
  const v = metrics[key];
  if (typeof v !== "number") throw new Error(`reference summary: metric "${key}" is not a number (${String(v)})`);
  return v;
}

function variant(sc: SummaryScenario, id: string): Record<string, JsonMetric> {
  const v = sc.variants[id];
  if (v === undefined) throw new Error(`reference summary: no variant "${id}"`);
  return v.metrics;
}

/** "further" / "less far" / "as far": how a drawdown compares with another, in words. */
export function compareFall(a: number, b: number): string {
  if (Math.abs(a - b) < 0.0005) return "as far as";
  return a > b ? "further than" : "less far than";
}

/** The day of the lowest price after the highest one before it (where the max drawdown ends). */
function troughDay(points: { x: number; y: number }[]): number {
  let peak = -Infinity;
  let worst = 0;
  let day = 0;
  for (const p of points) {
    peak = Math.max(peak, p.y);
    const dd = peak > 0 ? (peak - p.y) / peak : 0;
    if (dd > worst) [worst, day] = [dd, p.x];
  }
  return day;
}

function priceOf(sc: SummaryScenario, id: string) {
  return (sc.series.price ?? []).filter((p) => p.series === id);
}

const outcome = (m: SummaryMechanism) => `**${String(m.metrics.outcome)}**`;

function selling(v: ScenarioConfig["vesting"]["vcSelling"]): string {
  if (v.mode === "hold") return "VCs never sell";
  if (v.mode === "sell-fraction") return `VCs sell ${formatShare(v.fraction, 0)} of their liquid tokens each month`;
  return "VCs sell everything liquid each month";
}

/** A farm's cost of capture in the run's words: "131,000 tokens", "nothing (the whales already hold half)". */
function captureCost(m: SummaryMechanism): string {
  const spend = m.metrics.captureSpendTokens;
  if (typeof spend !== "number" || !Number.isFinite(spend))
    return `more than the budget (${String(m.metrics.captureStatus)})`;
  return spend === 0 ? "nothing (the whales already hold half)" : `${formatAmount(spend)} tokens`;
}

/** The behaviour a row's numbers rest on, in words, from the run's config (turnout, verification, identity price). */
export function assumptions(c: ScenarioConfig): { governance: string; mining: string; vesting: string } {
  const t = c.retail.turnout;
  const turnout =
    t.mode === "fixed"
      ? `retail turnout ${formatShare(t.rate, 0)}`
      : `retail turnout ${formatShare(t.min, 0)}–${formatShare(t.max, 0)} rising with balance`;
  const verified = `${formatShare(c.retail.verifiedRate, 0)} of retail verified`;
  const p = c.preferences.retail;
  return {
    governance:
      `${turnout}, ${verified}, retail votes ${formatShare(p.for, 0)} For / ${formatShare(p.against, 0)} Against / ` +
      `${formatShare(p.abstain, 0)} Abstain; whales buy no identities in this run (the report's cost of capture prices ` +
      `one at ${formatAmount(c.identity.priceTokens, 0)} tokens)`,
    mining:
      `${formatShare(c.retail.farmParticipation, 0)} of retail stake, ${verified}; cap ${formatAmount(c.mining.capOverMeanStake, 2)}× ` +
      `the mean retail stake per identity, slope ${formatShare(c.mining.slope, 0)}; whales stake from one identity each`,
    vesting: `cliff ${c.vesting.cliffMonths} months, vesting over ${c.vesting.durationMonths} months; ${selling(c.vesting.vcSelling)}`,
  };
}

/**
 * The sybil row's assumption: split addresses have no identity, and what the run's model engine
 * priced for a whale that buys real ones instead (variant capture-identities-counterweight of
 * summary.json: identities and tokens at identity.priceTokens, and the quote at the pool price).
 */
export function sybilAssumption(gov: SummaryScenario, c: ScenarioConfig): string {
  const base = "the extra addresses have no identity";
  const m = gov.variants["capture-identities-counterweight"]?.metrics;
  if (m === undefined) return `${base}; the run priced no identity purchase`;
  const price = `${formatAmount(c.identity.priceTokens, 0)} tokens each (identity.priceTokens)`;
  if (typeof m.costOfCaptureTokens !== "number")
    return `${base}; bought real identities at ${price} do not win the vote (${String(m.costOfCaptureTokens)})`;
  return (
    `${base}; a whale buying real identities at ${price} wins the vote with ` +
    `${plural(num(m, "identitiesBought"), "identity", "identities")}: cost of capture ` +
    `${formatAmount(num(m, "costOfCaptureTokens"), 0)} tokens (${formatAmount(num(m, "costOfCaptureQuote"), 0)} in the quote asset), ` +
    `${String(m.verdict)} (model engine on the main vote)`
  );
}

export const GENERATORS: Record<string, Generator> = {
  ...SWEEP_GENERATORS,
  /** docs/attacks.md: per replayed attack, its sources, scaling, outcomes and cost of capture. */
  "history-attacks": (s) =>
    s
      .history()
      .cases.map((c) =>
        [
          `### ${c.title} (${c.date})`,
          "Sources:",
          sourcesList(c),
          `Scaling: ${c.scaling}.`,
          outcomeTable(c),
          "Cost of capture (least the attacker must add to win, on the published figures):",
          captureTable(c),
        ].join("\n\n"),
      )
      .join("\n\n"),

  /** README: one row per replayed attack, what happened under each mechanism. */
  "history-readme": (s) => {
    const rows = s.history().cases.map((c) => {
      const cell = (m: { label: string; executed: boolean; stoppedBy: string }) =>
        `${m.label}: ${m.executed ? "**executed**" : `stopped by ${m.stoppedBy}`}`;
      return `| ${c.title} (${c.date}) | ${c.mechanisms.map(cell).join("; ")} |`;
    });
    return ["| Attack replayed | Outcome per mechanism |", "| --- | --- |", ...rows].join("\n");
  },

  /** docs/report.md: every field of the scenario config with its default, from the zod schema. */
  "sim-config": () => configTable(),
  /** docs/report.md: the simulate flags that override one config field each. */
  "sim-config-flags": () => configFlagTable(),

  /** README: the population of the default run. */
  "readme-population": (s) => {
    const p = s.summary("seed-42").population;
    return (
      `seed ${s.summary("seed-42").options.seed}; ${formatAmount(p.retail)} retail, ${plural(p.whales, "whale")} holding ` +
      `${formatShare(p.whaleShare, 0)}, ${plural(p.vcs, "VC")} holding ${formatShare(p.vcShare, 0)}`
    );
  },

  /** README: what the default run shows, one row per question. */
  "readme-results": (s) => {
    const gov = scenario(s, "seed-42", "governance");
    const oz = mechanism(gov, "oz-governor-simple");
    const alpha = mechanism(gov, "uniswap-governor-alpha");
    const cw = mechanism(gov, "counterweight");
    const linear = (m: SummaryMechanism) =>
      `${outcome(m)}, ${plural(num(m.metrics, "nakamotoWeight"), "holder")} decide (Nakamoto ${num(m.metrics, "nakamotoWeight")}, whales ${formatShare(num(m.metrics, "whaleWeightShare"))} of weight)`;
    const sybilK = Math.max(...Object.values(gov.variants).map((v) => Number(v.metrics.k ?? 0)));
    const idGain = num(variant(gov, `sybil-k${sybilK}-identity`), "sybilGain");
    const openGain = num(variant(gov, `sybil-k${sybilK}-bypassed`), "sybilGain");
    const flash = variant(gov, "flash-loan");
    const mining = scenario(s, "seed-42", "mining");
    const sr = mechanism(mining, "uniswap-staking-rewards");
    const farm = mechanism(mining, "counterweight");
    const days = num(mining.parameters, "rewardPeriodDays");
    const vest = scenario(s, "seed-42", "vesting");
    const liquid = mechanism(vest, "liquid-at-launch");
    const vault = mechanism(vest, "counterweight");
    const a = assumptions(s.summary("seed-42").config);
    const rows = [
      ["Scenario", "Real baseline", "Counterweight", "Assumed (this run)"],
      [
        "A proposal whales favour, most retail opposes",
        `OZ Governor: ${linear(oz)}; GovernorAlpha: ${linear(alpha)}`,
        `${outcome(cw)}, whales ${formatShare(num(cw.metrics, "whaleWeightShare"))} of weight, Nakamoto ${formatAmount(num(cw.metrics, "nakamotoWeight"))}`,
        a.governance,
      ],
      [
        `Whale splits over ${formatAmount(sybilK)} addresses`,
        "—",
        `weight ×${ratio(idGain)} with identity checks (×${ratio(openGain)}, √${sybilK} = ${ratio(Math.sqrt(sybilK))}, if the registry were bypassed)`,
        sybilAssumption(gov, s.summary("seed-42").config),
      ],
      [
        `Flash-loaned ${formatAmount(num(flash, "flashLoanVotesHeld"))} votes in the voting block`,
        "—",
        `${formatAmount(num(flash, "flashLoanWeightGained"))} weight gained`,
        "the whales' combined stake borrowed in the block of the vote, identity checks bypassed (only the vote snapshot stops it)",
      ],
      [
        `One ${days}-day farm period on a real Uniswap V2 LP token`,
        `StakingRewards: retail gets ${formatShare(num(sr.metrics, "retailRewardShare"))} of rewards for ${formatShare(num(sr.metrics, "retailStakeShare"))} of stake`,
        `retail gets ${formatShare(num(farm.metrics, "retailRewardShare"))} (×${ratio(num(farm.metrics, "retailRewardOverStake"))} its stake share); whale yield per LP ${ratio(num(farm.metrics, "whaleOverRetailYield"))}× retail's`,
        `${a.mining} and buy none in this run; buying identities at ${formatAmount(s.summary("seed-42").config.identity.priceTokens)} tokens each, ` +
          `taking half the capped farm's rewards costs ${captureCost(farm)}, StakingRewards' ${captureCost(sr)}`,
      ],
      [
        "VC tokens over the first year",
        `liquid at launch: VCs vote with ${formatAmount(num(liquid.metrics, "vcVotingWeightFirstYearMax"))} tokens`,
        `${formatAmount(num(vault.metrics, "vcVotingWeightFirstYearMax"))} votes from unvested tokens`,
        a.vesting,
      ],
    ];
    return table(rows);
  },

  /** README and docs/report.md: the opt-in delegation scenario's headline (reports/reference/delegation-seed-42). */
  "readme-delegation": (s) => {
    const summary = s.summary("delegation-seed-42");
    const sc = summary.scenarios.delegation;
    if (sc === undefined) throw new Error("reports/reference/delegation-seed-42/summary.json: no delegation scenario");
    const p = sc.parameters ?? {};
    const pop = summary.population;
    const rows = [
      [
        "Counting (same token, same population)",
        "Outcome",
        "Retail weight share (through delegates)",
        "Delegators keep (× their direct weight)",
      ],
    ];
    for (const id of ["oz-governor-simple", "todays-sqrt", "counterweight"]) {
      const m = mechanism(sc, id);
      rows.push([
        m.label,
        outcome(m),
        `${formatShare(num(m.metrics, "retailWeightShare"))} (${formatShare(num(m.metrics, "delegatedWeightShare"))})`,
        ratio(num(m.metrics, "delegationKept"), 3),
      ]);
    }
    const w = variant(sc, "worked-example");
    const lag = Object.entries(sc.variants)
      .filter(([id]) => id.startsWith("sync-lag-"))
      .map(
        ([, v]) =>
          `${String(v.metrics.keeperInterval)}: ${formatAmount(num(v.metrics, "staleSqrtWeight"), 1)} stale √ weight (${formatShare(num(v.metrics, "staleWeightShare"))} of the valid delegated Σ√), ${plural(num(v.metrics, "staleSeats"), "stale seat")}, ${plural(num(v.metrics, "keeperTransactions"), "keeper transaction")}`,
      );
    return [
      `Delegation (opt-in: \`npm run simulate -- --scenario delegation\`, reference run \`reports/reference/delegation-seed-42/\`): ` +
        `seed ${summary.options.seed}, ${formatAmount(pop.retail)} retail of which ${formatShare(Number(p.retailDelegateShare), 0)} delegate to ${plural(Number(p.delegates), "delegate")} ` +
        `(chosen by ${String(p.delegateChoice)}; their votes: ${String(p.delegateVotes)}, where "split" is a custodian splitting its vote) and ${formatShare(Number(p.retailDirectShare), 0)} vote themselves; ` +
        `whales and VCs vote directly. Each tally is checked against the model engine to the wei.`,
      table(rows),
      `${formatAmount(num(w, "holders"))} holders × ${formatAmount(num(w, "tokensEach"))} tokens delegating to one delegate: ` +
        `${formatAmount(num(w, "todaysSqrtWeight"), 1)} under today's √ (√${formatAmount(num(w, "holders") * num(w, "tokensEach"))}), ` +
        `${formatAmount(num(w, "quadraticWeight"), 1)} under quadratic delegation (${formatAmount(num(w, "holders"))} · √${formatAmount(num(w, "tokensEach"))}), ×${ratio(num(w, "delegationCostTimes"), 1)}.`,
      `Sync lag (${formatAmount(Number(p.syncLagRevoked))} delegators revoked at seeded times in the ${formatAmount(Number(p.syncLagWindowSeconds) / 86_400, 1)} days before the snapshot; the \`cw:sync\` planner as keeper), by keeper interval: ${lag.join("; ")}.`,
    ].join("\n\n");
  },

  /** README: transactions and time of the default run. */
  "readme-timing": (s) => {
    const sim = s.bench("simulation");
    const tx = s.summary("seed-42").chainWork.totalTransactions;
    return (
      `The default run sends ${formatAmount(tx)} transactions; \`npm run bench\` measured it at ` +
      `${s.benchValue("simulation", "simulator.wallSeconds").toFixed(0)} s on this project's 2-core machine ` +
      `(\`reports/bench/simulation.json\`: ${formatAmount(s.benchValue("simulation", "simulator.txPerSecond"))} tx/s, ` +
      `${ratio(s.benchValue("simulation", "simulator.ratioToCeiling"))} of the chain's raw ceiling for plain transfers` +
      `${sim.network === "hardhat" ? ", in-process Hardhat chain" : ""}; ` +
      `${s.benchValue("simulation", "simulator.wallTimeOverCeiling").toFixed(1)}× the time of 2,000 plain transfers measured in the same run, before and after it; ` +
      `${s.benchValue("simulation", "simulator.cpuTimeOverCeiling").toFixed(1)}× their CPU time). ` +
      `Of that wall time ${s.benchValue("simulation", "simulator.split.evmSeconds").toFixed(0)} s is EVM execution inside the provider ` +
      `(mining transactions and blocks, and eth_call) and ${s.benchValue("simulation", "simulator.split.jsRpcOverheadSeconds").toFixed(0)} s is JS/RPC overhead ` +
      `(${s.benchValue("simulation", "simulator.split.queries").toFixed(0)} s in other provider requests such as receipts, ` +
      `${s.benchValue("simulation", "simulator.split.js").toFixed(0)} s in JavaScript outside the provider).`
    );
  },

  /** README: the largest agent count measured by `npm run bench:scale`, its memory and its linearity. */
  "readme-scale": (s) => {
    const scale = s.bench("scale");
    const runs = scale.runs as { agents: number; wallSeconds: number; peakTreeMB: number }[];
    const largest = runs[runs.length - 1];
    const smallest = runs[0];
    const lin = (scale.linearity as { to: number; wallTime: number }[]).find((l) => l.to === largest.agents);
    if (lin === undefined) throw new Error(`reports/bench/scale.json: no linearity to ${largest.agents} agents`);
    const linearity = lin.wallTime;
    return (
      `\`npm run bench:scale\` (\`reports/bench/scale.json\`) ran \`--agents ${largest.agents}\` in ` +
      `${largest.wallSeconds.toFixed(0)} s with a peak of ${formatAmount(largest.peakTreeMB)} MB resident over all its processes ` +
      `(EDR's native heap included; ${formatAmount(smallest.agents)} agents: ${smallest.wallSeconds.toFixed(0)} s, ` +
      `${formatAmount(smallest.peakTreeMB)} MB). Its wall time per agent is ${linearity.toFixed(2)}× that of ` +
      `${formatAmount(smallest.agents)} agents (1 would be exactly linear).`
    );
  },

  /** README: the vesting finding that does not favour the narrative, with its comparison words. */
  "readme-vesting-finding": (s) => {
    const vest = scenario(s, "seed-42", "vesting");
    const liquid = num(mechanism(vest, "liquid-at-launch").metrics, "retailAvgPnlPct");
    const vault = num(mechanism(vest, "counterweight").metrics, "retailAvgPnlPct");
    const verdict =
      vault < liquid
        ? `retail buyers did worse under vesting (${formatSignedPercent(vault)} average P&L) than when VCs dumped at launch and retail bought the crash (${formatSignedPercent(liquid)})`
        : `retail buyers did better under vesting (${formatSignedPercent(vault)} average P&L) than when VCs dumped at launch (${formatSignedPercent(liquid)})`;
    return `vesting moves VC selling later, it does not remove it; in this seeded market ${verdict}.`;
  },

  /** README: the gas table. */
  "readme-gas": (s) => {
    const OZ = "OZ Governor + GovernorCountingSimple";
    const OZ_LQ = "OZ Governor + GovernorCountingSimple + GovernorPreventLateQuorum (same OZ modules as ours)";
    const vote = s.comparison("governance", "castVote (mean)", OZ);
    const voteLq = s.comparison("governance", "castVote (mean)", OZ_LQ);
    const voters = s.benchValue("governance", "voters");
    const life = ["propose", "queue", "execute"].map((op) => s.comparison("governance", op, OZ));
    const m = (op: string) => s.comparison("mining", op);
    const first = m("stake (very first stake into an empty farm)");
    const joining = m("stake (new staker, farm already has stakers)");
    const rotated = m("stake (new staker on an identity rotated to it; once per rotation and farm)");
    const rest = ["stake (top-up)", "withdraw", "getReward", "exit"].map(m);
    const create = s.comparison("vesting", "create one cliff+linear schedule (funded) vs deploy OZ VestingWallet");
    const rel1 = s.comparison("vesting", "release (first) vs OZ VestingWallet.release(token), same schedule and time");
    const rel2 = s.comparison("vesting", "release (steady) vs OZ VestingWallet.release(token)");
    const target = (c: { target?: number }) => (c.target === undefined ? "" : ` (target ${ratio(c.target)})`);
    const slash = (xs: number[], f: (x: number) => string) => xs.map(f).join(" / ");
    return table([
      ["Operation", "Ours", "Baseline", "Ratio"],
      [
        `\`castVote\` (mean of ${voters})`,
        gas(vote.ours),
        `${OZ} ${gas(vote.baseline)}`,
        `${ratio(vote.ratio)}${target(vote)}; ${ratio(voteLq.ratio)} against OZ with the same late-quorum module`,
      ],
      [
        "`propose` / `queue` / `execute`",
        slash(
          life.map((c) => c.ours),
          gas,
        ),
        `OZ ${slash(
          life.map((c) => c.baseline),
          gas,
        )}`,
        slash(
          life.map((c) => c.ratio),
          (x) => ratio(x),
        ),
      ],
      [
        "farm `stake`, very first into an empty farm",
        gas(first.ours),
        `Uniswap StakingRewards ${gas(first.baseline)}`,
        `${ratio(first.ratio)}${target(first)}`,
      ],
      [
        "farm `stake`, a new staker joining existing stakers",
        gas(joining.ours),
        `Uniswap StakingRewards ${gas(joining.baseline)}`,
        `${ratio(joining.ratio)}${target(joining)}`,
      ],
      [
        "farm `stake`, first stake of a key an identity was rotated to",
        gas(rotated.ours),
        `Uniswap StakingRewards ${gas(rotated.baseline)}`,
        `${ratio(rotated.ratio)} (once per rotation and farm, see below)`,
      ],
      [
        "farm `stake` top-up / `withdraw` / `getReward` / `exit`",
        slash(
          rest.map((c) => c.ours),
          gas,
        ),
        slash(
          rest.map((c) => c.baseline),
          gas,
        ),
        slash(
          rest.map((c) => c.ratio),
          (x) => ratio(x),
        ),
      ],
      [
        "create a cliff + linear schedule",
        gas(create.ours),
        `deploying an OZ VestingWallet ${gas(create.baseline)}`,
        `${ratio(create.ratio)}${target(create)}`,
      ],
      [
        "`release`, first / a month later",
        `${gas(rel1.ours)} / ${gas(rel2.ours)}`,
        `OZ \`VestingWallet.release(token)\` ${gas(rel1.baseline)} / ${gas(rel2.baseline)}`,
        `${ratio(rel1.ratio)} / ${ratio(rel2.ratio)}${target(rel2)}`,
      ],
    ]);
  },

  /** README and docs: the farm's cost with 1 and 2,000 prior stakers. */
  "farm-scaling": (s) => {
    const one = s.benchValue("mining", "scaling.priorStakers1");
    const many = s.benchValue("mining", "scaling.priorStakers2000");
    return one === many
      ? `Farm calls cost the same with 1 or 2,000 prior stakers (${gas(one)} gas for a new staker's \`stake\` in both).`
      : `A new staker's \`stake\` costs ${gas(one)} gas with 1 prior staker and ${gas(many)} with 2,000.`;
  },

  /** docs/governance.md: the gas table. */
  "governance-gas": (s) => {
    const OZ = "OZ Governor + GovernorCountingSimple";
    const OZ_LQ = "OZ Governor + GovernorCountingSimple + GovernorPreventLateQuorum (same OZ modules as ours)";
    const ALPHA = "Uniswap GovernorAlpha";
    const rows: string[][] = [
      [
        "Operation",
        "Counterweight",
        OZ,
        "ratio",
        "OZ + CountingSimple + PreventLateQuorum",
        "ratio",
        "GovernorAlpha",
        "ratio",
      ],
    ];
    for (const op of ["castVote (mean)", "propose", "queue", "execute"]) {
      const oz = s.comparison("governance", op, OZ);
      const lq = op === "castVote (mean)" ? s.comparison("governance", op, OZ_LQ) : undefined;
      const alpha = s.comparison("governance", op, ALPHA);
      const name = op === "castVote (mean)" ? "`castVote` (mean)" : `\`${op}\``;
      rows.push([
        name,
        gas(oz.ours),
        gas(oz.baseline),
        ratio(oz.ratio, 3),
        lq ? gas(lq.baseline) : "",
        lq ? ratio(lq.ratio, 3) : "",
        gas(alpha.baseline),
        ratio(alpha.ratio, 3),
      ]);
      if (op === "castVote (mean)") {
        const att = s.comparison("governance", ATTESTED_VOTE, OZ);
        rows.push([
          "`castVote` (mean), attested voters",
          gas(att.ours),
          gas(att.baseline),
          ratio(att.ratio, 3),
          "",
          "",
          "",
          "",
        ]);
      }
    }
    return table(rows);
  },

  /** docs/governance.md: the castVote target sentence. */
  "governance-vote-target": (s) => {
    const OZ = "OZ Governor + GovernorCountingSimple";
    const c = s.comparison("governance", "castVote (mean)", OZ);
    const a = s.comparison("governance", ATTESTED_VOTE, OZ);
    const verdict = (r: number, t: number) => (r <= t ? "met" : "NOT met");
    const t = c.target ?? NaN;
    const ta = a.target ?? NaN;
    return (
      `For Merkle-path voters the target of ${ratio(t)}× plain OZ \`castVote\` is ${verdict(c.ratio, t)} ` +
      `(${ratio(c.ratio, 3)}×); attestation-path voters pay the same (no registry read at vote time: the EAS ` +
      `validity read moved to \`sync\`), so their target of ${ratio(ta)}× is ${verdict(a.ratio, ta)} ` +
      `(${ratio(a.ratio, 3)}×, ${gas(a.ours)} gas).`
    );
  },

  /** docs/governance.md: the quadratic-delegation token and split-vote gas table. */
  "governance-delegation-gas": (s) => {
    const rows: string[][] = [["Operation", "Counterweight", "Baseline", "baseline gas", "ratio", "target"]];
    for (const [op, baseline, label] of DELEGATION_ROWS) {
      const c = s.comparison("governance", op, baseline);
      const target =
        c.target === undefined ? "" : `≤ ${ratio(c.target, 2)}× (${c.ratio <= c.target ? "met" : "NOT met"})`;
      rows.push([label, gas(c.ours), baseline, gas(c.baseline), ratio(c.ratio, 3), target]);
    }
    const syncMerkle = s.benchValue("governance", "identity.syncFirstMerklePathMean");
    const syncEas = s.benchValue("governance", "identity.syncFirstAttestationPathMean");
    rows.push(["`sync` (first, Merkle-path identity)", gas(syncMerkle), "", "", "", ""]);
    rows.push(["`sync` (first, attestation-path identity)", gas(syncEas), "", "", "", ""]);
    const syncExt = s.benchValue("governance", "identity.syncFirstCoinbaseSourcePathMean");
    rows.push(["`sync` (first, Coinbase Verifications identity)", gas(syncExt), "", "", "", ""]);
    return table(rows);
  },

  /** docs/governance.md: where the validity read went (debug traces of the bench's syncs). */
  "governance-attestation-breakdown": (s) => {
    const v = (k: string) => s.benchValue("governance", `identity.tracedInSync.${k}`);
    const vote = s.benchValue("governance", "identity.castVoteMeanAttestationPath");
    const merkle = s.benchValue("governance", "identity.castVoteMeanMerklePath");
    const sync = s.benchValue("governance", "identity.syncFirstAttestationPathMean");
    return (
      `An attestation-path vote costs ${gas(vote)} gas on average against ${gas(merkle)} on the Merkle path: ` +
      `a vote reads no registry, the validity read happens in \`sync\` (${gas(sync)} gas for a first sync). ` +
      `There the token's call to the registry costs ${gas(v("registryCallAttestationPath"))} gas ` +
      `(${gas(v("registryCallMerklePath"))} on the Merkle path), of which the registry's call to EAS ` +
      `\`getAttestation\` is ${gas(v("easGetAttestationCall"))} and the registry's own work ` +
      `${gas(v("registryOwnAttestationPath"))}.`
    );
  },

  /** docs/governance.md: what the late-quorum module costs OZ itself per vote. */
  "governance-late-quorum-cost": (s) => {
    const simple = s.comparison("governance", "castVote (mean)", "OZ Governor + GovernorCountingSimple");
    const lq = s.comparison(
      "governance",
      "castVote (mean)",
      "OZ Governor + GovernorCountingSimple + GovernorPreventLateQuorum (same OZ modules as ours)",
    );
    return gas(lq.baseline - simple.baseline);
  },

  /** docs/vesting.md: the gas table. */
  "vesting-gas": (s) => {
    const rows: string[][] = [["operation", "ours", "baseline", "ratio", "target"]];
    const wanted: [string, string][] = [
      [
        "create one cliff+linear schedule (funded) vs deploy OZ VestingWallet",
        "create one cliff+linear schedule (funded) vs deploy OZ VestingWallet",
      ],
      [
        "create one schedule, execution gas vs Sablier createWithTimestampsLL with cliff",
        "create one schedule, execution gas vs Sablier createWithTimestampsLL with cliff",
      ],
      [
        "create one schedule, execution gas vs Sablier createWithTimestampsLL without cliff",
        "same, vs Sablier without cliff",
      ],
      [
        "batch of 50: execution gas per schedule vs Sablier batch of 50",
        "batch of 50: execution gas per schedule vs Sablier batch of 50",
      ],
      ["batch of 50 per schedule vs one schedule (gasUsed)", "batch of 50 per schedule vs one schedule"],
      [
        "release (first) vs OZ VestingWallet.release(token), same schedule and time",
        "first release vs OZ VestingWallet.release(token), same schedule and time",
      ],
      [
        "release (steady) vs OZ VestingWallet.release(token)",
        "steady release (second, a month later) vs OZ VestingWallet",
      ],
      [
        "release (steady), execution gas vs Sablier withdraw (30k, top of range)",
        "steady release, execution gas vs Sablier withdraw (30k)",
      ],
      ["Merkle set-up, 100,000 vs 10 beneficiaries", "Merkle set-up, 100,000 vs 10 beneficiaries"],
    ];
    for (const [op, label] of wanted) {
      const c = s.comparison("vesting", op);
      const equal = c.baselineName.startsWith("same call");
      const t =
        c.target === undefined ? "" : equal ? "equal" : `${op.includes("vs one schedule") ? "<" : "≤"} ${c.target}`;
      rows.push([
        label,
        gas(c.ours),
        gas(c.baseline),
        ratio(c.ratio, Math.abs(c.ratio - 1) < 0.02 && !equal ? 3 : 2),
        t,
      ]);
    }
    return table(rows);
  },

  /** docs/vesting.md: the OZ wallet's funding transfer, excluded from its deployment figure. */
  "vesting-oz-funding": (s) => gas(s.benchValue("vesting", "figures.ozVestingWalletFundingTransfer")),

  /** docs/vesting.md: how much less a steady release costs than OZ's. */
  "vesting-steady-saving": (s) =>
    gas(
      s.benchValue("vesting", "figures.releaseSteady.ozVestingWallet") -
        s.benchValue("vesting", "figures.releaseSteady.ours"),
    ),

  /** docs/vesting.md: the seed-1 vesting simulation, numbers and comparisons. */
  "vesting-simulation": (s) => vestingParagraph(s, "vesting-seed-1"),

  /** docs/report.md: what the price chart of the default run shows. */
  "report-vesting-price": (s) => {
    const vest = scenario(s, "seed-42", "vesting");
    const dd = (id: string) => num(mechanism(vest, id).metrics, "maxDrawdown");
    const at = (id: string) => troughDay(priceOf(vest, id));
    const [liquid, tv, vault] = ["liquid-at-launch", "uniswap-treasury-vester", "counterweight"];
    const when = (id: string) => (at(id) === 0 ? "on launch day" : `by day ${formatAmount(at(id))}`);
    return (
      `In the reference run (seed ${s.summary("seed-42").options.seed}, \`reports/reference/seed-42/\`) tokens liquid at launch ` +
      `lost ${formatShare(dd(liquid))} of the price ${when(liquid)}; under the TreasuryVester the worst fall was ` +
      `${formatShare(dd(tv))} ${when(tv)}, and under the Counterweight vault ${formatShare(dd(vault))} ${when(vault)}: ` +
      `vesting moved the fall ${at(vault) > at(liquid) ? "later" : at(vault) < at(liquid) ? "earlier" : "nowhere in time"}, ` +
      `and the vault's price fell ${compareFall(dd(vault), dd(liquid))} the liquid one's.`
    );
  },
};

function vestingParagraph(s: Sources, run: "seed-42" | "vesting-seed-1"): string {
  const summary = s.summary(run);
  const vest = scenario(s, run, "vesting");
  const p = vest.parameters;
  const ids = ["liquid-at-launch", "uniswap-treasury-vester", "counterweight"] as const;
  const metric = (k: string) => ids.map((id) => num(mechanism(vest, id).metrics, k));
  const [ddL, ddT, ddC] = metric("maxDrawdown");
  const [pnlL, pnlT, pnlC] = metric("retailAvgPnlPct");
  const [procL, procT, procC] = metric("vcProceeds");
  const votes = metric("vcVotingWeightFirstYearMax");
  const bestPnl = Math.max(pnlL, pnlT, pnlC);
  const pnlWords =
    bestPnl === pnlL
      ? `Retail average P&L is HIGHER when VCs dump at launch (${formatSignedPercent(pnlL)}: later buyers buy the crash) than under vesting (${formatSignedPercent(pnlT)} TreasuryVester, ${formatSignedPercent(pnlC)} Counterweight: buyers of year one meet the unlocks later)`
      : `Retail average P&L is ${formatSignedPercent(pnlL)} when VCs dump at launch, ${formatSignedPercent(pnlT)} under TreasuryVester and ${formatSignedPercent(pnlC)} under Counterweight`;
  const proceedsWords =
    Math.min(procT, procC) > procL
      ? "VC proceeds are higher under vesting (they sell into a deeper pool)"
      : "VC proceeds are not higher under vesting in this run";
  return (
    `VCs hold ${formatShare(num(p, "vcSupplyShare"), 0)} of the supply, bought at ${num(p, "vcPriceOverLaunch")} of the launch price; a real Uniswap V2 pool seeded with ` +
    `${formatAmount(num(p, "poolTokens"))} tokens + ${formatAmount(num(p, "poolTokens") * num(p, "launchPrice"))} quote; ` +
    `${num(p, "months") + 1} monthly steps; a seeded sample of ≤ ${num(p, "retailBuyersMax")} retail buyers buys once each; VCs sell everything they can. ` +
    `With ${formatAmount(summary.population.retail)} retail (seed ${summary.options.seed}, \`reports/reference/${run}/\`): drawdown ` +
    `${formatShare(ddL)} liquid / ${formatShare(ddT)} TreasuryVester / ${formatShare(ddC)} Counterweight; VC voting weight in year one ` +
    `${votes.map((v) => formatAmount(v)).join(" / ")}. ${pnlWords}, and ${proceedsWords}: ` +
    `${formatAmount(procL)} / ${formatAmount(procT)} / ${formatAmount(procC)} quote. ` +
    `Vesting moves the sell pressure in time; it does not remove it, and here the vault's price fell ${compareFall(ddC, ddL)} the liquid one's.`
  );
}

/** A Markdown table (prettier aligns it when the document is formatted). */
function table(rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  const line = (r: string[]) => `| ${r.map(esc).join(" | ")} |`;
  return [line(rows[0]), `|${rows[0].map(() => " --- ").join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
