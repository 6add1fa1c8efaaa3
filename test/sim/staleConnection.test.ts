import { expect } from "chai";
import type { RequestArguments } from "hardhat/types";
import { staleConnectionGuard } from "../../sim/chain/staleConnection";

/** A node whose connection may be closed: `closed` makes the next request fail as undici reports it. */
function fakeNode() {
  const sent: string[] = [];
  let closed = false;
  const next = async (args: RequestArguments): Promise<unknown> => {
    sent.push(args.method);
    if (closed) {
      closed = false; // the client opens a new connection for the next request
      throw Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    }
    if (args.method === "eth_fail") throw Object.assign(new Error("execution reverted"), { code: -32000 });
    return args.method === "eth_chainId" ? "0x7a69" : "ok";
  };
  return { sent, next, close: () => (closed = true) };
}

describe("Requests to a node after an idle gap (kept-alive connection closed by the node)", function () {
  let clock = 0;
  const now = () => clock;

  beforeEach(function () {
    clock = 0;
  });

  it("sends a request straight on when the connection was used within the gap", async function () {
    const node = fakeNode();
    const guard = staleConnectionGuard(1_000, now);
    clock = 999;
    expect(await guard({ method: "eth_blockNumber" }, node.next)).to.equal("ok");
    expect(node.sent).to.deep.equal(["eth_blockNumber"]);
  });

  it("checks the connection with eth_chainId first after an idle gap, and sends the request once", async function () {
    const node = fakeNode();
    const guard = staleConnectionGuard(1_000, now);
    clock = 6_000;
    expect(await guard({ method: "eth_sendTransaction" }, node.next)).to.equal("ok");
    expect(node.sent).to.deep.equal(["eth_chainId", "eth_sendTransaction"]);
  });

  it("other side closed: repeats only the read-only check, and the transaction goes out once on a new connection", async function () {
    const node = fakeNode();
    const guard = staleConnectionGuard(1_000, now);
    clock = 6_000;
    node.close();
    expect(await guard({ method: "eth_sendTransaction" }, node.next)).to.equal("ok");
    expect(node.sent).to.deep.equal(["eth_chainId", "eth_chainId", "eth_sendTransaction"]);
  });

  it("passes any other failure on unchanged, and measures the gap from the last answer, failed or not", async function () {
    const node = fakeNode();
    const guard = staleConnectionGuard(1_000, now);
    clock = 900;
    await expect(guard({ method: "eth_fail" }, node.next)).to.be.rejectedWith("execution reverted");
    clock = 1_500;
    await guard({ method: "eth_blockNumber" }, node.next);
    expect(node.sent).to.deep.equal(["eth_fail", "eth_blockNumber"]);
  });

  it("a node down, not an idle connection: the second failure of the check is passed on, the request is not sent", async function () {
    const sent: string[] = [];
    const down = async (args: RequestArguments): Promise<unknown> => {
      sent.push(args.method);
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
    };
    const guard = staleConnectionGuard(1_000, now);
    clock = 2_000;
    await expect(guard({ method: "eth_sendTransaction" }, down)).to.be.rejectedWith("fetch failed");
    expect(sent).to.deep.equal(["eth_chainId", "eth_chainId"]);
  });
});
