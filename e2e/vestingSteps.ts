import assert from "node:assert/strict";
import fs from "node:fs";
import type { JsonRpcProvider } from "ethers";
import type { AddressBook } from "../scripts/lib/addressBook";
import { IDS } from "../scripts/lib/ids";
import { CounterweightToken__factory, VestingVault__factory } from "../typechain-types";

const E18 = 10n ** 18n;

export interface VestingStepsEnv {
  provider: JsonRpcProvider;
  log: (s: string) => void;
  book: AddressBook;
  /** The node's accounts; 0 is the deployer. */
  accounts: string[];
  file: (name: string) => string;
  /** Runs a task against this run's node and deployment. */
  task: (args: string[]) => Promise<string>;
  /** Runs a command against this run's node, without --deployment-id (vesting:create takes --vault). */
  cli: (args: string[]) => Promise<string>;
}

/**
 * Vesting in the end-to-end run, through the tasks: the deployer funds two advisor schedules
 * (cliff 6 months, duration 12 months) with `vesting:create` and a Merkle allocation of two leaves
 * with `vesting:create --merkle` + `vesting:fund-merkle`; account 3 claims its leaf itself, the
 * relayer (account 0) claims account 5's (which holds no ETH); re-runs create and claim nothing;
 * past the cliff `vesting:release` pays what vested.
 */
export async function vestingSteps(env: VestingStepsEnv) {
  const { provider, log, book, accounts, file, task, cli } = env;
  const vaultAddress = book.get(IDS.vault);
  const vault = VestingVault__factory.connect(vaultAddress, provider);
  const token = CounterweightToken__factory.connect(book.get(IDS.token), provider);
  const direct = [accounts[3], accounts[4]];
  const leaves = [accounts[3], accounts[5]];
  // As docs/deploying.md writes them: a start well ahead of the chain's clock, 6 and 12 months.
  const row = (a: string, amount: string) => `${a},${amount},advisor,2030-01-01,6m,12m`;
  const header = "beneficiary,amount,category,start,cliff,duration";
  fs.writeFileSync(file("vesting.csv"), `${[header, ...direct.map((a) => row(a, "1000000"))].join("\n")}\n`);
  fs.writeFileSync(file("vesting-merkle.csv"), `${[header, ...leaves.map((a) => row(a, "250000"))].join("\n")}\n`);
  const args = ["vesting:create", "--file", file("vesting.csv"), "--vault", vaultAddress];
  const merkle = file("vesting-merkle.json");

  log("\n== vesting: advisor schedules funded by the deployer (vesting:create)");
  await cli([...args, "--dry-run"]);
  await cli(args);
  const created = await vault.queryFilter(vault.filters.ScheduleCreated());
  assert.equal(created.length, direct.length);
  for (const e of created) assert.equal((await vault.getSchedule(e.args.scheduleId)).total, 1_000_000n * E18);

  log("\n== vesting: a Merkle allocation (vesting:create --merkle, vesting:fund-merkle, vesting:claim)");
  await cli(["vesting:create", "--file", file("vesting-merkle.csv"), "--vault", vaultAddress, "--merkle", merkle]);
  const held = await token.balanceOf(vaultAddress);
  await task(["vesting:fund-merkle", "--merkle", merkle, "--deadline", "2031-01-01"]);
  assert.equal((await token.balanceOf(vaultAddress)) - held, 500_000n * E18, "the allocation is funded");
  await task(["vesting:claim", "--merkle", merkle, "--from", "3"]);
  await task(["vesting:claim", "--merkle", merkle, "--beneficiary", "5", "--from", "0"]);
  const claimed = await vault.queryFilter(vault.filters.MerkleClaimed());
  assert.deepEqual(claimed.map((e) => e.args.beneficiary).sort(), [...leaves].sort(), "both leaves claimed");
  assert.equal(await provider.getBalance(accounts[5]), 0n, "account 5 still holds no ETH");

  return {
    /** Re-runs that create, fund and claim nothing (read-only: the caller may run them concurrently). */
    rerun: [
      async () => assert.match(await cli(args), new RegExp(`${direct.length} already on chain`)),
      async () =>
        assert.match(
          await task(["vesting:fund-merkle", "--merkle", merkle, "--deadline", "2100-01-01"]),
          /nothing to send/,
        ),
      async () => assert.match(await task(["vesting:claim", "--merkle", merkle, "--from", "3"]), /nothing to send/),
    ],
    /** Past the cliff, account 3 releases its two schedules; account 0 releases account 5's for it. */
    release: async () => {
      log("\n== vesting: release after the cliff (dev:advance --past cliff, vesting:release)");
      const mine = claimed.find((e) => e.args.beneficiary === accounts[3]);
      assert.ok(mine !== undefined);
      assert.match(await task(["vesting:release", "--from", "3"]), /nothing to send/, "before the cliff");
      await task(["dev:advance", "--past", "cliff", "--schedule", mine.args.scheduleId.toString()]);
      const before = await token.balanceOf(accounts[3]);
      await task(["vesting:release", "--from", "3"]);
      const got = (await token.balanceOf(accounts[3])) - before;
      assert.ok(got > 0n && got < 1_250_000n * E18, "part of both schedules vested and was released");
      log(`vesting release: ${got} wei`);
      const theirs = claimed.find((e) => e.args.beneficiary === accounts[5]);
      assert.ok(theirs !== undefined);
      const before5 = await token.balanceOf(accounts[5]);
      await task(["vesting:release", "--schedule", theirs.args.scheduleId.toString(), "--from", "0"]);
      assert.ok((await token.balanceOf(accounts[5])) > before5, "released to account 5 by the relayer");
    },
  };
}
