import fs from "node:fs";
import path from "node:path";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

const compiled = new WeakSet<HardhatRuntimeEnvironment>();

/**
 * Makes sure artifacts and TypeChain types are present and current before a task imports
 * `typechain-types`, so the first task on a fresh clone works. Hardhat's compile is incremental
 * (cheap when nothing changed); types deleted while artifacts are current are regenerated with a
 * forced compile, since TypeChain only writes types for contracts that were just compiled. Runs once
 * per Hardhat runtime.
 */
export async function ensureCompiled(hre: HardhatRuntimeEnvironment): Promise<void> {
  if (compiled.has(hre)) {
    return;
  }
  const outDir = (hre.config as { typechain?: { outDir?: string } }).typechain?.outDir ?? "typechain-types";
  const typesPresent = fs.existsSync(path.resolve(hre.config.paths.root, outDir, "index.ts"));
  await hre.run(TASK_COMPILE, { quiet: true, force: !typesPresent });
  compiled.add(hre);
}
