// Vesting from the member side (release what vested, claim a Merkle leaf) and the operator's
// funding of a Merkle allocation. The vesting Merkle file (format, leaf encoding, checks) lives in
// lib/vestingMerkle.ts; this module only reads it and sends the vault's calls.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

const FROM = "Acting account(s): indexes of the node's accounts or addresses, comma-separated (default 0)";
const DEPLOYMENT = "Ignition deployment id (default chain-<chainId>)";

async function vaultContext(hre: HardhatRuntimeEnvironment, deploymentId: string | undefined) {
  const { loadBook, resolveDeploymentId, IDS } = await import("../lib/taskContext");
  const { VestingVault__factory, CounterweightToken__factory } = await import("../../typechain-types");
  const book = await loadBook(hre, deploymentId);
  const vault = VestingVault__factory.connect(book.get(IDS.vault), hre.ethers.provider);
  const token = CounterweightToken__factory.connect(await vault.token(), hre.ethers.provider);
  return { book, vault, token, id: await resolveDeploymentId(hre, deploymentId) };
}

/**
 * Reads a `vesting:create --merkle` file and checks it whole (lib/vestingMerkle.ts parseMerkleFile:
 * format, every leaf and proof against the root, the total, fundBefore), then that it was written
 * for this chain and this deployment's vault. Throws a TaskError naming the file.
 */
async function readMerkle(hre: HardhatRuntimeEnvironment, file: string, vaultAddress: string) {
  const fs = await import("node:fs");
  const { TaskError } = await import("../lib/inputErrors");
  const { parseMerkleFile } = await import("../lib/vestingMerkle");
  if (!fs.existsSync(file)) throw new TaskError(`file not found: ${file}`);
  let merkle;
  try {
    merkle = parseMerkleFile(fs.readFileSync(file, "utf8"), file);
  } catch (e) {
    throw new TaskError(`${(e as Error).message} (write it with vesting:create --merkle)`);
  }
  const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
  if (merkle.chainId !== chainId) {
    throw new TaskError(`${file} chainId: written for chain ${merkle.chainId}, this network is chain ${chainId}`);
  }
  if (merkle.vault !== hre.ethers.getAddress(vaultAddress)) {
    throw new TaskError(`${file} vault: written for vault ${merkle.vault}, this deployment's vault is ${vaultAddress}`);
  }
  return merkle;
}

interface ReleaseArgs {
  schedule?: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "vesting:release",
  "Releases what has vested: the given --schedule id(s), or every schedule whose beneficiary is a --from account",
)
  .addOptionalParam("schedule", "Schedule id(s), comma-separated (default: all of the --from accounts' schedules)")
  .addOptionalParam("from", FROM)
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: ReleaseArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatTime, formatTokens, followUp } = await import("../lib/display");
    const signers = await resolveSigners(hre, args.from);
    const { vault, token, id } = await vaultContext(hre, args.deploymentId);
    const vaultAddress = await vault.getAddress();
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    // Which schedules, sent by whom: explicit ids are released by the first --from account (anyone
    // may call release; the vault pays the beneficiary); otherwise each account releases its own.
    const work: { signer: (typeof signers)[number]; ids: bigint[] }[] = [];
    if (args.schedule !== undefined) {
      const ids = args.schedule.split(",").map((s) => s.trim());
      const bad = ids.find((s) => !/^[0-9]+$/.test(s));
      if (bad !== undefined) throw new TaskError(`--schedule "${bad}": expected a decimal schedule id`);
      work.push({ signer: signers[0], ids: ids.map((s) => BigInt(s)) });
    } else {
      for (const s of signers) {
        const created = await vault.queryFilter(vault.filters.ScheduleCreated(undefined, s.address));
        const received = await vault.queryFilter(vault.filters.BeneficiaryTransferred(undefined, undefined, s.address));
        const ids = [...new Set([...created, ...received].map((e) => e.args.scheduleId))];
        work.push({ signer: s, ids });
      }
    }
    const plans = [];
    for (const w of work) {
      const due: bigint[] = [];
      for (const sid of w.ids) {
        const sch = await vault.getSchedule(sid);
        if (sch.beneficiary === hre.ethers.ZeroAddress)
          throw new TaskError(`--schedule ${sid}: no such vesting schedule`);
        if (args.schedule === undefined && sch.beneficiary !== w.signer.address) continue; // handed on since
        const releasable = await vault.releasable(sid);
        const cliffAt = sch.start + sch.cliff;
        const line =
          `schedule ${sid} (beneficiary ${sch.beneficiary}): ${formatTokens(sch.released, { symbol: "CWT" })} of ` +
          `${formatTokens(sch.total, { symbol: "CWT" })} released, ${formatTokens(releasable, { symbol: "CWT" })} releasable`;
        if (releasable === 0n) {
          const when =
            now < cliffAt
              ? `; the cliff is at ${formatTime(cliffAt, now)} (on a dev chain: ${followUp(hre, "dev:advance", { past: "cliff", schedule: sid.toString() }, id)})`
              : sch.released === sch.total
                ? "; fully released"
                : "";
          console.log(`${line}${when}`);
          continue;
        }
        console.log(line);
        due.push(sid);
      }
      if (w.ids.length === 0) console.log(`${w.signer.address} is the beneficiary of no schedule`);
      const calls =
        due.length === 0
          ? []
          : due.length === 1
            ? [
                {
                  label: "VestingVault.release",
                  to: vaultAddress,
                  value: 0n,
                  data: vault.interface.encodeFunctionData("release", [due[0]]),
                  args: [due[0]],
                },
              ]
            : [
                {
                  label: "VestingVault.releaseMany",
                  to: vaultAddress,
                  value: 0n,
                  data: vault.interface.encodeFunctionData("releaseMany", [due]),
                  args: [due],
                },
              ];
      plans.push({ signer: w.signer, calls });
    }
    const holders = [...new Set(signers.map((s) => s.address))];
    const before = new Map<string, bigint>();
    for (const h of holders) before.set(h, await token.balanceOf(h));
    const sent = await runPlans(plans, { dryRun: args.dryRun });
    if (sent > 0 && args.schedule === undefined) {
      for (const h of holders) {
        const got = (await token.balanceOf(h)) - (before.get(h) ?? 0n);
        if (got > 0n) console.log(`${h}: received ${formatTokens(got, { symbol: "CWT" })}`);
      }
    }
  });

