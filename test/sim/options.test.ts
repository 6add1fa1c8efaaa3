import { expect } from "chai";
import hre from "hardhat";
import { OptionsError, parseArgv, parseOptions } from "../../sim/cli/options";
import { defaultConfig } from "../../sim/config/schema";

describe("simulate options", function () {
  describe("when no option is given", function () {
    it("should use the documented defaults, from the committed default config", function () {
      expect(parseOptions({})).to.deep.equal({
        agents: 1000,
        whales: 3,
        whaleShare: 0.6,
        vcs: 5,
        vcShare: 0.2,
        seed: 42,
        scenarios: ["governance", "mining", "vesting"],
        out: "reports/simulation",
        quiet: false,
        configFile: "sim/configs/default.json",
        config: defaultConfig(),
      });
    });
  });

  describe("when valid options are given", function () {
    it("should parse task parameters given as strings", function () {
      const o = parseOptions({
        agents: "100",
        whales: "2",
        whaleShare: "0.5",
        seed: "7",
        scenario: "mining",
        quiet: true,
      });
      expect(o).to.include({ agents: 100, whales: 2, whaleShare: 0.5, seed: 7, quiet: true });
      expect(o.scenarios).to.deep.equal(["mining"]);
    });

    it("should parse command line flags, with a space or an equals sign", function () {
      const o = parseArgv(["--agents", "250", "--vc-share=0.1", "--out", "tmp/x", "--quiet", "--seed", "4294967295"]);
      expect(o).to.include({ agents: 250, vcShare: 0.1, out: "tmp/x", quiet: true, seed: 4294967295 });
    });

    it("should accept no VCs when vc-share is 0 and vesting is not run", function () {
      const o = parseOptions({ vcs: "0", vcShare: "0", scenario: "governance" });
      expect(o).to.include({ vcs: 0, vcShare: 0 });
    });
  });

  describe("when an option is invalid", function () {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        "an unknown scenario",
        { scenario: "lending" },
        /--scenario "lending": must be one of governance, mining, vesting, delegation, all/,
      ],
      ["agents < 1", { agents: "0" }, /--agents "0": must be an integer in \[1, /],
      ["a fractional agent count", { agents: "10.5" }, /--agents "10.5"/],
      ["a non-numeric agent count", { agents: "many" }, /--agents "many"/],
      ["whales < 1", { whales: "0" }, /--whales "0"/],
      ["a whale share of 0", { whaleShare: "0" }, /--whale-share "0": must be a number in \(0, 1\)/],
      ["a whale share of 1", { whaleShare: "1" }, /--whale-share "1": must be a number in \(0, 1\)/],
      ["a negative whale share", { whaleShare: "-0.1" }, /--whale-share "-0.1"/],
      ["a vc share of 1", { vcShare: "1" }, /--vc-share "1": must be a number in \[0, 1\)/],
      [
        "shares adding up to 1 or more",
        { whaleShare: "0.7", vcShare: "0.3" },
        /--vc-share "0.3": --whale-share \+ --vc-share must be < 1/,
      ],
      ["a seed of 2^32", { seed: "4294967296" }, /--seed "4294967296": must be an integer in \[0, 2\^32\)/],
      ["a negative seed", { seed: "-1" }, /--seed "-1"/],
      [
        "VCs without a share",
        { vcs: "3", vcShare: "0", scenario: "governance" },
        /--vcs "3": must be 0 when --vc-share is 0/,
      ],
      [
        "a VC share without VCs",
        { vcs: "0", vcShare: "0.1", scenario: "governance" },
        /--vc-share "0.1": must be 0 when --vcs is 0/,
      ],
      [
        "vesting without VCs",
        { vcs: "0", vcShare: "0", scenario: "vesting" },
        /--vcs "0": the vesting scenario needs at least one VC/,
      ],
      ["an empty output directory", { out: " " }, /--out " ": must be a directory path/],
      ["an unknown option", { lender: "1" }, /unknown option --lender/],
    ];
    for (const [what, raw, message] of cases) {
      it(`should reject ${what}, naming the option and the value`, function () {
        expect(() => parseOptions(raw)).to.throw(OptionsError, message);
      });
    }

    it("should list every bad option at once", function () {
      expect(() => parseOptions({ agents: "0", scenario: "x" })).to.throw(
        OptionsError,
        /--agents "0"[\s\S]*--scenario "x"/,
      );
    });
  });

  describe("when command line flags are malformed", function () {
    it("should reject an unknown flag", function () {
      expect(() => parseArgv(["--agents", "10", "--lender", "1"])).to.throw(OptionsError, /unknown option --lender/);
    });
    it("should reject a flag without its value", function () {
      expect(() => parseArgv(["--agents"])).to.throw(OptionsError, /--agents needs a value/);
    });
    it("should reject a value given to a boolean flag", function () {
      expect(() => parseArgv(["--quiet=yes"])).to.throw(OptionsError, /--quiet takes no value/);
    });
    it("should reject a stray argument", function () {
      expect(() => parseArgv(["100"])).to.throw(OptionsError, /unexpected argument "100"/);
    });
  });

  describe("when the simulate task gets a bad option", function () {
    it("should fail before any chain work", async function () {
      const before = await hre.ethers.provider.getBlockNumber();
      let message = "";
      try {
        await hre.run("simulate", { agents: "0", scenario: "lending" });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message)
        .to.match(/--agents "0"/)
        .and.to.match(/--scenario "lending"/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
    });
  });
});
