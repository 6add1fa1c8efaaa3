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

  it("collects once the resident memory has grown by the given amount, checking every 32 requests", async function () {
    let collections = 0;
    const collect = responseCollector(1, () => collections++);
    const held: Buffer[] = [];
    // Each request allocates and touches 1 MB, so the memory grows well past 1 byte by the 32nd check.
    const send = () => collect({ method: "m" }, async () => held.push(Buffer.alloc(2 ** 20, 1)));
    for (let i = 0; i < 31; i++) await send();
    expect(collections).to.equal(0);
    await send();
    expect(collections).to.equal(1);
    for (let i = 0; i < 32; i++) await send();
    expect(collections).to.equal(2);
    expect(held).to.have.length(64);
  });

  it("does not collect while the memory stays under the growth", async function () {
    let collections = 0;
    const collect = responseCollector(2 ** 40, () => collections++);
    for (let i = 0; i < 96; i++) await collect({ method: "m" }, async () => Buffer.alloc(2 ** 20, 1));
    expect(collections).to.equal(0);
  });

  it("refuses a growth that is not positive", function () {
    expect(() => responseCollector(0)).to.throw(RangeError, "growth 0");
  });
});
