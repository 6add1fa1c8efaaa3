import { expect } from "chai";
import hre from "hardhat";
import type { RequestArguments } from "hardhat/types";
import { ANVIL_MINE_CHUNK, DeterministicClock, mineRequests, nodeFamily } from "../../sim/chain/clock";
import { useMiddleware } from "../../sim/chain/middleware";

/**
 * A stand-in for anvil 1.7.1's time keeping (crates/anvil/src/eth/backend/time.rs): a block's
 * timestamp is the exact next timestamp if one was set, else previous + interval if an interval is
 * set, else the wall clock plus an offset (evm_increaseTime adds to it); never below the previous one (equal is allowed), and a
 * next timestamp below the previous block's is refused. The wall clock moves 1 s every 7 blocks.
 */
class FakeAnvil {
  readonly blocks: number[] = [1_800_000_000];
  readonly methods: string[] = [];
  private wall = 1_800_000_000;
  private offset = 0;
  private exact: number | undefined;
  private interval: number | undefined;

  readonly request = async (args: RequestArguments): Promise<unknown> => {
    const p = (args.params ?? []) as unknown[];
    this.methods.push(args.method);
    switch (args.method) {
      case "web3_clientVersion":
        return "anvil/v1.7.1";
      case "eth_getBlockByNumber":
        return { timestamp: `0x${this.last.toString(16)}` };
      case "evm_setNextBlockTimestamp":
        if (Number(p[0]) < this.last)
          throw new Error(`Timestamp error: ${Number(p[0])} is lower than previous block's timestamp`);
        this.exact = Number(p[0]);
        return null;
      case "anvil_setBlockTimestampInterval":
        this.interval = Number(p[0]);
        return null;
      case "anvil_removeBlockTimestampInterval":
        this.interval = undefined;
        return true;
      case "evm_increaseTime":
        this.offset += Number(p[0]);
        return String(this.offset);
      case "evm_mine":
        if (p[0] !== undefined) this.exact = Number(p[0]);
        this.mine();
        return "0x0";
      case "hardhat_mine":
        for (let i = 0; i < Number(BigInt(String(p[0] ?? "0x1"))); i++) this.mine();
        return null;
      default:
        throw new Error(`FakeAnvil: ${args.method} not modelled`);
    }
  };

  get last(): number {
    return this.blocks[this.blocks.length - 1];
  }

  private mine(): void {
    if (this.blocks.length % 7 === 0) this.wall++;
    let t: number;
    if (this.exact !== undefined) {
      t = this.exact;
      this.offset = t - this.wall;
      this.exact = undefined;
    } else if (this.interval !== undefined) t = this.last + this.interval;
    else t = this.wall + this.offset;
    this.blocks.push(t < this.last ? this.last + 1 : t);
  }
}

describe("the simulator's deterministic clock on Hardhat and on anvil", () => {
  describe("node family and mining plan", () => {
    it("tells anvil from Hardhat by web3_clientVersion", () => {
      expect(nodeFamily("anvil/v1.7.1")).to.equal("anvil");
      expect(nodeFamily("HardhatNetwork/2.29.1/@nomicfoundation/edr/0.12.0")).to.equal("hardhat");
    });

    it("refuses a block count that is not a positive integer, and a negative interval", () => {
      expect(() => mineRequests("anvil", 0, 1, 10)).to.throw(RangeError, /blocks/);
      expect(() => mineRequests("hardhat", 1.5, 1, 10)).to.throw(RangeError, /blocks/);
      expect(() => mineRequests("anvil", 3, -1, 10)).to.throw(RangeError, /interval/);
    });

    it("mines on Hardhat in one request after setting the first timestamp", () => {
      expect(mineRequests("hardhat", 40_004, 1, 123)).to.deep.equal([
        { method: "evm_setNextBlockTimestamp", params: [123] },
        { method: "hardhat_mine", params: ["0x9c44", "0x1"] },
      ]);
    });

    it("mines on anvil in chunks under a pinned timestamp interval, removed at the end", () => {
      const reqs = mineRequests("anvil", 2 * ANVIL_MINE_CHUNK + 5, 1, 123);
      expect(reqs.map((r) => r.method)).to.deep.equal([
        "anvil_setBlockTimestampInterval",
        "evm_setNextBlockTimestamp",
        "hardhat_mine",
        "hardhat_mine",
        "hardhat_mine",
        "anvil_removeBlockTimestampInterval",
      ]);
      const counts = reqs.filter((r) => r.method === "hardhat_mine").map((r) => Number((r.params as string[])[0]));
      expect(counts).to.deep.equal([ANVIL_MINE_CHUNK, ANVIL_MINE_CHUNK, 5]);
    });
  });

  describe("on anvil's time semantics", () => {
    async function through(node: FakeAnvil, calls: RequestArguments[]): Promise<void> {
      const clock = new DeterministicClock(0);
      for (const c of calls) await clock.middleware(c, node.request);
    }

    it("gives hardhat_mine's blocks consecutive timestamps whatever the wall clock does", async () => {
      const node = new FakeAnvil();
      await through(node, [
        { method: "evm_mine", params: [] },
        { method: "hardhat_mine", params: ["0x9c4"] }, // 2,500 blocks, three chunks
        { method: "evm_mine", params: [] },
      ]);
      const start = node.blocks[0];
      expect(node.blocks.length).to.equal(1 + 1 + 2_500 + 1);
      expect(node.blocks).to.deep.equal(node.blocks.map((_, i) => start + i));
      expect(node.methods.filter((m) => m === "anvil_removeBlockTimestampInterval")).to.have.length(1);
    });

    it("adds evm_increaseTime once, to the next block only", async () => {
      const node = new FakeAnvil();
      await through(node, [
        { method: "evm_increaseTime", params: [86_400] },
        { method: "evm_mine", params: [] },
        { method: "evm_mine", params: [] },
      ]);
      const [t0, t1, t2] = node.blocks;
      expect([t1 - t0, t2 - t1]).to.deep.equal([86_401, 1]);
    });

    it("re-reads the chain after an evm_mine with its own timestamp instead of going below it", async () => {
      const node = new FakeAnvil();
      await through(node, [
        { method: "evm_mine", params: [] },
        { method: "evm_mine", params: [node.blocks[0] + 1_000] },
        { method: "evm_mine", params: [] },
      ]);
      expect(node.blocks.slice(1)).to.deep.equal([node.blocks[0] + 1, node.blocks[0] + 1_000, node.blocks[0] + 1_001]);
    });
  });

  describe("on the in-process Hardhat network", () => {
    it("gives hardhat_mine's blocks consecutive timestamps and knows the last one", async () => {
      const clock = new DeterministicClock(0);
      const restore = useMiddleware(hre.network.provider, [clock.middleware]);
      try {
        const before = await hre.ethers.provider.getBlock("latest");
        await hre.network.provider.request({ method: "hardhat_mine", params: ["0x5"] });
        await hre.network.provider.request({ method: "evm_mine", params: [] });
        const n = before?.number ?? 0;
        const times = [];
        for (let b = n; b <= n + 6; b++) times.push((await hre.ethers.provider.getBlock(b))?.timestamp);
        const t0 = before?.timestamp ?? 0;
        expect(times).to.deep.equal([0, 1, 2, 3, 4, 5, 6].map((i) => t0 + i));
      } finally {
        restore();
      }
    });
  });
});
