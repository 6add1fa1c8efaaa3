import { expect } from "chai";
import hre from "hardhat";
import { PassThrough } from "node:stream";
import { agentSigners } from "../../sim/chain/accounts";
import { SIM_EPOCH } from "../../sim/chain/clock";
import { parseOptions } from "../../sim/cli/options";
import type { RunnerUi } from "../../sim/progress";
import { runSimulation, type ScenarioRegistry } from "../../sim/runner";
import type { Scenario, ScenarioContext, ScenarioResult } from "../../sim/types";
import { TestERC20__factory } from "../../typechain-types";

const TRANSFERS = 4;
const DAY = 86_400;

/**
 * A tiny stand-in scenario: deploys a TestERC20, mints, sends TRANSFERS transfers from
 * impersonated agents (as real scenarios do), waits on the wall clock, moves chain time a day with
 * evm_increaseTime, and reports what it saw on chain.
 */
/** Transactions tokenScenario sends: deploy, the agents' funding (one batch), mint, TRANSFERS transfers, mint. */
const TOKEN_SCENARIO_TXS = TRANSFERS + 4;

function tokenScenario(name: "governance" | "mining", wallPauseMs: number, steps = TOKEN_SCENARIO_TXS): Scenario {
  const run = async (ctx: ScenarioContext) => {
    const { ethers, network } = ctx.hre;
    const [deployer] = await ethers.getSigners();
    const token = await new TestERC20__factory(deployer).deploy("Test", "TST");
    const agents = await agentSigners(ctx.hre, TRANSFERS, 1, name);
    await (await token.mint(agents[0].address, 1000n)).wait();
    await new Promise((resolve) => setTimeout(resolve, wallPauseMs));
    const first = (await ethers.provider.getBlock("latest"))?.timestamp ?? 0;
    for (let i = 0; i < TRANSFERS; i++) {
      await (await token.connect(agents[0]).transfer(agents[(i + 1) % TRANSFERS].address, 10n)).wait();
    }
    await network.provider.request({ method: "evm_increaseTime", params: [DAY] });
    await (await token.mint(agents[1].address, 1n)).wait();
    const last = (await ethers.provider.getBlock("latest"))?.timestamp ?? 0;
    const result: ScenarioResult = {
      scenario: name,
      mechanisms: [
        {
          id: "probe",
          label: "Probe",
          baseline: false,
          metrics: {
            tokenAddress: await token.getAddress(),
            firstTimestamp: first,
            lastTimestamp: last,
            randomDraw: ctx.rng.next(),
            retail: ctx.population.agents.filter((a) => a.kind === "retail").length,
          },
        },
      ],
      reading: "probe",
    };
    return result;
  };
  return Object.assign(run, { steps: () => steps });
}

function quietUi(lines: string[]): RunnerUi {
  return { progressBar: false, log: (l) => lines.push(l) };
}

const failing: Scenario = Object.assign(
  async (ctx: ScenarioContext): Promise<ScenarioResult> => {
    const [deployer] = await ctx.hre.ethers.getSigners();
    await new TestERC20__factory(deployer).deploy("Doomed", "D");
    throw new Error("scenario exploded");
  },
  { steps: () => 1 },
);

