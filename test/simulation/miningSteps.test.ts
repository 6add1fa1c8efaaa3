import { expect } from "chai";
import hre from "hardhat";
import { parseConfig } from "../../sim/config/load";
import { useMiddleware } from "../../sim/chain/middleware";
import { TxCounter } from "../../sim/chain/txCounter";
import { generatePopulation } from "../../sim/population";
import { Rng } from "../../sim/random";
import { exitSteps, miningScenario } from "../../sim/scenarios/mining";

/**
 * The progress bar's total of the mining scenario counts the whale exit's transactions: between two
 * runs that differ only in the exit (nobody leaves / every whale leaves mid-period), the transactions the chain accepted differ by
 * exactly what `steps` says. 3 whales, 12 retail stakers, no sybil variants.
 */
describe("Simulation: mining steps count the whale exit's transactions", function () {
  const population = generatePopulation(new Rng(7), {
    retail: 12,
    whales: 3,
    whaleShare: 0.6,
    total: 600_000_000n * 10n ** 18n,
    retailVerifiedRate: 1,
  });

  /** The scenario's transactions and steps under `whaleExit`, on a chain reverted afterwards. */
  async function run(whaleExit: object) {
    const config = parseConfig({ mining: { whaleExit } }, "test");
    const counter = new TxCounter();
    const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
    const restore = useMiddleware(hre.network.provider, [counter.middleware]);
    try {
      await miningScenario({ hre, population, config, rng: new Rng(7), variants: false });
    } finally {
      restore();
      await hre.network.provider.send("evm_revert", [snapshot]);
    }
    return { sent: counter.transactions, steps: miningScenario.steps(population, config), exit: exitSteps(3, config) };
  }

  it("should count 3 transactions per leaver and farm in a mid-period exit, and none when nobody leaves", async function () {
    const never = await run({ rule: "never" });
    const mid = await run({ rule: "always", atFraction: 0.5 });
    // Every whale leaves both farms halfway: exit, LP to the pair, burn (the block mines send nothing).
    expect(mid.exit - never.exit).to.equal(2 * 3 * 3);
    expect(mid.sent - never.sent).to.equal(mid.steps - never.steps);
  });
});
