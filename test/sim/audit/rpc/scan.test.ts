import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  CounterweightToken__factory,
  FeeOnTransferToken__factory,
  RebasingToken__factory,
  TestERC20__factory,
} from "../../../../typechain-types";
import { Uni__factory } from "../../../../typechain-types/baselines";
import {
  Eip1193Transport,
  scanHolders,
  scanHoldersWithStats,
  ScanInterrupted,
  type ScanHoldersOptions,
} from "../../../../sim/audit/rpc";
import type { Holder, HolderSet } from "../../../../sim/audit/types";
import { Rng } from "../../../../sim/random";
import { addLiquidity, deployV2Pool } from "../../../../sim/chain/uniswapV2";
import { FaultProxy } from "./faultProxy";

const backend = (method: string, params: unknown[]) => hre.network.provider.request({ method, params });
const noWait = async () => undefined;
const ZERO = "0x0000000000000000000000000000000000000000";

/** Expected holders from a JS ledger, in the HolderSet order. */
function expectedHolders(balances: Map<string, bigint>): Holder[] {
  return [...balances]
    .filter(([, v]) => v > 0n)
    .map(([address, amount]) => ({ address, amount }))
    .sort((a, b) =>
      a.amount === b.amount
        ? a.address.toLowerCase() < b.address.toLowerCase()
          ? -1
          : 1
        : a.amount > b.amount
          ? -1
          : 1,
    );
}

function credit(balances: Map<string, bigint>, address: string, amount: bigint): void {
  balances.set(address, (balances.get(address) ?? 0n) + amount);
}

/**
 * Empty blocks mined one evm_mine at a time: Hardhat's hardhat_mine (`mine(n)`) leaves "reserved"
 * blocks in which eth_getCode answers "0x" even for a contract deployed before them (seen with
 * Hardhat 2.29.1), which would mislead the deployment-block search on a local chain.
 */
async function mineOneByOne(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await hre.network.provider.request({ method: "evm_mine", params: [] });
}

/**
 * A TestERC20 deployed after 300 empty blocks, minted to 12 holders and moved by 100 seeded
 * transfers spread over ~600 blocks: 112 Transfer logs with a distribution known in advance.
 */
async function distributionFixture() {
  const signers = await hre.ethers.getSigners();
  const [deployer] = signers;
  const accounts = signers.slice(1, 13);
  await mine(300);
  const token = await new TestERC20__factory(deployer).deploy("Audit token", "AUD");
  const deployBlock = (await token.deploymentTransaction()?.wait())?.blockNumber ?? -1;
  const rng = new Rng(17);
  const balances = new Map<string, bigint>();
  for (const [i, a] of accounts.entries()) {
    const amount = BigInt(rng.int(1, 1000)) * 10n ** 18n * BigInt(i + 1);
    await token.mint(a.address, amount);
    credit(balances, a.address, amount);
  }
  for (let i = 0; i < 100; i++) {
    const from = accounts[rng.int(0, accounts.length - 1)];
    const to = signers[rng.int(1, 17)];
    const have = balances.get(from.address) ?? 0n;
    const amount = i % 10 === 9 ? have : (have * BigInt(rng.int(1, 60))) / 100n; // some holders leave entirely
    await token.connect(from).transfer(to.address, amount);
    credit(balances, from.address, -amount);
    credit(balances, to.address, amount);
    if (rng.chance(0.3)) await mineOneByOne(rng.int(1, 12));
  }
  const endBlock = await hre.ethers.provider.getBlockNumber();
  return {
    token,
    tokenAddress: await token.getAddress(),
    deployBlock,
    endBlock,
    expected: expectedHolders(balances),
    signers,
  };
}

