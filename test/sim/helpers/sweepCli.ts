import { main } from "../../../sim/sweep/cli";

/** Runs the sweep CLI (`npm run sweep -- …`) with its progress lines silenced: its exit code. */
export async function quietSweep(argv: string[]): Promise<number> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await main(argv);
  } finally {
    console.log = log;
  }
}
