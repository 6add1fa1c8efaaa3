/**
 * The package as a user gets it: packs packages/contracts (after `npm run package:build`), checks
 * the tarball's file list, runs `npm publish --dry-run`, then installs the tarball into a fresh
 * Hardhat project and a fresh Foundry project written into temp dirs, and compiles and tests both.
 * Prints the time of each step. CW_PACKAGE_KEEP=1 keeps the temp dirs.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgeBinary } = require("../forge") as { forgeBinary(fromDir: string): string };
import { PACKAGE_DIR, checkFiles, expectations, shippedContracts, shippedSources } from "./layout";

const ROOT = path.resolve(__dirname, "../..");
const PKG = path.join(ROOT, PACKAGE_DIR);
const CONSUMERS = path.join(__dirname, "consumers");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const keep = process.env.CW_PACKAGE_KEEP === "1";

const timings: [string, number][] = [];

function step<T>(name: string, fn: () => T): T {
  const t0 = Date.now();
  console.log(`\n--- ${name}`);
  const out = fn();
  const s = (Date.now() - t0) / 1000;
  timings.push([name, s]);
  console.log(`--- ${name}: ${s.toFixed(1)} s`);
  return out;
}

function run(cmd: string, args: string[], cwd: string, capture = false): string {
  try {
    return (
      execFileSync(cmd, args, { cwd, stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit", encoding: "utf8" }) ??
      ""
    );
  } catch {
    throw new Error(`\`${cmd} ${args.join(" ")}\` failed in ${cwd}`);
  }
}

/** The exact versions this repository pins, so the consumer projects use what we test with. */
function pinned(...names: string[]): string[] {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return names.map((n) => {
    const v = root.devDependencies[n];
    if (v === undefined) throw new Error(`${n} is not a devDependency of the repository`);
    return `${n}@${v}`;
  });
}

function consumerDir(kind: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `counterweight-${kind}-`));
  fs.cpSync(path.join(CONSUMERS, kind), dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: `counterweight-${kind}-consumer`, version: "0.0.0", private: true }, null, 2)}\n`,
  );
  return dir;
}

function install(dir: string, packages: string[]): void {
  run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-dev", ...packages], dir);
}

function main(): void {
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "counterweight-pack-"));
  const dirs: string[] = [packDir];
  try {
    const packed = step("npm pack", () => {
      const json = run(NPM, ["pack", "--json", "--pack-destination", packDir], PKG, true);
      return JSON.parse(json) as { filename: string; files: { path: string }[]; size: number; entryCount: number }[];
    })[0];
    const tarball = path.join(packDir, packed.filename);
    step("tarball contents", () => {
      const problems = checkFiles(
        packed.files.map((f) => f.path),
        expectations(shippedSources(ROOT), shippedContracts(ROOT)),
      );
      if (problems.length > 0) throw new Error(`the tarball is wrong:\n  ${problems.join("\n  ")}`);
      console.log(
        `${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes, nothing missing or unintended`,
      );
    });
    step("npm publish --dry-run", () => run(NPM, ["publish", "--dry-run", "--access", "public"], PKG));

    const hardhat = consumerDir("hardhat");
    dirs.push(hardhat);
    step("hardhat project: npm install", () =>
      install(hardhat, [
        tarball,
        ...pinned(
          "hardhat",
          "@nomicfoundation/hardhat-ethers",
          "ethers",
          "solc",
          "typescript",
          "@openzeppelin/contracts",
          "@ethereum-attestation-service/eas-contracts",
          "solady",
        ),
      ]),
    );
    step("hardhat project: compile", () => run("npx", ["hardhat", "compile"], hardhat));
    step("hardhat project: deploy script", () => run("npx", ["hardhat", "run", "scripts/deploy.js"], hardhat));
    step("hardhat project: test", () => run("npx", ["hardhat", "test"], hardhat));
    step("hardhat project: the types entry point type-checks", () => {
      fs.writeFileSync(
        path.join(hardhat, "types-check.ts"),
        [
          'import { ethers } from "ethers";',
          'import { CappedStakingRewards__factory, type VestingVault } from "@counterweight/contracts/types";',
          "const farm = CappedStakingRewards__factory.connect(ethers.ZeroAddress);",
          "export async function caps(vault: VestingVault): Promise<bigint> {",
          "  const [cap] = await farm.caps();",
          "  return cap + (await vault.categoryCount());",
          "}",
          "",
        ].join("\n"),
      );
      for (const resolution of ["node16", "node10"]) {
        const moduleKind = resolution === "node16" ? "node16" : "commonjs";
        run(
          "npx",
          [
            "tsc",
            "--noEmit",
            "--strict",
            "--target",
            "es2022",
            "--module",
            moduleKind,
            "--moduleResolution",
            resolution,
            "types-check.ts",
          ],
          hardhat,
        );
      }
    });

    const foundry = consumerDir("foundry");
    dirs.push(foundry);
    step("foundry project: npm install", () =>
      install(foundry, [
        tarball,
        ...pinned(
          "solc",
          "@foundry-rs/forge",
          "@openzeppelin/contracts",
          "@ethereum-attestation-service/eas-contracts",
          "solady",
        ),
      ]),
    );
    step("foundry project: counterweight-solc --version", () =>
      run(path.join(foundry, "node_modules", ".bin", "counterweight-solc"), ["--version"], foundry),
    );
    // The binary itself: `npx forge` (@foundry-rs/forge 1.7.1's launcher) exits 0 even when tests fail.
    const forge = forgeBinary(foundry);
    step("foundry project: forge build (offline, solc-js)", () => run(forge, ["build"], foundry));
    step("foundry project: forge test", () => run(forge, ["test"], foundry));
  } finally {
    if (!keep) for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    else console.log(`kept: ${dirs.join(" ")}`);
    console.log("\npackage check timings:");
    for (const [name, s] of timings) console.log(`  ${name.padEnd(52)} ${s.toFixed(1).padStart(6)} s`);
  }
}

main();
