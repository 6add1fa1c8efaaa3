// Runs forge from the npm package @foundry-rs/forge with forge's exit code. The package's own
// launcher (`npx forge`, bin.mjs in 1.7.1) spawns the binary but never passes its exit status on,
// so a failing `npx forge test` exits 0 and CI would stay green. This calls the platform binary
// the package installs (@foundry-rs/forge-<os>-<arch>) directly and exits with its status.
// Usage: node scripts/forge.js <forge arguments>   (or require it for `forgeBinary(fromDir)`).
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ARCH = { x64: "amd64", arm64: "arm64" };

/** The forge binary installed for this platform, resolved from `fromDir`'s node_modules. */
function forgeBinary(fromDir) {
  const arch = ARCH[process.arch];
  if (arch === undefined) throw new Error(`forge: no @foundry-rs/forge binary for ${process.platform}-${process.arch}`);
  const exe = process.platform === "win32" ? "forge.exe" : "forge";
  return require.resolve(`@foundry-rs/forge-${process.platform}-${arch}/bin/${exe}`, { paths: [fromDir] });
}

module.exports = { forgeBinary };

if (require.main === module) {
  const result = spawnSync(forgeBinary(path.join(__dirname, "..")), process.argv.slice(2), { stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.signal) process.kill(process.pid, result.signal);
  process.exit(result.status ?? 1);
}
