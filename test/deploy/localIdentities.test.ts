import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import type { ProofsFile } from "../../scripts/lib/identityTree";
import { LOCALHOST_JSON, PARAMETERS_DIR } from "./localParameters";

const CSV = path.join(PARAMETERS_DIR, "localhost.identities.csv");
const PROOFS = path.join(PARAMETERS_DIR, "localhost.identities.proofs.json");

describe("Localhost identities (deploy/parameters/localhost.identities.csv)", function () {
  let tmp: string;
  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-ids-"));
  });
  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("should list the node's dev accounts #1–#10 with humanIds 1–10, and not the deployer (#0)", async function () {
    const signers = await hre.ethers.getSigners();
    const rows = fs.readFileSync(CSV, "utf8").trim().split("\n");
    expect(rows[0]).to.equal("humanId,account");
    expect(rows.slice(1)).to.deep.equal(signers.slice(1, 11).map((s, i) => `${i + 1},${s.address}`));
  });

  it("should be the tree whose root localhost.json deploys and whose proofs file is committed", async function () {
    const out = path.join(tmp, "proofs.json");
    await hre.run("identity:merkle", { csv: CSV, out });
    const rebuilt = JSON.parse(fs.readFileSync(out, "utf8")) as ProofsFile;
    const parameters = JSON.parse(fs.readFileSync(LOCALHOST_JSON, "utf8")) as {
      Counterweight: { identityRoot: string };
    };
    expect(parameters.Counterweight.identityRoot, "regenerate: npx hardhat identity:merkle --csv …").to.equal(
      rebuilt.root,
    );
    expect(fs.readFileSync(PROOFS, "utf8"), `regenerate ${path.basename(PROOFS)} with identity:merkle --out`).to.equal(
      fs.readFileSync(out, "utf8"),
    );
    expect(rebuilt.count).to.equal(10);
  });
});
