import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { compare, gasOf } from "./gas";
import { LEAF_TYPES } from "../scripts/lib/vestingMerkle";
import VestingModule from "../deploy/modules/Vesting";
import { CounterweightToken__factory, VestingVault__factory, VestingWallet__factory } from "../typechain-types";
import type { VestingVault } from "../typechain-types";

const MONTH = 30n * 24n * 60n * 60n;
const E18 = 10n ** 18n;
/** The bench's clock starts here (2033-05-18), well after any wall-clock time of a fresh chain. */
const BENCH_EPOCH = 2_000_000_000n;
/** Sablier Lockup v2 published benchmarks (Foundry execution gas, no 21,000 intrinsic cost). */
const SABLIER = {
  createWithTimestampsLLNoCliff: 114_000,
  createWithTimestampsLLWithCliff: 158_000,
  createBatchLLPerStream50: 138_000,
  withdrawLow: 21_000,
  withdrawHigh: 30_000,
};

/** Calldata gas of a transaction (EIP-2028: 4 per zero byte, 16 per non-zero byte). */
function calldataGas(data: string): bigint {
  const bytes = Buffer.from(data.slice(2), "hex");
  let g = 0n;
  for (const b of bytes) g += b === 0 ? 4n : 16n;
  return g;
}

/** Gas used and execution gas (gasUsed − 21,000 − calldata), comparable with Foundry's figures. */
async function measure(tx: Promise<ContractTransactionResponse>): Promise<{ gasUsed: bigint; execution: bigint }> {
  const sent = await tx;
  const gasUsed = await gasOf(sent);
  return { gasUsed, execution: gasUsed - 21_000n - calldataGas(sent.data) };
}

