import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { TestDecimalsERC20__factory, TestERC20__factory } from "../../../typechain-types";
import type { AuditSummary } from "../../../sim/audit/summary";

const FIX = path.join(__dirname, "fixtures");

/** The holders of fixtures/squares-plain.csv (whole tokens), minted on the in-process chain. */
async function squaresOnChain() {
  const [deployer] = await hre.ethers.getSigners();
  const token = await new TestERC20__factory(deployer).deploy("Squares", "SQ");
  const rows = fs.readFileSync(path.join(FIX, "squares-plain.csv"), "utf8").trim().split("\n").slice(1);
  for (const row of rows) {
    const [address, whole] = row.split(",");
    await (await token.mint(address, BigInt(whole) * 10n ** 18n)).wait();
  }
  return { token: await token.getAddress(), holders: rows.length };
}

/** What both inputs must agree on: everything but where the holders came from and the input's own checks. */
function outcome(s: AuditSummary) {
  const { source: _source, token: _token, checks: _checks, input, ...rest } = s;
  const { contracts: _contracts, supplySource: _supplySource, ...held } = input;
  return { ...rest, input: held };
}

describe("audit task: a token read from the chain gives the audit of its holders export", function () {
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-rpc-task-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("should refuse --csv with --token whose decimals() disagrees with --decimals, or cannot be read, and write nothing", async function () {
    const { token } = await loadFixture(squaresOnChain);
    const [deployer] = await hre.ethers.getSigners();
    const out = path.join(dir, "out");
    const csv = path.join(FIX, "squares-plain.csv");
    await expect(hre.run("audit", { csv, decimals: "6", token, out, quiet: true })).to.be.rejectedWith(
      /--decimals 6 disagrees with the token's decimals\(\) = 18/,
    );
    await expect(hre.run("audit", { csv, token: deployer.address, out, quiet: true })).to.be.rejectedWith(
      /--token.*cannot read decimals\(\) of 0x.*give --decimals N/,
    );
    await expect(hre.run("audit", { csv, out, quiet: true })).to.be.rejectedWith(/--decimals N is required with --csv/);
    await expect(hre.run("audit", { token: "0x1234", out, quiet: true })).to.be.rejectedWith(/--token.*not an address/);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("--csv with --token reads the token's decimals() from the chain instead of --decimals", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const seven = await new TestDecimalsERC20__factory(deployer).deploy("Seven", "SVN", 7);
    const token = await seven.getAddress();
    const csv = path.join(FIX, "decimals-etherscan.csv");
    const given = path.join(dir, "given");
    const read = path.join(dir, "read");
    await hre.run("audit", { csv, decimals: "7", out: given, quiet: true });
    await hre.run("audit", { csv, token, out: read, quiet: true });
    await hre.run("audit", { csv, token, decimals: "7", out: path.join(dir, "both"), quiet: true });
    const summary = (d: string) => fs.readFileSync(path.join(d, "summary.json"), "utf8");
    expect((JSON.parse(summary(read)) as AuditSummary).token.decimals).to.equal(7);
    expect(summary(read)).to.equal(summary(given));
    expect(summary(path.join(dir, "both"))).to.equal(summary(given));
  });

  it("--token on the in-process chain equals --csv of the same holders, and passes the supply check", async function () {
    const { token, holders } = await loadFixture(squaresOnChain);
    const viaCsv = path.join(dir, "csv");
    const viaChain = path.join(dir, "chain");
    await hre.run("audit", { csv: path.join(FIX, "squares-plain.csv"), decimals: "18", out: viaCsv, quiet: true });
    await hre.run("audit", { token, noCache: true, out: viaChain, quiet: true });
    const read = (d: string) => JSON.parse(fs.readFileSync(path.join(d, "summary.json"), "utf8")) as AuditSummary;
    const [csv, chain] = [read(viaCsv), read(viaChain)];
    expect(chain.source).to.include({ kind: "rpc", token, measure: "balance" });
    expect(chain.input.holders).to.equal(holders);
    expect(chain.token.totalSupply).to.equal(chain.input.heldAll);
    expect(chain.checks.length).to.be.greaterThan(0);
    expect(
      chain.checks.every((c) => c.ok),
      JSON.stringify(chain.checks),
    ).to.equal(true);
    expect(outcome(chain)).to.deep.equal(outcome(csv));
  });
});
