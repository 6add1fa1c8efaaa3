import { expect } from "chai";
import hre from "hardhat";
import { TypedDataEncoder } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  BATCH_PRIORITY_FEE,
  sendAll,
  requesterOver,
  sendAllReceipts,
  trustSendAnswers,
  type BatchReceipt,
  type JsonRpcSender,
  type Requester,
} from "../../sim/chain/batch";
import { sendsAnswerWhenMined } from "../../sim/runner";
import { calldata, read, send, txOf } from "../../sim/chain/calldata";
import { DeterministicClock } from "../../sim/chain/clock";
import { InMemoryArtifactResolver } from "../../sim/chain/ignition";
import { PERMIT_TYPES, permitDigester, type PermitValue } from "../../sim/chain/permit";
import { TestERC20__factory } from "../../typechain-types";

async function tokenFixture() {
  const [deployer, a, b, c] = await hre.ethers.getSigners();
  const token = await new TestERC20__factory(deployer).deploy("Batch", "BAT");
  for (const x of [a, b, c]) await (await token.mint(x.address, 100n)).wait();
  return { token, a, b, c };
}

/**
 * The provider the simulator gives sendAll: the runner's DeterministicClock middleware queues the
 * sends in issue order, which is what makes the mining order the plan order (a bare EDR provider
 * may mine concurrent sends in another order).
 */
function simulatorProvider(): Requester {
  const clock = new DeterministicClock(0);
  const next = (args: Parameters<Requester["request"]>[0]) => hre.network.provider.request(args);
  return { request: (args) => clock.middleware(args, next) };
}

