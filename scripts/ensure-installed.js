// Runs before `npm run simulate` and `npm test` (npm pre-scripts): on a fresh clone, installs the
// exact locked dependencies with `npm ci` so the README's quick start is two commands. Uses only
// Node built-ins, because nothing else is installed yet.
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const marker = path.join(root, "node_modules", ".package-lock.json");
const lock = path.join(root, "package-lock.json");

const installed = fs.existsSync(marker) && fs.existsSync(path.join(root, "node_modules", "hardhat"));
const stale = installed && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000;
if (!installed || stale) {
  console.log(
    installed ? "package-lock.json changed: running npm ci" : "First run: installing locked dependencies with npm ci",
  );
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
