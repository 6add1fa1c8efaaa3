import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { readParameters } from "../../scripts/lib/parameters";
import { validateParameters } from "../../scripts/lib/deployParameters";

const DIR = path.join(__dirname, "..", "..", "deploy", "parameters");
const read = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");

describe("Parameters file schema (scripts/lib/deployParameters.ts)", function () {
  it("should read a file exactly as Ignition's CLI reads it (n strings → bigint, numbers kept)", function () {
    for (const f of ["localhost.json", "testnet.example.json"]) {
      const text = read(f);
      const v = validateParameters(JSON.parse(text), { text, chainId: 31337n });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      const ignition = readParameters(path.join(DIR, f));
      expect(
        JSON.parse(JSON.stringify(v.parameters, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))),
      ).to.deep.equal(JSON.parse(JSON.stringify(ignition, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))));
    }
  });

  it("should refuse the local stand-ins on any chain but 31337", function () {
    const text = read("localhost.json");
    const v = validateParameters(JSON.parse(text), { text, chainId: 11155111n });
    expect(v.ok).to.equal(false);
    const problems = v.ok ? [] : v.problems.map((p) => `${p.where}: ${p.message}`);
    expect(problems).to.have.length(3);
    expect(problems.join("\n")).to.match(
      /Identity\.eas: "LocalEAS#EAS" is a local stand-in, deployed only on chain 31337/,
    );
    expect(problems.join("\n")).to.match(/Farm\.uniswapV2Factory: "LocalUniswap#UniswapV2Factory"/);
    expect(problems.join("\n")).to.match(/Farm\.weth: "LocalUniswap#TestERC20"/);
  });

  it("should report every problem of a file at once, each with its line", function () {
    const text = read("localhost.json")
      .replace('"cap": "10000000000000000000000n"', '"cap": 10000')
      .replace('"votingDelay": 60', '"votingDelay": "60"');
    const v = validateParameters(JSON.parse(text), { text, chainId: 31337n });
    const problems = v.ok ? [] : v.problems;
    expect(problems.map((p) => p.where)).to.deep.equal(["Governance.votingDelay", "Farm.cap"]);
    const lines = text.split("\n");
    for (const p of problems) {
      const key = p.where.split(".")[1];
      expect(lines[p.line - 1], p.where).to.include(`"${key}"`);
    }
  });
});
