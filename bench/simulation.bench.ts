import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { performance } from "node:perf_hooks";
import { agentSigners } from "../sim/chain/accounts";
import { DeterministicClock } from "../sim/chain/clock";
import { useMiddleware } from "../sim/chain/middleware";
import { TxCounter } from "../sim/chain/txCounter";
import { splitReport, zeroSplit } from "../sim/chain/providerTime";
import { TestERC20__factory } from "../typechain-types";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalNode, NODE_KINDS, type NodeKind } from "../e2e/node";

interface NodeRun {
  node: string;
  measuredAt: string;
  wallSeconds: number;
  transactions: number;
  txPerSecond: number;
  /** The machine's 1-minute load average at the start and end of the run, and its cores: figures from a loaded machine are not comparable with an idle one. */
  load: MachineLoad;
}

interface MachineLoad {
  cores: number;
  loadAverage1m: [number, number];
}

/** Runs `work`, recording the machine's load around it. */
async function withLoad<T>(work: () => Promise<T>): Promise<{ value: T; load: MachineLoad }> {
  const before = os.loadavg()[0];
  const value = await work();
  return { value, load: { cores: os.cpus().length, loadAverage1m: [round(before, 2), round(os.loadavg()[0], 2)] } };
}

/** `hardhat simulate --network localhost` (default options) against a fresh `kind` node, timed from timing.json. */
async function simulateOnNode(root: string, kind: NodeKind, agents: string): Promise<Omit<NodeRun, "load">> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-bench-${kind}-`));
  const node = await LocalNode.start(kind, root, path.join(dir, "node.log"));
  try {
    const args = ["--config", path.join("e2e", "hardhat.config.ts"), "simulate", "--network", "localhost"];
    args.push("--agents", agents, "--out", dir, "--quiet");
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(path.join(root, "node_modules", ".bin", "hardhat"), args, {
        cwd: root,
        env: { ...process.env, CW_E2E_RPC: node.url },
        stdio: "inherit",
      });
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) throw new Error(`simulate on ${kind} exited with ${code}; node log in ${dir}`);
    // Wall times live in timing.json (summary.json holds only the outcomes, the same on every node).
    const timing = JSON.parse(fs.readFileSync(path.join(dir, "timing.json"), "utf8")) as {
      totalWallSeconds: number;
      totalTransactions: number;
    };
    const { totalWallSeconds: wallSeconds, totalTransactions: transactions } = timing;
    return {
      node: kind === "hardhat" ? "hardhat node" : "anvil",
      measuredAt: new Date().toISOString().slice(0, 10),
      wallSeconds,
      transactions,
      txPerSecond: round(transactions / wallSeconds, 1),
    };
  } finally {
    await node.stop();
  }
}

/** The node runs asked for by BENCH_SIMULATION_NODES, the others as last recorded. */
async function nodeRuns(hre: HardhatRuntimeEnvironment, agents: string): Promise<NodeRun[]> {
  const wanted = (process.env.BENCH_SIMULATION_NODES ?? "").split(",").filter((s) => s.length > 0);
  for (const w of wanted) {
    if (!NODE_KINDS.some((k) => k === w)) throw new Error(`BENCH_SIMULATION_NODES: unknown node "${w}"`);
  }
  const file = path.join(hre.config.paths.root, "reports", "bench", "simulation.json");
  const previous = fs.existsSync(file)
    ? ((JSON.parse(fs.readFileSync(file, "utf8")) as { nodes?: { runs?: NodeRun[] } }).nodes?.runs ?? [])
    : [];
  const out: NodeRun[] = [];
  for (const kind of NODE_KINDS) {
    const label = kind === "hardhat" ? "hardhat node" : "anvil";
    if (wanted.includes(kind)) {
      const { value, load } = await withLoad(() => simulateOnNode(hre.config.paths.root, kind, agents));
      out.push({ ...value, load });
    } else {
      const kept = previous.find((r) => r.node === label);
      if (kept !== undefined) out.push(kept);
    }
  }
  return out;
}

/**
 * The simulator's speed next to its ceiling, on the same in-process chain:
 * - ceiling: plain TestERC20 transfers from impersonated agents, awaited one by one as the scenarios
 *   do, without and with the runner's provider hooks (deterministic clock + tx counter);
 * - simulator: the default `npm run simulate` (1,000 retail, every scenario), wall time, CPU time
 *   and tx/s, then the raw ceiling again (the ratios use the mean of the two ceilings).
 * - nodes: the same default run against real local nodes, `npm run simulate -- --network localhost`
 *   on a `hardhat node` and on anvil started as `npm run e2e` starts them (BENCH_SIMULATION_NODES=
 *   hardhat,anvil; several minutes each, so not part of CI). Without it the recorded node figures
 *   are kept from the last run that measured them, marked with the date they were measured.
 * BENCH_SIMULATION_PART=ceiling measures the ceiling only (the report says so);
 * BENCH_SIMULATION_AGENTS=10000 measures a larger run.
 */
const TRANSFERS = 2_000;
const SENDERS = 20;

/** The process's CPU time (user + system, every thread: EDR's included) in seconds since `from`. */
function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

interface CeilingRun {
  transfers: number;
  seconds: number;
  cpuSeconds: number;
  txPerSecond: number;
}

async function transfersPerSecond(hre: HardhatRuntimeEnvironment, label: string): Promise<CeilingRun> {
  const [deployer] = await hre.ethers.getSigners();
  const token = await new TestERC20__factory(deployer).deploy("Bench", "BEN");
  const agents = await agentSigners(hre, SENDERS, 7, label);
  for (const a of agents) await (await token.mint(a.address, 10n ** 24n)).wait();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < TRANSFERS; i++) {
    const from = agents[i % SENDERS];
    const to = agents[(i + 1) % SENDERS];
    await (await token.connect(from).transfer(to.address, 1n)).wait();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    transfers: TRANSFERS,
    seconds: round(seconds, 3),
    cpuSeconds: round(cpuSecondsSince(cpu), 3),
    txPerSecond: round(TRANSFERS / seconds, 1),
  };
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

export default async function simulationBench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const raw = await transfersPerSecond(hre, "ceiling-raw");
  const restore = useMiddleware(hre.network.provider, [
    new TxCounter().middleware,
    new DeterministicClock().middleware,
  ]);
  let hooked;
  try {
    hooked = await transfersPerSecond(hre, "ceiling-hooked");
  } finally {
    restore();
  }
  const ceiling = {
    description: `${TRANSFERS} TestERC20 transfers, sequential awaits, ${SENDERS} impersonated senders`,
    raw,
    withRunnerHooks: hooked,
  };
  if (process.env.BENCH_SIMULATION_PART === "ceiling") {
    return { ceiling, simulator: "not measured (BENCH_SIMULATION_PART=ceiling)" };
  }

  // Fails loudly (no numbers written) when sim/scenarios is missing.
  const { loadScenarios } = await import("../sim/cli/scenarios");
  const scenarios = await loadScenarios();
  const { parseOptions } = await import("../sim/cli/options");
  const { runSimulation } = await import("../sim/runner");
  await hre.network.provider.request({ method: "hardhat_reset", params: [] });
  const options = parseOptions({ agents: process.env.BENCH_SIMULATION_AGENTS ?? "1000", quiet: true });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { value: run, load } = await withLoad(() =>
    runSimulation(hre, options, scenarios, { progressBar: false, log: (l) => console.log(`  ${l}`) }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  // The ceiling again, after the run, on a fresh chain: a load that came or went during the run
  // moves both ceilings' mean with it, where one ceiling taken before a 30-50 s run would not.
  await hre.network.provider.request({ method: "hardhat_reset", params: [] });
  const rawAfter = await transfersPerSecond(hre, "ceiling-raw-after");
  const transactions = run.timing.reduce((a, t) => a + t.transactions, 0);
  const txPerSecond = transactions / wallSeconds;
  const total = run.timing.reduce((a, t) => {
    a.execution += t.split.execution;
    a.calls += t.split.calls;
    a.queries += t.split.queries;
    a.js += t.split.js;
    return a;
  }, zeroSplit());
  const ceilingSeconds = (raw.seconds + rawAfter.seconds) / 2;
  const ceilingCpuSeconds = (raw.cpuSeconds + rawAfter.cpuSeconds) / 2;
  return {
    ceiling,
    simulator: {
      options: {
        agents: options.agents,
        whales: options.whales,
        vcs: options.vcs,
        seed: options.seed,
        scenarios: options.scenarios,
      },
      wallSeconds: round(wallSeconds, 2),
      transactions,
      txPerSecond: round(txPerSecond, 1),
      cpuSeconds: round(cpuSeconds, 2),
      ratioToCeiling: round(transactions / wallSeconds / (TRANSFERS / ceilingSeconds), 3),
      /** The raw ceiling measured again right after the run (`ceiling.raw` is the one before it). */
      ceilingAfter: rawAfter,
      /**
       * Issue 15's measure: the run's wall time over the ceiling's (2,000 transfers), the ceiling
       * being the mean of the raw ceilings before and after the run, all measured in this run.
       */
      wallTimeOverCeiling: round(wallSeconds / ceilingSeconds, 2),
      /** The same with CPU time (user + system, all threads), which a second process on the machine moves far less than wall time. */
      cpuTimeOverCeiling: round(cpuSeconds / ceilingCpuSeconds, 2),
      split: {
        description:
          "Each scenario's wall time partitioned by what the in-process provider was doing, timed by a middleware innermost in the runner's stack (sim/chain/providerTime.ts): execution = a transaction or block being mined (eth_sendTransaction, evm_mine, hardhat_mine: EVM execution + block building in EDR, plus Hardhat's JSON wrapper around it); calls = no mining but an eth_call/eth_estimateGas in flight; queries = only other requests in flight (receipts, blocks, snapshots, time setters); js = no request inside the provider (ethers encoding/decoding, our middlewares, scenario code). Concurrent requests count once (execution > calls > queries), so the parts add up to the scenarios' wall time; the per-scenario figures are in perScenario[].split. evmSeconds = execution + calls (the EVM running, for writes and reads); jsRpcOverheadSeconds = queries + js (round trips without EVM work, and JavaScript).",
        ...splitReport(total, 2),
        evmSeconds: round(total.execution + total.calls, 2),
        jsRpcOverheadSeconds: round(total.queries + total.js, 2),
      },
      perScenario: run.timing,
    },
    nodes: {
      description:
        "the same default run via `npm run simulate -- --network localhost` on real nodes (e2e/node.ts flags); BENCH_SIMULATION_NODES=hardhat,anvil re-measures",
      inProcess: { node: "hardhat (in-process)", txPerSecond: round(txPerSecond, 1), load },
      runs: await nodeRuns(hre, options.agents.toString()),
    },
  };
}
