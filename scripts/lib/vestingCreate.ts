/** vesting:create's work (scripts/tasks/vesting.ts defines the task and loads this when it runs). */
import fs from "node:fs";
import { toBeHex } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ensureCompiled } from "./build";
import { categoryName, formatTime, formatTokens } from "./display";
import { addressProblem } from "./fields";
import { InputError, TaskError, paramError, readInputFile } from "./inputErrors";
import { directScheduleId, parseAllocations } from "./vestingCsv";
import type { AllocationRow, Policy } from "./vestingCsv";
import { buildMerkle, checkFundingWindow } from "./vestingMerkle";
import { DEFAULT_FUND_MARGIN, MAX_BATCH } from "./vestingLimits";

export { MAX_BATCH };

export interface CreateArgs {
  file: string;
  vault: string;
  batch: number;
  dryRun: boolean;
  merkle?: string;
  json?: boolean;
  /** With --merkle: seconds between the funding deadline (fundBefore) and the earliest start. */
  fundMargin?: number;
}

export interface CreateReport {
  valid: number;
  skipped: number;
  created: number;
  transactions: number;
  /** Wei the new schedules are funded with. */
  total: string;
  merkleRoot?: string;
  fundBefore?: number;
}

/** One transaction of the plan and exactly what it spends. */
interface Step {
  rows: AllocationRow[];
  kind: "linear" | "tranches";
  spend: bigint;
}

