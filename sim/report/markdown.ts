import type { ChartOutcome } from "./charts";
import { METRIC_GROUPS, formatMetric, formatShare, metricInfo, plural } from "./format";
import type { JsonMetric, Summary, SummaryScenario } from "./summary";

const TITLES: Record<string, string> = {
  governance: "Governance: a proposal whales favour and most retail opposes",
  mining: "Liquidity mining: one reward period, whales and retail staking LP tokens",
  vesting: "Vesting: VC tokens unlocking into a Uniswap V2 pool while retail buys",
  delegation:
    "Delegation: retail delegating to a handful of delegates, counted linearly, by today's √ and by quadratic delegation",
};

/** Variants with their own section (id prefix → title; the scenario's note of the same key follows the table). */
const VARIANT_SECTIONS: readonly { prefix: string; title: string }[] = [
  { prefix: "worked-example", title: "Worked example (issue 18)" },
  { prefix: "delegate-", title: "Delegates at the snapshot" },
  { prefix: "sync-lag-", title: "Sync lag: revoked identities still counted at the snapshot" },
];
const sectionOf = (id: string) => VARIANT_SECTIONS.find((x) => id.startsWith(x.prefix));

/** Adversary variants reported in their own "Cost of capture" section rather than the variants table. */
const CAPTURE_VARIANTS: ReadonlySet<string> = new Set(["buy-identities"]);
/** The model engine's cost-of-capture rows (one per attack × governor) and the on-chain vote-buying rows. */
const isCaptureRow = (id: string) => id.startsWith("capture-");
const isBribeRow = (id: string) => id.startsWith("bribe-voters-");
const ownSection = (id: string) =>
  CAPTURE_VARIANTS.has(id) || isCaptureRow(id) || isBribeRow(id) || sectionOf(id) !== undefined;

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Union of metric names over rows, in first-seen order (rows may report different metrics). */
function columns(rows: { metrics: Record<string, JsonMetric> }[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.metrics)) seen.add(k);
  return [...seen];
}

function table(first: string, rows: { name: string; metrics: Record<string, JsonMetric> }[]): string {
  const cols = columns(rows);
  const header = `| ${[first, ...cols.map((c) => metricInfo(c).label)].map(cell).join(" | ")} |`;
  const align = `|${[":---", ...cols.map(() => "---:")].join("|")}|`;
  const body = rows.map(
    (r) => `| ${[r.name, ...cols.map((c) => formatMetric(c, r.metrics[c]))].map(cell).join(" | ")} |`,
  );
  return [header, align, ...body].join("\n");
}

/** The assumptions a cost of capture rests on, from the config and the parameters the run used. */
function captureAssumptions(s: SummaryScenario, config: Summary["config"]): string {
  const p = s.parameters ?? {};
  const n = (k: string) => formatMetric(k, p[k]);
  const t = config.retail.turnout;
  const turnout = t.mode === "fixed" ? pct(t.rate) : `${pct(t.min)}–${pct(t.max)} rising with balance`;
  return (
    "Least spend at which the whale-backed proposal succeeds, found by the model engine on the main vote's ballots " +
    "(exact integer tallies, one bought identity or vote at a time until the first win). Assumptions: " +
    `retail turnout ${turnout}, retail verification ${pct(config.retail.verifiedRate)}; ` +
    `an identity costs ${n("captureIdentityPriceTokens")} tokens (budget ${n("captureIdentityBudgetTokens")} tokens, ` +
    `${n("captureQuotePerToken")} quote per token); under the linear governors identities add no weight, so the whales ` +
    "buy the missing tokens at the pool price (no slippage) from holders who do not vote; " +
    `a retail voter not voting For accepts a bribe with probability bribe ÷ (${n("captureBribeAcceptAllAtValueShare")} × its balance value) ` +
    `(seeded; ${n("captureBribeQuotePerToken")} quote per token), the largest tally gains are bought first, ` +
    `and the cost of capture is the least spend over every bribe level (budget ${n("captureBribeBudgetQuote")} quote); ` +
    `the cost at the configured bribe of ${n("captureBribePerVoteQuote")} quote per vote has its own column.`
  );
}

