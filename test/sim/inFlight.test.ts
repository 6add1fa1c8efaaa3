import { expect } from "chai";
import type { RequestArguments } from "hardhat/types";
import { CHAIN_REQUESTS_IN_FLIGHT, inFlightLimit } from "../../sim/chain/inFlight";

/** A provider whose requests finish when the test says so; it records what reached it and when. */
function heldProvider() {
  const reached: string[] = [];
  const finish = new Map<string, (value: unknown) => void>();
  let running = 0;
  let most = 0;
  const next = (args: RequestArguments) => {
    reached.push(args.method);
    running += 1;
    most = Math.max(most, running);
    return new Promise<unknown>((resolve) =>
      finish.set(args.method, (value) => {
        running -= 1;
        resolve(value);
      }),
    );
  };
  const release = async (method: string, value: unknown = method) => {
    const f = finish.get(method);
    if (f === undefined) throw new Error(`${method} has not reached the provider`);
    f(value);
    // Let the limiter hand the slot on.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { reached, next, release, most: () => most };
}

describe("in-flight limit (sim/chain/inFlight): requests given to the in-process chain at once", function () {
  it("passes at most `limit` requests on and the rest in issue order as slots free", async function () {
    const p = heldProvider();
    const limit = inFlightLimit(2);
    const results = ["a", "b", "c", "d"].map((method) => limit({ method }, p.next));
    await Promise.resolve();
    expect(p.reached).to.deep.equal(["a", "b"]);
    await p.release("b");
    expect(p.reached).to.deep.equal(["a", "b", "c"]);
    await p.release("a");
    expect(p.reached).to.deep.equal(["a", "b", "c", "d"]);
    await p.release("c");
    await p.release("d");
    expect(await Promise.all(results)).to.deep.equal(["a", "b", "c", "d"]);
    expect(p.most()).to.equal(2);
  });

  it("frees the slot of a request that fails and passes the error on", async function () {
    const limit = inFlightLimit(1);
    const failing = limit({ method: "eth_call" }, () => Promise.reject(new Error("execution reverted")));
    const after = limit({ method: "eth_blockNumber" }, () => Promise.resolve("0x1"));
    await expect(failing).to.be.rejectedWith("execution reverted");
    expect(await after).to.equal("0x1");
    // Nothing is left waiting: a new request goes straight through.
    const p = heldProvider();
    const next = limit({ method: "eth_chainId" }, p.next);
    await Promise.resolve();
    expect(p.reached).to.deep.equal(["eth_chainId"]);
    await p.release("eth_chainId", "0x7a69");
    expect(await next).to.equal("0x7a69");
  });

  it("defaults to CHAIN_REQUESTS_IN_FLIGHT and refuses a limit below 1 or not an integer", async function () {
    const p = heldProvider();
    const limit = inFlightLimit();
    const methods = Array.from({ length: CHAIN_REQUESTS_IN_FLIGHT + 3 }, (_, i) => `m${i}`);
    const results = methods.map((method) => limit({ method }, p.next));
    await Promise.resolve();
    expect(p.reached).to.deep.equal(methods.slice(0, CHAIN_REQUESTS_IN_FLIGHT));
    for (const m of methods) await p.release(m);
    await Promise.all(results);
    expect(p.most()).to.equal(CHAIN_REQUESTS_IN_FLIGHT);
    expect(() => inFlightLimit(0)).to.throw(RangeError, "limit 0");
    expect(() => inFlightLimit(1.5)).to.throw(RangeError, "limit 1.5");
  });
});
