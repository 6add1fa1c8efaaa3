/**
 * Assembles @counterweight/contracts in packages/contracts/: the Solidity sources of contracts/
 * (without contracts/test/), one Hardhat artifact per contract, and TypeChain ethers-v6 types
 * compiled to .js + .d.ts. Run after `hardhat compile` (`npm run package:build` does both).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runTypeChain } from "typechain";
import { GENERATED, PACKAGE_DIR, SOURCE_DIRS, shippedContracts, shippedSources } from "./layout";

const ROOT = path.resolve(__dirname, "../..");
const PKG = path.join(ROOT, PACKAGE_DIR);
const WORK = path.join(ROOT, "cache", "package");

interface HardhatArtifact {
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: string;
  deployedBytecode: string;
  linkReferences: object;
  deployedLinkReferences: object;
}

function clean(): void {
  for (const dir of [...SOURCE_DIRS, ...GENERATED]) fs.rmSync(path.join(PKG, dir), { recursive: true, force: true });
  fs.rmSync(WORK, { recursive: true, force: true });
}

function copySources(): string[] {
  const sources = shippedSources(ROOT);
  for (const source of sources) {
    const to = path.join(PKG, source);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "contracts", source), to);
  }
  return sources;
}

/** One artifact per contract under artifacts/<Name>.json, with sourceName as the package path. */
function copyArtifacts(): string[] {
  const contracts = shippedContracts(ROOT);
  if (contracts.length === 0)
    throw new Error("no artifacts under artifacts/contracts: run `npx hardhat compile` first");
  const names = new Set<string>();
  const files: string[] = [];
  fs.mkdirSync(path.join(PKG, "artifacts"), { recursive: true });
  for (const c of contracts) {
    if (names.has(c.name))
      throw new Error(`two shipped contracts are named ${c.name}: artifacts/<Name>.json would clash`);
    names.add(c.name);
    const from = path.join(ROOT, "artifacts", "contracts", c.source, `${c.name}.json`);
    const a = JSON.parse(fs.readFileSync(from, "utf8")) as HardhatArtifact;
    const shipped = { ...a, sourceName: `@counterweight/contracts/${c.source}` };
    fs.writeFileSync(path.join(PKG, "artifacts", `${c.name}.json`), `${JSON.stringify(shipped, null, 2)}\n`);
    files.push(from);
  }
  return files;
}

/** TypeChain (ethers v6) over the shipped artifacts, compiled by tsc to types/ (.js + .d.ts). */
async function buildTypes(artifactFiles: string[]): Promise<void> {
  const tsOut = path.join(WORK, "typechain");
  await runTypeChain({
    cwd: ROOT,
    filesToProcess: artifactFiles,
    allFiles: artifactFiles,
    inputDir: path.join(ROOT, "artifacts", "contracts"),
    outDir: tsOut,
    target: "ethers-v6",
  });
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(
    process.execPath,
    [
      tsc,
      "--declaration",
      "--module",
      "commonjs",
      "--moduleResolution",
      "node",
      "--target",
      "es2020",
      "--strict",
      "--skipLibCheck",
      "--esModuleInterop",
      "--rootDir",
      tsOut,
      "--outDir",
      path.join(PKG, "types"),
      path.join(tsOut, "index.ts"),
    ],
    { stdio: "inherit", cwd: ROOT },
  );
}

async function main(): Promise<void> {
  clean();
  const sources = copySources();
  const artifactFiles = copyArtifacts();
  await buildTypes(artifactFiles);
  console.log(
    `${PACKAGE_DIR}: ${sources.length} sources, ${artifactFiles.length} artifacts, types in ${PACKAGE_DIR}/types`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