describe("audit RPC input: holders rebuilt from logs over JSON-RPC", function () {
  const proxies: FaultProxy[] = [];
  const dirs: string[] = [];
  const cacheDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "audit-rpc-"));
    dirs.push(d);
    return d;
  };
  const proxy = async (plan: ConstructorParameters<typeof FaultProxy>[1] = {}) => {
    const p = new FaultProxy(backend, plan);
    await p.start();
    proxies.push(p);
    return p;
  };
  afterEach(async function () {
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
  });
  after(function () {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const fast: Partial<ScanHoldersOptions> = { retry: { retries: 6, baseDelayMs: 1, maxDelayMs: 5 }, sleep: noWait };

  it("rebuilds a known distribution from the deployment block found by eth_getCode, every check passing", async function () {
    const f = await loadFixture(distributionFixture);
    // hardhat_metadata hidden: the proxy looks like any other node, so the start is the binary search's
    const p = await proxy({ hideMethods: ["hardhat_metadata"] });
    const { holderSet, stats } = await scanHoldersWithStats({
      token: f.tokenAddress,
      rpc: p.url,
      cacheDir: null,
      ...fast,
    });
    expect(holderSet.holders).to.deep.equal(f.expected);
    expect(holderSet.source).to.deep.equal({
      kind: "rpc",
      token: f.tokenAddress,
      chainId: 31337,
      fromBlock: f.deployBlock,
      toBlock: f.endBlock,
      measure: "balance",
    });
    expect(stats.start).to.match(/eth_getCode binary search/);
    expect(holderSet.decimals).to.equal(18);
    expect(holderSet.symbol).to.equal("AUD");
    expect(holderSet.totalSupply).to.equal(await f.token.totalSupply());
    expect(holderSet.checks.filter((c) => !c.ok)).to.deep.equal([]);
    expect(holderSet.checks.map((c) => c.name)).to.include.members([
      "sum of rebuilt balances = totalSupply()",
      "spot balanceOf checks",
      "contracts among holders (eth_getCode)",
    ]);
    expect(holderSet.contracts).to.deep.equal([]);
    expect(stats.scan.logs).to.equal(112);
    console.log(
      `      unfaulted scan: ${stats.toBlock - stats.fromBlock + 1} blocks, ${stats.scan.logs} logs, ${stats.scan.ranges} ranges, ${stats.rpcCalls} calls in ${stats.scan.elapsedMs} ms (${stats.blocksPerSecond} blocks/s, ${stats.logsPerSecond} logs/s)`,
    );
  });

  it("scans a Hardhat node's own blocks from block 0, since blocks mined with hardhat_mine hide code from eth_getCode", async function () {
    const [deployer, a, b] = await hre.ethers.getSigners();
    const token = await new TestERC20__factory(deployer).deploy("Gap", "GAP");
    await token.mint(a.address, 100n);
    await mine(50); // hardhat_mine: eth_getCode answers "0x" for the token in (some of) these blocks
    await token.connect(a).transfer(b.address, 40n);
    await mineOneByOne(1);
    const { holderSet, stats } = await scanHoldersWithStats({
      token: await token.getAddress(),
      rpc: (await proxy()).url,
      cacheDir: null,
      ...fast,
    });
    expect(stats.start).to.match(/Hardhat node's own blocks/);
    expect(holderSet.source).to.include({ fromBlock: 0 });
    expect(holderSet.holders.map((h) => h.amount)).to.deep.equal([60n, 40n]);
    expect(holderSet.checks.filter((c) => !c.ok)).to.deep.equal([]);
  });

  it("gives identical holders when the proxy refuses ranges over 8 logs as Alchemy, Infura and BSC nodes do and fails every 5th call", async function () {
    const f = await loadFixture(distributionFixture);
    const clean = await scanHolders({ token: f.tokenAddress, rpc: (await proxy()).url, cacheDir: null, ...fast });
    const p = await proxy({ maxLogs: 8, transientEvery: 5 });
    const { holderSet, stats } = await scanHoldersWithStats({
      token: f.tokenAddress,
      rpc: p.url,
      cacheDir: null,
      ...fast,
    });
    expect(holderSet).to.deep.equal({ ...clean, checks: holderSet.checks });
    expect(holderSet.checks.filter((c) => !c.ok)).to.deep.equal([]);
    expect(p.count("refused")).to.be.greaterThan(3);
    expect(p.count("429") + p.count("503") + p.count("reset")).to.be.greaterThan(3);
    expect(stats.scan.splits).to.equal(p.count("refused"));
    expect(stats.rpcRetries).to.equal(p.count("429") + p.count("503") + p.count("reset"));
    // every served range is within the limit, and the served ranges tile the scan exactly once
    const ranges = p.servedRanges();
    let next = 0; // a Hardhat node is scanned from block 0
    for (const [a, b] of ranges) {
      expect(a).to.equal(next);
      next = b + 1;
    }
    expect(next).to.equal(f.endBlock + 1);
    console.log(
      `      faulted scan: ${p.count("refused")} refusals, ${stats.rpcRetries} retries, ${ranges.length} ranges in ${stats.scan.elapsedMs} ms`,
    );
  });

  it("resumes an interrupted scan from the cache where it stopped, at its pinned end block, scanning no range twice", async function () {
    const f = await loadFixture(distributionFixture);
    const dir = cacheDir();
    const ranges = { initialSpan: 40, maxSpan: 40 };
    const reference = await scanHolders({
      token: f.tokenAddress,
      rpc: (await proxy()).url,
      cacheDir: null,
      ranges,
      ...fast,
    });

    const controller = new AbortController();
    let served = 0;
    const first = await proxy({ transientEvery: 7, onLogsServed: () => void (++served === 4 && controller.abort()) });
    await expect(
      scanHolders({ token: f.tokenAddress, rpc: first.url, cacheDir: dir, ranges, signal: controller.signal, ...fast }),
    ).to.be.rejectedWith(ScanInterrupted);
    const firstRanges = first.servedRanges();
    expect(firstRanges).to.have.length(4);

    // the chain moves on while the scan is stopped; the resumed scan still ends where it was pinned
    await f.token.connect(f.signers[1]).transfer(f.signers[19].address, 1n);
    await mine(5);

    const second = await proxy({ maxLogs: 8, transientEvery: 7 });
    const { holderSet, stats } = await scanHoldersWithStats({
      token: f.tokenAddress,
      rpc: second.url,
      cacheDir: dir,
      ranges,
      ...fast,
    });
    expect(holderSet).to.deep.equal({ ...reference, checks: holderSet.checks });
    expect(holderSet.source).to.include({ toBlock: f.endBlock });
    expect(stats.scan.cachedRanges).to.equal(4);
    const all = [...firstRanges, ...second.servedRanges()];
    let next = 0; // a Hardhat node is scanned from block 0
    for (const [a, b] of all) {
      expect(a, "each range starts where the last one ended").to.equal(next);
      next = b + 1;
    }
    expect(next).to.equal(f.endBlock + 1);
    expect(holderSet.checks.find((c) => c.name === "Transfer log scan")?.detail).to.match(
      /4 ranges resumed from the cache/,
    );

    // a complete cached scan is reused whole: a re-run asks for no logs at all
    const third = await proxy();
    const again = await scanHolders({
      token: f.tokenAddress,
      rpc: third.url,
      cacheDir: dir,
      toBlock: f.endBlock,
      ranges,
      ...fast,
    });
    expect(again.holders).to.deep.equal(reference.holders);
    expect(third.servedRanges()).to.deep.equal([]);
  });

  it("discards a cache pinned to a block the chain no longer has (a restarted local node)", async function () {
    const f = await loadFixture(distributionFixture);
    const dir = cacheDir();
    const snapshot = await hre.network.provider.request({ method: "evm_snapshot", params: [] });
    await f.token.connect(f.signers[1]).transfer(f.signers[19].address, 5n);
    await scanHolders({ token: f.tokenAddress, rpc: (await proxy()).url, cacheDir: dir, ...fast });
    await hre.network.provider.request({ method: "evm_revert", params: [snapshot] });
    await mineOneByOne(3); // the same height, another block
    const notes: string[] = [];
    const progress = { start() {}, update() {}, stop() {}, note: (l: string) => void notes.push(l) };
    const after = await scanHolders({
      token: f.tokenAddress,
      rpc: (await proxy()).url,
      cacheDir: dir,
      progress,
      ...fast,
    });
    expect(after.holders).to.deep.equal(f.expected);
    expect(notes.some((n) => /no longer has; discarded/.test(n))).to.equal(true);
  });

  it("reads the chain through an EIP-1193 provider too (--network NAME)", async function () {
    const f = await loadFixture(distributionFixture);
    const set = await scanHolders({
      token: f.tokenAddress,
      transport: new Eip1193Transport(hre.network.provider, "hardhat"),
      fromBlock: f.deployBlock,
      cacheDir: null,
      ...fast,
    });
    expect(set.holders).to.deep.equal(f.expected);
  });

  it("reports a rebasing token's drift from its Transfer logs as failed checks, holders kept", async function () {
    const [deployer, a, b, c] = await hre.ethers.getSigners();
    const token = await new RebasingToken__factory(deployer).deploy();
    await token.mint(a.address, 1000n);
    await token.mint(b.address, 500n);
    await token.connect(a).transfer(c.address, 250n);
    await token.rebase(11n * 10n ** 17n); // +10 %, no Transfer event
    const set = await scanHolders({
      token: await token.getAddress(),
      rpc: (await proxy()).url,
      cacheDir: null,
      ...fast,
    });
    expect(set.holders.map((h) => h.amount)).to.deep.equal([750n, 500n, 250n]);
    const failed = set.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).to.deep.equal(["sum of rebuilt balances = totalSupply()", "spot balanceOf checks"]);
    expect(set.checks.find((c) => c.name.startsWith("sum"))?.detail).to.match(
      /totalSupply\(\) at block \d+ is 0\.00000000000000165 REB/,
    );
    // --balances-from-chain: the logs give the holders, balanceOf the amounts; the drift is still reported
    const fromChain = await scanHolders({
      token: await token.getAddress(),
      rpc: (await proxy()).url,
      cacheDir: null,
      balancesFromChain: true,
      ...fast,
    });
    expect(fromChain.holders.map((h) => h.amount)).to.deep.equal([825n, 550n, 275n]);
    expect(fromChain.checks.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal([
      "Transfer-log balances = balanceOf (amounts read from the chain)",
    ]);
    expect(fromChain.checks.find((c) => c.name.startsWith("Transfer-log"))?.detail).to.match(/^3 of 3 holders differ/);
  });

  it("passes a fee-on-transfer token whose fee is a Transfer to address(0), and flags contracts among holders", async function () {
    const [deployer, a, b] = await hre.ethers.getSigners();
    const token = await new FeeOnTransferToken__factory(deployer).deploy(250n);
    const vault = await new TestERC20__factory(deployer).deploy("Vault", "V");
    await token.mint(a.address, 10_000n);
    await token.connect(a).transfer(b.address, 4_000n);
    await token.connect(a).transfer(await vault.getAddress(), 1_000n);
    const set = await scanHolders({
      token: await token.getAddress(),
      rpc: (await proxy()).url,
      cacheDir: null,
      ...fast,
    });
    expect(set.holders.map((h) => [h.address, h.amount])).to.deep.equal([
      [a.address, 5_000n],
      [b.address, 3_900n],
      [await vault.getAddress(), 975n],
    ]);
    expect(set.checks.filter((c) => !c.ok)).to.deep.equal([]);
    expect(set.contracts).to.deep.equal([await vault.getAddress()]);
  });

  describe("--votes", function () {
    it("rebuilds delegated votes of an ERC-6372 timestamp-clock token, spot-checked with getPastVotes", async function () {
      const [deployer, a, b, c, d] = await hre.ethers.getSigners();
      const token = await new CounterweightToken__factory(deployer).deploy("CW", "CW", 1000n, [
        { recipient: a.address, amount: 400n },
        { recipient: b.address, amount: 300n },
        { recipient: c.address, amount: 200n },
        { recipient: d.address, amount: 100n },
      ]);
      await token.connect(a).delegate(a.address);
      await token.connect(b).delegate(a.address);
      await token.connect(c).delegate(c.address);
      await token.connect(a).transfer(c.address, 50n); // a's votes 650, c's 250; d never delegates
      const toBlock = await hre.ethers.provider.getBlockNumber();
      await mine(1);
      const votes = await scanHolders({
        token: await token.getAddress(),
        rpc: (await proxy({ maxLogs: 2 })).url,
        measure: "votes",
        toBlock,
        cacheDir: null,
        ...fast,
      });
      expect(votes.holders).to.deep.equal([
        { address: a.address, amount: 650n },
        { address: c.address, amount: 250n },
      ]);
      expect(votes.source).to.include({ measure: "votes" });
      expect(votes.checks.filter((x) => !x.ok)).to.deep.equal([]);
      expect(votes.checks.find((x) => x.name === "spot voting-power checks")?.detail).to.match(
        /mode=timestamp: getPastVotes\(account, \d+\)/,
      );
      expect(votes.checks.find((x) => x.name.startsWith("sum of delegated"))?.detail).to.match(
        /90\.00% of totalSupply/,
      );
    });

    it("reads a block-number token such as UNI with getPriorVotes", async function () {
      const [deployer, a, b] = await hre.ethers.getSigners();
      const now = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0;
      const uni = await new Uni__factory(deployer).deploy(deployer.address, deployer.address, BigInt(now) + 86_400n);
      await uni.transfer(a.address, 600n);
      await uni.transfer(b.address, 400n);
      await uni.connect(a).delegate(b.address);
      await uni.connect(b).delegate(b.address);
      await mine(1);
      const votes = await scanHolders({
        token: await uni.getAddress(),
        rpc: (await proxy()).url,
        measure: "votes",
        toBlock: (await hre.ethers.provider.getBlockNumber()) - 1,
        cacheDir: null,
        ...fast,
      });
      expect(votes.holders).to.deep.equal([{ address: b.address, amount: 1000n }]);
      expect(votes.checks.filter((x) => !x.ok)).to.deep.equal([]);
      expect(votes.checks.find((x) => x.name === "spot voting-power checks")?.detail).to.match(
        /getPriorVotes\(account, \d+\)/,
      );
    });
  });

  it("looks through a Uniswap V2 pair to its LP holders' shares, on request", async function () {
    const [deployer, lp1, lp2, lp3, holder] = await hre.ethers.getSigners();
    const token = await new TestERC20__factory(deployer).deploy("Audit", "AUD");
    const quote = await new TestERC20__factory(deployer).deploy("Quote", "Q");
    const tokenAddress = await token.getAddress();
    for (const s of [lp1, lp2]) {
      await token.mint(s.address, 10n ** 21n);
      await quote.mint(s.address, 10n ** 21n);
    }
    await token.mint(holder.address, 5n * 10n ** 20n);
    const pool = await deployV2Pool(deployer, tokenAddress, await quote.getAddress());
    await addLiquidity(pool, lp1, token, 6n * 10n ** 20n, quote, 6n * 10n ** 20n);
    await addLiquidity(pool, lp2, token, 3n * 10n ** 20n, quote, 3n * 10n ** 20n);
    const lpOf1 = await pool.pair.balanceOf(lp1.address);
    await pool.pair.connect(lp1).transfer(lp3.address, lpOf1 / 2n);
    const pairAddress = await pool.pair.getAddress();

    const opts = { token: tokenAddress, rpc: (await proxy()).url, cacheDir: null, ...fast };
    const plain = await scanHolders(opts);
    expect(plain.holders[0]).to.deep.equal({ address: pairAddress, amount: 9n * 10n ** 20n });
    expect(plain.contracts).to.deep.equal([pairAddress]);

    const through = await scanHolders({ ...opts, lookThroughV2: true });
    const lpSupply = await pool.pair.totalSupply();
    const share = async (s: HardhatEthersSigner) =>
      (9n * 10n ** 20n * (await pool.pair.balanceOf(s.address))) / lpSupply;
    const amounts = new Map(through.holders.map((h) => [h.address, h.amount]));
    expect(amounts.get(lp1.address)).to.equal(4n * 10n ** 20n + (await share(lp1)));
    expect(amounts.get(lp3.address)).to.equal(await share(lp3));
    expect(amounts.get(lp2.address)).to.equal(7n * 10n ** 20n + (await share(lp2)));
    expect(amounts.get(pairAddress)).to.be.lessThan(10n ** 9n); // the locked minimum liquidity's share and dust
    const sum = (s: HolderSet) => s.holders.reduce((t, h) => t + h.amount, 0n);
    expect(sum(through)).to.equal(sum(plain));
    expect(through.checks.find((c) => c.name.startsWith("Uniswap V2 look-through"))?.ok).to.equal(true);
    expect(amounts.has(ZERO)).to.equal(false);
  });
});
