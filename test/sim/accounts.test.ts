import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { RequestArguments } from "hardhat/types";
import { AGENT_ETH, FUND_BATCH, agentSigners, fundAccounts } from "../../sim/chain/accounts";
import { Disperse__factory, TestERC20__factory } from "../../typechain-types";

async function disperseFixture() {
  const [deployer, a, b] = await hre.ethers.getSigners();
  const disperse = await new Disperse__factory(deployer).deploy();
  // A contract with no receive function: it refuses ETH.
  const refuser = await new TestERC20__factory(deployer).deploy("Refuses ETH", "NOETH");
  return { disperse, refuser, a, b };
}

/** Runs `body` with every request to the network provider recorded by method. */
async function countingRequests<T>(body: () => Promise<T>): Promise<{ out: T; methods: Map<string, number> }> {
  const provider = hre.network.provider;
  const original = provider.request.bind(provider);
  const methods = new Map<string, number>();
  provider.request = (args: RequestArguments) => {
    methods.set(args.method, (methods.get(args.method) ?? 0) + 1);
    return original(args);
  };
  try {
    return { out: await body(), methods };
  } finally {
    provider.request = original;
  }
}

async function blockNumber(): Promise<number> {
  return hre.ethers.provider.getBlockNumber();
}

describe("sim/chain/accounts: agents are funded by transfers", function () {
  describe("Disperse.disperseEther", function () {
    it("refuses a value that is not amount × recipients, naming both", async function () {
      const { disperse, a, b } = await loadFixture(disperseFixture);
      await expect(disperse.disperseEther([a.address, b.address], 5n, { value: 9n }))
        .to.be.revertedWithCustomError(disperse, "DisperseValueMismatch")
        .withArgs(9n, 10n);
      await expect(disperse.disperseEther([], 5n, { value: 1n }))
        .to.be.revertedWithCustomError(disperse, "DisperseValueMismatch")
        .withArgs(1n, 0n);
    });

    it("reverts whole, naming the recipient, when one refuses the ETH", async function () {
      const { disperse, refuser, a } = await loadFixture(disperseFixture);
      const before = await hre.ethers.provider.getBalance(a.address);
      await expect(disperse.disperseEther([a.address, await refuser.getAddress()], 5n, { value: 10n }))
        .to.be.revertedWithCustomError(disperse, "DisperseEtherFailed")
        .withArgs(await refuser.getAddress());
      expect(await hre.ethers.provider.getBalance(a.address)).to.equal(before);
    });

    it("sends the amount to every recipient and keeps nothing", async function () {
      const { disperse, a, b } = await loadFixture(disperseFixture);
      const fresh = hre.ethers.Wallet.createRandom().address;
      const [ba, bb] = [
        await hre.ethers.provider.getBalance(a.address),
        await hre.ethers.provider.getBalance(b.address),
      ];
      await (await disperse.disperseEther([a.address, b.address, fresh], 7n, { value: 21n })).wait();
      expect(await hre.ethers.provider.getBalance(a.address)).to.equal(ba + 7n);
      expect(await hre.ethers.provider.getBalance(b.address)).to.equal(bb + 7n);
      expect(await hre.ethers.provider.getBalance(fresh)).to.equal(7n);
      expect(await hre.ethers.provider.getBalance(await disperse.getAddress())).to.equal(0n);
    });
  });

  describe("fundAccounts and agentSigners", function () {
    it("sends nothing for an empty list", async function () {
      const before = await blockNumber();
      const { methods } = await countingRequests(() => fundAccounts(hre, [], AGENT_ETH));
      expect([...methods.keys()]).to.deep.equal([]);
      expect(await blockNumber()).to.equal(before);
    });

    it("funds every account with one setBalance in all, in ⌈n / FUND_BATCH⌉ transactions", async function () {
      const n = 2 * FUND_BATCH + 3;
      const to = Array.from({ length: n }, () => hre.ethers.Wallet.createRandom().address);
      const before = await blockNumber();
      const { methods } = await countingRequests(() => fundAccounts(hre, to, 123n));
      expect(methods.get("hardhat_setBalance")).to.equal(1);
      expect(await blockNumber()).to.equal(before + 3);
      const balances = await Promise.all(to.map((x) => hre.ethers.provider.getBalance(x)));
      expect(balances).to.deep.equal(to.map(() => 123n));
    });

    it("gives each agent AGENT_ETH without a setBalance per agent, and the agents can send", async function () {
      const { out: agents, methods } = await countingRequests(() => agentSigners(hre, 5, 9, "accounts-test"));
      expect(methods.get("hardhat_setBalance")).to.equal(1);
      expect(methods.get("hardhat_impersonateAccount")).to.equal(5 + 1);
      for (const agent of agents) expect(await hre.ethers.provider.getBalance(agent.address)).to.equal(AGENT_ETH);
      await (await agents[0].sendTransaction({ to: agents[1].address, value: 1n })).wait();
      expect(await hre.ethers.provider.getBalance(agents[1].address)).to.equal(AGENT_ETH + 1n);
    });

    it("gives the same addresses for the same seed and label", async function () {
      const first = await agentSigners(hre, 3, 4, "accounts-same");
      const again = await agentSigners(hre, 3, 4, "accounts-same");
      expect(again.map((s) => s.address)).to.deep.equal(first.map((s) => s.address));
      const other = await agentSigners(hre, 3, 5, "accounts-same");
      expect(other.map((s) => s.address)).to.not.deep.equal(first.map((s) => s.address));
    });
  });
});
