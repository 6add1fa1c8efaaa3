import assert from "node:assert/strict";
import fs from "node:fs";
import type { JsonRpcProvider, JsonRpcSigner } from "ethers";
import type { AddressBook } from "../scripts/lib/addressBook";
import { IDS } from "../scripts/lib/ids";
import { CounterweightToken__factory, VestingVault__factory } from "../typechain-types";

const E18 = 10n ** 18n;
const MONTH = 30n * 24n * 3600n;

export interface VestingStepsEnv {
  provider: JsonRpcProvider;
  log: (s: string) => void;
  book: AddressBook;
  deployer: JsonRpcSigner;
  voters: JsonRpcSigner[];
  file: (name: string) => string;
  /** Runs an operator task against this run's node and deployment. */
  task: (args: string[]) => Promise<string>;
}

/**
 * Vesting in the end-to-end run, through the `vesting:create` operator task: the deployer funds two
 * advisor schedules (cliff 6 months, duration 12 months) from its vesting allocation; a re-run finds
 * them on chain and creates nothing; past the cliff a beneficiary releases what vested.
 */
export async function vestingSteps(env: VestingStepsEnv) {
  const { provider, log, book, deployer, voters, file, task } = env;
  const vaultAddress = book.get(IDS.vault);
  const vault = VestingVault__factory.connect(vaultAddress, deployer);
  const token = CounterweightToken__factory.connect(book.get(IDS.token), deployer);
  const beneficiaries = voters.slice(2, 4);
  const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
  // The task validates `start` against the clock even for rows already on chain, so the re-run
  // (after the ~1 h governance round) must still see a future start: two days ahead.
  const start = now + 2n * 24n * 3600n;
  const csv = [
    "beneficiary,amount,category,start,cliff,duration",
    ...beneficiaries.map((b) => `${b.address},1000000,advisor,${start},${6n * MONTH},${12n * MONTH}`),
  ];
  fs.writeFileSync(file("vesting.csv"), `${csv.join("\n")}\n`);
  const args = ["vesting:create", "--file", file("vesting.csv"), "--vault", vaultAddress];

  log("\n== vesting: advisor schedules funded by the deployer (vesting:create)");
  await task([...args, "--dry-run"]);
  await task(args);
  const created = await vault.queryFilter(vault.filters.ScheduleCreated());
  assert.equal(created.length, beneficiaries.length);
  const ids = created.map((e) => e.args.scheduleId);
  for (const s of ids) {
    assert.equal((await vault.getSchedule(s)).total, 1_000_000n * E18);
  }

  return {
    /** Past the cliff, the first beneficiary releases what vested. */
    claim: async () => {
      log("\n== vesting: claim after the cliff");
      await provider.send("evm_increaseTime", [Number(7n * MONTH)]);
      await provider.send("evm_mine", []);
      const b = beneficiaries[0];
      const id = created.find((e) => e.args.beneficiary === b.address)?.args.scheduleId;
      assert.ok(id !== undefined);
      const before = await token.balanceOf(b.address);
      await (await vault.connect(b).release(id)).wait();
      const got = (await token.balanceOf(b.address)) - before;
      assert.ok(got > 0n && got < 1_000_000n * E18, "part of the schedule vested and was released");
      log(`vesting claim: ${got} wei`);
    },
    /** Re-running the task creates nothing. */
    rerun: async () => {
      assert.match(await task(args), new RegExp(`${beneficiaries.length} already on chain`));
      assert.equal((await vault.queryFilter(vault.filters.ScheduleCreated())).length, beneficiaries.length);
    },
  };
}
