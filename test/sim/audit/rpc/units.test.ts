import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ScanCache } from "../../../../sim/audit/rpc/cache";
import { RpcClient, type RawLog } from "../../../../sim/audit/rpc/client";
import { findDeploymentBlock } from "../../../../sim/audit/rpc/deployment";
import { classifyRpcFailure, suggestedRangeEnd } from "../../../../sim/audit/rpc/errors";
import { reduceLogs, TRANSFER_TOPIC } from "../../../../sim/audit/rpc/events";
import { Ledger } from "../../../../sim/audit/rpc/ledger";
import { scanRanges } from "../../../../sim/audit/rpc/rangeScan";
import { rates, terminalScanProgress } from "../../../../sim/audit/rpc/progress";
import { backoffDelay, withRetry } from "../../../../sim/audit/rpc/retry";
import { RpcError, type RpcTransport } from "../../../../sim/audit/rpc/transport";

const noWait = async () => undefined;

/** A transport answering from a function, counting calls. */
function fakeTransport(
  answer: (method: string, params: readonly unknown[]) => unknown,
): RpcTransport & { calls: string[] } {
  const calls: string[] = [];
  return {
    label: "fake",
    calls,
    async request(method, params) {
      calls.push(method);
      return answer(method, params);
    },
  };
}

