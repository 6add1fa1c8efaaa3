import fs from "node:fs";
import path from "node:path";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** The generated TypeChain entry point; its absence means the types were never built (or were deleted). */
export function typesEntryPoint(hre: HardhatRuntimeEnvironment): string {
  return path.resolve(hre.config.paths.root, hre.config.typechain.outDir, "index.ts");
}

/**
 * Brings the artifacts and the TypeChain types up to date before code that imports them runs, so
 * every command works on a fresh clone. Hardhat's compile is incremental (a no-op when nothing
 * changed); TypeChain only writes types for what was just compiled, so when the types are missing
 * while the artifacts exist, the `typechain` task rebuilds all of them.
 */
export async function ensureCompiled(
  hre: HardhatRuntimeEnvironment,
  log: (s: string) => void = console.log,
): Promise<void> {
  if (fs.existsSync(typesEntryPoint(hre))) {
    await hre.run(TASK_COMPILE, { quiet: true });
    return;
  }
  log("No TypeChain types yet: compiling the contracts and generating the types (about 30 s on 2 cores)");
  await hre.run("typechain");
}
