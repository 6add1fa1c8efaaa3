import { expect } from "chai";
import { fullGc, responseCollector } from "../../sim/chain/nativeGc";

/** An object only a WeakRef reaches, once the current job has ended (WeakRef keeps it until then). */
async function unreachable(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ payload: new Array(1000).fill(0) });
  await new Promise((resolve) => setImmediate(resolve));
  return ref;
}

describe("garbage collection of EDR's answers (sim/chain/nativeGc)", function () {
  it("passes every request on and returns its answer unchanged", async function () {
    const collect = responseCollector();
    const seen: string[] = [];
    const answers = await Promise.all(
      ["a", "b", "c"].map((method) =>
        collect({ method }, async (args) => {
          seen.push(args.method);
          return `${args.method}!`;
        }),
      ),
    );
    expect(seen).to.deep.equal(["a", "b", "c"]);
    expect(answers).to.deep.equal(["a!", "b!", "c!"]);
  });

  it("has a full collection at hand without --expose-gc", async function () {
    const ref = await unreachable();
    fullGc()();
    expect(ref.deref()).to.equal(undefined);
  });

  /** A resident memory the test sets: each request adds `perRequest` bytes, a collection frees what it names. */
  function fakeMemory(perRequest: number, freedByGc: number) {
    const state = { bytes: 1_000_000, collections: 0, readings: 0 };
    const rss = () => {
      state.readings++;
      return state.bytes;
    };
    const gc = () => {
      state.collections++;
      state.bytes -= freedByGc;
    };
    const request = async () => {
      state.bytes += perRequest;
    };
    return { state, rss, gc, request };
  }

  it("collects once the resident memory has grown by the given amount, checking every 32 requests", async function () {
    // 10 bytes per request and a growth of 300: over the limit from the 31st request, seen at the 32nd.
    const memory = fakeMemory(10, 0);
    const collect = responseCollector(300, memory.gc, memory.rss);
    const send = () => collect({ method: "m" }, memory.request);
    for (let i = 0; i < 31; i++) await send();
    expect(memory.state.collections).to.equal(0);
    expect(memory.state.readings).to.equal(1); // the baseline only: no reading between checks
    await send();
    expect(memory.state.collections).to.equal(1);
    // The limit is re-based after the collection (nothing freed here): 32 more requests add 320 > 300.
    for (let i = 0; i < 32; i++) await send();
    expect(memory.state.collections).to.equal(2);
  });

  it("measures the next growth from the memory left after a collection", async function () {
    // 320 bytes per 32 requests, a growth of 250, and each collection frees 100. Counted from what is
    // left (+220), the next check (+540) is over the new limit (+470), so every check collects; counted
    // from the memory before the collection (+320, limit +570), only every other one would.
    const memory = fakeMemory(10, 100);
    const collect = responseCollector(250, memory.gc, memory.rss);
    for (let i = 0; i < 32 * 4; i++) await collect({ method: "m" }, memory.request);
    expect(memory.state.collections).to.equal(4);
  });

  it("does not collect while the memory stays under the growth", async function () {
    // 96 requests of 10 bytes reach exactly the growth of 960 at the third check, which is not over it.
    const memory = fakeMemory(10, 0);
    const collect = responseCollector(96 * 10, memory.gc, memory.rss);
    for (let i = 0; i < 96; i++) await collect({ method: "m" }, memory.request);
    expect(memory.state.collections).to.equal(0);
  });

  it("refuses a growth that is not positive", function () {
    expect(() => responseCollector(0)).to.throw(RangeError, "growth 0");
  });
});