describe("sim/chain helpers", function () {
  describe("sendAll", function () {
    it("should refuse the batch when a transaction reverts, naming its item", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      const plan = [
        { from: a, tx: token.transfer.populateTransaction(b.address, 1n) },
        { from: b, tx: token.transfer.populateTransaction(a.address, 10_000n) },
      ];
      await expect(sendAll(hre.network.provider, plan)).to.be.rejected;
    });

    it("should mine the plan in order through the simulator's clock, one block each, and return the receipts in plan order", async function () {
      const { token, a, b, c } = await loadFixture(tokenFixture);
      const start = await hre.ethers.provider.getBlockNumber();
      const plan = [a, b, c].map((from, i) => ({
        from,
        tx: token.transfer.populateTransaction(a.address, BigInt(i + 1)),
      }));
      const receipts = await sendAllReceipts(simulatorProvider(), plan, 2);
      expect(receipts).to.have.length(3);
      const mined = await Promise.all(
        receipts.map((r) => hre.ethers.provider.getTransactionReceipt(r.transactionHash)),
      );
      expect(mined.map((r) => r?.from)).to.deep.equal([a.address, b.address, c.address]);
      expect(mined.map((r) => r?.blockNumber)).to.deep.equal([start + 1, start + 2, start + 3]);
      const transfer = token.interface.getEvent("Transfer");
      const values = receipts.map(
        (r) => token.interface.decodeEventLog(transfer, r.logs[0].data, [...r.logs[0].topics]).value,
      );
      expect(values).to.deep.equal([1n, 2n, 3n]);
    });
  });

  describe("sendAll on a provider that answers sends when mined (the in-process network)", function () {
    /** The simulator's provider, counting the requests by method, trusted as the runner trusts it. */
    function trustedProvider() {
      const inner = simulatorProvider();
      const methods: string[] = [];
      const provider: Requester = {
        request: (args) => {
          methods.push(args.method);
          return inner.request(args);
        },
      };
      return { provider, methods, untrust: trustSendAnswers(provider) };
    }

    it("should be what Hardhat's in-process network is with its defaults, and no node", function () {
      expect(sendsAnswerWhenMined(hre)).to.equal(true);
      const localhost = { name: "localhost", config: { url: "http://127.0.0.1:8545" } };
      expect(sendsAnswerWhenMined({ network: localhost } as unknown as typeof hre)).to.equal(false);
      const manual = { name: "hardhat", config: { throwOnTransactionFailures: true, mining: { auto: false } } };
      expect(sendsAnswerWhenMined({ network: manual } as unknown as typeof hre)).to.equal(false);
      const quiet = { name: "hardhat", config: { throwOnTransactionFailures: false, mining: { auto: true } } };
      expect(sendsAnswerWhenMined({ network: quiet } as unknown as typeof hre)).to.equal(false);
    });

    it("should refuse the batch when a transaction reverts, without reading a receipt", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      const { provider, methods, untrust } = trustedProvider();
      const plan = [
        { from: a, tx: token.transfer.populateTransaction(b.address, 1n) },
        { from: b, tx: token.transfer.populateTransaction(a.address, 10_000n) },
      ];
      await expect(sendAll(provider, plan)).to.be.rejected;
      untrust();
      expect(methods).to.not.include("eth_getTransactionReceipt");
    });

    it("should mine the plan in order, one block each, with one block-number read per chunk and no receipts", async function () {
      const { token, a, b, c } = await loadFixture(tokenFixture);
      const start = await hre.ethers.provider.getBlockNumber();
      const { provider, methods, untrust } = trustedProvider();
      const plan = [a, b, c].map((from, i) => ({
        from,
        tx: token.transfer.populateTransaction(c.address, BigInt(i + 1)),
      }));
      await sendAll(provider, plan, 2);
      untrust();
      expect(methods.filter((m) => m === "eth_getTransactionReceipt")).to.have.length(0);
      expect(methods.filter((m) => m === "eth_blockNumber")).to.have.length(2);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(start + 3);
      const transfer = token.filters.Transfer();
      const logs = await token.queryFilter(transfer, start + 1);
      expect(logs.map((l) => [l.blockNumber, l.args.from, l.args.value])).to.deep.equal([
        [start + 1, a.address, 1n],
        [start + 2, b.address, 2n],
        [start + 3, c.address, 3n],
      ]);
    });

    it("should refuse a chunk the chain did not mine (automine off) instead of trusting the answers", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      const { provider, untrust } = trustedProvider();
      await hre.network.provider.send("evm_setAutomine", [false]);
      try {
        await expect(
          sendAll(provider, [{ from: a, tx: token.transfer.populateTransaction(b.address, 1n) }]),
        ).to.be.rejectedWith(/mined 0 block\(s\) for the 1 transactions.*automine off/);
      } finally {
        await hre.network.provider.send("evm_setAutomine", [true]);
        untrust();
      }
    });

    it("should give sendAllReceipts each transaction's hash and logs from one eth_getLogs, as the receipts have them", async function () {
      const { token, a, b, c } = await loadFixture(tokenFixture);
      const { provider, methods, untrust } = trustedProvider();
      const plan = [a, b, c].map((from, i) => ({
        from,
        tx: token.transfer.populateTransaction(a.address, BigInt(i + 1)),
      }));
      const got = await sendAllReceipts(provider, plan);
      untrust();
      expect(methods.filter((m) => m === "eth_getLogs")).to.have.length(1);
      expect(methods).to.not.include("eth_getTransactionReceipt");
      const receipts = await Promise.all(
        got.map(
          (r) => hre.network.provider.send("eth_getTransactionReceipt", [r.transactionHash]) as Promise<BatchReceipt>,
        ),
      );
      expect(got.map((r) => r.status)).to.deep.equal(["0x1", "0x1", "0x1"]);
      expect(got.map((r) => r.logs.map((l) => [l.topics, l.data]))).to.deep.equal(
        receipts.map((r) => r.logs.map((l) => [l.topics, l.data])),
      );
      const mined = await Promise.all(got.map((r) => hre.ethers.provider.getTransaction(r.transactionHash)));
      expect(mined.map((t) => t?.from)).to.deep.equal([a.address, b.address, c.address]);
    });

    it("should trust a signer's provider (requesterOver) when that provider is trusted, and only then", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      const methods: string[] = [];
      const ethersProvider = hre.ethers.provider;
      const counted: JsonRpcSender = {
        send: (method, params) => {
          methods.push(method);
          return ethersProvider.send(method, params);
        },
      };
      const untrust = trustSendAnswers(counted);
      await sendAll(requesterOver(counted), [{ from: a, tx: token.transfer.populateTransaction(b.address, 1n) }]);
      untrust();
      expect(methods).to.not.include("eth_getTransactionReceipt");
      await sendAll(requesterOver(counted), [{ from: a, tx: token.transfer.populateTransaction(b.address, 1n) }]);
      expect(methods).to.include("eth_getTransactionReceipt");
    });

    it("should read every receipt again once the provider is no longer trusted", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      const { provider, methods, untrust } = trustedProvider();
      untrust();
      await sendAll(provider, [{ from: a, tx: token.transfer.populateTransaction(b.address, 1n) }]);
      expect(methods).to.include("eth_getTransactionReceipt");
    });
  });

  describe("calldata, txOf, read, send", function () {
    it("should encode the same calldata as ethers' populateTransaction, for every method and argument shape", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      for (const [to, amount] of [
        [a.address, 0n],
        [b.address.toLowerCase(), 2n ** 255n + 7n],
      ] as const) {
        const expected = await token.transfer.populateTransaction(to, amount);
        expect(txOf(token, "transfer", [to, amount])).to.deep.equal({ to: expected.to, data: expected.data });
        expect(calldata(token, "transfer", [to, amount])).to.equal(expected.data);
      }
      const approve = await token.approve.populateTransaction(b.address, 5n);
      expect(calldata(token, "approve", [b.address, 5n])).to.equal(approve.data);
    });

    it("should read what ethers reads, and see the chain move", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      expect(await read(token, "balanceOf", [a.address])).to.equal(await token.balanceOf(a.address));
      expect(await read(token, "name", [])).to.equal("Batch");
      await (await token.connect(a).transfer(b.address, 30n)).wait();
      expect(await read(token, "balanceOf", [a.address])).to.equal(70n);
    });

    it("should send from the contract's signer with the chunk's fees, and refuse a reverting call", async function () {
      const { token, a, b } = await loadFixture(tokenFixture);
      const receipt = await send(token.connect(a), "transfer", [b.address, 40n]);
      expect(receipt.status).to.equal("0x1");
      expect(await token.balanceOf(b.address)).to.equal(140n);
      const tx = await hre.ethers.provider.getTransaction(receipt.transactionHash);
      expect(tx?.from).to.equal(a.address);
      expect(tx?.maxPriorityFeePerGas).to.equal(BATCH_PRIORITY_FEE);
      await expect(send(token.connect(a), "transfer", [b.address, 1_000n])).to.be.rejected;
    });
  });

  describe("InMemoryArtifactResolver", function () {
    it("should answer no build info and the artifacts Hardhat reads, read once", async function () {
      const resolver = new InMemoryArtifactResolver(hre);
      expect(await resolver.getBuildInfo("TestERC20")).to.equal(undefined);
      const first = await resolver.loadArtifact("TestERC20");
      expect(first).to.deep.equal(await hre.artifacts.readArtifact("TestERC20"));
      expect(await resolver.loadArtifact("TestERC20")).to.equal(first);
    });

    it("should report a missing artifact on every call", async function () {
      const resolver = new InMemoryArtifactResolver(hre);
      await expect(resolver.loadArtifact("NoSuchContract")).to.be.rejected;
      await expect(resolver.loadArtifact("NoSuchContract")).to.be.rejected;
    });
  });

  describe("permitDigester", function () {
    it("should give TypedDataEncoder.hash's digest for every permit of the domain", function () {
      const domain = {
        name: "Uniswap V2",
        version: "1",
        chainId: 31337n,
        verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      };
      const digest = permitDigester(domain);
      const owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const spender = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      const values: PermitValue[] = [
        { owner, spender, value: 0n, nonce: 0n, deadline: 0n },
        { owner, spender, value: 123_456_789n * 10n ** 18n, nonce: 1n, deadline: 2n ** 256n - 1n },
        { owner: spender, spender: owner, value: 1n, nonce: 7n, deadline: 1_900_000_000n },
      ];
      for (const v of values) expect(digest(v)).to.equal(TypedDataEncoder.hash(domain, PERMIT_TYPES, v));
      expect(permitDigester({ ...domain, chainId: 1n })(values[0])).to.not.equal(digest(values[0]));
    });
  });
});
