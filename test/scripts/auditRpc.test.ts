import { expect } from "chai";
import hre from "hardhat";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { parseBlockFlag, rpcScanOptions, scanForTask } from "../../scripts/lib/auditRpc";
import { InputError } from "../../scripts/lib/inputErrors";
import { HttpTransport, Eip1193Transport } from "../../sim/audit/rpc/transport";
import { TestERC20__factory } from "../../typechain-types";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/** The runtime environment as if `--network NAME` had selected an HTTP network. */
function onNetwork(name: string, url: string): HardhatRuntimeEnvironment {
  return {
    ...hre,
    network: { ...hre.network, name, config: { ...hre.network.config, url } },
  } as unknown as HardhatRuntimeEnvironment;
}

describe("audit task: RPC input flags", function () {
  it("refuses a bad token, block, range or flag combination before reading the chain, naming the flag", function () {
    const bad: [Parameters<typeof rpcScanOptions>[0], RegExp][] = [
      [{ token: "0x1234" }, /--token.*not an address/],
      [{ token: TOKEN, fromBlock: "12a" }, /--from-block.*not a block number/],
      [{ token: TOKEN, toBlock: "-1" }, /--to-block.*not a block number/],
      [{ token: TOKEN, fromBlock: "10", toBlock: "9" }, /--from-block.*after --to-block 9/],
      [{ token: TOKEN, cache: "x", noCache: true }, /--cache.*not both/],
      [{ token: TOKEN, votes: true, lookThroughV2: true }, /--look-through-v2.*balances only/],
      [{ token: TOKEN, votes: true, balancesFromChain: true }, /--balances-from-chain.*not to --votes/],
      [{ token: TOKEN, rpc: "ftp://node" }, /--rpc.*only http/],
    ];
    for (const [args, message] of bad) {
      expect(() => rpcScanOptions(args, hre), JSON.stringify(args)).to.throw(InputError, message);
    }
    expect(() =>
      rpcScanOptions({ token: TOKEN, rpc: "http://127.0.0.1:1" }, onNetwork("remote", "https://x.example")),
    ).to.throw(/not both/);
  });

  it("reads --rpc over HTTP, an HTTP --network through its URL without accounts, and the in-process chain through its provider", function () {
    expect(parseBlockFlag("to-block", "0x10")).to.equal(16);
    expect(parseBlockFlag("to-block", "16")).to.equal(16);
    const viaRpc = rpcScanOptions({ token: TOKEN, rpc: "https://eth.example/v2/SECRET", votes: true }, hre);
    expect(viaRpc.transport).to.be.instanceOf(HttpTransport);
    expect(viaRpc.transport?.label).to.equal("https://eth.example"); // the key in the path is never printed
    expect(viaRpc.measure).to.equal("votes");
    expect(viaRpc.cacheDir).to.match(/cache[/\\]audit$/);
    const viaNetwork = rpcScanOptions({ token: TOKEN, noCache: true }, onNetwork("remote", "https://node.example/KEY"));
    expect(viaNetwork.transport).to.be.instanceOf(HttpTransport);
    expect(viaNetwork.cacheDir).to.equal(null);
    expect(rpcScanOptions({ token: TOKEN }, hre).transport).to.be.instanceOf(Eip1193Transport);
  });

  it("scans the in-process chain end to end and says what it did", async function () {
    const [deployer, a] = await hre.ethers.getSigners();
    const token = await new TestERC20__factory(deployer).deploy("T", "T");
    await token.mint(a.address, 7n);
    // From the token's deployment block: earlier suites leave tens of thousands of hardhat_mine
    // blocks, where eth_getCode cannot locate the deployment, and more blocks mean more ranges.
    const deployedAt = (await token.deploymentTransaction()?.wait())?.blockNumber ?? 0;
    const lines: string[] = [];
    const { holderSet } = await scanForTask(
      { token: await token.getAddress(), noCache: true, fromBlock: String(deployedAt) },
      hre,
      (l) => void lines.push(l),
      true,
    );
    expect(holderSet.holders).to.deep.equal([{ address: a.address, amount: 7n }]);
    expect(lines.join("\n")).to.match(
      /scanned \d+ blocks .* on chain 31337 via network hardhat \(in-process\): 1 logs in 1 ranges/,
    );
  });
});
