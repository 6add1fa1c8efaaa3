import { expect } from "chai";
import { HardhatPluginError } from "hardhat/plugins";
import { z } from "zod";
import { parseCsv } from "../../scripts/lib/csvRows";
import { addressField, tokenAmountField, uintField } from "../../scripts/lib/fields";
import { InputError, duplicateProblems } from "../../scripts/lib/inputErrors";

const schema = z.object({ humanId: uintField, account: addressField, amount: tokenAmountField });
const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

function problemsOf(fn: () => unknown): { line: number; field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(InputError);
    return [...(e as InputError).problems];
  }
  throw new Error("expected an InputError");
}

describe("CSV reader", function () {
  describe("when every row is valid", function () {
    it("should return typed rows with their 1-based line numbers, skipping blanks and comments", function () {
      const rows = parseCsv(`humanId,account,amount\n# comment\n1,${A.toLowerCase()},10\n\n2,${B},0.5\n`, schema);
      expect(rows.map((r) => r.line)).to.deep.equal([3, 5]);
      expect(rows[0].value).to.deep.equal({ humanId: 1n, account: A, amount: 10n * 10n ** 18n });
      expect(rows[1].value.amount).to.equal(5n * 10n ** 17n);
    });
  });

  describe("when several rows are bad", function () {
    it("should report every bad row with its line and field, not only the first", function () {
      const text = `humanId,account,amount\n1,${A},10\nx,${A},10\n3,0x123,-1\n4,${B}\n5,0x0000000000000000000000000000000000000000,0\n`;
      const problems = problemsOf(() => parseCsv(text, schema, "ids.csv"));
      expect(problems).to.deep.include({ line: 3, field: "humanId", message: "expected a non-negative integer" });
      expect(problems).to.deep.include({ line: 4, field: "account", message: "not an address" });
      expect(problems.filter((p) => p.line === 4).map((p) => p.field)).to.include("amount");
      expect(problems).to.deep.include({ line: 5, field: "(row)", message: "expected 3 fields, found 2" });
      expect(problems).to.deep.include({ line: 6, field: "account", message: "zero address" });
      expect(problems).to.deep.include({ line: 6, field: "amount", message: "must be greater than 0" });
      expect(problems.some((p) => p.line === 2)).to.equal(false);
    });

    it("should name the file and the line in the error message", function () {
      expect(() => parseCsv(`humanId,account,amount\n1,nope,1\n`, schema, "ids.csv")).to.throw(
        /ids\.csv:2 account: not an address/,
      );
    });
  });

  describe("when the file has no data", function () {
    it("should reject an empty file", function () {
      expect(problemsOf(() => parseCsv("\n# only a comment\n", schema))[0].field).to.equal("(file)");
    });
    it("should reject a header without rows", function () {
      expect(problemsOf(() => parseCsv("humanId,account,amount\n", schema))[0].message).to.equal("no data rows");
    });
  });

  describe("when fields are quoted", function () {
    it("should keep commas and escaped quotes inside quotes", function () {
      const s = z.object({ a: z.string(), b: z.string(), c: z.string() });
      expect(parseCsv(`a,b,c\na,"b, c","say ""hi"""\n`, s)[0].value).to.deep.equal({
        a: "a",
        b: "b, c",
        c: 'say "hi"',
      });
    });
    it("should reject an unterminated quote as a row problem", function () {
      const s = z.object({ a: z.string(), b: z.string() });
      expect(problemsOf(() => parseCsv(`a,b\n"x,y\n`, s))).to.deep.equal([
        { line: 2, field: "(row)", message: "unterminated quoted field" },
      ]);
    });
  });

  describe("CSV dialect (csv-parse): the same in every task", function () {
    const ab = z.object({ a: z.string(), b: z.string() });
    it("should drop a leading BOM and read CRLF and CR line ends with exact line numbers", function () {
      for (const eol of ["\r\n", "\r", "\n"]) {
        const rows = parseCsv(["\ufeffa,b", "# note", "", "1,2", "3,4", ""].join(eol), ab);
        expect(rows.map((r) => [r.line, r.value.a, r.value.b])).to.deep.equal([
          [4, "1", "2"],
          [5, "3", "4"],
        ]);
      }
    });
    it("should match header names case-insensitively and keep spaces inside quotes only", function () {
      expect(parseCsv('A , B\n x , " y "\n', ab)[0].value).to.deep.equal({ a: "x", b: " y " });
    });
    it("should report a missing column once, naming it, not once per row", function () {
      const problems = problemsOf(() => parseCsv(`humanId,amount\n1,10\n2,20\n3,30\n`, schema, "ids.csv"));
      expect(problems).to.deep.equal([
        { line: 1, field: "header", message: 'missing column "account" (the columns are humanId,account,amount)' },
      ]);
    });
    it("should report an unknown or repeated column (a typo would otherwise be ignored)", function () {
      const problems = problemsOf(() => parseCsv(`humanId,account,amount,acount\n1,${A},10,x\n`, schema));
      expect(problems).to.deep.equal([
        { line: 1, field: "header", message: 'unknown column "acount" (the columns are humanId,account,amount)' },
      ]);
      expect(problemsOf(() => parseCsv(`a,b,a\n1,2,3\n`, ab))[0].message).to.equal('column "a" appears twice');
    });
    it("should report a row with an extra field at its line", function () {
      expect(problemsOf(() => parseCsv(`a,b\n1,2\n\n1,2,3\n`, ab))).to.deep.equal([
        { line: 4, field: "(row)", message: "expected 2 fields, found 3" },
      ]);
    });
    it("should report a quoted field spanning lines at the line it starts on", function () {
      expect(problemsOf(() => parseCsv(`a,b\n1,2\n"x\ny",3\n`, ab))).to.deep.equal([
        { line: 3, field: "a", message: "quoted field spans lines 3-4: check for an unbalanced quote" },
      ]);
    });
    it('should read a quoted "1,000" as one field and say why it is not an amount', function () {
      expect(
        problemsOf(() => parseCsv(`humanId,account,amount\n1,${A},"1,000"\n2,${B},"1000"\n`, schema)),
      ).to.deep.equal([
        {
          line: 2,
          field: "amount",
          message: '"1,000" contains a comma: write plain digits with "." for decimals (e.g. 1000 or 1000.5)',
        },
      ]);
    });
    it("should say a mixed-case address has a bad checksum, and accept it all lower-case", function () {
      const typo = A.replace("C51812dc", "C51812Dc");
      expect(problemsOf(() => parseCsv(`humanId,account,amount\n1,${typo},1\n`, schema))[0].message).to.match(
        /^bad EIP-55 checksum/,
      );
      expect(parseCsv(`humanId,account,amount\n1,${typo.toLowerCase()},1\n`, schema)[0].value.account).to.equal(A);
    });
    it("should be a HardhatPluginError of the counterweight plugin, printed without a stack", function () {
      let error: unknown;
      try {
        parseCsv(`a,b\n1\n`, ab, "x.csv");
      } catch (e) {
        error = e;
      }
      expect(HardhatPluginError.isHardhatPluginError(error)).to.equal(true);
      expect(error).to.be.instanceOf(InputError);
      expect((error as HardhatPluginError).pluginName).to.equal("counterweight");
      expect((error as Error).message).to.equal(
        "1 problem in x.csv, nothing was sent:\n  x.csv:2 (row): expected 2 fields, found 1",
      );
    });
  });

  describe("duplicate detection", function () {
    it("should flag every repeat with the line of the first occurrence", function () {
      const rows = [
        { line: 2, value: "a" },
        { line: 3, value: "b" },
        { line: 4, value: "a" },
        { line: 7, value: "a" },
      ];
      expect(duplicateProblems(rows, "account", (v) => v)).to.deep.equal([
        { line: 4, field: "account", message: "duplicate of line 2" },
        { line: 7, field: "account", message: "duplicate of line 2" },
      ]);
    });
  });
});
