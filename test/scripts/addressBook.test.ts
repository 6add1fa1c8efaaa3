import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AddressBook, defaultDeploymentId, deploymentDir } from "../../scripts/lib/addressBook";

describe("Address book", function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-book-"));
    fs.writeFileSync(
      path.join(dir, "deployed_addresses.json"),
      JSON.stringify({ "Token#CounterweightToken": "0x5FbDB2315678afecb367f032d93F642f64180aa3" }),
    );
    fs.mkdirSync(path.join(dir, "artifacts"));
    fs.writeFileSync(path.join(dir, "artifacts", "Token#CounterweightToken.json"), JSON.stringify({ abi: [] }));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("should locate Ignition's deployment folder by chain id", function () {
    expect(deploymentDir("/r/deploy", defaultDeploymentId(31337n))).to.equal(
      path.join("/r/deploy", "deployments", "chain-31337"),
    );
  });

  it("should resolve future ids to addresses and ABIs", function () {
    const book = AddressBook.load(dir);
    expect(book.get("Token#CounterweightToken")).to.equal("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(book.pick("Nope#X", "Token#CounterweightToken")).to.equal("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(book.abiOf("Token#CounterweightToken")).to.deep.equal([]);
  });

  it("should list the known ids when a future is missing", function () {
    expect(() => AddressBook.load(dir).get("Farm#Farm")).to.throw(/known: Token#CounterweightToken/);
  });

  it("should tell the operator to deploy first when there is no deployment", function () {
    expect(() => AddressBook.load(path.join(dir, "missing"))).to.throw(/deploy first/);
  });
});
