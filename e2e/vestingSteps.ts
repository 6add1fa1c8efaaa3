import assert from "node:assert/strict";
import { id, type JsonRpcProvider, type JsonRpcSigner } from "ethers";
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
}

/**
 * Vesting in the end-to-end run: the deployer funds advisor schedules (category 2: cliff ≥ 6
 * months, duration ≥ 12 months) from its vesting allocation, with salts that make their ids
 * deterministic, so a re-run finds them and creates nothing; later a beneficiary claims.
 */
export async function vestingSteps(env: VestingStepsEnv) {
  const { provider, log, book, deployer, voters } = env;
  const vault = VestingVault__factory.connect(book.get(IDS.vault), deployer);
  const token = CounterweightToken__factory.connect(book.get(IDS.token), deployer);
  const beneficiaries = voters.slice(2, 4);
  const salts = beneficiaries.map((b) => id(`e2e advisor ${b.address}`));
  const ids = await Promise.all(salts.map((s) => vault.directScheduleId(deployer.address, s)));

  const create = async (): Promise<number> => {
    const missing = [];
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    for (const [i, b] of beneficiaries.entries()) {
      if ((await vault.getSchedule(ids[i])).beneficiary === "0x0000000000000000000000000000000000000000") {
        missing.push({
          terms: {
            beneficiary: b.address,
            amount: 1_000_000n * E18,
            category: 2,
            start: now + 60n,
            cliff: 6n * MONTH,
            duration: 12n * MONTH,
          },
          salt: salts[i],
        });
      }
    }
    if (missing.length > 0) {
      const total = missing.reduce((s, p) => s + p.terms.amount, 0n);
      await (await token.approve(await vault.getAddress(), total)).wait();
      await (await vault.createSchedules(missing)).wait();
    }
    log(`vesting: ${missing.length} schedule(s) created, ${beneficiaries.length - missing.length} already there`);
    return missing.length;
  };

  log("\n== vesting: advisor schedules funded by the deployer");
  assert.equal(await create(), beneficiaries.length);
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
      const before = await token.balanceOf(b.address);
      await (await vault.connect(b).release(ids[0])).wait();
      const got = (await token.balanceOf(b.address)) - before;
      assert.ok(got > 0n && got < 1_000_000n * E18, "part of the schedule vested and was released");
      log(`vesting claim: ${got} wei`);
    },
    /** Re-running the creation step creates nothing. */
    rerun: async () => {
      assert.equal(await create(), 0);
    },
  };
}