function scenarioSection(name: string, s: SummaryScenario, charts: ChartOutcome[], config: Summary["config"]): string {
  const parts = [`## ${TITLES[name] ?? name}`];
  const mechanisms = Object.entries(s.mechanisms).map(([id, m]) => ({
    name: `${m.label}${m.baseline ? " (baseline)" : ""} \`${id}\``,
    metrics: m.metrics,
  }));
  // One table for the ungrouped metrics, then one per metric group with its note (how, assumptions).
  const groupOf = (k: string) => metricInfo(k).group ?? "";
  const groups = [...new Set(columns(mechanisms).map(groupOf))];
  const only = (g: string) =>
    mechanisms.map((m) => ({
      name: m.name,
      metrics: Object.fromEntries(Object.entries(m.metrics).filter(([k]) => groupOf(k) === g)),
    }));
  parts.push(mechanisms.length > 0 ? table("Mechanism", only("")) : "_No mechanism results._");
  for (const g of groups.filter((x) => x !== "")) {
    const note = s.notes?.[g];
    parts.push(
      `### ${METRIC_GROUPS[g] ?? g}\n\n${table("Mechanism", only(g))}${note === undefined ? "" : `\n\n${note}`}`,
    );
  }
  const parameters = Object.entries(s.parameters ?? {});
  if (parameters.length > 0) {
    const rows = parameters.map(
      ([k, v]) => `| ${cell(metricInfo(k).label)} | \`${k}\` | ${cell(formatMetric(k, v))} |`,
    );
    parts.push(["### Parameters used", "", "| Parameter | Field | Value |", "|:---|:---|---:|", ...rows].join("\n"));
  }
  const variants = Object.entries(s.variants)
    .filter(([id]) => !ownSection(id))
    .map(([id, v]) => ({ name: `${v.label} \`${id}\``, metrics: v.metrics }));
  if (variants.length > 0) parts.push("### Variants\n\n" + table("Variant", variants));
  const rowsWhere = (pick: (id: string) => boolean) =>
    Object.entries(s.variants)
      .filter(([id]) => pick(id))
      .map(([id, v]) => ({ name: `${v.label} \`${id}\``, metrics: v.metrics }));
  const capture = rowsWhere(isCaptureRow);
  if (capture.length > 0)
    parts.push(["### Cost of capture", captureAssumptions(s, config), table("Attack, governor", capture)].join("\n\n"));
  for (const sec of VARIANT_SECTIONS) {
    const rows = rowsWhere((id) => sectionOf(id) === sec);
    const note = s.notes?.[sec.prefix.replace(/-$/, "")];
    if (rows.length > 0)
      parts.push(`### ${sec.title}\n\n${table("Row", rows)}${note === undefined ? "" : `\n\n${note}`}`);
  }
  const bribes = rowsWhere(isBribeRow);
  if (bribes.length > 0) parts.push("### Vote buying on chain\n\n" + table("Governor", bribes));
  for (const [id, v] of Object.entries(s.variants).filter(([vid]) => CAPTURE_VARIANTS.has(vid))) {
    const rows = Object.entries(v.metrics).map(
      ([k, x]) => `| ${cell(metricInfo(k).label)} | \`${k}\` | ${cell(formatMetric(k, x))} |`,
    );
    parts.push(
      [
        `### Cost of capture: ${v.label} \`${id}\``,
        "",
        "| Quantity | Field | Value |",
        "|:---|:---|---:|",
        ...rows,
      ].join("\n"),
    );
  }
  parts.push("### Reading\n\n" + (s.reading.trim() || "_The scenario gave no reading._"));
  for (const c of charts) {
    parts.push("spec" in c ? `![${c.def.title}](${c.def.file})` : `_Chart “${c.def.title}” skipped: ${c.skipped}._`);
  }
  return parts.join("\n\n");
}

const pct = (x: number) => formatShare(x, x * 100 === Math.round(x * 100) ? 0 : 1);

