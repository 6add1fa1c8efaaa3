import { formatShare, plural } from "../report/format";
import type { AuditChart } from "./charts";
import type { AuditSummary, JsonFarm, JsonPower } from "./summary";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => formatShare(x, 2);
const tokens = (t: string) => {
  const [i, f = ""] = t.split(".");
  const frac = f.replace(/0+$/, "").slice(0, 4);
  return BigInt(i).toLocaleString("en-US") + (frac === "" ? "" : `.${frac}`);
};

function table(header: string[], rows: string[][], align?: string[]): string {
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `|${(align ?? header.map((_, i) => (i === 0 ? ":---" : "---:"))).join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

const opt = (x: number | null) => (x === null ? "never" : n(x));

function powerRows(label: string, p: JsonPower, unit: string, decimals: number): string[] {
  return [
    label,
    tokensOrCount(p.quorum, unit, decimals),
    n(p.passAloneUnopposed),
    opt(p.smallestUnopposed),
    n(p.passAloneAgainstAll),
    opt(p.smallestAgainstAll),
    n(p.blockAlone),
    n(p.smallestBlock),
  ];
}

function tokensOrCount(raw: string, unit: string, decimals: number): string {
  if (unit === "identities") return plural(Number(raw), "identity", "identities");
  const v = BigInt(raw);
  const d = 10n ** BigInt(decimals);
  return plural(Number(v / d), "token");
}

function farmSection(s: AuditSummary): string[] {
  const rows = s.models.filter((m) => m.farm !== undefined);
  if (rows.length === 0) return [];
  const parts = [
    "## Farm cap what-if (LP token holders)",
    `Every identity stakes its LP balance for one reward period (${n(60)} days, Uniswap's StakingRewards duration) ` +
      `under Uniswap's StakingRewards and under Counterweight's CappedStakingRewards with a per-identity cap of ` +
      `${s.parameters.mining.capOverMeanStake}× the mean stake and ${formatShare(s.parameters.mining.slope, 0)} of the stake above it earning ` +
      "(`mining.capOverMeanStake`, `mining.slope` of the scenario config), both through the model engine.",
  ];
  for (const m of rows) {
    if (m.farm === undefined) continue;
    if ("skipped" in m.farm) {
      parts.push(`_${m.label}: not run — ${m.farm.skipped}._`);
      continue;
    }
    const f: JsonFarm = m.farm;
    const topCols = f.stakeTop.map((t) => `Top-${n(t.k)} share`);
    parts.push(
      `**${m.label}**: cap ${tokens(f.capTokens)} LP per identity; ${plural(f.aboveCap, "identity", "identities")} ${f.aboveCap === 1 ? "stakes" : "stake"} above it, holding ${pct(f.aboveCapStakeShare)} of the stake.`,
      table(
        ["", ...topCols, "Above-cap share", "Gini", "Nakamoto"],
        [
          ["Stake", ...f.stakeTop.map((t) => pct(t.share)), pct(f.aboveCapStakeShare), "", ""],
          [
            "Rewards, Uniswap StakingRewards (baseline)",
            ...f.uniswap.top.map((t) => pct(t.share)),
            pct(f.uniswap.aboveCapRewardShare),
            f.uniswap.gini.toFixed(3),
            n(f.uniswap.nakamoto),
          ],
          [
            "Rewards, Counterweight capped farm",
            ...f.counterweight.top.map((t) => pct(t.share)),
            pct(f.counterweight.aboveCapRewardShare),
            f.counterweight.gini.toFixed(3),
            n(f.counterweight.nakamoto),
          ],
        ],
      ),
    );
  }
  return parts;
}

function vestingSection(s: AuditSummary): string[] {
  const v = s.vesting;
  if (v === undefined) return [];
  const p = s.parameters.vesting;
  const ids = Object.keys(v.firstYearMax);
  const names: Record<string, string> = {
    counterweight: "Counterweight VestingVault",
    "uniswap-treasury-vester": "Uniswap TreasuryVester (baseline)",
    "liquid-at-launch": "Liquid at launch",
  };
  const shown = [
    ...new Set([
      0,
      p.cliffMonths - 1,
      p.cliffMonths,
      Math.round((p.cliffMonths + p.durationMonths) / 2),
      p.durationMonths,
    ]),
  ]
    .filter((m) => m >= 0 && m <= p.durationMonths)
    .sort((a, b) => a - b);
  return [
    "## Vesting what-if (allocations)",
    `${plural(v.allocations, "allocation")} of ${tokens(v.allocatedTokens)} tokens (\`${s.parameters.allocations ?? ""}\`) granted on top of today's holders, ` +
      `vesting with a ${p.cliffMonths}-month cliff to month ${p.durationMonths} (vault tranches every ${plural(p.trancheMonths, "month")}; months of ${p.monthDays} days). ` +
      "Unvested tokens cannot vote in the vault or the vester. The share of the voting tokens (linear) and of the √ weight the beneficiaries carry:",
    table(
      ["Mechanism", "Max linear share, year 1", "Max √ share, year 1", ...shown.map((m) => `Month ${m}: linear / √`)],
      ids.map((id) => [
        names[id] ?? id,
        pct(v.firstYearMax[id].linear),
        pct(v.firstYearMax[id].sqrt),
        ...shown.map((m) => {
          const row = v.months[m];
          return `${pct(row.linear[id])} / ${pct(row.sqrt[id])}`;
        }),
      ]),
    ),
  ];
}

