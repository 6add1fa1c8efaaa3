import { expect } from "chai";
import path from "node:path";
import { checkFiles, expectations, shippedContracts, shippedSources } from "../../scripts/package/layout";

const ROOT = path.resolve(__dirname, "../..");

describe("The @counterweight/contracts tarball check", function () {
  const sources = shippedSources(ROOT);
  const contracts = shippedContracts(ROOT);
  const exp = expectations(sources, contracts);
  const complete = [...exp.required, "types/common.d.ts", "types/factories/index.js"];

  it("ships every source of contracts/ outside contracts/test/, and each contract's artifact", function () {
    expect(sources).to.include.members([
      "governance/extensions/GovernorCountingQuadratic.sol",
      "identity/IdentityRegistry.sol",
      "mining/CappedStakingRewards.sol",
      "vesting/VestingVault.sol",
      "token/CounterweightToken.sol",
    ]);
    expect(sources.filter((s) => s.startsWith("test/"))).to.deep.equal([]);
    expect(exp.required).to.include.members([
      "artifacts/CappedStakingRewards.json",
      "artifacts/VestingVault.json",
      "artifacts/GovernorCountingQuadratic.json",
      "types/index.d.ts",
      "types/factories/mining/CappedStakingRewards__factory.js",
    ]);
  });

  it("accepts exactly what should ship", function () {
    expect(checkFiles(complete, exp)).to.deep.equal([]);
  });

  for (const file of [
    "test/MockIdentityRegistry.sol",
    "governance/test/Helper.sol",
    ".env",
    "sub/.env.local",
    "sim/engine.js",
    "reports/bench/gas.json",
    "scripts/tasks/index.js",
    "hardhat.config.js",
    "artifacts/TestERC20.json",
    "artifacts/IdentityRegistry.dbg.json",
    "types/index.ts",
    "notes.txt",
  ]) {
    it(`rejects ${file}`, function () {
      const problems = checkFiles([...complete, file], exp);
      expect(problems).to.have.length(1);
      expect(problems[0])
        .to.match(/^(unintended|unexpected)/)
        .and.to.include(file);
    });
  }

  for (const file of [
    "mining/CappedStakingRewards.sol",
    "artifacts/VestingVault.json",
    "types/index.js",
    "types/index.d.ts",
    "types/factories/vesting/VestingVault__factory.d.ts",
    "bin/solc.cjs",
    "LICENSE",
  ]) {
    it(`reports ${file} missing`, function () {
      expect(
        checkFiles(
          complete.filter((f) => f !== file),
          exp,
        ),
      ).to.deep.equal([`missing: ${file}`]);
    });
  }
});
