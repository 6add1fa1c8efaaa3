import { expect } from "chai";
import { buildMerkle } from "../../scripts/lib/vestingMerkle";
import { directScheduleId, parseAllocations } from "../../scripts/lib/vestingCsv";
import type { Policy } from "../../scripts/lib/vestingCsv";

const M = 30 * 86_400;
const POLICIES: Policy[] = [
  { minCliff: 12 * M, minDuration: 24 * M, revocable: false },
  { minCliff: 12 * M, minDuration: 36 * M, revocable: true },
  { minCliff: 6 * M, minDuration: 12 * M, revocable: true },
];
const NOW = 1_900_000_000;
const A = "0x1111111111111111111111111111111111111111";
const B = "0x2222222222222222222222222222222222222222";
const HEADER = "beneficiary,amount,category,start,cliff,duration,tranches";

describe("vesting CSV parsing and validation", function () {
  describe("when every row is valid", function () {
    it("should convert amounts, categories, dates and spans to chain units", function () {
      const { rows, errors } = parseAllocations(
        `${HEADER}\n${A},1000.5,investor,${NOW + 10},12m,24m\n${B},1,team,2030-06-01,365d,36m`,
        POLICIES,
        NOW,
      );
      expect(errors).to.deep.equal([]);
      expect(rows[0].amount).to.equal(1000500000000000000000n);
      expect(rows[0].cliff).to.equal(12 * M);
      expect(rows[1].category).to.equal(1);
      expect(rows[1].start).to.equal(Date.parse("2030-06-01") / 1000);
    });
    it("should derive distinct deterministic salts, also for identical rows", function () {
      const text = `${HEADER}\n${A},5,investor,${NOW + 10},12m,24m\n${A},5,investor,${NOW + 10},12m,24m`;
      const a = parseAllocations(text, POLICIES, NOW).rows;
      const b = parseAllocations(text, POLICIES, NOW).rows;
      expect(a[0].salt).to.not.equal(a[1].salt);
      expect(a.map((r) => r.salt)).to.deep.equal(b.map((r) => r.salt));
      expect(directScheduleId(A, a[0].salt)).to.equal(directScheduleId(A, b[0].salt));
    });
    it("should read tranches and derive cliff and duration from them", function () {
      const t1 = NOW + 7 * M;
      const t2 = NOW + 13 * M;
      const { rows, errors } = parseAllocations(`${HEADER}\n${A},3,advisor,${NOW},0,0,${t1}=1;${t2}=2`, POLICIES, NOW);
      expect(errors).to.deep.equal([]);
      expect(rows[0].tranches.length).to.equal(2);
      expect(rows[0].cliff).to.equal(7 * M);
      expect(rows[0].duration).to.equal(13 * M);
    });
  });

  describe("when rows are bad", function () {
    it("should report ALL bad rows with line numbers and field names, and return no row", function () {
      const text = [
        HEADER,
        `${A},10,investor,${NOW + 10},12m,24m`,
        `0xnope,10,investor,${NOW + 10},12m,24m`,
        `${A},-3,investor,${NOW + 10},12m,24m`,
        `${A},10,whale,${NOW + 10},12m,24m`,
        `${A},10,investor,yesterday,12m,24m`,
        `${A},10,investor,${NOW - 1},1m,24m`,
        `${A},10,team,${NOW + 10},12m,13m`,
        `${A},10,investor,${NOW + 10},30m,24m`,
        `0x0000000000000000000000000000000000000000,0,investor,${NOW + 10},12m,24m`,
        `${A},3,advisor,${NOW},0,0,${NOW + 7 * M}=1;${NOW + 13 * M}=1`,
      ].join("\n");
      const { rows, errors } = parseAllocations(text, POLICIES, NOW);
      expect(rows).to.deep.equal([]);
      const at = (line: number) => errors.filter((e) => e.line === line).map((e) => e.field);
      expect(at(2)).to.deep.equal([]);
      expect(at(3)).to.deep.equal(["beneficiary"]);
      expect(at(4)).to.deep.equal(["amount"]);
      expect(at(5)).to.deep.equal(["category"]);
      expect(at(6)).to.deep.equal(["start"]);
      expect(at(7)).to.deep.equal(["cliff", "start"]);
      expect(at(8)).to.deep.equal(["duration"]);
      expect(at(9)).to.include("cliff");
      expect(at(10)).to.deep.equal(["beneficiary", "amount"]);
      expect(at(11)).to.deep.equal(["tranches"]);
    });
    it("should reject a wrong header", function () {
      const { errors } = parseAllocations(`who,amount\n${A},1`, POLICIES, NOW);
      expect(errors[0].field).to.equal("header");
    });
  });

  describe("CSV edge cases", function () {
    const row = `${A},10,investor,${NOW + 10},12m,24m`;
    it("should read a BOM, CRLF, quoted fields and a left-out trailing tranches column", function () {
      const text = `\ufeff${HEADER}\r\n"${A}","10",investor,${NOW + 10},12m,24m\r\n${row},\r\n`;
      const { rows, errors } = parseAllocations(text, POLICIES, NOW);
      expect(errors).to.deep.equal([]);
      expect(rows.map((r) => [r.line, r.amount])).to.deep.equal([
        [2, 10n * 10n ** 18n],
        [3, 10n * 10n ** 18n],
      ]);
    });
    it('should give "1,000" one error on amount, not five unrelated ones', function () {
      const { errors } = parseAllocations(`${HEADER}\n${A},"1,000",investor,${NOW + 10},12m,24m`, POLICIES, NOW);
      expect(errors).to.deep.equal([
        {
          line: 2,
          field: "amount",
          message: '"1,000" contains a comma: write plain digits with "." for decimals (e.g. 1000 or 1000.5)',
        },
      ]);
    });
    it("should report a missing column once, naming it", function () {
      const text = `beneficiary,amount,category,start,duration\n${A},1,investor,${NOW + 10},24m\n${A},2,investor,${NOW + 10},24m`;
      expect(parseAllocations(text, POLICIES, NOW).errors).to.deep.equal([
        {
          line: 1,
          field: "header",
          message:
            'missing column "cliff" (the columns are beneficiary,amount,category,start,cliff,duration,[tranches])',
        },
      ]);
    });
    it("should refuse an unknown column and a row with an extra field, at their lines", function () {
      expect(parseAllocations(`${HEADER},note\n${row},,x`, POLICIES, NOW).errors[0].message).to.match(
        /^unknown column "note"/,
      );
      expect(parseAllocations(`${HEADER}\n# c\n${row},,extra`, POLICIES, NOW).errors).to.deep.equal([
        { line: 3, field: "(row)", message: "expected 7 fields, found 8" },
      ]);
    });
    it("should name a bad tranche date or amount", function () {
      const { errors } = parseAllocations(
        `${HEADER}\n${A},3,advisor,${NOW},0,0,"2030-02-30=1;${NOW + 13 * M}=1,5"`,
        POLICIES,
        NOW,
      );
      expect(errors.map((e) => e.message)).to.deep.equal([
        "tranche 1 date: 2030-02-30: 2030-02 has no day 30",
        'tranche 2 amount: "1,5" contains a comma: write plain digits with "." for decimals (e.g. 1000 or 1000.5)',
      ]);
    });
  });

  describe("Merkle file", function () {
    it("should build a tree whose root commits to every leaf, and refuse tranche rows", function () {
      const { rows } = parseAllocations(
        `${HEADER}\n${A},10,investor,${NOW + 10},12m,24m\n${B},20,investor,${NOW + 10},12m,24m`,
        POLICIES,
        NOW,
      );
      const file = buildMerkle(rows);
      expect(file.leaves).to.equal(2);
      expect(file.total).to.equal((30n * 10n ** 18n).toString());
      expect(file.root).to.match(/^0x[0-9a-f]{64}$/);
      const tr = parseAllocations(`${HEADER}\n${A},1,advisor,${NOW},0,0,${NOW + 13 * M}=1`, POLICIES, NOW).rows;
      expect(() => buildMerkle(tr)).to.throw("tranche rows");
      expect(() => buildMerkle([])).to.throw("no rows");
    });
  });
});
