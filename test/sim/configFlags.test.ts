import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { OptionsError, parseArgv, parseOptions } from "../../sim/cli/options";
import { CONFIG_FLAGS, flagName } from "../../sim/cli/flags";
import { defaultConfig } from "../../sim/config/schema";

/**
 * The config flags (sim/cli/configFlags.ts): each sets one field of the scenario config, flag over
 * file over default, and a bad value is refused by the config's schema with the flag named, before
 * any chain work.
 */
describe("simulate: config flags", function () {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-config-flags-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, value: unknown) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, JSON.stringify(value));
    return f;
  };

  describe("precedence", function () {
    it("should take the default when neither file nor flag sets a field", function () {
      const c = parseOptions({}).config;
      const d = defaultConfig();
      expect(c.whales.strategy).to.equal(d.whales.strategy);
      expect(c.identity.priceTokens).to.equal(d.identity.priceTokens);
      expect(c.mining.whaleExit).to.deep.equal(d.mining.whaleExit);
      expect(c.mining.retailSwapQuote).to.equal(d.mining.retailSwapQuote);
    });

    it("should take the file over the default and the flag over the file, field by field", function () {
      const f = file("file.json", {
        identity: { priceTokens: 500 },
        mining: { retailSwapQuote: 20, whaleExit: { rule: "never" } },
        whales: {
          strategy: "buy-identities",
          bribeVoters: { bribePerVoteQuote: 7, budgetQuote: 70 },
          buyIdentities: { budgetTokens: 9000 },
        },
      });
      const fromFile = parseOptions({ scenarioConfig: f }).config;
      expect(fromFile.identity.priceTokens).to.equal(500);
      expect(fromFile.mining.retailSwapQuote).to.equal(20);
      expect(fromFile.whales.strategy).to.equal("buy-identities");

      const flagged = parseOptions({
        scenarioConfig: f,
        whaleStrategy: "bribe-voters",
        identityPrice: "250",
        bribePerVote: "3.5",
        whaleExit: "below-outside-apr",
        retailSwap: "40",
      }).config;
      expect(flagged.whales.strategy).to.equal("bribe-voters");
      expect(flagged.identity.priceTokens).to.equal(250);
      // The bribe flag sets one field; the file's other bribe fields stay.
      expect(flagged.whales.bribeVoters).to.include({ bribePerVoteQuote: 3.5, budgetQuote: 70 });
      // The file's rule had no APR: switching to below-outside-apr takes the default's.
      expect(flagged.mining.whaleExit).to.deep.equal({
        rule: "below-outside-apr",
        outsideApr: (defaultConfig().mining.whaleExit as { outsideApr: number }).outsideApr,
      });
      expect(flagged.mining.retailSwapQuote).to.equal(40);
      // Untouched by any flag: the file's.
      expect(flagged.whales.buyIdentities?.budgetTokens).to.equal(9000);
    });

    it("should read the same flags from a command line (kebab-case), --outside-apr after --whale-exit", function () {
      const c = parseArgv([
        "--whale-exit",
        "below-outside-apr",
        "--outside-apr=0.4",
        "--identity-budget",
        "12345",
        "--bribe-budget",
        "99",
        "--bribe-accept-all",
        "0.5",
        "--capture-budget",
        "77",
      ]).config;
      expect(c.mining.whaleExit).to.deep.equal({ rule: "below-outside-apr", outsideApr: 0.4 });
      expect(c.whales.buyIdentities?.budgetTokens).to.equal(12345);
      expect(c.whales.bribeVoters).to.include({ budgetQuote: 99, acceptAllAtValueShare: 0.5 });
      expect(c.mining.captureBudgetQuote).to.equal(77);
      // Switching the rule away from an APR drops the APR (a strict schema would refuse it).
      expect(parseArgv(["--whale-exit", "always"]).config.mining.whaleExit).to.deep.equal({ rule: "always" });
    });

    it("should list every config flag in the task's help, each naming the field it sets", function () {
      const params = hre.tasks.simulate.paramDefinitions;
      for (const f of CONFIG_FLAGS) {
        expect(params[f.key], flagName(f.key)).to.not.equal(undefined);
        expect(params[f.key].description).to.include(f.path.join("."));
      }
    });
  });

  describe("when a flag's value is bad", function () {
    const cases: [string, Record<string, string>, RegExp][] = [
      ["an unknown whale strategy", { whaleStrategy: "charity" }, /--whale-strategy "charity": \$\.whales\.strategy: /],
      ["an identity price of 0", { identityPrice: "0" }, /--identity-price "0": \$\.identity\.priceTokens: /],
      ["an identity price that is no number", { identityPrice: "cheap" }, /--identity-price "cheap": must be a number/],
      ["a bribe of 0", { bribePerVote: "0" }, /--bribe-per-vote "0": \$\.whales\.bribeVoters\.bribePerVoteQuote: /],
      ["a negative bribe budget", { bribeBudget: "-5" }, /--bribe-budget "-5": \$\.whales\.bribeVoters\.budgetQuote: /],
      ["an unknown exit rule", { whaleExit: "sometimes" }, /--whale-exit "sometimes": \$\.mining\.whaleExit/],
      ["a negative outside APR", { outsideApr: "-1" }, /--outside-apr "-1": \$\.mining\.whaleExit\.outsideApr: /],
      [
        "an outside APR with a rule that has none",
        { whaleExit: "never", outsideApr: "0.3" },
        /--outside-apr "0.3": applies only with the below-outside-apr exit rule/,
      ],
      ["a retail swap of 0", { retailSwap: "0" }, /--retail-swap "0": \$\.mining\.retailSwapQuote: /],
      ["an exit after the period", { exitAt: "1.5" }, /--exit-at "1.5": \$\.mining\.whaleExit\.atFraction: /],
    ];
    for (const [what, raw, message] of cases) {
      it(`should refuse ${what}, naming the flag`, function () {
        expect(() => parseOptions(raw)).to.throw(OptionsError, message);
      });
    }

    it("should refuse it through the simulate task with a Hardhat error, nothing run and nothing written", async function () {
      const before = await hre.ethers.provider.getBlockNumber();
      const out = path.join(dir, "refused");
      let message = "";
      try {
        await hre.run("simulate", { scenario: "governance", agents: "20", bribePerVote: "0", quiet: true, out });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.match(/--bribe-per-vote "0": \$\.whales\.bribeVoters\.bribePerVoteQuote/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
      expect(fs.existsSync(out)).to.equal(false);
    });
  });
});
