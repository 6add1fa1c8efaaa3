import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { directScheduleId, formatErrors, parseAllocations } from "../lib/vestingCsv";
import type { AllocationRow, Policy } from "../lib/vestingCsv";
import { DEFAULT_FUND_MARGIN, buildMerkle, checkFundingWindow } from "../lib/vestingMerkle";

export interface CreateArgs {
  file: string;
  vault: string;
  batch: number;
  dryRun: boolean;
  merkle?: string;
  /** With --merkle: seconds between the funding deadline (fundBefore) and the earliest start. */
  fundMargin?: number;
}

export interface CreateReport {
  valid: number;
  skipped: number;
  created: number;
  transactions: number;
  merkleRoot?: string;
  fundBefore?: number;
}

/** vesting:create — validate every row first, then create what is not on chain yet, in batches. */
export async function createFromCsv(args: CreateArgs, hre: HardhatRuntimeEnvironment): Promise<CreateReport> {
  // Typechain is generated at compile time, after the config loads: import it lazily.
  const { VestingVault__factory, IERC20__factory } = await import("../../typechain-types");
  const [signer] = await hre.ethers.getSigners();
  const vault = VestingVault__factory.connect(args.vault, signer);
  const count = Number(await vault.categoryCount());
  const policies: Policy[] = [];
  for (let i = 0; i < count; i++) {
    const p = await vault.policy(i);
    policies.push({ minCliff: Number(p.minCliff), minDuration: Number(p.minDuration), revocable: p.revocable });
  }
  const now = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0;
  const text = fs.readFileSync(args.file, "utf8");
  // A Merkle file is all new allocations: check every start against the clock. For direct
  // schedules the clock is checked below, only for rows that are not on chain yet.
  const { rows, errors } = parseAllocations(text, policies, args.merkle !== undefined ? now : undefined);
  if (errors.length > 0) {
    throw new Error(`${errors.length} bad field(s), nothing sent:\n${formatErrors(errors)}`);
  }
  if (args.merkle !== undefined) {
    const fundMargin = args.fundMargin ?? DEFAULT_FUND_MARGIN;
    if (!Number.isSafeInteger(fundMargin) || fundMargin < 0) {
      throw new Error(`--fund-margin must be a whole number of seconds ≥ 0 (got ${fundMargin}), nothing written`);
    }
    const early = checkFundingWindow(rows, now, fundMargin);
    if (early.length > 0) {
      throw new Error(`${early.length} bad field(s), nothing written:\n${formatErrors(early)}`);
    }
    const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
    const file = buildMerkle(rows, { vault: args.vault, chainId, fundMargin });
    fs.writeFileSync(args.merkle, JSON.stringify(file, null, 2) + "\n");
    console.log(
      `Merkle tree of ${file.leaves} leaves, root ${file.root}, total ${file.total} wei → ${args.merkle}; ` +
        `fund before ${file.fundBefore} (${new Date(file.fundBefore * 1000).toISOString()}), ` +
        `earliest start ${file.earliestStart} − margin ${fundMargin} s`,
    );
    return {
      valid: rows.length,
      skipped: 0,
      created: 0,
      transactions: 0,
      merkleRoot: file.root,
      fundBefore: file.fundBefore,
    };
  }
  const todo: AllocationRow[] = [];
  let skipped = 0;
  for (const r of rows) {
    const id = directScheduleId(signer.address, r.salt);
    if ((await vault.getSchedule(id)).beneficiary !== hre.ethers.ZeroAddress) skipped++;
    else todo.push(r);
  }
  const late = todo.filter((r) => r.start < now);
  if (late.length > 0) {
    const lateErrors = late.map((r) => ({
      line: r.line,
      field: "start",
      message: `start ${r.start} is in the past (now ${now})`,
    }));
    throw new Error(`${lateErrors.length} bad field(s), nothing sent:\n${formatErrors(lateErrors)}`);
  }
  const linear = todo.filter((r) => r.tranches.length === 0);
  const tranched = todo.filter((r) => r.tranches.length > 0);
  const batches: AllocationRow[][] = [];
  for (let i = 0; i < linear.length; i += args.batch) batches.push(linear.slice(i, i + args.batch));
  const total = todo.reduce((a, r) => a + r.amount, 0n);
  console.log(
    `${rows.length} valid rows: ${skipped} already on chain, ${linear.length} linear in ${batches.length} batch(es), ` +
      `${tranched.length} tranche schedule(s), ${total} wei to fund`,
  );
  if (args.dryRun) {
    for (const r of todo) {
      console.log(
        `  would create line ${r.line}: ${r.beneficiary} ${r.amount} cat ${r.category} id ${directScheduleId(signer.address, r.salt)}`,
      );
    }
    return { valid: rows.length, skipped, created: 0, transactions: 0 };
  }
  let transactions = 0;
  const token = IERC20__factory.connect(await vault.token(), signer);
  if (total > 0n && (await token.allowance(signer.address, args.vault)) < total) {
    await (await token.approve(args.vault, total)).wait();
    transactions++;
  }
  for (const b of batches) {
    const params = b.map((r) => ({
      terms: {
        beneficiary: r.beneficiary,
        amount: r.amount,
        category: r.category,
        start: r.start,
        cliff: r.cliff,
        duration: r.duration,
      },
      salt: r.salt,
    }));
    await (await vault.createSchedules(params)).wait();
    transactions++;
  }
  for (const r of tranched) {
    await (
      await vault.createTrancheSchedule({
        beneficiary: r.beneficiary,
        category: r.category,
        start: r.start,
        tranches: r.tranches,
        salt: r.salt,
      })
    ).wait();
    transactions++;
  }
  console.log(`created ${todo.length} schedule(s) in ${transactions} transaction(s)`);
  return { valid: rows.length, skipped, created: todo.length, transactions };
}

task(
  "vesting:create",
  "Create vesting schedules from a CSV (beneficiary,amount,category,start,cliff,duration[,tranches])",
)
  .addParam("file", "CSV of allocations")
  .addParam("vault", "VestingVault address")
  .addOptionalParam("batch", "schedules per transaction", 50, types.int)
  .addFlag("dryRun", "validate and print what would be sent, send nothing")
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
  .setAction(async (args: CreateArgs, hre) => createFromCsv(args, hre));
