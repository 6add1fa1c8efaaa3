import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getAddress, parseUnits } from "ethers";
import { parseTokenAmount } from "../../../sim/audit/amount";
import fc from "fast-check";
import { checksumAddress } from "../../../sim/audit/address";
import { readHolderCsv } from "../../../sim/audit/csv";
import { AuditInputError } from "../../../sim/audit/errors";
import { readLabels } from "../../../sim/audit/labels";
import { readAllocations } from "../../../sim/audit/vesting";

const FIX = path.join(__dirname, "fixtures");
const E18 = 10n ** 18n;

async function problemsOf(file: string, decimals: number): Promise<{ line: number; field: string; message: string }[]> {
  try {
    await readHolderCsv(path.join(FIX, file), { decimals });
  } catch (e) {
    expect(e).to.be.instanceOf(AuditInputError);
    expect((e as Error).message).to.contain("nothing was written");
    return [...(e as AuditInputError).problems];
  }
  throw new Error(`${file} was accepted`);
}

describe("audit: holders CSV (sim/audit/csv)", function () {
  describe("bad input", function () {
    it("lists every bad row with its line and field: address, scientific amount, field count, duplicate, checksum", async function () {
      const p = await problemsOf("bad-rows.csv", 18);
      expect(p.map((x) => [x.line, x.field])).to.deep.equal([
        [3, "address"],
        [5, "balance"],
        [6, "(row)"],
        [7, "address"],
        [9, "address"],
      ]);
      expect(p[1].message).to.contain("scientific notation");
      expect(p[3].message).to.contain("already appears on line 2");
      expect(p[4].message).to.contain("bad EIP-55 checksum");
    });

    it("refuses an amount finer than the token's decimals instead of rounding it", async function () {
      const p = await problemsOf("decimals-etherscan.csv", 6);
      expect(p).to.deep.equal([
        { line: 2, field: "Balance", message: '"1.1234567" has 7 decimals, more than the token\'s 6' },
      ]);
    });

    it("names an unknown header on its line", async function () {
      const p = await problemsOf("bad-header.csv", 18);
      expect(p[0].line).to.equal(1);
      expect(p[0].field).to.equal("header");
      expect(p[0].message).to.contain('"HolderAddress","Balance","PendingBalanceUpdate"');
    });

    it("refuses an empty file, a header without rows and an unterminated quote", async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-csv-"));
      const write = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      for (const [name, text, line, msg] of [
        ["empty.csv", "", 0, "empty file"],
        ["header.csv", "address,balance\n", 1, "no data rows"],
        [
          "quote.csv",
          'address,balance\n"0xa000000000000000000000000000000000000001,5\n',
          2,
          "unterminated quoted field",
        ],
      ] as const) {
        try {
          await readHolderCsv(write(name, text), { decimals: 18 });
          expect.fail(`${name} accepted`);
        } catch (e) {
          expect(e, name).to.be.instanceOf(AuditInputError);
          const p = (e as AuditInputError).problems[0];
          expect([p.line, p.message.includes(msg)], name).to.deep.equal([line, true]);
        }
      }
      fs.rmSync(dir, { recursive: true });
    });

    it("lists bad labels and allocations rows with their lines", function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-labels-"));
      const labels = path.join(dir, "labels.csv");
      fs.writeFileSync(
        labels,
        "address,label,kind\n0xa000000000000000000000000000000000000001,A,exchange\n0xa000000000000000000000000000000000000002,B,whale\n0xa000000000000000000000000000000000000001,C,burn\n",
      );
      expect(() => readLabels(labels)).to.throw(AuditInputError, /labels\.csv:3 kind: kind must be one of/);
      const alloc = path.join(dir, "alloc.csv");
      fs.writeFileSync(alloc, "address,amount\n0xa000000000000000000000000000000000000001,1.0000001\n");
      expect(() => readAllocations(alloc, 6)).to.throw(AuditInputError, /alloc\.csv:2 amount: .*7 decimals/);
      fs.rmSync(dir, { recursive: true });
    });
  });

  describe("formats", function () {
    it("reads the Etherscan export exactly: thousands separators, fractions, pending rows flagged", async function () {
      const set = await readHolderCsv(path.join(FIX, "decimals-etherscan.csv"), { decimals: 7 });
      expect(set.source).to.deep.equal({
        kind: "csv",
        file: path.join(FIX, "decimals-etherscan.csv"),
        format: "etherscan",
      });
      expect(set.holders.map((h) => h.amount)).to.deep.equal([25_002_500_000n, 11_234_567n]);
      const pending = set.checks.find((c) => c.name === "pending balance updates");
      expect(pending?.ok).to.equal(false);
      expect(pending?.detail).to.contain("1 rows");
    });

    it("reads both formats of the same holders to the same HolderSet, zero balances dropped, sorted", async function () {
      const a = await readHolderCsv(path.join(FIX, "squares-etherscan.csv"), { decimals: 18 });
      const b = await readHolderCsv(path.join(FIX, "squares-plain.csv"), { decimals: 18 });
      expect(a.source.kind === "csv" && a.source.format).to.equal("etherscan");
      expect(b.source.kind === "csv" && b.source.format).to.equal("plain");
      expect(a.holders).to.deep.equal(b.holders);
      expect(a.holders.map((h) => h.amount / E18)).to.deep.equal([64n, 16n, 9n, 4n, 4n, 1n, 1n, 1n]);
      // Equal amounts: address ascending.
      expect(a.holders[3].address.toLowerCase() < a.holders[4].address.toLowerCase()).to.equal(true);
      expect(a.holders.every((h) => h.address === getAddress(h.address))).to.equal(true);
      expect(a.checks.find((c) => c.name === "zero balances")?.detail).to.contain("1 zero-balance rows dropped");
    });
  });

  it("converts amounts exactly as ethers.parseUnits", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }), (raw, decimals) => {
        const s = raw.toString().padStart(decimals + 1, "0");
        const text = decimals === 0 ? s : `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
        const r = parseTokenAmount(text, decimals);
        expect(r.ok && r.amount).to.equal(parseUnits(text, decimals));
        expect(r.ok && r.amount).to.equal(raw);
      }),
      { numRuns: 200 },
    );
  });

  it("checksums every address as ethers' getAddress does", function () {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const lower = "0x" + Buffer.from(bytes).toString("hex");
        const r = checksumAddress(lower);
        expect(r.ok && r.address).to.equal(getAddress(lower));
        const flipped =
          "0x" +
          [...getAddress(lower).slice(2)]
            .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
            .join("");
        if (/[a-f]/.test(flipped) && /[A-F]/.test(flipped)) expect(checksumAddress(flipped).ok).to.equal(false);
      }),
      { numRuns: 50 },
    );
  });

  describe("the plain-line reader and csv-parse agree", function () {
    /** What a read gives: the holder set, or the problems listed. */
    async function outcome(file: string, parser: "auto" | "csv-parse", decimals = 18) {
      try {
        const set = await readHolderCsv(file, { decimals, parser });
        return { set: { ...set, holders: set.holders.map((h) => `${h.address}:${h.amount}`) } };
      } catch (e) {
        if (!(e instanceof AuditInputError)) throw e;
        return { problems: [...e.problems] };
      }
    }

    it("gives csv-parse's result for every fixture", async function () {
      for (const name of fs.readdirSync(FIX).filter((f) => f.endsWith(".csv"))) {
        for (const decimals of [6, 18]) {
          const file = path.join(FIX, name);
          expect(await outcome(file, "auto", decimals), name).to.deep.equal(await outcome(file, "csv-parse", decimals));
        }
      }
    });

    it("gives csv-parse's result on files of random quotes, commas, spaces, tabs and line ends", async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-csv-split-"));
      const piece = fc.constantFrom(
        '"',
        ",",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "0xa000000000000000000000000000000000000001",
        "0xA00000000000000000000000000000000000000b",
        "12.5",
        "1,234",
        "No",
        "x",
        "\u00e9",
      );
      const header = fc.constantFrom(
        '"HolderAddress","Balance","PendingBalanceUpdate"\n',
        "address,balance\n",
        "\uFEFFaddress,balance\r\n",
      );
      let run = 0;
      try {
        await fc.assert(
          fc.asyncProperty(header, fc.array(fc.array(piece, { maxLength: 12 }), { maxLength: 6 }), async (h, lines) => {
            const file = path.join(dir, `f${run++}.csv`);
            fs.writeFileSync(file, h + lines.map((l) => l.join("")).join("\n"));
            expect(await outcome(file, "auto")).to.deep.equal(await outcome(file, "csv-parse"));
          }),
          { numRuns: 150, seed: 17 },
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