/** One paragraph read off the numbers. */
export function readAudit(s: AuditSummary): string {
  const base = s.models[0];
  const worst = s.models[s.models.length - 1];
  const top1 = (m: typeof base, w: "linear" | "sqrt") => m[w].top.find((t) => t.k === 1)?.share;
  const parts = [
    `${n(base.identities)} holders: under one token one vote ${plural(base.linear.nakamoto, "holder")} ${base.linear.nakamoto === 1 ? "holds" : "hold"} a majority (Gini ${base.linear.gini.toFixed(3)}); ` +
      `with √ weights and one identity per address a majority needs ${plural(base.sqrt.nakamoto, "identity", "identities")} (Gini ${base.sqrt.gini.toFixed(3)}).`,
  ];
  const l = base.linear.power;
  const q = base.sqrt.power;
  parts.push(
    `With nobody else voting, ${plural(l.passAloneUnopposed, "holder")} could pass a proposal alone under the linear quorum of ${s.parameters.ozQuorumPercent} % of the supply, ` +
      `${q.passAloneUnopposed === 0 ? `none under √ counting, whose quorum needs ${plural(Number(q.quorum), "identity", "identities")}` : `${n(q.passAloneUnopposed)} under √ counting (its quorum is ${plural(Number(q.quorum), "identity", "identities")})`}.`,
  );
  if (worst !== base) {
    parts.push(
      `The optimistic bound assumes every address is a different person. If instead ${worst.label.toLowerCase()}, the √ majority needs ${plural(worst.sqrt.nakamoto, "identity", "identities")} ` +
        `and the largest identity holds ${pct(top1(worst, "sqrt") ?? 0)} of the √ weight (against ${pct(top1(base, "sqrt") ?? 0)} in the optimistic bound and ${pct(top1(base, "linear") ?? 0)} of the tokens).`,
    );
  }
  return parts.join(" ");
}

