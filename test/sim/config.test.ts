import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { OptionsError, parseOptions } from "../../sim/cli/options";
import { loadScenarios } from "../../sim/cli/scenarios";
import { DEFAULT_CONFIG_FILE } from "../../sim/config/load";
import { WHALE_STRATEGIES, defaultConfig } from "../../sim/config/schema";
import type { RunnerUi } from "../../sim/progress";
import { PlanError, buildPopulation, runSimulation, validatePlan } from "../../sim/runner";

const quiet: RunnerUi = { progressBar: false, log: () => undefined };

/** A Hardhat environment whose chain fails the test on any request: proof that nothing was sent. */
const untouchable = {
  network: {
    name: "hardhat",
    provider: {
      request: () => {
        throw new Error("the chain was touched");
      },
    },
  },
} as unknown as HardhatRuntimeEnvironment;

describe("scenario config", function () {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-config-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, value: unknown) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, typeof value === "string" ? value : JSON.stringify(value));
    return f;
  };

  describe("the committed default", function () {
    it("should state every default of the schema (so it documents today's behaviour)", function () {
      expect(JSON.parse(fs.readFileSync(DEFAULT_CONFIG_FILE, "utf8"))).to.deep.equal(defaultConfig());
    });
  });

  describe("when a config file is given", function () {
    it("should use its values, with the command line flags overriding its population", function () {
      const f = file("small.json", {
        population: { agents: 50, whales: 2 },
        retail: { turnout: { mode: "balance", min: 0.02, max: 0.3 }, verifiedRate: 0.5 },
        mining: { capOverMeanStake: 2 },
      });
      const fromFile = parseOptions({ scenarioConfig: f });
      expect(fromFile).to.include({ agents: 50, whales: 2, configFile: f });
      expect(fromFile.config.retail.turnout).to.deep.equal({ mode: "balance", min: 0.02, max: 0.3 });
      expect(fromFile.config.mining).to.deep.equal({ ...defaultConfig().mining, capOverMeanStake: 2 });
      const flagged = parseOptions({ scenarioConfig: f, agents: "70" });
      expect(flagged).to.include({ agents: 70, whales: 2 });
      expect(flagged.config.population.agents).to.equal(70);
    });
  });

  describe("when a config file is bad", function () {
    const cases: [string, unknown, RegExp][] = [
      ["a turnout above 1", { retail: { turnout: { mode: "fixed", rate: 1.5 } } }, /\$\.retail\.turnout\.rate: /],
      ["an unknown turnout mode", { retail: { turnout: { mode: "weather" } } }, /\$\.retail\.turnout\.mode/],
      [
        "a balance turnout falling with balance",
        { retail: { turnout: { mode: "balance", min: 0.5, max: 0.1 } } },
        /\$\.retail\.turnout\.max: min must be ≤ max/,
      ],
      [
        "preferences not summing to 1",
        { preferences: { retail: { for: 0.5, against: 0.4, abstain: 0 } } },
        /\$\.preferences\.retail: for \+ against \+ abstain must be 1/,
      ],
      ["an unknown field", { retail: { turnuot: 1 } }, /\$\.retail\.turnuot: unknown field/],
      ["a slope above 1", { mining: { slope: 2 } }, /\$\.mining\.slope/],
      ["a cliff at the end", { vesting: { cliffMonths: 24 } }, /\$\.vesting\.cliffMonths: must be < durationMonths/],
      [
        "tranches that do not divide the vesting period",
        { vesting: { cliffMonths: 12, durationMonths: 24, trancheMonths: 5 } },
        /\$\.vesting\.trancheMonths: must divide durationMonths − cliffMonths \(12\)/,
      ],
      [
        "the farm exit given as a whale strategy",
        { whales: { strategy: "exit-farm" } },
        /\$\.whales\.strategy: "exit-farm" is not a whale strategy: .*set mining\.whaleExit to \{"rule":"always"\}/,
      ],
      [
        "an unknown whale strategy",
        { whales: { strategy: "charity" } },
        /\$\.whales\.strategy: must be one of passive, buy-identities, bribe-voters/,
      ],
      ["an identity price of 0", { identity: { priceTokens: 0 } }, /\$\.identity\.priceTokens/],
      [
        "the identity price at its old place in the identity-purchase strategy",
        { whales: { strategy: "buy-identities", buyIdentities: { priceTokens: 1000 } } },
        /\$\.whales\.buyIdentities\.priceTokens: moved: set identity\.priceTokens instead/,
      ],
      [
        "the identity price at its old place in the farm",
        { mining: { identityPriceQuote: 1 } },
        /\$\.mining\.identityPriceQuote: moved: set identity\.priceTokens instead \(.*WETH at the pool price\)/,
      ],
      [
        "a rotation cooldown above the registry's maximum",
        { whales: { buyIdentities: { rotationCooldownDays: 400 } } },
        /\$\.whales\.buyIdentities\.rotationCooldownDays/,
      ],
      [
        "a bribe of 0 per vote",
        { whales: { strategy: "bribe-voters", bribeVoters: { bribePerVoteQuote: 0 } } },
        /\$\.whales\.bribeVoters\.bribePerVoteQuote/,
      ],
      [
        "a negative bribe budget",
        { whales: { bribeVoters: { budgetQuote: -1 } } },
        /\$\.whales\.bribeVoters\.budgetQuote/,
      ],
      [
        "an unknown vote-buying field",
        { whales: { bribeVoters: { bribe: 5 } } },
        /\$\.whales\.bribeVoters\.bribe: unknown field/,
      ],
      ["a VC selling fraction of 0", { vesting: { vcSelling: { mode: "sell-fraction", fraction: 0 } } }, /fraction/],
      ["shares adding up to 1", { population: { whaleShare: 0.7, vcShare: 0.3 } }, /\$\.population\.vcShare/],
      ["a file that is no JSON", "{ retail: ", /not valid JSON/],
    ];
    for (const [what, value, message] of cases) {
      it(`should refuse ${what}, naming the file and the field`, function () {
        const f = file(`bad-${what.replace(/\W+/g, "-")}.json`, value);
        expect(() => parseOptions({ scenarioConfig: f })).to.throw(OptionsError, message);
        expect(() => parseOptions({ scenarioConfig: f })).to.throw(OptionsError, new RegExp(`config ${f}`));
      });
    }
    it("should refuse a file that does not exist", function () {
      expect(() => parseOptions({ scenarioConfig: path.join(dir, "nope.json") })).to.throw(
        OptionsError,
        /nope\.json: cannot read it/,
      );
    });
    it("should name the flag when a flag breaks a rule of the merged config", function () {
      const f = file("vc.json", { population: { vcShare: 0.3 } });
      expect(() => parseOptions({ scenarioConfig: f, whaleShare: "0.8" })).to.throw(OptionsError, /config .*vcShare/);
      expect(() => parseOptions({ scenarioConfig: f, vcShare: "0.5", whaleShare: "0.6" })).to.throw(
        OptionsError,
        /--vc-share "0.5": --whale-share \+ --vc-share must be < 1/,
      );
    });
  });

  describe("when the plan cannot run", function () {
    const refused: [string, Record<string, string>, unknown, RegExp][] = [
      [
        "governance with one whale and nobody else holding the proposal threshold",
        { scenario: "governance", whales: "1", whaleShare: "0.999", vcs: "0", vcShare: "0", agents: "50" },
        {},
        /governance: the sybil runs need a second proposer holding the proposal threshold/,
      ],
      [
        "a vault schedule above the policy's linear bound",
        { scenario: "vesting", agents: "20" },
        { vesting: { cliffMonths: 1, durationMonths: 24, trancheMonths: 23 } },
        /vesting: vesting\.cliffMonths 1 \/ trancheMonths 23: the tranche at month 1 would unlock more/,
      ],
    ];
    for (const [what, raw, config, message] of refused) {
      it(`should refuse ${what} before any chain request`, async function () {
        const options = parseOptions({ ...raw, scenarioConfig: file(`plan-${what.length}.json`, config) });
        const scenarios = await loadScenarios();
        let error: unknown;
        try {
          await runSimulation(untouchable, options, scenarios, quiet);
        } catch (err) {
          error = err;
        }
        expect(error).to.be.instanceOf(PlanError);
        expect((error as Error).message).to.match(message);
      });
    }

    it("should refuse it through the simulate task with a Hardhat error, chain untouched", async function () {
      const before = await hre.ethers.provider.getBlockNumber();
      let message = "";
      try {
        await hre.run("simulate", {
          scenario: "governance",
          whales: "1",
          whaleShare: "0.999",
          vcs: "0",
          vcShare: "0",
          agents: "50",
          quiet: true,
          out: path.join(dir, "refused"),
        });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.match(/the simulation cannot run as asked/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
      expect(fs.existsSync(path.join(dir, "refused"))).to.equal(false);
    });

    it("should refuse the farm exit given as a whale strategy through the simulate task, pointing to mining.whaleExit, chain untouched", async function () {
      const before = await hre.ethers.provider.getBlockNumber();
      let message = "";
      try {
        await hre.run("simulate", {
          scenario: "mining",
          agents: "20",
          whaleStrategy: "exit-farm",
          quiet: true,
          out: path.join(dir, "exit-farm"),
        });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.match(
        /--whale-strategy "exit-farm": \$\.whales\.strategy: "exit-farm" is not a whale strategy/,
      );
      expect(message).to.include("mining.whaleExit");
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
      expect(fs.existsSync(path.join(dir, "exit-farm"))).to.equal(false);
    });

    it("should pass every scenario's plan check for every whale strategy and farm exit rule the validator accepts", async function () {
      const scenarios = await loadScenarios();
      for (const whaleStrategy of WHALE_STRATEGIES) {
        for (const whaleExit of ["never", "always", "below-outside-apr"]) {
          const options = parseOptions({ agents: "20", whaleStrategy, whaleExit });
          expect(() => validatePlan(options, scenarios), `${whaleStrategy} ${whaleExit}`).to.not.throw();
        }
      }
    });

    it("should accept one whale when another holder can propose (the default population's VCs)", async function () {
      const options = parseOptions({ scenario: "governance", whales: "1", agents: "20" });
      const scenarios = await loadScenarios();
      expect(scenarios.governance.validate?.(buildPopulation(options), options.config)).to.deep.equal([]);
    });
  });
});