interface ClaimArgs {
  merkle: string;
  allocation?: string;
  beneficiary?: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "vesting:claim",
  "Claims a beneficiary's leaves of a funded vesting Merkle allocation into schedules (anyone may send the claim)",
)
  .addParam("merkle", "The vesting Merkle file (written by vesting:create --merkle)")
  .addOptionalParam("allocation", "Allocation id (default: the allocation funded with this file's root)")
  .addOptionalParam("beneficiary", "Whose leaves: index or address (default: each --from account's own)")
  .addOptionalParam("from", FROM)
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: ClaimArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners, resolveAccount } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { categoryName, formatTime, formatTokens, isoTime, followUp } = await import("../lib/display");
    const { entryTerms, merkleScheduleId } = await import("../lib/vestingMerkle");
    const signers = await resolveSigners(hre, args.from);
    const { vault, id } = await vaultContext(hre, args.deploymentId);
    const vaultAddress = await vault.getAddress();
    const merkle = await readMerkle(hre, args.merkle, vaultAddress);
    const allocationId = await findAllocation(hre, vault, merkle.root, args.allocation, args.merkle);
    const allocation = await vault.getMerkleAllocation(allocationId);
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    if (now > allocation.deadline) {
      throw new TaskError(`allocation ${allocationId} closed for claims at ${formatTime(allocation.deadline, now)}`);
    }
    const beneficiaryOf = async (s: (typeof signers)[number]) =>
      args.beneficiary === undefined ? s.address : await resolveAccount(hre, args.beneficiary, "beneficiary");
    const plans = [];
    let remaining = allocation.remaining;
    for (const s of signers) {
      const beneficiary = await beneficiaryOf(s);
      const entries = merkle.entries.filter((e) => hre.ethers.getAddress(e.beneficiary) === beneficiary);
      if (entries.length === 0) throw new TaskError(`${args.merkle}: no leaf for ${beneficiary}`);
      const calls = [];
      for (const e of entries) {
        const terms = entryTerms(e);
        const scheduleId = merkleScheduleId(allocationId, e.leaf);
        const start = BigInt(e.start);
        const what =
          `leaf ${e.index} (line ${e.line}): ${formatTokens(terms.amount, { symbol: "CWT" })} to ${terms.beneficiary}, ` +
          `${categoryName(e.category)}, start ${formatTime(start, now)}, cliff ${isoTime(start + BigInt(e.cliff))}, ` +
          `end ${isoTime(start + BigInt(e.duration))}`;
        if ((await vault.getSchedule(scheduleId)).beneficiary !== hre.ethers.ZeroAddress) {
          console.log(`${what}: already claimed as schedule ${scheduleId}: nothing to send`);
          continue;
        }
        if (terms.amount > remaining) {
          throw new TaskError(
            `${what}: allocation ${allocationId} has ${formatTokens(remaining, { symbol: "CWT" })} left: nothing was sent`,
          );
        }
        remaining -= terms.amount;
        console.log(`${what}: claim as schedule ${scheduleId}`);
        const callArgs: [bigint, number, typeof terms, string[]] = [allocationId, e.index, terms, e.proof];
        calls.push({
          label: "VestingVault.claimFromMerkle",
          to: vaultAddress,
          value: 0n,
          data: vault.interface.encodeFunctionData("claimFromMerkle", callArgs),
          args: [allocationId, e.index, e.proof],
        });
      }
      plans.push({ signer: s, calls });
    }
    const sent = await runPlans(plans, { dryRun: args.dryRun });
    if (sent > 0) console.log(`then, once vested: ${followUp(hre, "vesting:release", { from: args.from ?? "0" }, id)}`);
  });

