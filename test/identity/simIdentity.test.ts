import { expect } from "chai";
import hre from "hardhat";
import { solidityPackedKeccak256 } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { agentSigners } from "../../sim/chain/accounts";
import {
  buildIdentityList,
  deployRegistryForSimulation,
  humanIdFor,
  identityProofs,
  registerAgents,
} from "../../sim/chain/identity";

describe("sim/chain/identity", function () {
  async function simFixture() {
    const [admin] = await hre.ethers.getSigners();
    const registry = await deployRegistryForSimulation(hre, admin);
    const agents = await agentSigners(hre, 12, 7, "identity-test");
    return { admin, registry, agents };
  }

  it("should derive human ids as keccak(label, index)", function () {
    expect(humanIdFor("run", 3)).to.equal(solidityPackedKeccak256(["string", "uint256"], ["run", 3]));
    expect(humanIdFor("run", 3)).to.not.equal(humanIdFor("other", 3));
  });

  it("should build a list whose proof i proves (humanId i, account i)", async function () {
    const { agents } = await loadFixture(simFixture);
    const accounts = agents.map((a) => a.address);
    const list = buildIdentityList("run", accounts);
    for (let i = 0; i < accounts.length; i++) {
      expect(list.tree.at(i)).to.deep.equal([list.humanIds[i], accounts[i]]);
      expect(list.tree.verify(i, list.tree.getProof(i))).to.equal(true);
    }
  });

  it("should give every account the proof StandardMerkleTree.getProof gives, in account order", async function () {
    const { agents } = await loadFixture(simFixture);
    // 12 and 5 leaves: neither a power of two, so tree order differs from account order.
    for (const accounts of [agents.map((a) => a.address), agents.slice(0, 5).map((a) => a.address)]) {
      const list = buildIdentityList("run", accounts);
      const proofs = identityProofs(list);
      expect(proofs).to.have.length(accounts.length);
      proofs.forEach((proof, i) => {
        expect(proof).to.deep.equal(list.tree.getProof(i));
        expect(list.tree.verify(i, proof)).to.equal(true);
      });
      expect(list.tree.verify(0, proofs[1])).to.equal(false);
    }
  });

  it("should deploy a Merkle-only registry governed by the admin", async function () {
    const { admin, registry } = await loadFixture(simFixture);
    expect(await registry.eas()).to.equal(hre.ethers.ZeroAddress);
    expect(await registry.hasRole(await registry.GOVERNOR_ROLE(), admin.address)).to.equal(true);
  });

  it("should register every agent as its own identity with one root and one tx per agent", async function () {
    const { admin, registry, agents } = await loadFixture(simFixture);
    const ids = await registerAgents(registry, admin, agents, "run-1");
    expect(ids.size).to.equal(agents.length);
    expect(new Set(ids.values()).size).to.equal(agents.length);
    for (const a of agents) {
      expect(ids.has(a.address)).to.equal(true);
      expect(await registry.identityOf(a.address)).to.equal(ids.get(a.address) ?? -1n);
    }
    await time.increase(1);
    expect(await registry.identityAt(agents[0].address, (await time.latest()) - 1)).to.equal(
      ids.get(agents[0].address) ?? -1n,
    );
  });

  it("should register a second batch under a new label in the same registry", async function () {
    const { admin, registry, agents } = await loadFixture(simFixture);
    const first = await registerAgents(registry, admin, agents.slice(0, 6), "batch-a");
    const second = await registerAgents(registry, admin, agents.slice(6), "batch-b");
    expect([...first.values(), ...second.values()].sort((a, b) => Number(a - b))).to.deep.equal(
      Array.from({ length: 12 }, (_, i) => BigInt(i + 1)),
    );
  });

  it("should do nothing for no signers", async function () {
    const { admin, registry } = await loadFixture(simFixture);
    expect((await registerAgents(registry, admin, [], "empty")).size).to.equal(0);
    expect(await registry.merkleRoot()).to.equal(hre.ethers.ZeroHash);
  });
});
