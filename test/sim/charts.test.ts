import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHARTS, planCharts } from "../../sim/report/charts";
import { EQUALITY_LABEL } from "../../sim/report/charts/lorenz";
import { EQUALITY_LOOK, GROUP_LOOKS, MECHANISM_LOOKS, lookOf } from "../../sim/report/charts/palette";
import { shareBars, sharesSpec } from "../../sim/report/charts/shares";
import { buildSummary, type Summary, type SummaryScenario } from "../../sim/report/summary";
import { writeReport } from "../../sim/report/write";
import { svgTexts } from "./helpers/xml";
import { syntheticRun } from "./helpers/syntheticRun";

type Json = Record<string, unknown>;

/** Every (field → scale) pair of a spec, layers included. */
function encodings(spec: Json): Json[] {
  const own = spec.encoding === undefined ? [] : [spec.encoding as Json];
  const layers = (spec.layer as Json[] | undefined) ?? [];
  return [...own, ...layers.flatMap(encodings)];
}

/** label → colour, from every colour scale of a spec. */
function colours(spec: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of encodings(spec)) {
    const scale = (e.color as Json | undefined)?.scale as { domain?: string[]; range?: string[] } | undefined;
    scale?.domain?.forEach((d, i) => out.set(d, String(scale.range?.[i])));
  }
  return out;
}

function legends(spec: Json): Json[] {
  return encodings(spec).flatMap((e) =>
    Object.values(e).flatMap((channel) => {
      const legend = (channel as Json | undefined)?.legend;
      return legend === undefined || legend === null ? [] : [legend as Json];
    }),
  );
}

describe("report charts", function () {
  const summary: Summary = buildSummary(syntheticRun(["governance", "mining", "vesting"]));
  const plans = planCharts(summary);
  const specs = plans.flatMap((p) => ("spec" in p ? [{ file: p.def.file, spec: p.spec as unknown as Json }] : []));

  it("should draw every chart of a complete run", function () {
    expect(specs.map((s) => s.file)).to.deep.equal(CHARTS.map((c) => c.file));
  });

  describe("palette", function () {
    it("should give every mechanism id its own colour and look", function () {
      const used = Object.values(MECHANISM_LOOKS).map((l) => l.color);
      expect(new Set(used).size).to.equal(used.length);
      expect(used).to.not.include(EQUALITY_LOOK.color);
      for (const g of Object.values(GROUP_LOOKS)) expect(used).to.not.include(g.color);
      expect(lookOf("some-new-baseline")).to.deep.equal(lookOf("some-new-baseline"));
    });

    it("should colour a mechanism the same in every chart, and the equality line the same grey", function () {
      const byId = new Map<string, Set<string>>();
      for (const { spec } of specs) {
        for (const [label, colour] of colours(spec)) {
          if (label === EQUALITY_LABEL) {
            expect(colour).to.equal(EQUALITY_LOOK.color);
            continue;
          }
          for (const sc of Object.values(summary.scenarios) as SummaryScenario[]) {
            for (const [id, m] of Object.entries(sc.mechanisms)) {
              if (label === m.label || label.startsWith(`${m.label} (Gini`)) {
                expect(colour, `${label}`).to.equal(lookOf(id).color);
                byId.set(id, (byId.get(id) ?? new Set()).add(colour));
              }
            }
          }
        }
      }
      // counterweight appears in the Lorenz charts of two scenarios and in the price chart: one colour.
      expect([...(byId.get("counterweight") ?? [])]).to.deep.equal([MECHANISM_LOOKS.counterweight.color]);
      for (const colourSet of byId.values()) expect(colourSet.size).to.equal(1);
    });

    it("should tell lines apart by dash pattern in Lorenz charts and by marker shape in the price chart", function () {
      const lorenz = specs.find((s) => s.file === "governance-lorenz.svg")?.spec as Json;
      const dash = (encodings(lorenz)[0].strokeDash as Json).scale as { range: number[][] };
      expect(new Set(dash.range.map((d) => d.join(","))).size).to.equal(dash.range.length);
      const price = specs.find((s) => s.file === "vesting-price.svg")?.spec as Json;
      const shape = encodings(price).find((e) => e.shape !== undefined)?.shape as Json;
      const shapes = (shape.scale as { range: string[] }).range;
      expect(new Set(shapes).size).to.equal(shapes.length);
    });
  });

  describe("legends", function () {
    it("should never limit label width (labelLimit 0), in every legend of every chart", function () {
      for (const { file, spec } of specs) {
        const ls = legends(spec);
        expect(ls.length, file).to.be.greaterThan(0);
        for (const l of ls) expect(l.labelLimit, file).to.equal(0);
      }
    });

    it("should print long mechanism names whole in the SVG", async function () {
      const run = syntheticRun(["vesting"]);
      const long = "A deliberately long mechanism label that goes well past Vega's default 160-pixel limit";
      run.results[0] = {
        ...run.results[0],
        mechanisms: run.results[0].mechanisms.map((m) => (m.id === "counterweight" ? { ...m, label: long } : m)),
      };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-legend-"));
      try {
        await writeReport(run, dir);
        const texts = svgTexts(fs.readFileSync(path.join(dir, "vesting-price.svg"), "utf8"));
        expect(texts).to.include(long);
        expect(texts.filter((t) => t.includes("…"))).to.deep.equal([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("share charts", function () {
    it("should stack whales, VCs and retail to 100% in every bar", function () {
      for (const file of ["governance-shares.svg", "mining-shares.svg"]) {
        const spec = specs.find((s) => s.file === file)?.spec as Json;
        const rows = (spec.data as { values: { bar: string; value: number; end: number }[] }).values;
        const bars = new Map<string, number>();
        for (const r of rows) bars.set(r.bar, (bars.get(r.bar) ?? 0) + r.value);
        expect(bars.size, file).to.be.greaterThan(1);
        for (const [bar, sum] of bars) expect(sum, `${file}: ${bar}`).to.be.closeTo(1, 1e-9);
      }
    });

    it("should show the VCs' share of the vote weight", function () {
      const bars = shareBars(summary.scenarios.governance as SummaryScenario);
      const oz = bars.find((b) => b.bar === "OZ Governor (simple counting)");
      expect(oz?.segments).to.deep.equal([
        { group: "whale", value: 0.64 },
        { group: "vc", value: 0.16 },
        { group: "retail", value: 0.2 },
      ]);
    });

    it("should refuse to draw bars that do not add up to 100%, saying why", function () {
      const gov = structuredClone(summary.scenarios.governance as SummaryScenario);
      delete gov.mechanisms["oz-governor-simple"].metrics.vcWeightShare;
      expect(sharesSpec(gov, "t")).to.equal(
        'the whale, VC and retail shares of "OZ Governor (simple counting)" sum to 84.0%, not 100%',
      );
    });
  });

  describe("price chart", function () {
    it("should start at the launch price, before any trade", function () {
      const spec = specs.find((s) => s.file === "vesting-price.svg")?.spec as Json;
      const x = (spec.encoding as Json).x as { scale: { domain: number[] } };
      expect(x.scale.domain[0]).to.be.lessThan(0);
    });
  });
});
