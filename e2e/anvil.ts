/**
 * `npm run node:anvil [-- --port N]`: anvil from @foundry-rs/anvil with the flags `npm run e2e -- --node anvil`
 * uses (Hardhat's dev chain: chain id 31337, the default mnemonic, 20 accounts of 10,000 ETH; see
 * `nodeCommand`), on 127.0.0.1:8545 by default, so `--network localhost` reaches it as it reaches
 * `npx hardhat node`. Exits with anvil's status (the npm package's own `npx anvil` launcher does not).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { nodeCommand } from "./node";

const root = path.resolve(__dirname, "..");
const argv = process.argv.slice(2);
const at = argv.indexOf("--port");
const port = at === -1 ? 8545 : Number(argv[at + 1]);
if (!Number.isInteger(port) || port < 1 || port > 65_535 || argv.length !== (at === -1 ? 0 : 2)) {
  console.error("usage: npm run node:anvil [-- --port N]");
  process.exit(2);
}
const { command, args } = nodeCommand("anvil", root, port);
const result = spawnSync(command, args, { stdio: "inherit" });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
