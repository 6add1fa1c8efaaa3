import { expect } from "chai";
import { ProviderTimer, requestKind, splitDelta, splitReport } from "../../sim/chain/providerTime";

/** A clock the test moves by hand (milliseconds). */
function fakeClock(): { now: () => number; tick: (ms: number) => void } {
  let t = 0;
  return { now: () => t, tick: (ms) => (t += ms) };
}

describe("ProviderTimer (JS/RPC vs EVM split)", function () {
  it("classifies mining, EVM reads and other requests", function () {
    expect(
      ["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"].map(requestKind),
    ).to.deep.equal(["execution", "execution", "execution", "execution"]);
    expect(requestKind("eth_call")).to.equal("calls");
    expect(requestKind("eth_estimateGas")).to.equal("calls");
    expect(requestKind("eth_getTransactionReceipt")).to.equal("queries");
  });

  it("gives time outside the provider to js and time inside to the request's kind", function () {
    const c = fakeClock();
    const timer = new ProviderTimer(c.now);
    c.tick(5); // js
    const leave = timer.enter("execution");
    c.tick(20);
    leave();
    c.tick(3); // js
    const q = timer.enter("queries");
    c.tick(2);
    q();
    expect(timer.snapshot()).to.deep.equal({ execution: 0.02, calls: 0, queries: 0.002, js: 0.008 });
  });

  it("counts overlapping requests once, to the highest-ranked kind in flight, so the parts add up to the wall time", function () {
    const c = fakeClock();
    const timer = new ProviderTimer(c.now);
    const q = timer.enter("queries"); // 0..10 alone
    c.tick(10);
    const call = timer.enter("calls"); // 10..15 with the query
    c.tick(5);
    const send = timer.enter("execution"); // 15..40 with both
    c.tick(25);
    q();
    call();
    c.tick(10); // 40..50 the send alone
    send();
    c.tick(7); // js
    const s = timer.snapshot();
    expect(s).to.deep.equal({ execution: 0.035, calls: 0.005, queries: 0.01, js: 0.007 });
    expect(s.execution + s.calls + s.queries + s.js).to.be.closeTo(0.057, 1e-12);
  });

  it("leaving twice does not unbalance the count; a failing request is still timed", async function () {
    const c = fakeClock();
    const timer = new ProviderTimer(c.now);
    const leave = timer.enter("calls");
    c.tick(4);
    leave();
    leave();
    c.tick(6);
    await timer
      .middleware({ method: "eth_sendTransaction" }, () => {
        c.tick(9);
        return Promise.reject(new Error("reverted"));
      })
      .catch(() => undefined);
    expect(timer.snapshot()).to.deep.equal({ execution: 0.009, calls: 0.004, queries: 0, js: 0.006 });
  });

  it("reports a scenario's share of the running totals and each part's fraction", function () {
    const d = splitDelta({ execution: 5, calls: 1, queries: 2, js: 4 }, { execution: 1, calls: 0, queries: 1, js: 2 });
    expect(d).to.deep.equal({ execution: 4, calls: 1, queries: 1, js: 2 });
    expect(splitReport(d)).to.deep.equal({
      execution: 4,
      calls: 1,
      queries: 1,
      js: 2,
      share: { execution: 0.5, calls: 0.125, queries: 0.125, js: 0.25 },
    });
    expect(splitReport({ execution: 0, calls: 0, queries: 0, js: 0 }).share.js).to.equal(0);
  });
});