/** vesting:create — validate every row and the whole plan first, then create what is not on chain yet, in batches. */
export async function createFromCsv(args: CreateArgs, hre: HardhatRuntimeEnvironment): Promise<CreateReport> {
  const log = args.json === true ? () => undefined : (line: string) => console.log(line);
  if (!Number.isInteger(args.batch) || args.batch < 1 || args.batch > MAX_BATCH) {
    throw paramError(
      "batch",
      `must be an integer from 1 to ${MAX_BATCH} (schedules per transaction), got ${args.batch}`,
    );
  }
  const vaultProblem = addressProblem(args.vault);
  if (vaultProblem !== undefined) {
    throw paramError("vault", `${args.vault}: ${vaultProblem}`);
  }
  const text = readInputFile(args.file);
  await ensureCompiled(hre);
  // Typechain is generated at compile time, after the config loads: import it lazily.
  const { VestingVault__factory, IERC20Metadata__factory } = await import("../../typechain-types");
  const [signer] = await hre.ethers.getSigners();
  if ((await hre.ethers.provider.getCode(args.vault)) === "0x") {
    throw paramError("vault", `no contract at ${args.vault} on ${hre.network.name}`);
  }
  const vault = VestingVault__factory.connect(args.vault, signer);
  const count = Number(await vault.categoryCount());
  const policies: Policy[] = [];
  for (let i = 0; i < count; i++) {
    const p = await vault.policy(i);
    policies.push({ minCliff: Number(p.minCliff), minDuration: Number(p.minDuration), revocable: p.revocable });
  }
  const now = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0;
  // A Merkle file is all new allocations: check every start against the clock. For direct
  // schedules the clock is checked below, only for rows that are not on chain yet.
  const { rows, errors } = parseAllocations(text, policies, args.merkle !== undefined ? now : undefined);
  if (errors.length > 0) {
    throw new InputError(args.file, errors);
  }
  if (args.merkle !== undefined) {
    const fundMargin = args.fundMargin ?? DEFAULT_FUND_MARGIN;
    if (!Number.isSafeInteger(fundMargin) || fundMargin < 0) {
      throw paramError("fund-margin", `must be a whole number of seconds ≥ 0, got ${fundMargin}; nothing written`);
    }
    const early = checkFundingWindow(rows, now, fundMargin);
    if (early.length > 0) {
      throw new InputError(args.file, early);
    }
    const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
    const file = buildMerkle(rows, { vault: args.vault, chainId, fundMargin });
    fs.writeFileSync(args.merkle, JSON.stringify(file, null, 2) + "\n");
    console.log(
      `Merkle tree of ${file.leaves} leaves, root ${file.root}, total ${formatTokens(BigInt(file.total))} ` +
        `tokens → ${args.merkle}; fund before ${formatTime(file.fundBefore, now)} ` +
        `(earliest start ${formatTime(file.earliestStart, now)} − margin ${fundMargin} s)`,
    );
    return {
      valid: rows.length,
      skipped: 0,
      created: 0,
      transactions: 0,
      total: file.total,
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
    throw new InputError(
      args.file,
      late.map((r) => ({
        line: r.line,
        field: "start",
        message: `start ${formatTime(r.start, now)} is in the past (chain time ${formatTime(now, now)})`,
      })),
    );
  }
  const linear = todo.filter((r) => r.tranches.length === 0);
  const steps: Step[] = [];
  for (let i = 0; i < linear.length; i += args.batch) {
    const b = linear.slice(i, i + args.batch);
    steps.push({ rows: b, kind: "linear", spend: b.reduce((a, r) => a + r.amount, 0n) });
  }
  for (const r of todo.filter((x) => x.tranches.length > 0)) {
    steps.push({ rows: [r], kind: "tranches", spend: r.amount });
  }
  const total = todo.reduce((a, r) => a + r.amount, 0n);

  // The whole plan must be fundable before the first transaction.
  const token = IERC20Metadata__factory.connect(await vault.token(), signer);
  const decimals = await token.decimals();
  if (decimals !== 18n) {
    throw new TaskError(`the vault's token has ${decimals} decimals; vesting CSV amounts are 18-decimal units`);
  }
  const symbol = await token.symbol();
  const tokens = (wei: bigint) => formatTokens(wei, { symbol });
  const balance = await token.balanceOf(signer.address);
  if (balance < total) {
    const big = todo.filter((r) => r.amount > balance).map((r) => r.line);
    throw new TaskError(
      `${signer.address} holds ${tokens(balance)} but the ${todo.length} new schedule(s) need ${tokens(total)} ` +
        `(short by ${tokens(total - balance)})${big.length > 0 ? `; line(s) ${big.join(", ")} alone exceed the balance` : ""}: nothing was sent`,
    );
  }

  const tranched = steps.filter((s) => s.kind === "tranches").length;
  log(
    `${rows.length} valid rows: ${skipped} already on chain, ${linear.length} linear in ${steps.length - tranched} batch(es), ` +
      `${tranched} tranche schedule(s), ${tokens(total)} to fund (signer holds ${tokens(balance)})`,
  );
  for (const r of todo) {
    log(
      `  ${args.dryRun ? "would create" : "create"} line ${r.line}: ${r.beneficiary} ${tokens(r.amount)} ${categoryName(r.category)}, ` +
        `start ${formatTime(r.start, now)}, id ${toBeHex(directScheduleId(signer.address, r.salt), 32)}`,
    );
  }
  const report: CreateReport = { valid: rows.length, skipped, created: 0, transactions: 0, total: total.toString() };
  if (todo.length === 0) {
    log("nothing to send: every schedule of the file is already on chain");
  }
  if (args.dryRun || todo.length === 0) {
    printJson(args, report, todo, signer.address);
    return report;
  }

  // Each step approves exactly what it spends, right before it, so an interruption leaves no
  // allowance behind; a failed step puts the allowance back as it found it.
  for (const step of steps) {
    const before = await token.allowance(signer.address, args.vault);
    let approved = false;
    if (before < step.spend) {
      await (await token.approve(args.vault, step.spend)).wait();
      report.transactions++;
      approved = true;
    }
    try {
      if (step.kind === "linear") {
        const params = step.rows.map((r) => ({
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
      } else {
        const r = step.rows[0];
        await (
          await vault.createTrancheSchedule({
            beneficiary: r.beneficiary,
            category: r.category,
            start: r.start,
            tranches: r.tranches,
            salt: r.salt,
          })
        ).wait();
      }
    } catch (e) {
      if (approved) {
        await (await token.approve(args.vault, before)).wait();
      }
      const lines = step.rows.map((r) => r.line).join(", ");
      throw new TaskError(
        `creating the schedules of line(s) ${lines} failed after ${report.created} were created; ` +
          `the allowance is back to ${tokens(before)}. Re-run to resume: created schedules are skipped.\n  ${(e as Error).message}`,
        e as Error,
      );
    }
    report.transactions++;
    report.created += step.rows.length;
  }
  log(`created ${report.created} schedule(s) in ${report.transactions} transaction(s)`);
  printJson(args, report, todo, signer.address);
  return report;
}

function printJson(args: CreateArgs, report: CreateReport, todo: AllocationRow[], creator: string): void {
  if (args.json !== true) return;
  const schedules = todo.map((r) => ({
    line: r.line,
    id: toBeHex(directScheduleId(creator, r.salt), 32),
    beneficiary: r.beneficiary,
    amountWei: r.amount.toString(),
    category: categoryName(r.category),
    start: r.start,
    cliff: r.cliff,
    duration: r.duration,
    tranches: r.tranches.map((t) => ({ time: t.time, amountWei: t.amount.toString() })),
  }));
  console.log(JSON.stringify({ dryRun: args.dryRun, ...report, schedules }, null, 2));
}
