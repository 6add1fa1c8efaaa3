import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { parseOptions } from "../../sim/cli/options";
import { loadScenarios } from "../../sim/cli/scenarios";
import { runSimulation } from "../../sim/runner";
import { GOVERNORS, runGovernancePoint } from "../../sim/sweep/governance";
import { chainCompared, modelCompared, recheckMarkdown } from "../../sim/sweep/recheck";
import { pointConfig } from "../../sim/sweep/grid";

const display = (x: bigint, unit: bigint): number => Number(x / unit) + Number(x % unit) / Number(unit);

/**
 * A sweep point is the chain scenario's point: the model engine, given the same seed and config,
 * casts the same ballots on the same population and reaches the same outcome and tallies as the
 * real governors in the governance scenario.
 */
describe("sweep point against the chain engine", function () {
  this.timeout(300_000);

  it("should reach the chain's outcome and tallies under every governor (low turnout, some unverified)", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-chain-"));
    const file = path.join(dir, "config.json");
    const input = {
      population: { agents: 24, whales: 3, whaleShare: 0.5, vcs: 2, vcShare: 0.05 },
      retail: { verifiedRate: 0.8, turnout: { mode: "fixed", rate: 0.5 } },
    };
    fs.writeFileSync(file, JSON.stringify(input));
    const options = parseOptions({ seed: "11", scenario: "governance", scenarioConfig: file });
    const scenarios = await loadScenarios();
    const run = await runSimulation(hre, options, scenarios, { progressBar: false, log: () => undefined });
    const chain = run.results.find((r) => r.scenario === "governance");
    expect(chain).to.not.equal(undefined);
    const model = runGovernancePoint(options.config, 11);
    for (const g of GOVERNORS) {
      const m = chain?.mechanisms.find((x) => x.id === g);
      const o = model.governors[g];
      const unit = g === "counterweight" ? 10n ** 9n : 10n ** 18n;
      expect(m?.metrics.outcome, g).to.equal(o.winner === "whale" ? "passed" : "defeated");
      expect(m?.metrics.forWeight, g).to.equal(display(BigInt(o.for), unit));
      expect(m?.metrics.againstWeight, g).to.equal(display(BigInt(o.against), unit));
      // Cost of capture by identity (or token) purchase: the sweep's heatmap value is the scenario's, within budget.
      const c = chain?.variants?.find((v) => v.id === `capture-identities-${g}`)?.metrics;
      expect(c, g).to.not.equal(undefined);
      expect(o.captureTokens, g).to.equal(c?.capturedWithinBudget === true ? c.costOfCaptureTokens : null);
    }

    // The sweep's chain re-check (`--recheck N`) compares this run with the model the same way, and
    // its report shows, under each governor, the same winner and tallies on both sides.
    const compared = {
      model: modelCompared("governance", options.config, 11),
      chain: chainCompared("governance", chain),
    };
    expect(compared.chain).to.deep.equal(compared.model);
    const report = recheckMarkdown({
      asked: 1,
      agents: 24,
      network: hre.network.name,
      points: [
        { point: { turnout: 0.5 }, seed: 11, agents: 24, ...compared, match: true, modelSeconds: 0, chainSeconds: 0 },
      ],
      modelSeconds: 0,
      chainSeconds: 0,
    }).join("\n");
    for (const g of GOVERNORS) {
      const { winner, for: f, against } = compared.model[g];
      expect(winner, g).to.match(/^(whale|retail)$/);
      const cell = `${winner}, for ${f}, against ${against}`;
      expect(report, g).to.include(
        `### ${g}\n\n| point | seed | model | chain | same | chain s |\n| --- | --- | --- | --- | --- | --- |\n| turnout=0.5 | 11 | ${cell} | ${cell} | yes | 0.0 |`,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("should cast the chain's bribed re-vote: the votes bought and the tallies after vote buying (bribe-per-vote axis)", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-chain-bribe-"));
    const file = path.join(dir, "config.json");
    // Full turnout, whales 30 %: Counterweight defeats the proposal until one bribed vote turns it.
    const input = {
      population: { agents: 24, whales: 3, whaleShare: 0.3, vcs: 2, vcShare: 0.05 },
      retail: { verifiedRate: 0.8, turnout: { mode: "fixed" as const, rate: 1 } },
    };
    const config = pointConfig(input, { "bribe-per-vote": 100_000 });
    fs.writeFileSync(file, JSON.stringify({ ...input, whales: config.whales }));
    const options = parseOptions({ seed: "11", scenario: "governance", scenarioConfig: file });
    const scenarios = await loadScenarios();
    const run = await runSimulation(hre, options, scenarios, { progressBar: false, log: () => undefined });
    const chain = run.results.find((r) => r.scenario === "governance");
    const model = modelCompared("governance", config, 11);
    expect(chainCompared("governance", chain)).to.deep.equal(model);
    const cw = runGovernancePoint(config, 11).governors.counterweight;
    expect([cw.winner, cw.bribe?.winner, cw.bribe?.votesBought]).to.deep.equal(["retail", "whale", 1]);
    expect(model["bribe-voters-counterweight"]).to.deep.include({ winner: "whale", votesBought: "1" });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
