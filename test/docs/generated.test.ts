import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { fillBlocks, findBlocks } from "../../scripts/docs/blocks";
import { documentStates, documents, firstDifference } from "../../scripts/docs/docs";
import { GENERATORS, compareFall, sybilAssumption } from "../../scripts/docs/generators";
import type { Summary, SummaryScenario } from "../../sim/report/summary";

const root = path.resolve(__dirname, "../..");

describe("generated docs (README.md, docs/*.md)", function () {
  describe("given the committed reports", function () {
    it("should hold in every generated block exactly what reports/reference and reports/bench give", async function () {
      this.timeout(60_000);
      const states = await documentStates(root);
      expect(states.map((s) => s.file)).to.include.members([
        "README.md",
        "docs/governance.md",
        "docs/report.md",
        "docs/vesting.md",
      ]);
      for (const s of states) {
        expect(
          s.current === s.generated,
          `${s.file} is stale (npm run docs:generate): ${firstDifference(s.current, s.generated)}`,
        ).to.be.true;
      }
    });

    it("should use every generator somewhere, so none is dead", function () {
      const used = new Set(
        documents(root).flatMap((rel) =>
          findBlocks(fs.readFileSync(path.join(root, rel), "utf8"), rel).map((b) => b.name),
        ),
      );
      expect(Object.keys(GENERATORS).filter((g) => !used.has(g))).to.deep.equal([]);
    });

    it("should quote in the README's sybil row the cost of capture the default run computed (identities and tokens)", function () {
      const summary = JSON.parse(
        fs.readFileSync(path.join(root, "reports/reference/seed-42/summary.json"), "utf8"),
      ) as Summary;
      const gov = summary.scenarios.governance as SummaryScenario;
      const m = gov.variants["capture-identities-counterweight"].metrics;
      const row = fs
        .readFileSync(path.join(root, "README.md"), "utf8")
        .split("\n")
        .find((l) => l.startsWith("| Whale splits over"));
      const fmt = (x: unknown) => new Intl.NumberFormat("en-US").format(Number(x));
      expect(row).to.include(`wins the vote with ${fmt(m.identitiesBought)} identities`);
      expect(row).to.include(`cost of capture ${fmt(m.costOfCaptureTokens)} tokens`);
      expect(row).to.include(`at ${fmt(summary.config.identity.priceTokens)} tokens each (identity.priceTokens)`);
      expect(row).to.not.include("not simulated");
      // A run whose identities cannot win says so instead of quoting a number.
      const none = {
        ...gov,
        variants: {
          "capture-identities-counterweight": {
            label: "x",
            metrics: { ...m, costOfCaptureTokens: "none within 1,000,000 identities" },
          },
        },
      };
      expect(sybilAssumption(none, summary.config)).to.include(
        "do not win the vote (none within 1,000,000 identities)",
      );
    });

    it("should not quote the vesting drift of the old docs (seed 1 is 72.3 / 74.5 / 76.9%)", function () {
      const vesting = fs.readFileSync(path.join(root, "docs/vesting.md"), "utf8");
      expect(vesting).to.not.include("73.0% liquid");
      expect(fs.readFileSync(path.join(root, "docs/report.md"), "utf8")).to.not.include("falls later and less");
    });
  });

  describe("block markers", function () {
    const gen = (name: string) => ({ a: "1,234", b: "| x |\n| --- |\n| 1 |" })[name];

    it("should fill an inline block within its line and a block on its own lines with blank lines around", function () {
      const text =
        "We sent <!-- generated:a -->old<!-- /generated:a --> txs.\n\n<!-- generated:b -->\nold\n<!-- /generated:b -->\n";
      expect(fillBlocks(text, "x.md", gen)).to.equal(
        "We sent <!-- generated:a -->1,234<!-- /generated:a --> txs.\n\n<!-- generated:b -->\n\n| x |\n| --- |\n| 1 |\n\n<!-- /generated:b -->\n",
      );
    });

    it("should name the file and line of a block no generator knows", function () {
      expect(() => fillBlocks("a\n<!-- generated:zz -->x<!-- /generated:zz -->", "doc.md", gen)).to.throw(
        'doc.md:2: no generator for block "zz" (scripts/docs/generators.ts)',
      );
    });

    it("should refuse an unclosed block and a stray closing marker", function () {
      expect(() => findBlocks("<!-- generated:a -->\nx", "d.md")).to.throw(
        'd.md:1: block "a" is never closed (<!-- /generated:a -->)',
      );
      expect(() => findBlocks("x\n<!-- /generated:a -->", "d.md")).to.throw(
        "d.md:2: closing marker without its opening",
      );
    });
  });

  describe("comparison words", function () {
    it("should say further / less far / as far as the numbers do", function () {
      expect(compareFall(0.739, 0.708)).to.equal("further than");
      expect(compareFall(0.5, 0.708)).to.equal("less far than");
      expect(compareFall(0.7081, 0.7083)).to.equal("as far as");
    });
  });
});
