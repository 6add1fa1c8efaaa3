import fs from "node:fs";
import path from "node:path";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

const compiled = new WeakSet<HardhatRuntimeEnvironment>();

/** The generated TypeChain entry point; its absence means the types were never built (or were deleted). */
export function typesEntryPoint(hre: HardhatRuntimeEnvironment): string {
  return path.resolve(hre.config.paths.root, hre.config.typechain.outDir, "index.ts");
}

/**
 * Makes sure artifacts and TypeChain types are present and current before a task or the simulator
 * imports `typechain-types`, so every command works on a fresh clone. Hardhat's compile is
 * incremental (cheap when nothing changed); types deleted while artifacts are current are
 * regenerated with a forced compile, since TypeChain only writes types for contracts that were just
 * compiled. Runs once per Hardhat runtime.
 */
export async function ensureCompiled(
  hre: HardhatRuntimeEnvironment,
  log: (s: string) => void = console.log,
): Promise<void> {
  if (compiled.has(hre)) return;
  const typesPresent = fs.existsSync(typesEntryPoint(hre));
  if (!typesPresent) {
    log("No TypeChain types yet: compiling the contracts and generating the types (about 30 s on 2 cores)");
  }
  await hre.run(TASK_COMPILE, { quiet: true, force: !typesPresent });
  compiled.add(hre);
}