/** "## Assumptions": the behaviour the numbers rest on, as the config the run used states it. */
function assumptions(summary: Summary): string {
  const c = summary.config;
  const t = c.retail.turnout;
  const turnout =
    t.mode === "fixed"
      ? `${pct(t.rate)} of retail agents vote`
      : `retail turnout rises with balance rank from ${pct(t.min)} (smallest holder) to ${pct(t.max)} (largest)`;
  const pref = (p: { for: number; against: number; abstain: number }) =>
    `${pct(p.for)} For, ${pct(p.against)} Against, ${pct(p.abstain)} Abstain`;
  const v = c.vesting;
  const selling =
    v.vcSelling.mode === "sell-fraction"
      ? `sell ${pct(v.vcSelling.fraction)} of their liquid tokens each month`
      : v.vcSelling.mode === "hold"
        ? "never sell"
        : "sell everything liquid each month";
  const rows: [string, string, string][] = [
    ["Retail turnout (governance)", "retail.turnout", `${turnout}; whales and VCs always vote`],
    ["Retail verification", "retail.verifiedRate", `${pct(c.retail.verifiedRate)} of retail agents hold an identity`],
    ["Retail votes", "preferences.retail", pref(c.preferences.retail)],
    ["Whale votes", "preferences.whale", pref(c.preferences.whale)],
    ["VC votes", "preferences.vc", pref(c.preferences.vc)],
    [
      "Farm participation",
      "retail.farmParticipation",
      `${pct(c.retail.farmParticipation)} of retail stake; every whale stakes`,
    ],
    [
      "Farm cap",
      "mining.capOverMeanStake",
      `${c.mining.capOverMeanStake}× the mean non-whale stake per identity; ${pct(c.mining.slope)} of a stake above it earns (mining.slope); ` +
        `${c.mining.unverifiedCapOverCap}× the cap without identity`,
    ],
    [
      "Whale farm exit",
      "mining.whaleExit",
      (c.mining.whaleExit.rule === "below-outside-apr"
        ? `a whale leaves a farm (withdraws and burns its LP) when its APR there is below ${pct(c.mining.whaleExit.outsideApr)} (the outside APR)`
        : c.mining.whaleExit.rule === "always"
          ? "every whale leaves every farm after the period"
          : "whales never leave") +
        `; retail then swaps ${c.mining.retailSwapQuote.toLocaleString("en-US")} WETH (mining.retailSwapQuote)`,
    ],
    [
      "Farm cost of capture",
      "identity.priceTokens",
      `identities at ${c.identity.priceTokens.toLocaleString("en-US")} tokens each (in WETH at the pool price), LP at the pool price, ` +
        `budget ${c.mining.captureBudgetQuote.toLocaleString("en-US")} WETH (mining.captureBudgetQuote)`,
    ],
    [
      "Vesting schedule",
      "vesting",
      `cliff ${v.cliffMonths} months, end ${v.durationMonths} months, vault tranches ${v.trancheMonths === 1 ? "every month" : `every ${v.trancheMonths} months`}`,
    ],
    ["VC selling", "vesting.vcSelling", `VCs ${selling}; they paid ${pct(v.vcPriceOverLaunch)} of the launch price`],
    [
      "Whale strategy",
      "whales.strategy",
      c.whales.strategy === "passive"
        ? "passive (vote and stake as above, never react)"
        : `${c.whales.strategy} (after the main vote; see the governance section)`,
    ],
  ];
  return [
    "## Assumptions",
    "The behaviour behind every number below, from the scenario config the run used " +
      "(`summary.json` → `config`; change it with `--scenario-config FILE`, see docs/report.md):",
    [
      "| Assumption | Config field | Value |",
      "|:---|:---|:---|",
      ...rows.map(([a, field, v]) => `| ${cell(a)} | \`${field}\` | ${cell(v)} |`),
    ].join("\n"),
  ].join("\n\n");
}

/** report.md: the run's parameters, then per scenario its table(s), reading and charts. */
export function renderMarkdown(summary: Summary, charts: ChartOutcome[]): string {
  const o = summary.options;
  const p = summary.population;
  const head = [
    "# Counterweight simulation report",
    `Seed ${o.seed} on \`${o.network}\`: ${plural(p.retail, "retail agent")} ` +
      `(${p.retailVerified.toLocaleString("en-US")} verified), ${plural(p.whales, "whale")} holding ` +
      `${formatShare(p.whaleShare, 0)} and ${plural(p.vcs, "VC")} holding ${formatShare(p.vcShare, 0)} of ` +
      `${Number(p.totalTokens).toLocaleString("en-US")} tokens. Every mechanism ran on this same population. ` +
      "Every metric is explained in the repository's `docs/report.md`; " +
      "`summary.json` holds the same numbers.",
  ];
  const sections = Object.entries(summary.scenarios).map(([name, s]) =>
    scenarioSection(
      name,
      s as SummaryScenario,
      charts.filter((c) => c.def.scenario === name),
      summary.config,
    ),
  );
  const notRun = charts.filter((c) => summary.scenarios[c.def.scenario] === undefined);
  const skipped =
    notRun.length > 0
      ? ["## Charts not drawn", notRun.map((c) => `- ${c.def.file}: ${"skipped" in c ? c.skipped : ""}`).join("\n")]
      : [];
  const w = summary.chainWork;
  const work = [
    "## Chain work",
    table(
      "Scenario",
      Object.entries(w.scenarios).map(([name, v]) => ({
        name,
        metrics: { transactions: v.transactions, blocks: v.blocks },
      })),
    ),
    `Total: ${plural(w.totalTransactions, "transaction")}. Wall times and transactions per second are in ` +
      "`timing.json` (the only file that differs between two runs with the same options).",
  ];
  return [...head, assumptions(summary), ...sections, ...skipped, ...work].join("\n\n") + "\n";
}
