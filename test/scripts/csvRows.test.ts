import { expect } from "chai";
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
