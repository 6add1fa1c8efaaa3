import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { deployVault } from "../vesting/fixture";
import type { CreateReport } from "../../scripts/tasks/vesting";

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
    const r = await run({ file: csv, vault: await vault.getAddress(), batch: 50, dryRun: false, merkle: out });
    const dumped = JSON.parse(fs.readFileSync(out, "utf8")) as {
      root: string;
      total: string;
      tree: Parameters<typeof StandardMerkleTree.load>[0];
    };
    expect(dumped.root).to.equal(r.merkleRoot);
    const tree = StandardMerkleTree.load(dumped.tree);
    await vault.createMerkleAllocation(dumped.root, BigInt(dumped.total), now + 20 * M);
    const [i, v] = [...tree.entries()][0];
    const terms = {
      beneficiary: v[0] as string,
      amount: BigInt(v[1] as string),
      category: Number(v[2]),
      start: BigInt(v[3] as number),
      cliff: BigInt(v[4] as number),
      duration: BigInt(v[5] as number),
    };
    await expect(vault.claimFromMerkle(0, terms, tree.getProof(i))).to.emit(vault, "MerkleClaimed");
  });
});
