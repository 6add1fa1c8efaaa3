import { expect } from "chai";
import { Interface, id } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  parseProposal,
  readProposal,
  resolveProposal,
  formatProposal,
  type ContractDirectory,
} from "../../scripts/lib/proposal";
import { InputError, TaskError } from "../../scripts/lib/inputErrors";

const FARM = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const farmAbi = ["function notifyRewardAmount(uint256 reward)", "function setRewardsDuration(uint256 d)"];
const directory: ContractDirectory = {
  get: (futureId) => {
    if (futureId !== "Farm#Farm") throw new Error(`unknown ${futureId}`);
    return FARM;
  },
  abiOf: () => new Interface(farmAbi).fragments.map((f) => JSON.parse(f.format("json")) as unknown),
};

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(InputError);
    return [...(e as InputError).problems];
  }
  throw new Error("expected an InputError");
}

describe("Proposal description", function () {
  describe("when the description is valid", function () {
    it("should encode method calls from the deployment's ABI and keep raw calldata as given", function () {
      const text = formatProposal("Fund the farm", [
        { contract: "Farm#Farm", method: "notifyRewardAmount", args: ["1000"] },
        { target: FARM, calldata: "0x1234", value: "5" },
        { target: FARM, method: "setRewardsDuration(uint256)", args: [60] },
      ]);
      const p = resolveProposal(parseProposal(text), directory);
      const iface = new Interface(farmAbi);
      expect(p.targets).to.deep.equal([FARM, FARM, FARM]);
      expect(p.values).to.deep.equal([0n, 0n + 0n, 0n].map((v, i) => (i === 1 ? 5n : v)));
      expect(p.calldatas[0]).to.equal(iface.encodeFunctionData("notifyRewardAmount", [1000n]));
      expect(p.calldatas[1]).to.equal("0x1234");
      expect(p.calldatas[2]).to.equal(iface.encodeFunctionData("setRewardsDuration", [60n]));
      expect(p.descriptionHash).to.equal(id("Fund the farm"));
    });
  });

  describe("when the description is invalid", function () {
    it("should report each bad action with its path and line", function () {
      const text = [
        "{",
        '  "description": "x",',
        '  "actions": [',
        `    { "target": "${FARM}", "calldata": "0x12" },`,
        '    { "target": "0xnope",',
        '      "calldata": "0x12" },',
        `    { "contract": "Farm#Farm" }`,
        "  ]",
        "}",
      ].join("\n");
      const problems = problemsOf(() => parseProposal(text, "p.json"));
      expect(problems).to.deep.include({ line: 5, field: "actions.1.target", message: "not an address" });
      expect(problems).to.deep.include({
        line: 7,
        field: "actions.2.calldata",
        message: "give exactly one of calldata or method",
      });
      expect(problems.some((p) => p.field.startsWith("actions.0"))).to.equal(false);
    });

    it("should give the line of a JSON syntax error", function () {
      const problems = problemsOf(() => parseProposal('{\n  "description": "x",\n  "actions": [,]\n}'));
      expect(problems[0].field).to.equal("(json)");
      expect(problems[0].line).to.equal(3);
    });

    it("should reject an empty action list and unknown keys", function () {
      const problems = problemsOf(() => parseProposal('{"description":"x","actions":[],"extra":1}'));
      expect(problems.map((p) => p.field)).to.include.members(["actions", "(root)"]);
    });

    it("should reject a method the contract does not have", function () {
      const input = parseProposal(formatProposal("x", [{ contract: "Farm#Farm", method: "rug", args: [] }]));
      expect(problemsOf(() => resolveProposal(input, directory))[0]).to.include({ field: "actions.0" });
    });
  });
});

describe("Proposal files", function () {
  it("should read a file written with a byte-order mark", function () {
    const text = formatProposal("Fund the farm", [
      { contract: "Farm#Farm", method: "notifyRewardAmount", args: ["1"] },
    ]);
    expect(parseProposal(`\ufeff${text}`).description).to.equal("Fund the farm");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-proposal-"));
    try {
      const file = path.join(dir, "bom.json");
      fs.writeFileSync(file, `\ufeff${text}`);
      expect(readProposal(file).actions).to.have.length(1);
      expect(() => readProposal(path.join(dir, "missing.json"))).to.throw(
        TaskError,
        `file not found: ${path.join(dir, "missing.json")}`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
