import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployVault } from "../vesting/fixture";
import { HardhatPluginError } from "hardhat/plugins";
import type { CreateReport } from "../../scripts/tasks/vesting";
import { entryTerms, merkleScheduleId, parseMerkleFile } from "../../scripts/lib/vestingMerkle";

const M = 30 * 86_400;

/** The vault deployed once for the file; each scenario's fixture starts from its snapshot. */
async function vaultFixture() {
  return deployVault();
}

describe("vesting:create task (in-process chain)", function () {
  async function fixture() {
    const f = await loadFixture(vaultFixture);
    const now = await time.latest();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vesting-"));
    const rows = ["beneficiary,amount,category,start,cliff,duration,tranches"];
    for (let i = 0; i < 7; i++) {
      rows.push(`${hre.ethers.Wallet.createRandom().address},${i + 1},investor,${now + 1000},12m,24m`);
    }
    rows.push(`${f.alice.address},3,advisor,${now + 1000},0,0,${now + 1000 + 7 * M}=1;${now + 1000 + 13 * M}=2`);
    const file = path.join(dir, "alloc.csv");
    fs.writeFileSync(file, rows.join("\n") + "\n");
    return { ...f, dir, file, now };
  }
  const run = (args: Record<string, unknown>) => hre.run("vesting:create", args) as Promise<CreateReport>;

  it("should send nothing on --dry-run", async function () {
    const { vault, file, token } = await loadFixture(fixture);
    const before = await token.balanceOf(await vault.getAddress());
    const r = await run({ file, vault: await vault.getAddress(), batch: 3, dryRun: true });
    expect(r).to.deep.include({ valid: 8, created: 0, transactions: 0 });
    expect(await token.balanceOf(await vault.getAddress())).to.equal(before);
  });

  it("should create in batches, then create nothing twice when re-run after an interruption", async function () {
    const { vault, file, token } = await loadFixture(fixture);
    const addr = await vault.getAddress();
    // Interruption: a first run over the first 4 rows only.
    const partial = file.replace(".csv", ".part.csv");
    fs.writeFileSync(partial, fs.readFileSync(file, "utf8").split("\n").slice(0, 5).join("\n"));
    const first = await run({ file: partial, vault: addr, batch: 3, dryRun: false });
    expect(first.created).to.equal(4);
    const second = await run({ file, vault: addr, batch: 3, dryRun: false });
    expect(second).to.deep.include({ valid: 8, skipped: 4, created: 4 });
    const third = await run({ file, vault: addr, batch: 3, dryRun: false });
    expect(third).to.deep.include({ skipped: 8, created: 0, transactions: 0 });
    expect(await token.balanceOf(addr)).to.equal(31n * 10n ** 18n);
  });

  it("should skip created rows on a re-run after their start has passed, and refuse only new late rows", async function () {
    const { vault, file, token } = await loadFixture(fixture);
    const addr = await vault.getAddress();
    const partial = file.replace(".csv", ".started.csv");
    fs.writeFileSync(partial, fs.readFileSync(file, "utf8").split("\n").slice(0, 5).join("\n"));
    await run({ file: partial, vault: addr, batch: 3, dryRun: false });
    await time.increase(2000); // every start in the file is now in the past
    const rerun = await run({ file: partial, vault: addr, batch: 3, dryRun: false });
    expect(rerun).to.deep.include({ skipped: 4, created: 0, transactions: 0 });
    const before = await token.balanceOf(addr);
    await expect(run({ file, vault: addr, batch: 3, dryRun: false })).to.be.rejectedWith(
      /4 problems in .*alloc\.csv, nothing was sent(.|\n)*alloc\.csv:6 start: start .* is in the past/,
    );
    expect(await token.balanceOf(addr)).to.equal(before);
  });

  it("should report every bad row before sending anything", async function () {
    const { vault, dir, token, now } = await loadFixture(fixture);
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(
      bad,
      `beneficiary,amount,category,start,cliff,duration\n0xbad,1,investor,${now + 1000},12m,24m\n0x1111111111111111111111111111111111111111,1,investor,${now + 1000},1m,24m\n`,
    );
    const before = await token.balanceOf(await vault.getAddress());
    await expect(run({ file: bad, vault: await vault.getAddress(), batch: 50, dryRun: false })).to.be.rejectedWith(
      /bad\.csv:2 beneficiary: not an address(.|\n)*bad\.csv:3 cliff: cliff/,
    );
    expect(await token.balanceOf(await vault.getAddress())).to.equal(before);
  });

  it("should write a Merkle file whose proofs the vault accepts", async function () {
    const { vault, dir, now, bob } = await loadFixture(fixture);
    const csv = path.join(dir, "mass.csv");
    const out = path.join(dir, "tree.json");
    fs.writeFileSync(
      csv,
      `beneficiary,amount,category,start,cliff,duration\n${bob.address},5,investor,${now + 1000},12m,24m\n0x1111111111111111111111111111111111111111,7,investor,${now + 1000},12m,24m\n`,
    );
    const vaultAddr = await vault.getAddress();
    const r = await run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false, merkle: out, fundMargin: 100 });
    const file = parseMerkleFile(fs.readFileSync(out, "utf8"), out);
    expect(file.root).to.equal(r.merkleRoot);
    expect(file).to.deep.include({ vault: vaultAddr, chainId: 31337, leaves: 2, fundMargin: 100 });
    expect(file.fundBefore).to.equal(now + 900);
    expect(r.fundBefore).to.equal(now + 900);
    expect(file.entries.map((e) => [e.index, e.line])).to.deep.equal([
      [0, 2],
      [1, 3],
    ]);
    await vault.createMerkleAllocation(file.root, BigInt(file.total), now + 20 * M, file.fundBefore);
    for (const e of file.entries) {
      expect(await vault.merkleLeaf(e.index, entryTerms(e))).to.equal(e.leaf);
      await expect(vault.claimFromMerkle(0, e.index, entryTerms(e), e.proof))
        .to.emit(vault, "MerkleClaimed")
        .withArgs(0, merkleScheduleId(0n, e.leaf), e.beneficiary, e.index);
    }
  });

  it("identical rows on the Merkle path: the same CSV makes two schedules directly and two claimable leaves by Merkle", async function () {
    const { vault, dir, now, bob, token, deployer } = await loadFixture(fixture);
    const csv = path.join(dir, "twins.csv");
    const row = `${bob.address},1000,investor,${now + 1000},12m,24m`;
    fs.writeFileSync(csv, `beneficiary,amount,category,start,cliff,duration\n${row}\n${row}\n`);
    const vaultAddr = await vault.getAddress();
    // Direct path: two schedules.
    const direct = await run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false });
    expect(direct.created).to.equal(2);
    const created = await vault.queryFilter(vault.filters.ScheduleCreated(undefined, bob.address));
    expect(new Set(created.map((e) => e.args.scheduleId)).size).to.equal(2);
    // Merkle path, same CSV: two leaves, both claimable, the whole 2,000 vests.
    const out = path.join(dir, "twins.json");
    await run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false, merkle: out, fundMargin: 100 });
    const file = parseMerkleFile(fs.readFileSync(out, "utf8"), out);
    expect(file.entries[0].leaf).to.not.equal(file.entries[1].leaf);
    await vault.createMerkleAllocation(file.root, BigInt(file.total), now + 20 * M, file.fundBefore);
    for (const e of file.entries) await vault.connect(deployer).claimFromMerkle(0, e.index, entryTerms(e), e.proof);
    expect((await vault.getMerkleAllocation(0)).remaining).to.equal(0n);
    const ids = file.entries.map((e) => merkleScheduleId(0n, e.leaf));
    for (const id of ids) expect((await vault.getSchedule(id)).total).to.equal(1000n * 10n ** 18n);
    await time.increase(25 * M);
    const directIds = created.map((e) => e.args.scheduleId);
    await expect(vault.releaseMany([...directIds, ...ids])).to.changeTokenBalance(token, bob, 4000n * 10n ** 18n);
  });

  it("a Merkle file can be unclaimable by the time it is funded: the task refuses starts within twice the fund margin, writing nothing", async function () {
    const { vault, dir, now, bob } = await loadFixture(fixture);
    const csv = path.join(dir, "soon.csv");
    const out = path.join(dir, "soon.json");
    const day = 86_400;
    fs.writeFileSync(
      csv,
      `beneficiary,amount,category,start,cliff,duration\n${bob.address},5,investor,${now + 10 * day},12m,24m\n${bob.address},5,investor,${now + 4 * day},12m,24m\n`,
    );
    const vaultAddr = await vault.getAddress();
    // Default margin (3 days): line 3 starts in 4 days < 6 days.
    await expect(run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false, merkle: out })).to.be.rejectedWith(
      /1 problem in .*soon\.csv, nothing was sent:\n.*soon\.csv:3 start: start [0-9]+ is too close to now/,
    );
    expect(fs.existsSync(out)).to.equal(false);
    await expect(
      run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false, merkle: out, fundMargin: -1 }),
    ).to.be.rejectedWith(/--fund-margin fund-margin: must be a whole number of seconds ≥ 0, got -1; nothing written/);
    // A one-day margin leaves both rows in; the file says fund before earliest start − 1 day.
    const r = await run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false, merkle: out, fundMargin: day });
    expect(r.fundBefore).to.equal(now + 3 * day);
    const file = parseMerkleFile(fs.readFileSync(out, "utf8"), out);
    expect(file.fundBefore).to.equal(now + 3 * day);
    await time.setNextBlockTimestamp(file.fundBefore + 1);
    await expect(vault.createMerkleAllocation(file.root, BigInt(file.total), now + 20 * M, file.fundBefore))
      .to.be.revertedWithCustomError(vault, "VestingFundingClosed")
      .withArgs(file.fundBefore, file.fundBefore + 1);
  });
});

