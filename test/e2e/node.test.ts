import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { DEV_MNEMONIC, nodeCommand, parseE2eArgs } from "../../e2e/node";

const root = path.resolve(__dirname, "..", "..");

describe("the end-to-end run's node selection", () => {
  it("refuses an unknown node, a missing value and unknown arguments, naming what is accepted", () => {
    expect(() => parseE2eArgs(["--node", "geth"], {})).to.throw(/unknown node "geth": use hardhat or anvil/);
    expect(() => parseE2eArgs([], { E2E_NODE: "ganache" })).to.throw(/unknown node "ganache"/);
    expect(() => parseE2eArgs(["--node"], {})).to.throw(/--node needs a value/);
    expect(() => parseE2eArgs(["--fast"], {})).to.throw(/unknown argument "--fast".*--no-reruns/);
  });

  it("runs on hardhat with every re-run unless told otherwise; --node wins over E2E_NODE", () => {
    expect(parseE2eArgs([], {})).to.deep.equal({ node: "hardhat", reruns: true });
    expect(parseE2eArgs([], { E2E_NODE: "anvil" })).to.deep.equal({ node: "anvil", reruns: true });
    expect(parseE2eArgs(["--node=hardhat"], { E2E_NODE: "anvil" })).to.deep.equal({ node: "hardhat", reruns: true });
    expect(parseE2eArgs(["--node", "anvil", "--no-reruns"], {})).to.deep.equal({ node: "anvil", reruns: false });
  });

  it("starts anvil with Hardhat's dev chain, given explicitly, from the binary npm installed", () => {
    const { command, args } = nodeCommand("anvil", root, 18_555);
    expect(fs.existsSync(command), command).to.equal(true);
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect([flag("--host"), flag("--port"), flag("--chain-id")]).to.deep.equal(["127.0.0.1", "18555", "31337"]);
    expect(flag("--mnemonic")).to.equal(DEV_MNEMONIC);
    expect(DEV_MNEMONIC).to.equal("test test test test test test test test test test test junk");
    expect([flag("--accounts"), flag("--balance")]).to.deep.equal(["20", "10000"]);
    expect(args).to.include("--prune-history");
  });

  it("starts hardhat node on loopback and the given port", () => {
    const { command, args } = nodeCommand("hardhat", root, 18_556);
    expect(path.basename(command)).to.equal("hardhat");
    expect(args).to.deep.equal(["node", "--hostname", "127.0.0.1", "--port", "18556"]);
  });
});