describe("simulation runner (with stand-in token scenarios)", function () {
  const registry = (pause = 0): ScenarioRegistry => ({
    governance: tokenScenario("governance", pause),
    mining: tokenScenario("mining", pause),
    vesting: failing,
    delegation: failing,
  });
  const options = parseOptions({ agents: "25", scenario: "all" });

  describe("when two scenarios run", function () {
    it("should count each scenario's transactions and blocks", async function () {
      const lines: string[] = [];
      const run = await runSimulation(
        hre,
        { ...options, scenarios: ["governance", "mining"] },
        registry(),
        quietUi(lines),
      );
      for (const t of run.timing) {
        // deploy + funding + mint + transfers + mint after the time jump
        expect(t.transactions).to.equal(TOKEN_SCENARIO_TXS);
        expect(t.blocks).to.equal(TOKEN_SCENARIO_TXS);
      }
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(/^governance: \d+\.\d s, 8 transactions/);
      expect(run.results.map((r) => r.scenario)).to.deep.equal(["governance", "mining"]);
    });

    it("should start each scenario from the same chain state", async function () {
      const blockBefore = await hre.ethers.provider.getBlockNumber();
      const run = await runSimulation(
        hre,
        { ...options, scenarios: ["governance", "mining"] },
        registry(),
        quietUi([]),
      );
      const [a, b] = run.results.map((r) => r.mechanisms[0].metrics);
      expect(a.tokenAddress).to.equal(b.tokenAddress); // same deployer nonce: the first deploy was reverted
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(blockBefore);
      expect(await hre.ethers.provider.getCode(String(a.tokenAddress))).to.equal("0x");
    });

    it("should hand both the same population", async function () {
      const run = await runSimulation(
        hre,
        { ...options, scenarios: ["governance", "mining"] },
        registry(),
        quietUi([]),
      );
      expect(run.results.map((r) => r.mechanisms[0].metrics.retail)).to.deep.equal([25, 25]);
      expect(run.population.agents).to.have.length(25 + options.whales + options.vcs);
    });
  });

  describe("given the same seed", function () {
    it("should give the same numbers, whatever the wall clock does", async function () {
      const one = await runSimulation(
        hre,
        { ...options, scenarios: ["governance", "mining"] },
        registry(0),
        quietUi([]),
      );
      const two = await runSimulation(
        hre,
        { ...options, scenarios: ["governance", "mining"] },
        registry(2100),
        quietUi([]),
      );
      expect(two.results).to.deep.equal(one.results);
    });

    it("should give a scenario the same random stream whether or not others ran", async function () {
      const both = await runSimulation(
        hre,
        { ...options, scenarios: ["governance", "mining"] },
        registry(),
        quietUi([]),
      );
      const alone = await runSimulation(hre, { ...options, scenarios: ["mining"] }, registry(), quietUi([]));
      expect(alone.results[0]).to.deep.equal(both.results[1]);
    });

    it("should mine from a fixed epoch, one second a block, plus evm_increaseTime", async function () {
      const run = await runSimulation(hre, { ...options, scenarios: ["governance"] }, registry(), quietUi([]));
      const m = run.results[0].mechanisms[0].metrics;
      // deploy at SIM_EPOCH, funding +1, mint +2 → firstTimestamp; transfers +1 each; last mint +1 + a day
      expect(m.firstTimestamp).to.equal(SIM_EPOCH + 2);
      expect(m.lastTimestamp).to.equal(SIM_EPOCH + 2 + TRANSFERS + 1 + DAY);
    });
  });

  describe("given a different seed", function () {
    it("should give the scenarios a different random stream", async function () {
      const a = await runSimulation(hre, { ...options, scenarios: ["governance"] }, registry(), quietUi([]));
      const b = await runSimulation(hre, { ...options, seed: 43, scenarios: ["governance"] }, registry(), quietUi([]));
      expect(a.results[0].mechanisms[0].metrics.randomDraw).to.not.equal(b.results[0].mechanisms[0].metrics.randomDraw);
    });
  });

  describe("when the progress bar is on", function () {
    async function barOutput(reg: ScenarioRegistry, scenarios: ("governance" | "mining")[]): Promise<string> {
      const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 160 });
      let out = "";
      stream.on("data", (chunk: Buffer) => (out += chunk.toString()));
      const ui: RunnerUi = { progressBar: true, log: () => undefined, stream };
      await runSimulation(hre, { ...options, scenarios }, reg, ui);
      return out;
    }

    it("should size one bar for the whole run before the first transaction and end it full", async function () {
      const out = await barOutput(registry(), ["governance", "mining"]);
      const total = 2 * TOKEN_SCENARIO_TXS;
      const counts = [...out.matchAll(/~(\d+)\/(\d+) transactions/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(counts.length).to.be.greaterThan(0);
      // The total never changes, and the bar never moves backwards.
      for (const [, t] of counts) expect(t).to.equal(total);
      const values = counts.map(([v]) => v);
      expect(values).to.deep.equal([...values].sort((a, b) => a - b));
      expect(values[values.length - 1]).to.equal(total);
      expect(out).to.match(/governance 1\/2/);
      expect(out).to.match(/governance: \d+\.\d s, 8 transactions/);
    });

    it("should hold a scenario that sends more than it expected at the end of its share", async function () {
      const reg = { ...registry(), governance: tokenScenario("governance", 0, 2) };
      const out = await barOutput(reg, ["governance", "mining"]);
      const values = [...out.matchAll(/~(\d+)\/(\d+) transactions/g)].map((m) => Number(m[1]));
      expect(Math.max(...values)).to.equal(2 + TOKEN_SCENARIO_TXS);
      expect(values).to.deep.equal([...values].sort((a, b) => a - b));
    });
  });

  describe("when a scenario fails", function () {
    it("should rethrow, revert its chain work and unhook the provider", async function () {
      const blockBefore = await hre.ethers.provider.getBlockNumber();
      const request = hre.network.provider.request;
      await runSimulation(hre, { ...options, scenarios: ["vesting"] }, registry(), quietUi([])).then(
        () => expect.fail("the run should have failed"),
        (err: Error) => expect(err.message).to.equal("scenario exploded"),
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(blockBefore);
      expect(hre.network.provider.request).to.equal(request);
    });
  });

  describe("when a scenario returns another scenario's result", function () {
    it("should refuse it", async function () {
      const swapped: ScenarioRegistry = { ...registry(), governance: tokenScenario("mining", 0) };
      await runSimulation(hre, { ...options, scenarios: ["governance"] }, swapped, quietUi([])).then(
        () => expect.fail("the run should have failed"),
        (err: Error) => expect(err.message).to.equal('scenario "governance" returned a result for "mining"'),
      );
    });
  });
});