/** report.md of an audit. */
export function renderAuditMarkdown(s: AuditSummary, charts: readonly AuditChart[]): string {
  const src = s.source;
  const what =
    src.kind === "csv"
      ? `\`${src.file}\` (${src.format === "etherscan" ? "Etherscan token-holders export" : "address,balance CSV"})`
      : `Transfer logs of ${src.token} on chain ${src.chainId}, blocks ${src.fromBlock}–${src.toBlock} (${src.measure})`;
  const sym = s.token.symbol ?? "tokens";
  const parts: string[] = [
    "# Counterweight concentration audit",
    `Holders from ${what}: ${n(s.input.holders)} holders with a non-zero balance, ${tokens(s.input.heldTokens)} ${sym} held by the ${n(s.input.kept)} audited ` +
      `(decimals ${s.token.decimals}). Every figure is computed exactly in integers and rounded only for display; \`summary.json\` holds the same numbers, the repository's \`docs/audit.md\` explains each.`,
    "## Checks",
    table(
      ["Check", "Result", "Detail"],
      s.checks.map((c) => [c.name, c.ok ? "ok" : "MISMATCH", c.detail]),
      [":---", ":---", ":---"],
    ),
  ];
  if (s.input.excluded.length > 0) {
    parts.push(
      "## Excluded holders",
      `${plural(s.input.excluded.length, "address", "addresses")} of the kinds ${s.parameters.exclude.join(", ")} (labels \`${s.parameters.labels ?? ""}\`) are left out of every figure below:`,
      table(
        ["Address", "Label", "Kind", "Share of all held"],
        s.input.excluded.slice(0, 50).map((e) => [`\`${e.address}\``, e.label, e.kind, pct(e.share)]),
      ),
    );
  }
  const base = s.models[0];
  const topHeader = base.linear.top.map((t) => `Top-${n(t.k)} share`);
  parts.push(
    "## Concentration today",
    table(
      ["Counting", "Identities", "Gini", "Nakamoto (> 50 %)", ...topHeader, "HHI"],
      [
        [
          "Token weight (linear)",
          n(base.identities),
          base.linear.gini.toFixed(3),
          n(base.linear.nakamoto),
          ...base.linear.top.map((t) => pct(t.share)),
          base.linear.hhi.toFixed(4),
        ],
        [
          "√ weight, one address one identity",
          n(base.identities),
          base.sqrt.gini.toFixed(3),
          n(base.sqrt.nakamoto),
          ...base.sqrt.top.map((t) => pct(t.share)),
          base.sqrt.hhi.toFixed(4),
        ],
      ],
    ),
    "Largest holders:",
    table(
      ["Rank", "Holder", "Balance"],
      base.top.map((h, i) => [
        String(i + 1),
        h.members > 1 ? `${h.name} (${n(h.members)} addresses)` : `\`${h.name}\``,
        `${tokens(h.tokens)} ${sym}`,
      ]),
    ),
  );
  parts.push(
    "## Identity sensitivity (√ counting)",
    "One address, one identity is the optimistic bound: it assumes every address is a different person. Each row below merges more addresses into one identity " +
      "(labelled groups, then the k largest as one party), and the √ weights are counted again:",
    table(
      ["Identity model", "Identities", "√ Gini", "√ Nakamoto", ...topHeader.map((h) => `√ ${h}`), "√ HHI"],
      s.models.map((m) => [
        m.label,
        n(m.identities),
        m.sqrt.gini.toFixed(3),
        n(m.sqrt.nakamoto),
        ...m.sqrt.top.map((t) => pct(t.share)),
        m.sqrt.hhi.toFixed(4),
      ]),
    ),
    "## Who can pass or block a proposal",
    `Linear: OpenZeppelin GovernorCountingSimple with a quorum of ${s.parameters.ozQuorumPercent} % of the supply (${s.input.supplySource === "totalSupply" ? "the token's totalSupply" : "taken as the sum of all balances in the input"}), For + Abstain. ` +
      `√: Counterweight's GovernorCountingQuadratic, ⌊√ votes⌋ per identity, a quorum of ${formatShare(s.parameters.identityQuorumShare, 0)} of the identities (at least 1), every identity taken as verified. ` +
      "“Unopposed”: nobody else votes; “against all”: everyone else votes Against; “block”: everyone else votes For.",
    table(
      [
        "Identity model · counting",
        "Quorum",
        "Pass alone, unopposed",
        "Smallest coalition, unopposed",
        "Pass alone, against all",
        "Smallest coalition, against all",
        "Block alone",
        "Smallest blocking coalition",
      ],
      s.models.flatMap((m) => [
        powerRows(`${m.label} · linear`, m.linear.power, "tokens", s.token.decimals),
        powerRows(`${m.label} · √`, m.sqrt.power, "identities", s.token.decimals),
      ]),
    ),
    ...farmSection(s),
    ...vestingSection(s),
    "## Parameters used",
    table(
      ["Parameter", "Value"],
      [
        ["Linear quorum (`--oz-quorum-percent`)", `${s.parameters.ozQuorumPercent} % of the supply`],
        [
          "√ quorum (`--identity-quorum-share`)",
          `${formatShare(s.parameters.identityQuorumShare, 1)} of the identities`,
        ],
        ["Merged top k (`--merge-top`)", s.parameters.mergeTop.join(", ")],
        ["Top-k shares (`--top-k`)", s.parameters.topK.join(", ")],
        [
          "Labels (`--labels`)",
          s.parameters.labels === null ? "none" : `\`${s.parameters.labels}\` (${n(s.input.labels)} addresses)`,
        ],
        ["Excluded kinds (`--exclude`)", s.parameters.exclude.length === 0 ? "none" : s.parameters.exclude.join(", ")],
        [
          "Farm what-if (`--lp`)",
          s.parameters.lp
            ? `cap ${s.parameters.mining.capOverMeanStake}× mean stake, slope ${s.parameters.mining.slope}`
            : "not run",
        ],
        [
          "Allocations (`--allocations`)",
          s.parameters.allocations === null ? "none" : `\`${s.parameters.allocations}\``,
        ],
        ["Scenario config (`--scenario-config`)", `\`${s.parameters.scenarioConfig}\``],
      ],
      [":---", ":---"],
    ),
    "## Reading",
    readAudit(s),
    ...charts.map((c) => (c.spec === null ? `_Chart “${c.title}” skipped._` : `![${c.title}](${c.file})`)),
  );
  return parts.join("\n\n") + "\n";
}