describe("vesting:create refuses a plan that cannot complete, sending nothing (in-process chain)", function () {
  const HEADER = "beneficiary,amount,category,start,cliff,duration,tranches";

  /** The vault fixture with the deployer's allowance to the vault back at 0, as on a real chain. */
  async function fixture() {
    const f = await loadFixture(vaultFixture);
    await (await f.token.approve(await f.vault.getAddress(), 0n)).wait();
    const now = await time.latest();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vesting-plan-"));
    return { ...f, dir, now };
  }

  type F = Awaited<ReturnType<typeof fixture>>;

  /** Everything a sent transaction would change: block number, balances, allowance. */
  async function chainState(f: F) {
    const vault = await f.vault.getAddress();
    return {
      block: await hre.ethers.provider.getBlockNumber(),
      signerTokens: await f.token.balanceOf(f.deployer.address),
      vaultTokens: await f.token.balanceOf(vault),
      allowance: await f.token.allowance(f.deployer.address, vault),
      signerEth: await hre.ethers.provider.getBalance(f.deployer.address),
    };
  }

  function csv(f: F, name: string, lines: string[]): string {
    const file = path.join(f.dir, name);
    fs.writeFileSync(file, [HEADER, ...lines].join("\n") + "\n");
    return file;
  }

  async function expectRefused(f: F, args: Record<string, unknown>, message: RegExp) {
    const before = await chainState(f);
    for (const dryRun of [true, false]) {
      let error: unknown;
      try {
        await hre.run("vesting:create", { vault: await f.vault.getAddress(), batch: 50, ...args, dryRun });
      } catch (e) {
        error = e;
      }
      expect(error, `dryRun=${dryRun}`).to.be.instanceOf(HardhatPluginError);
      expect((error as HardhatPluginError).pluginName).to.equal("counterweight");
      expect((error as Error).message).to.match(message);
    }
    expect(await chainState(f)).to.deep.equal(before);
  }

  it("should refuse a row larger than the signer's balance, on the dry run too, approving nothing", async function () {
    const f = await loadFixture(fixture);
    const balance = await f.token.balanceOf(f.deployer.address);
    const big = hre.ethers.formatUnits(balance + 10n ** 18n, 18).replace(/\.0$/, "");
    const file = csv(f, "big.csv", [
      `${f.alice.address},1,investor,${f.now + 1000},12m,24m`,
      `${f.bob.address},${big},investor,${f.now + 1000},12m,24m`,
    ]);
    await expectRefused(
      f,
      { file },
      /holds 600,000,000 CWT but the 2 new schedule\(s\) need 600,000,002 CWT \(short by 2 CWT\); line\(s\) 3 alone exceed/,
    );
  });

  it("should refuse a total above the balance even when every row fits", async function () {
    const f = await loadFixture(fixture);
    const file = csv(f, "sum.csv", [
      `${f.alice.address},400000000,investor,${f.now + 1000},12m,24m`,
      `${f.bob.address},300000000,investor,${f.now + 1000},12m,24m`,
    ]);
    await expectRefused(f, { file }, /need 700,000,000 CWT \(short by 100,000,000 CWT\): nothing was sent/);
  });

  for (const batch of [0, -1, 201, 1_000_000_000]) {
    it(`should refuse --batch ${batch} before reading anything`, async function () {
      const f = await loadFixture(fixture);
      const file = csv(f, "ok.csv", [`${f.alice.address},1,investor,${f.now + 1000},12m,24m`]);
      await expectRefused(f, { file, batch }, /--batch.*must be an integer from 1 to 200/s);
    });
  }

  it("should refuse millisecond timestamps and spans beyond the vault's uint32 widths", async function () {
    const f = await loadFixture(fixture);
    const ms = (f.now + 1000) * 1000;
    const file = csv(f, "widths.csv", [
      `${f.alice.address},1,investor,${ms},12m,24m`,
      `${f.alice.address},1,investor,${f.now + 1000},12m,49711d`,
      `${f.alice.address},1,investor,${f.now + 1000},4294967296,4294967296`,
      `${f.alice.address},1,advisor,${f.now + 1000},0,0,${f.now + 1000 + 2 ** 32}=1`,
    ]);
    await expectRefused(
      f,
      { file },
      new RegExp(
        [
          `widths\\.csv:2 start: ${ms} looks like a millisecond timestamp`,
          "widths\\.csv:3 duration: 49711d is 4295030400 s, above the vault's uint32 limit",
          "widths\\.csv:4 cliff: 4294967296 is 4294967296 s, above the vault's uint32 limit",
          "widths\\.csv:4 duration: 4294967296 is 4294967296 s",
          "widths\\.csv:5 tranches: first tranche 4294967296 s after start, above the vault's uint32 limit",
        ].join("(.|\\n)*"),
      ),
    );
  });

  it("should refuse a mixed-case beneficiary or --vault whose EIP-55 checksum is wrong", async function () {
    const f = await loadFixture(fixture);
    const typo = f.alice.address.replace(/[a-f]/, (c) => c.toUpperCase());
    expect(typo).to.not.equal(f.alice.address);
    const file = csv(f, "checksum.csv", [`${typo},1,investor,${f.now + 1000},12m,24m`]);
    await expectRefused(f, { file }, /checksum\.csv:2 beneficiary: bad EIP-55 checksum/);
    const vault = await f.vault.getAddress();
    const badVault = vault.replace(/[a-f]/, (c) => c.toUpperCase());
    await expectRefused(
      f,
      { file: csv(f, "ok.csv", [`${f.alice.address},1,investor,${f.now + 1000},12m,24m`]), vault: badVault },
      /--vault.*bad EIP-55 checksum/s,
    );
  });

  it("should say file not found with the path, and refuse an address that is no contract", async function () {
    const f = await loadFixture(fixture);
    const missing = path.join(f.dir, "nope.csv");
    await expectRefused(
      f,
      { file: missing },
      new RegExp(`^file not found: ${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`),
    );
    const file = csv(f, "ok.csv", [`${f.alice.address},1,investor,${f.now + 1000},12m,24m`]);
    await expectRefused(f, { file, vault: f.bob.address }, /no contract at/);
  });

  it("should approve exactly what each batch spends, right before it, leaving no allowance", async function () {
    const f = await loadFixture(fixture);
    const vault = await f.vault.getAddress();
    const lines = [1, 2, 3, 4, 5, 6, 7].map(
      (i) => `${hre.ethers.Wallet.createRandom().address},${i},investor,${f.now + 1000},12m,24m`,
    );
    lines.push(`${f.alice.address},3,advisor,${f.now + 1000},0,0,${f.now + 1000 + 7 * M}=1;${f.now + 1000 + 13 * M}=2`);
    const from = await hre.ethers.provider.getBlockNumber();
    const r = (await hre.run("vesting:create", {
      file: csv(f, "batches.csv", lines),
      vault,
      batch: 3,
      dryRun: false,
    })) as CreateReport;
    expect(r).to.deep.include({ created: 8, transactions: 8, total: (31n * 10n ** 18n).toString() });
    const approvals = await f.token.queryFilter(f.token.filters.Approval(f.deployer.address, vault), from + 1);
    const E = 10n ** 18n;
    expect(approvals.map((e) => e.args.value)).to.deep.equal([6n * E, 15n * E, 7n * E, 3n * E]);
    expect(await f.token.allowance(f.deployer.address, vault)).to.equal(0n);
    expect(await f.token.balanceOf(vault)).to.equal(31n * E);
  });

  it("should put the allowance back when a batch fails after its approve, then resume on a re-run", async function () {
    const f = await loadFixture(fixture);
    const vault = await f.vault.getAddress();
    const lines = [1, 2, 3, 4].map(
      (i) => `${hre.ethers.Wallet.createRandom().address},${i},investor,${f.now + 1000},12m,24m`,
    );
    const file = csv(f, "race.csv", lines);
    const balance = await f.token.balanceOf(f.deployer.address);
    // Another process moves the signer's tokens away between the two batches: the second
    // createSchedules really reverts (the transfer fails) after its approve was mined.
    const tc = await import("../../typechain-types");
    const original = tc.VestingVault__factory.connect;
    let calls = 0;
    tc.VestingVault__factory.connect = ((address: string, runner) => {
      const real = original(address, runner);
      return new Proxy(real, {
        get(target, prop) {
          if (prop === "createSchedules") {
            return async (...a: Parameters<typeof real.createSchedules>) => {
              if (++calls === 2) await (await f.token.transfer(f.carol.address, balance - 3n * 10n ** 18n)).wait();
              return real.createSchedules(...a);
            };
          }
          return Reflect.get(target, prop) as unknown;
        },
      });
    }) as typeof original;
    try {
      await expect(hre.run("vesting:create", { file, vault, batch: 2, dryRun: false })).to.be.rejectedWith(
        HardhatPluginError,
        /line\(s\) 4, 5 failed after 2 were created; the allowance is back to 0 CWT\. Re-run to resume/,
      );
    } finally {
      tc.VestingVault__factory.connect = original;
    }
    expect(await f.token.allowance(f.deployer.address, vault)).to.equal(0n);
    expect(await f.token.balanceOf(vault)).to.equal(3n * 10n ** 18n);
    await (await f.token.connect(f.carol).transfer(f.deployer.address, balance - 3n * 10n ** 18n)).wait();
    const rerun = (await hre.run("vesting:create", { file, vault, batch: 2, dryRun: false })) as CreateReport;
    expect(rerun).to.deep.include({ skipped: 2, created: 2, transactions: 2 });
    expect(await f.token.balanceOf(vault)).to.equal(10n * 10n ** 18n);
    expect(await f.token.allowance(f.deployer.address, vault)).to.equal(0n);
  });

  it("should find the same schedules when the same CSV is re-run under another TZ", async function () {
    const f = await loadFixture(fixture);
    const vault = await f.vault.getAddress();
    const start = new Date((f.now + 86_400 * 3) * 1000).toISOString().slice(0, 10);
    const file = csv(f, "tz.csv", [
      `${f.alice.address},1,investor,${start},12m,24m`,
      `${f.bob.address},2,investor,${start}T06:30:00+02:00,12m,24m`,
    ]);
    const saved = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati";
      const offsetA = new Date(2030, 5, 1).getTimezoneOffset();
      const first = (await hre.run("vesting:create", { file, vault, batch: 50, dryRun: false })) as CreateReport;
      expect(first.created).to.equal(2);
      process.env.TZ = "America/Los_Angeles";
      expect(new Date(2030, 5, 1).getTimezoneOffset()).to.not.equal(offsetA);
      const block = await hre.ethers.provider.getBlockNumber();
      const second = (await hre.run("vesting:create", { file, vault, batch: 50, dryRun: false })) as CreateReport;
      expect(second).to.deep.include({ skipped: 2, created: 0, transactions: 0 });
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
