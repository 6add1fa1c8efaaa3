// Hardhat config for the end-to-end run: the project's config with its `localhost` network pointed
// at the node e2e/run.ts started (CW_E2E_RPC), so the run types the walkthrough's commands exactly
// (`--network localhost`; the dev helpers accept only localhost/hardhat on chain 31337). Each run deploys under its own Ignition deployment id
// (deploy/deployments/e2e-…, gitignored), so every run starts from a fresh journal.
import path from "node:path";
import type { HardhatUserConfig } from "hardhat/types";
import base from "../hardhat.config";

const root = path.resolve(__dirname, "..");

const config: HardhatUserConfig = {
  ...base,
  paths: { ...base.paths, root },
  networks: {
    ...base.networks,
    localhost: { url: process.env.CW_E2E_RPC ?? "http://127.0.0.1:8545", timeout: 120_000 },
  },
};

export default config;