export default async function vestingBench(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const { ethers } = hre;
  const [deployer, a, b] = await ethers.getSigners();
  const deployed = await hre.ignition.deploy(VestingModule);
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const vault: VestingVault = VestingVault__factory.connect(await deployed.vault.getAddress(), deployer);
  await (await token.approve(await vault.getAddress(), ethers.MaxUint256)).wait();
  // A fixed clock: every time below (and so every Merkle leaf, the trees and the proof lengths) is
  // the same from run to run.
  await hre.network.provider.request({ method: "evm_mine", params: [Number(BENCH_EPOCH)] });
  const now = BigInt((await ethers.provider.getBlock("latest"))?.timestamp ?? 0);
  const start = now + 1000n;
  const amount = 1_000_000n * E18;
  const terms = (beneficiary: string, cliff: bigint) => ({
    beneficiary,
    amount,
    category: 0,
    start,
    cliff,
    duration: 24n * MONTH,
  });
  const salt = (s: string) => ethers.id(s);

  // Warm-up: the vault's first token receipt pays the 0 → non-zero balance write once in its life.
  await (await vault.createSchedule({ terms: terms(deployer.address, 12n * MONTH), salt: salt("warm") })).wait();

  // One cliff + linear schedule vs one OZ VestingWallet deployment (+ its funding transfer).
  const create = await measure(vault.createSchedule({ terms: terms(a.address, 12n * MONTH), salt: salt("one") }));
  const wallet = await new VestingWallet__factory(deployer).deploy(b.address, start, 24n * MONTH);
  const walletReceipt = await wallet.deploymentTransaction()?.wait();
  const walletDeployGas = walletReceipt?.gasUsed ?? 0n;
  const walletFundGas = await gasOf(token.transfer(await wallet.getAddress(), amount));

  // Batch of 50.
  const batch = Array.from({ length: 50 }, (_, i) => ({
    terms: terms(ethers.getAddress("0x" + (1000 + i).toString(16).padStart(40, "0")), 12n * MONTH),
    salt: salt(`batch-${i}`),
  }));
  const batchGas = await measure(vault.createSchedules(batch));
  const perScheduleInBatch = batchGas.gasUsed / 50n;

  // Tranche schedules: 13 monthly tranches from month 12 to month 24 (the simulation's VC
  // schedule), and the maximum of 48 tranches, all within the investor policy's bound.
  const monthly = (n: number) =>
    Array.from({ length: n }, (_, k) => ({
      time: start + 12n * MONTH + (BigInt(k) * 12n * MONTH) / BigInt(n - 1),
      amount: amount / BigInt(n),
    }));
  const tranche13 = await measure(
    vault.createTrancheSchedule({
      beneficiary: a.address,
      category: 0,
      start,
      tranches: monthly(13),
      salt: salt("tr13"),
    }),
  );
  const tranche48 = await measure(
    vault.createTrancheSchedule({
      beneficiary: a.address,
      category: 0,
      start,
      tranches: monthly(48),
      salt: salt("tr48"),
    }),
  );
  // Key rotation of a schedule.
  const rotate = await measure(
    vault.connect(a).transferBeneficiary(await vault.directScheduleId(deployer.address, salt("one")), b.address),
  );

  // Release: same amount, start, duration, same time (no cliff: VestingWallet has none), fresh beneficiaries.
  const c = ethers.Wallet.createRandom().address;
  const noCliffVault = await measure(
    vault.createSchedule({ terms: { ...terms(c, 12n * MONTH), category: 0 }, salt: salt("rel") }),
  );
  const relId = await vault.directScheduleId(deployer.address, salt("rel"));
  const ozWallet2 = await new VestingWallet__factory(deployer).deploy(
    ethers.Wallet.createRandom().address,
    start,
    24n * MONTH,
  );
  await ozWallet2.waitForDeployment();
  await (await token.transfer(await ozWallet2.getAddress(), amount)).wait();
  const t1 = start + 13n * MONTH;
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(t1)] });
  const oursRelease = await measure(vault.release(relId));
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(t1 + 1n)] });
  const ozRelease = await measure(ozWallet2["release(address)"](await token.getAddress()));
  // Steady state (beneficiary already holds tokens, `released` already non-zero), for Sablier's withdraw.
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(t1 + MONTH)] });
  const oursRelease2 = await measure(vault.release(relId));
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(t1 + MONTH + 1n)] });
  const ozRelease2 = await measure(ozWallet2["release(address)"](await token.getAddress()));

  // Merkle set-up with 10 and 100,000 beneficiaries: the root is one word either way.
  const mStart = t1 + 3n * MONTH;
  const mk = (n: number) =>
    StandardMerkleTree.of(
      Array.from({ length: n }, (_, i) => [
        i,
        ethers.getAddress("0x" + (0x100000 + i).toString(16).padStart(40, "0")),
        1000n * E18,
        0,
        mStart,
        12n * MONTH,
        24n * MONTH,
      ]),
      [...LEAF_TYPES],
    );
  const deadline = mStart + 24n * MONTH;
  // Warm-up: the first allocation writes the allocation counter 0 → 1 once in the vault's life.
  await (await vault.createMerkleAllocation(ethers.id("warm"), 1n, deadline, mStart)).wait();
  const tree10 = mk(10);
  const merkle10 = await measure(vault.createMerkleAllocation(tree10.root, 10n * 1000n * E18, deadline, mStart));
  const tree100k = mk(100_000);
  const merkle100k = await measure(
    vault.createMerkleAllocation(tree100k.root, 100_000n * 1000n * E18, deadline, mStart),
  );
  const leaf = tree100k.at(77_777) as unknown[];
  const claim = await measure(
    vault.claimFromMerkle(
      2,
      77_777,
      {
        beneficiary: leaf[1] as string,
        amount: leaf[2] as bigint,
        category: 0,
        start: mStart,
        cliff: 12n * MONTH,
        duration: 24n * MONTH,
      },
      tree100k.getProof(77_777),
    ),
  );
  // After the deadline, the unclaimed rest of the 100,000-leaf allocation goes to the treasury.
  await hre.network.provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(deadline + 1n)] });
  const sweep = await measure(vault.sweepMerkleAllocation(2));

  return {
    method:
      "gasUsed from receipts on the in-process Hardhat chain (includes the 21,000 intrinsic cost). " +
      "'execution' = gasUsed − 21,000 − calldata gas (EIP-2028, 4/16 per byte), to compare with Sablier's " +
      "Foundry figures, which exclude both. Our create includes pulling the tokens (funding); the OZ wallet " +
      "deployment does not (its funding transfer is reported apart). First release: beneficiary holds no " +
      "tokens yet on either side; steady release: second release one month later.",
    comparisons: [
      compare(
        "create one cliff+linear schedule (funded) vs deploy OZ VestingWallet",
        create.gasUsed,
        walletDeployGas,
        "OZ VestingWallet deploy",
        0.25,
      ),
      compare(
        "create one schedule, execution gas vs Sablier createWithTimestampsLL with cliff",
        create.execution,
        BigInt(SABLIER.createWithTimestampsLLWithCliff),
        "Sablier Lockup (published)",
        1.0,
      ),
      compare(
        "create one schedule, execution gas vs Sablier createWithTimestampsLL without cliff",
        create.execution,
        BigInt(SABLIER.createWithTimestampsLLNoCliff),
        "Sablier Lockup (published)",
        1.0,
      ),
      compare(
        "batch of 50: execution gas per schedule vs Sablier batch of 50",
        batchGas.execution / 50n,
        BigInt(SABLIER.createBatchLLPerStream50),
        "Sablier Lockup (published)",
        1.0,
      ),
      compare(
        "batch of 50 per schedule vs one schedule (gasUsed)",
        perScheduleInBatch,
        create.gasUsed,
        "our createSchedule",
        1.0,
      ),
      compare(
        "release (first) vs OZ VestingWallet.release(token), same schedule and time",
        oursRelease.gasUsed,
        ozRelease.gasUsed,
        "OZ VestingWallet",
        1.0,
      ),
      compare(
        "release (steady) vs OZ VestingWallet.release(token)",
        oursRelease2.gasUsed,
        ozRelease2.gasUsed,
        "OZ VestingWallet",
        1.0,
      ),
      compare(
        "release (steady), execution gas vs Sablier withdraw (30k, top of range)",
        oursRelease2.execution,
        BigInt(SABLIER.withdrawHigh),
        "Sablier Lockup (published)",
        1.2,
      ),
      compare(
        "Merkle set-up, 100,000 vs 10 beneficiaries",
        merkle100k.gasUsed,
        merkle10.gasUsed,
        "same call with 10 leaves",
        1.0,
      ),
    ],
    figures: {
      createOneSchedule: { gasUsed: Number(create.gasUsed), execution: Number(create.execution) },
      createOneScheduleReleaseTest: Number(noCliffVault.gasUsed),
      ozVestingWalletDeploy: Number(walletDeployGas),
      ozVestingWalletFundingTransfer: Number(walletFundGas),
      batch50: {
        gasUsed: Number(batchGas.gasUsed),
        perSchedule: Number(perScheduleInBatch),
        executionPerSchedule: Number(batchGas.execution / 50n),
      },
      releaseFirst: {
        ours: Number(oursRelease.gasUsed),
        oursExecution: Number(oursRelease.execution),
        ozVestingWallet: Number(ozRelease.gasUsed),
      },
      releaseSteady: {
        ours: Number(oursRelease2.gasUsed),
        oursExecution: Number(oursRelease2.execution),
        ozVestingWallet: Number(ozRelease2.gasUsed),
      },
      merkleSetup: { beneficiaries10: Number(merkle10.gasUsed), beneficiaries100000: Number(merkle100k.gasUsed) },
      createTrancheSchedule: { tranches13: Number(tranche13.gasUsed), tranches48: Number(tranche48.gasUsed) },
      transferBeneficiary: Number(rotate.gasUsed),
      sweepMerkleAllocation: Number(sweep.gasUsed),
      merkleClaimOfLeaf77777Of100000: { gasUsed: Number(claim.gasUsed), proofLength: tree100k.getProof(77_777).length },
      sablierPublished: SABLIER,
    },
  };
}