describe("audit RPC scanner: building blocks", function () {
  describe("provider errors", function () {
    it("classifies the too-many-results refusals of common providers as range errors", function () {
      const refusals = [
        "Log response size exceeded. Please reduce query block range.",
        "query returned more than 10000 results",
        "range 1000000 exceeds limit of 10000",
        "eth_getLogs is limited to a 10,000 range",
        "limit exceeded",
        "invalid params: range 9009594 is bigger than range limit 2000",
        "maximum [from, to] blocks distance: 10000",
        "block range too large, max range: 1000",
        "Response is too big",
        "query timeout exceeded",
      ];
      for (const msg of refusals) {
        expect(classifyRpcFailure(new RpcError("eth_getLogs", msg, { code: -32005 }), "eth_getLogs"), msg).to.equal(
          "range",
        );
      }
      expect(
        classifyRpcFailure(new RpcError("eth_getLogs", "Request Entity Too Large", { httpStatus: 413 }), "eth_getLogs"),
      ).to.equal("range");
    });

    it("treats rate limits, 5xx and dropped connections as transient, even where the words overlap", function () {
      const transient = [
        new RpcError("eth_getLogs", "daily request count exceeded, request rate limited", { code: -32005 }),
        new RpcError("eth_call", "Your app has exceeded its compute units per second capacity", { code: 429 }),
        new RpcError("eth_call", "credits limited to 6000/sec", { code: -32012 }),
        new RpcError("eth_call", "HTTP 503 Service Unavailable", { httpStatus: 503 }),
        new RpcError("eth_call", "no answer: fetch failed", { network: true }),
        new RpcError("eth_getCode", "header not found", { code: -32000 }),
      ];
      for (const e of transient) expect(classifyRpcFailure(e, e.method), e.message).to.equal("transient");
    });

    it("leaves reverts and bad parameters fatal, and range wording fatal outside eth_getLogs", function () {
      expect(classifyRpcFailure(new RpcError("eth_call", "execution reverted", { code: 3 }), "eth_call")).to.equal(
        "fatal",
      );
      expect(classifyRpcFailure(new RpcError("eth_call", "limit exceeded", { code: -32005 }), "eth_call")).to.equal(
        "fatal",
      );
      expect(classifyRpcFailure(new Error("boom"), "eth_getLogs")).to.equal("fatal");
    });

    it("takes the sub-range a provider suggests only when it starts at the asked block and ends inside the range", function () {
      const alchemy = (a: string, b: string) =>
        new RpcError("eth_getLogs", `Log response size exceeded. this block range should work: [${a}, ${b}]`);
      expect(suggestedRangeEnd(alchemy("0x64", "0x6e"), 100, 200)).to.equal(110);
      expect(suggestedRangeEnd(alchemy("0x64", "0xc8"), 100, 200)).to.equal(undefined); // the refused range echoed back
      expect(suggestedRangeEnd(alchemy("0x65", "0x6e"), 100, 200)).to.equal(undefined);
    });
  });

  describe("retries", function () {
    it("doubles the wait from the base up to the cap, with jitter, and honours a longer Retry-After", function () {
      const p = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
      expect([1, 2, 3, 4, 5].map((a) => backoffDelay(p, a, () => 0.999999))).to.deep.equal([100, 200, 400, 800, 1000]);
      expect(backoffDelay(p, 1, () => 0)).to.equal(50);
      expect(backoffDelay(p, 1, () => 0, 700)).to.equal(700);
      expect(backoffDelay(p, 1, () => 0, 5000)).to.equal(1000);
    });

    it("retries transient failures, then gives up naming the attempts; never retries a fatal one", async function () {
      let n = 0;
      const flaky = async () => {
        if (++n < 3) throw new RpcError("eth_call", "busy", { httpStatus: 503 });
        return "ok";
      };
      expect(
        await withRetry("eth_call", flaky, { retries: 3, baseDelayMs: 1, maxDelayMs: 1 }, { sleep: noWait }),
      ).to.equal("ok");
      let m = 0;
      const down = async () => {
        m++;
        throw new RpcError("eth_call", "busy", { httpStatus: 503 });
      };
      await expect(
        withRetry("eth_call", down, { retries: 2, baseDelayMs: 1, maxDelayMs: 1 }, { sleep: noWait }),
      ).to.be.rejectedWith(/failed 3 times/);
      expect(m).to.equal(3);
      let k = 0;
      const reverts = async () => {
        k++;
        throw new RpcError("eth_call", "execution reverted", { code: 3 });
      };
      await expect(
        withRetry("eth_call", reverts, { retries: 5, baseDelayMs: 1, maxDelayMs: 1 }, { sleep: noWait }),
      ).to.be.rejectedWith(/reverted/);
      expect(k).to.equal(1);
    });
  });

  describe("range sizing", function () {
    /** A chain with one log in every block, refusing any answer over `max` logs. */
    function logsChain(max: number) {
      const asked: [number, number][] = [];
      const transport = fakeTransport((method, params) => {
        const f = params[0] as { fromBlock: string; toBlock: string };
        const from = Number.parseInt(f.fromBlock, 16);
        const to = Number.parseInt(f.toBlock, 16);
        asked.push([from, to]);
        if (to - from + 1 > max) throw new RpcError(method, "query returned more than 10000 results", { code: -32005 });
        return [];
      });
      return { client: new RpcClient(transport, { retries: 0, baseDelayMs: 1, maxDelayMs: 1 }), asked };
    }

    it("halves a refused range, grows back after successes, and covers every block exactly once", async function () {
      const { client, asked } = logsChain(10);
      const done: [number, number][] = [];
      const stats = await scanRanges({
        client,
        address: "0x0000000000000000000000000000000000000001",
        topic0: TRANSFER_TOPIC,
        fromBlock: 0,
        toBlock: 299,
        policy: { initialSpan: 64, maxSpan: 64, growAfter: 2 },
        onRange: (from, to) => void done.push([from, to]),
      });
      expect(stats.splits).to.be.greaterThan(0);
      expect(asked[0]).to.deep.equal([0, 63]);
      expect(asked[1]).to.deep.equal([0, 31]);
      expect(done.every(([a, b]) => b - a + 1 <= 10)).to.equal(true);
      let next = 0;
      for (const [a, b] of done) {
        expect(a).to.equal(next);
        next = b + 1;
      }
      expect(next).to.equal(300);
      // after two accepted ranges of 8 the span doubles back to 16 (refused again here, so it keeps probing)
      expect(asked.some(([a, b]) => a > 0 && b - a + 1 === 16)).to.equal(true);
    });

    it("keeps to a block-range cap the provider states (Infura: range N exceeds limit of M) instead of probing it again", async function () {
      const asked: number[] = [];
      const transport = fakeTransport((method, params) => {
        const f = params[0] as { fromBlock: string; toBlock: string };
        const span = Number.parseInt(f.toBlock, 16) - Number.parseInt(f.fromBlock, 16) + 1;
        asked.push(span);
        if (span > 100) throw new RpcError(method, `range ${span} exceeds limit of 100`, { code: -32602 });
        return [];
      });
      const stats = await scanRanges({
        client: new RpcClient(transport, { retries: 0, baseDelayMs: 1, maxDelayMs: 1 }),
        address: "0x0000000000000000000000000000000000000001",
        topic0: TRANSFER_TOPIC,
        fromBlock: 0,
        toBlock: 999,
        policy: { initialSpan: 2000, maxSpan: 50_000, growAfter: 1 },
        onRange: () => undefined,
      });
      expect(stats.splits).to.equal(1);
      expect(asked).to.deep.equal([1000, ...Array<number>(10).fill(100)]);
    });

    it("names the block when even a single block is refused", async function () {
      const { client } = logsChain(0);
      await expect(
        scanRanges({
          client,
          address: "0x0000000000000000000000000000000000000001",
          topic0: TRANSFER_TOPIC,
          fromBlock: 5,
          toBlock: 9,
          policy: { initialSpan: 4, maxSpan: 4, growAfter: 2 },
          onRange: () => undefined,
        }),
      ).to.be.rejectedWith(/refuses even the single block 5/);
    });
  });

  describe("deployment block", function () {
    it("finds the first block with code by binary search in about log2(latest) calls", async function () {
      const deployedAt = 12_345;
      const transport = fakeTransport((_m, params) =>
        Number.parseInt(params[1] as string, 16) >= deployedAt ? "0x6080" : "0x",
      );
      const block = await findDeploymentBlock(
        new RpcClient(transport),
        "0x0000000000000000000000000000000000000001",
        1_000_000,
      );
      expect(block).to.equal(deployedAt);
      expect(transport.calls.length).to.be.at.most(22);
    });

    it("says to pass --from-block when the node has no historical state, and refuses an address without code", async function () {
      const pruned = fakeTransport((m, params) => {
        if (params[1] !== "0x64") throw new RpcError(m, "missing trie node", { code: -32000 });
        return "0x6080";
      });
      await expect(
        findDeploymentBlock(new RpcClient(pruned), "0x0000000000000000000000000000000000000001", 100),
      ).to.be.rejectedWith(/pass --from-block/);
      const empty = fakeTransport(() => "0x");
      await expect(
        findDeploymentBlock(new RpcClient(empty), "0x0000000000000000000000000000000000000001", 100),
      ).to.be.rejectedWith(/no contract at/);
    });
  });

  describe("ledger and cache", function () {
    const A = "0x00000000000000000000000000000000000000aa";
    const B = "0x00000000000000000000000000000000000000bb";
    const transfer = (block: number, from: string, to: string, value: bigint): RawLog => ({
      address: "0x0000000000000000000000000000000000000001",
      topics: [TRANSFER_TOPIC, `0x${"0".repeat(24)}${from.slice(2)}`, `0x${"0".repeat(24)}${to.slice(2)}`],
      data: `0x${value.toString(16).padStart(64, "0")}`,
      blockNumber: block,
      logIndex: 0,
      transactionHash: `0x${"1".repeat(64)}`,
    });
    const ZERO = "0x0000000000000000000000000000000000000000";

    it("refuses a range applied twice or out of order", function () {
      const ledger = new Ledger("balance", 10);
      ledger.apply(reduceLogs("balance", 10, 19, [transfer(12, ZERO, A, 5n)]));
      expect(() => ledger.apply(reduceLogs("balance", 10, 19, []))).to.throw(/out of order/);
      expect(() => ledger.apply(reduceLogs("balance", 25, 30, []))).to.throw(/out of order/);
    });

    it("rejects an ERC-721 Transfer", function () {
      const log = transfer(1, ZERO, A, 0n);
      log.topics.push(`0x${"0".repeat(63)}1`);
      log.data = "0x";
      expect(() => reduceLogs("balance", 1, 1, [log])).to.throw(/ERC-721/);
    });

    it("drops a line cut off mid-write and anything not chaining from the start, and resumes after the last kept range", function () {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "audit-cache-"));
      try {
        const cache = new ScanCache(root, 31337, "0x00000000000000000000000000000000000000Cc", "balance");
        cache.writeMeta({
          version: 1,
          chainId: 31337,
          token: "0x00000000000000000000000000000000000000Cc",
          measure: "balance",
          fromBlock: 10,
          toBlock: 99,
          toBlockHash: "0xab",
          complete: false,
        });
        cache.append(10, reduceLogs("balance", 10, 19, [transfer(12, ZERO, A, 5n)]));
        cache.append(10, reduceLogs("balance", 20, 29, [transfer(22, A, B, 2n)]));
        const file = path.join(cache.scanDir(10), "ranges.jsonl");
        fs.appendFileSync(
          file,
          '{"from":30,"to":39,"logs":1,"entries":[["0x00000000000000000000000000000000000000aa","-',
        ); // killed mid-write
        const loaded = cache.loadRanges(10, 99);
        expect(loaded.ranges.map((r) => [r.from, r.to])).to.deep.equal([
          [10, 19],
          [20, 29],
        ]);
        expect(loaded.dropped).to.equal(1);
        cache.append(10, reduceLogs("balance", 30, 39, []));
        const again = cache.loadRanges(10, 99);
        expect(again.dropped).to.equal(0);
        expect(again.ranges.map((r) => r.from)).to.deep.equal([10, 20, 30]);
        const ledger = new Ledger("balance", 10);
        for (const r of again.ranges) ledger.apply(r);
        expect(new Map(ledger.entries())).to.deep.equal(
          new Map([
            [A, 3n],
            [B, 2n],
          ]),
        );
        // a lower end block keeps only the ranges that end at or before it
        expect(cache.loadRanges(10, 25).ranges.map((r) => r.to)).to.deep.equal([19]);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe("progress", function () {
    it("reports blocks and logs per second of this run, cached blocks excluded, as lines when not on a terminal", function () {
      expect(rates(1_500, 500, 2_000, 2_000)).to.deep.equal({ bps: 500, lps: 1_000 });
      const lines: string[] = [];
      const p = terminalScanProgress({ tty: false, intervalMs: 0, write: (l) => void lines.push(l) });
      p.start("AUD Transfer", 1_000, 200);
      p.update(600, 50, 100);
      p.note("blocks 600–700 refused; retrying 50 blocks");
      p.stop();
      expect(lines[0]).to.match(/^AUD Transfer: 600\/1,000 blocks \(60%\), 50 logs, [\d,]+ blocks\/s, [\d,]+ logs\/s$/);
      expect(lines[1]).to.equal("blocks 600–700 refused; retrying 50 blocks");
      expect(lines).to.have.length(3);
    });
  });
});
