import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  DEFAULT_FUND_MARGIN,
  LEAF_TYPES,
  MERKLE_FILE_FORMAT,
  buildMerkle,
  checkFundingWindow,
  leafHash,
  parseMerkleFile,
} from "../../scripts/lib/vestingMerkle";
import { parseAllocations } from "../../scripts/lib/vestingCsv";
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
const VAULT = "0x3333333333333333333333333333333333333333";
const HEADER = "beneficiary,amount,category,start,cliff,duration";

function rows(csv: string) {
  const r = parseAllocations(`${HEADER}\n${csv}`, POLICIES, NOW);
  expect(r.errors).to.deep.equal([]);
  return r.rows;
}

describe("vesting Merkle file", function () {
  it("should refuse a file that was tampered with, naming what is wrong", function () {
    const file = buildMerkle(rows(`${A},10,investor,${NOW + 10},12m,24m\n${B},20,investor,${NOW + 20},12m,24m`), {
      vault: VAULT,
      chainId: 1,
      fundMargin: 5,
    });
    const text = JSON.stringify(file);
    const tamper = (f: (j: Record<string, unknown> & typeof file) => void) => {
      const j = JSON.parse(text) as Record<string, unknown> & typeof file;
      f(j);
      return JSON.stringify(j);
    };
    expect(() => parseMerkleFile("{", "x.json")).to.throw(/x\.json: not JSON/);
    expect(() => parseMerkleFile(tamper((j) => (j.format = "v1" as typeof MERKLE_FILE_FORMAT)))).to.throw(/format/);
    expect(() => parseMerkleFile(tamper((j) => (j.entries[1].amount = "21000000000000000000")))).to.throw(
      /entries\[1\] \(line 3\): leaf does not match its fields/,
    );
    expect(() =>
      parseMerkleFile(tamper((j) => (j.entries[1].proof = [...j.entries[0].proof, ...j.entries[0].proof]))),
    ).to.throw(/entries\[1\] \(line 3\) does not prove against the root/);
    expect(() => parseMerkleFile(tamper((j) => (j.total = "1")))).to.throw(/entries sum to/);
    expect(() => parseMerkleFile(tamper((j) => (j.fundBefore += 1)))).to.throw(/fundBefore/);
    expect(() => parseMerkleFile(tamper((j) => j.entries.reverse()))).to.throw(/entries\[0\] has index 1/);
    expect(() => parseMerkleFile(tamper((j) => (j.leaves = 3)))).to.throw(/2 entries, leaves says 3/);
    expect(() => parseMerkleFile(tamper((j) => (j.leafEncoding = ["address"])))).to.throw(/leafEncoding/);
    expect(parseMerkleFile(text)).to.deep.equal(file);
  });

  it("should describe itself: funding deadline, leaf encoding, and every entry with its index, line and proof", function () {
    const file = buildMerkle(rows(`${A},10,investor,${NOW + 50},12m,24m\n${B},20,team,${NOW + 20},12m,36m`), {
      vault: VAULT.toLowerCase(),
      chainId: 31337,
      fundMargin: 5,
    });
    expect(file).to.deep.include({
      format: MERKLE_FILE_FORMAT,
      vault: VAULT,
      chainId: 31337,
      leaves: 2,
      total: (30n * 10n ** 18n).toString(),
      earliestStart: NOW + 20,
      fundMargin: 5,
      fundBefore: NOW + 15,
      leafEncoding: [...LEAF_TYPES],
    });
    expect(file.entries.map((e) => [e.index, e.line, e.beneficiary, e.category])).to.deep.equal([
      [0, 2, A, 0],
      [1, 3, B, 1],
    ]);
    for (const e of file.entries) {
      const value = [e.index, e.beneficiary, e.amount, e.category, e.start, e.cliff, e.duration];
      expect(StandardMerkleTree.verify(file.root, [...LEAF_TYPES], value, e.proof)).to.equal(true);
      expect(leafHash(e)).to.equal(e.leaf);
    }
    expect(() =>
      buildMerkle(rows(`${A},10,investor,${NOW + 50},12m,24m`), { vault: VAULT, chainId: 1, fundMargin: -1 }),
    ).to.throw(/fund margin/);
  });

  it("identical rows on the Merkle path: should give identical rows distinct leaves", function () {
    const row = `${A},10,investor,${NOW + 10},12m,24m`;
    const file = buildMerkle(rows(`${row}\n${row}\n${row}`), { vault: VAULT, chainId: 1, fundMargin: 0 });
    expect(new Set(file.entries.map((e) => e.leaf)).size).to.equal(3);
  });

  it("should refuse starts closer to now than twice the fund margin, naming the line and field", function () {
    const r = rows(`${A},10,investor,${NOW + 200},12m,24m\n${B},20,investor,${NOW + 199},12m,24m`);
    expect(checkFundingWindow(r, NOW, 100)).to.deep.equal([
      {
        line: 3,
        field: "start",
        message:
          `start ${NOW + 199} is too close to now (${NOW}): funding must land by start − fund margin (100 s) ` +
          `with at least that margin left to fund, so the earliest start is ${NOW + 200}`,
      },
    ]);
    expect(checkFundingWindow(r, NOW, 99)).to.deep.equal([]);
  });

  it("should document the default fund margin it uses", function () {
    const doc = fs.readFileSync(path.join(__dirname, "../../docs/vesting.md"), "utf8");
    const days = DEFAULT_FUND_MARGIN / 86_400;
    expect(doc).to.include(`defaults to ${days} days (${DEFAULT_FUND_MARGIN.toLocaleString("en-US")} s)`);
  });
});
