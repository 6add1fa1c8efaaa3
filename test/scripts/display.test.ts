import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ensureCompiled } from "../../scripts/lib/build";
import { categoryName, followUp, formatSpan, formatTime, formatTokens, relativeTime } from "../../scripts/lib/display";

const E18 = 10n ** 18n;

describe("Display helpers", function () {
  it("should print token amounts exactly, in whole units with thousands separators", function () {
    expect(formatTokens(1_234_567n * E18 + 5n * 10n ** 17n)).to.equal("1,234,567.5");
    expect(formatTokens(600_000_000n * E18, { symbol: "CWT" })).to.equal("600,000,000 CWT");
    expect(formatTokens(1n)).to.equal("0.000000000000000001");
    expect(formatTokens(0n)).to.equal("0");
    expect(formatTokens(-1500n * E18)).to.equal("-1,500");
    expect(formatTokens(1_000_000n, { decimals: 6, symbol: "USDC" })).to.equal("1 USDC");
  });

  it("should print times as ISO-8601 UTC with a hint relative to chain time", function () {
    const now = 1_906_502_400; // 2030-06-01T00:00:00Z
    expect(formatTime(now + 3 * 86_400, now)).to.equal("2030-06-04T00:00:00Z (in 3 days)");
    expect(formatTime(now - 2 * 3_600 - 5, now)).to.equal("2030-05-31T21:59:55Z (2 hours ago)");
    expect(relativeTime(now, now)).to.equal("now");
    expect(relativeTime(now + 400 * 86_400, now)).to.equal("in 1 year");
    expect(relativeTime(now + 45, now)).to.equal("in 45 seconds");
  });

  it("should print spans in at most two units", function () {
    expect(formatSpan(90 * 86_400)).to.equal("3 months");
    expect(formatSpan(86_401)).to.equal("1 day 1 second");
    expect(formatSpan(0)).to.equal("0 seconds");
  });

  it("should name vault categories as their policies are documented", function () {
    expect([0, 1, 2, 3].map(categoryName)).to.deep.equal(["investor", "team", "advisor", "category 3"]);
  });

  it("should print follow-up commands with the network and deployment they need, quoted for a shell", function () {
    const hre = { network: { name: "localhost" } } as Pick<HardhatRuntimeEnvironment, "network">;
    expect(followUp(hre, "gov:queue", { file: "p.json" }, "chain-31337")).to.equal(
      "npx hardhat gov:queue --network localhost --deployment-id chain-31337 --file p.json",
    );
    expect(followUp(hre, "vesting:create", { file: "my file.csv", dryRun: true })).to.equal(
      "npx hardhat vesting:create --network localhost --file 'my file.csv' --dry-run",
    );
  });
});

describe("ensureCompiled", function () {
  function fakeHre(root: string) {
    const runs: { name: string; args: unknown }[] = [];
    const hre = {
      config: { paths: { root }, typechain: { outDir: "types" } },
      run: async (name: string, args: unknown) => {
        runs.push({ name, args });
      },
    } as unknown as HardhatRuntimeEnvironment;
    return { hre, runs };
  }

  it("should compile quietly, forcing it when the TypeChain types are missing, once per runtime", async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cw-build-"));
    try {
      const missing = fakeHre(root);
      await ensureCompiled(missing.hre);
      await ensureCompiled(missing.hre);
      expect(missing.runs).to.deep.equal([{ name: "compile", args: { quiet: true, force: true } }]);
      fs.mkdirSync(path.join(root, "types"));
      fs.writeFileSync(path.join(root, "types", "index.ts"), "");
      const present = fakeHre(root);
      await ensureCompiled(present.hre);
      expect(present.runs).to.deep.equal([{ name: "compile", args: { quiet: true, force: false } }]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