/** The allocation id: as given (checked against the file's root), or found by the root it was funded with. */
async function findAllocation(
  hre: HardhatRuntimeEnvironment,
  vault: Awaited<ReturnType<typeof vaultContext>>["vault"],
  root: string,
  given: string | undefined,
  file: string,
): Promise<bigint> {
  const { TaskError } = await import("../lib/inputErrors");
  if (given !== undefined) {
    if (!/^[0-9]+$/.test(given)) throw new TaskError(`--allocation "${given}": expected a decimal allocation id`);
    const a = await vault.getMerkleAllocation(BigInt(given));
    if (a.root === hre.ethers.ZeroHash) throw new TaskError(`--allocation ${given}: no such Merkle allocation`);
    if (a.root !== root) throw new TaskError(`--allocation ${given} has root ${a.root}, ${file} has ${root}`);
    return BigInt(given);
  }
  const funded = (await vault.queryFilter(vault.filters.MerkleAllocationCreated())).filter((e) => e.args.root === root);
  if (funded.length === 0) {
    throw new TaskError(`no allocation of the vault has ${file}'s root ${root}: fund it first (vesting:fund-merkle)`);
  }
  return funded[0].args.allocationId;
}

interface FundArgs {
  merkle: string;
  deadline: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "vesting:fund-merkle",
  "Operator: funds a vesting Merkle allocation from a vesting:create --merkle file (approves exactly its total, then createMerkleAllocation)",
)
  .addParam("merkle", "The vesting Merkle file (written by vesting:create --merkle)")
  .addParam(
    "deadline",
    "Last time a leaf may be claimed: unix seconds, a date (2030-06-01, UTC midnight) or a date-time with Z or offset",
  )
  .addOptionalParam(
    "from",
    "Funding account: index or address (default 0, the deployer, which holds the vesting supply)",
  )
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: FundArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatTime, formatTokens, isoTime, followUp } = await import("../lib/display");
    const { parseInstant } = await import("../lib/dates");
    const parsedDeadline = parseInstant(args.deadline);
    if (!parsedDeadline.ok) throw new TaskError(`--deadline: ${parsedDeadline.message}`);
    const deadline = BigInt(parsedDeadline.seconds);
    const [signer] = await resolveSigners(hre, args.from);
    const { vault, token, id } = await vaultContext(hre, args.deploymentId);
    const vaultAddress = await vault.getAddress();
    const merkle = await readMerkle(hre, args.merkle, vaultAddress);
    const total = BigInt(merkle.total);
    const fundBefore = BigInt(merkle.fundBefore);
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    const funded = (await vault.queryFilter(vault.filters.MerkleAllocationCreated())).find(
      (e) => e.args.root === merkle.root,
    );
    if (funded !== undefined) {
      console.log(
        `allocation ${funded.args.allocationId} already funds root ${merkle.root} with ${formatTokens(funded.args.total, { symbol: "CWT" })}: nothing to send`,
      );
      return;
    }
    if (deadline <= now) throw new TaskError(`--deadline ${formatTime(deadline, now)} is not in the future`);
    if (deadline >= 2n ** 40n) throw new TaskError(`--deadline ${args.deadline}: beyond the vault's uint40 times`);
    // The vault refuses funding after fundBefore (earliest start − the file's fund margin): a leaf
    // may not start before its allocation exists. The next block is at least one second later.
    if (now + 1n > fundBefore) {
      throw new TaskError(
        `${args.merkle} fundBefore: the allocation had to be funded by ${formatTime(fundBefore, now)} ` +
          `(earliest start ${isoTime(BigInt(merkle.earliestStart))} − fund margin ${merkle.fundMargin} s): ` +
          `write the file again with later starts (vesting:create --merkle)`,
      );
    }
    const balance = await token.balanceOf(signer.address);
    if (balance < total) {
      throw new TaskError(
        `${signer.address} holds ${formatTokens(balance, { symbol: "CWT" })}, the allocation needs ${formatTokens(total, { symbol: "CWT" })}: nothing was sent`,
      );
    }
    const calls = [];
    const allowance = await token.allowance(signer.address, vaultAddress);
    if (allowance < total) {
      calls.push({
        label: "Token.approve",
        to: await token.getAddress(),
        value: 0n,
        data: token.interface.encodeFunctionData("approve", [vaultAddress, total]),
        args: [vaultAddress, total],
      });
    }
    const fundArgs: [string, bigint, bigint, bigint] = [merkle.root, total, deadline, fundBefore];
    calls.push({
      label: "VestingVault.createMerkleAllocation",
      to: vaultAddress,
      value: 0n,
      data: vault.interface.encodeFunctionData("createMerkleAllocation", fundArgs),
      args: fundArgs,
    });
    console.log(
      `fund ${merkle.leaves} leaves, ${formatTokens(total, { symbol: "CWT" })} in total, root ${merkle.root}, ` +
        `before ${formatTime(fundBefore, now)}, claimable until ${formatTime(deadline, now)}`,
    );
    const sent = await runPlans([{ signer, calls }], { dryRun: args.dryRun });
    if (sent > 0)
      console.log(
        `beneficiaries claim with: ${followUp(hre, "vesting:claim", { merkle: args.merkle, from: "<account>" }, id)}`,
      );
  });
