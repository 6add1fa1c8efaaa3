import { task, types } from "hardhat/config";
import { DEFAULT_FUND_MARGIN, MAX_BATCH } from "../lib/vestingLimits";
import type { CreateArgs } from "../lib/vestingCreate";

// The task only: its work (CSV parsing, zod, the Merkle tree) loads when it runs, not with the config.
export type { CreateArgs, CreateReport } from "../lib/vestingCreate";
export { MAX_BATCH };

task(
  "vesting:create",
  "Create vesting schedules from a CSV (beneficiary,amount,category,start,cliff,duration[,tranches])",
)
  .addParam("file", "CSV of allocations")
  .addParam("vault", "VestingVault address")
  .addOptionalParam("batch", `schedules per transaction (1 to ${MAX_BATCH})`, 50, types.int)
  .addFlag("dryRun", "validate and print what would be sent, send nothing")
  .addFlag("json", "print the report as JSON (amounts in wei, times in unix seconds)")
  .addOptionalParam(
    "merkle",
    "write the Merkle file for the mass path (root, total, fundBefore, every leaf with its index and proof) instead of sending",
    undefined,
    types.string,
  )
  .addOptionalParam(
    "fundMargin",
    "with --merkle: seconds from the funding deadline (fundBefore) to the earliest start; starts closer than 2 × margin to now are refused",
    DEFAULT_FUND_MARGIN,
    types.int,
  )
  .setAction(async (args: CreateArgs, hre) => {
    const { createFromCsv } = await import("../lib/vestingCreate");
    return createFromCsv(args, hre);
  });
