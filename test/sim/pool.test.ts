import { expect } from "chai";
import { READS_IN_FLIGHT, mapLimit } from "../../sim/pool";

describe("bounded concurrency (sim/pool): the chain engine's per-agent reads", function () {
  it("keeps the input order whatever order the calls finish in", async function () {
    const items = [5, 1, 4, 2, 3, 0];
    const out = await mapLimit(items, 3, async (x, i) => {
      await new Promise((r) => setTimeout(r, x));
      return `${i}:${x}`;
    });
    expect(out).to.deep.equal(["0:5", "1:1", "2:4", "3:2", "4:3", "5:0"]);
  });

  it("never has more than `limit` calls in flight, and reaches the limit", async function () {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, i) => i);
    await mapLimit(items, 7, async (x) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      return x;
    });
    expect(most).to.equal(7);
  });

  it("runs one at a time below a limit of 1, and returns [] for no items", async function () {
    let inFlight = 0;
    let most = 0;
    await mapLimit([1, 2, 3], 0, async (x) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      return x;
    });
    expect(most).to.equal(1);
    expect(await mapLimit([], READS_IN_FLIGHT, async () => 1)).to.deep.equal([]);
  });

  it("rejects with the first failure", async function () {
    await expect(
      mapLimit([1, 2, 3], 2, async (x) => {
        if (x === 2) throw new Error("read 2 failed");
        return x;
      }),
    ).to.be.rejectedWith("read 2 failed");
  });
});
