import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployVault } from "../vesting/fixture";
import type { CreateReport } from "../../scripts/tasks/vesting";
import { entryTerms, merkleScheduleId, parseMerkleFile } from "../../scripts/lib/vestingMerkle";

const M = 30 * 86_400;

describe("vesting:create task (in-process chain)", function () {
  async function fixture() {
    const f = await deployVault();
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
      /4 bad field\(s\), nothing sent(.|\n)*line 6, start/,
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
      /line 2, beneficiary(.|\n)*line 3, cliff/,
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
      /1 bad field\(s\), nothing written(.|\n)*line 3, start/,
    );
    expect(fs.existsSync(out)).to.equal(false);
    await expect(
      run({ file: csv, vault: vaultAddr, batch: 50, dryRun: false, merkle: out, fundMargin: -1 }),
    ).to.be.rejectedWith(/--fund-margin must be a whole number/);
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
