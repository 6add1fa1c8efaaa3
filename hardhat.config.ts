import { subtask, task, vars } from "hardhat/config";
import type { HardhatUserConfig, NetworksUserConfig } from "hardhat/types";
import {
  TASK_COMPILE,
  TASK_COMPILE_SOLIDITY_COMPILE_SOLC,
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
} from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks";
import "./sim/task";
import "./sim/history/task";
import { BASELINE_TYPES_DIR, generateBaselineTypes } from "./baselines";
import fs from "node:fs";
import path from "node:path";

// The compiler comes from the npm `solc` package (solc-js): no compiler download is needed,
// so a machine that reaches only the npm registry compiles, tests and measures coverage.
// `solc` is required only when a compile needs it: loading it evaluates the whole 8 MB soljson.js
// (about 0.7 s of CPU), which every Hardhat start (each task the e2e run types) would pay otherwise.
const SOLC_VERSION = "0.8.28";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) {
    return runSuper();
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    longVersion: (require("solc") as { version(): string }).version(),
  };
});

interface SolcMessage {
  severity: string;
  formattedMessage: string;
  sourceLocation?: { file: string };
}

// Warnings in our own contracts are errors, as in OpenZeppelin's config (except under
// solidity-coverage, whose instrumentation itself adds unused-parameter warnings).
subtask(TASK_COMPILE_SOLIDITY_COMPILE_SOLC, async (args, hre, runSuper) => {
  const result = (await runSuper(args)) as { output: { errors?: SolcMessage[] } };
  // OpenZeppelin's TransientSlot (its transient reentrancy guard) triggers solc's generic EIP-1153
  // warning on every full compile; OZ documents the guard's use as safe, so it is not shown.
  if (result.output.errors !== undefined) {
    result.output.errors = result.output.errors.filter(
      (e) =>
        !(
          e.severity === "warning" &&
          e.sourceLocation?.file === "@openzeppelin/contracts/utils/TransientSlot.sol" &&
          e.formattedMessage.includes("Transient storage")
        ),
    );
  }
  const underCoverage =
    (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
  if (underCoverage) return result;
  const ours = (result.output.errors ?? []).filter(
    (e) => e.severity === "warning" && e.sourceLocation?.file.startsWith("contracts/"),
  );
  if (ours.length > 0) {
    throw new Error(`Compiler warnings in contracts/ are errors:\n${ours.map((e) => e.formattedMessage).join("\n")}`);
  }
  return result;
});

// The npm-published baselines (Uniswap, EAS) get TypeChain types too, so every call is typed.
task(TASK_COMPILE, async (args, hre, runSuper) => {
  const out = await runSuper(args);
  if (!fs.existsSync(path.join(hre.config.paths.root, BASELINE_TYPES_DIR, "index.ts"))) {
    await generateBaselineTypes(hre.config.paths.root);
  }
  return out;
});

// The remote network appears once its URL is set (`npx hardhat vars set CW_RPC_URL`); its account
// comes from `npx hardhat vars set CW_DEPLOYER_KEY`, so read-only tasks (`audit --network remote`)
// need no key, and tasks that send say so when it is missing. Secrets never live in files.
const networks: NetworksUserConfig = {
  hardhat: {},
  localhost: { url: "http://127.0.0.1:8545" },
};
if (vars.has("CW_RPC_URL")) {
  networks.remote = {
    url: vars.get("CW_RPC_URL"),
    accounts: vars.has("CW_DEPLOYER_KEY") ? [vars.get("CW_DEPLOYER_KEY")] : [],
  };
}

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
    },
  },
  networks,
  paths: {
    sources: "./contracts",
    tests: "./test",
    cache: "./cache",
    artifacts: "./artifacts",
    ignition: "./deploy",
  },
  // `npm test` runs `hardhat test --parallel`: one mocha worker per core of a 2-core CI machine (mocha's
  // default, cores - 1, would be a single worker there); each worker has its own in-process network.
  mocha: { timeout: 600_000, jobs: 2 },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "true",
    offline: true,
    currency: "USD",
    outputFile: process.env.REPORT_GAS_FILE,
    noColors: process.env.REPORT_GAS_FILE !== undefined,
    excludeContracts: ["contracts/test/"],
  },
  etherscan: {
    apiKey: vars.has("CW_ETHERSCAN_KEY") ? vars.get("CW_ETHERSCAN_KEY") : "",
  },
  sourcify: { enabled: false },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
};

export default config;
