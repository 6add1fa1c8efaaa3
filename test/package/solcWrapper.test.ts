import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const WRAPPER = path.resolve(__dirname, "../../packages/contracts/bin/solc.cjs");

interface Output {
  contracts?: Record<string, Record<string, unknown>>;
  errors?: { severity: string; message: string }[];
}

function solc(args: string[], input?: object): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [WRAPPER, ...args], {
    input: input === undefined ? "" : JSON.stringify(input),
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const importing = (name: string) => ({
  language: "Solidity",
  sources: {
    "src/A.sol": {
      content: `// SPDX-License-Identifier: MIT\npragma solidity 0.8.28;\nimport "${name}";\ncontract A is B {}\n`,
    },
  },
  settings: { outputSelection: { "*": { "*": ["abi"] } } },
});

describe("counterweight-solc, the solc-compatible wrapper around solc-js", function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-solc-"));
    fs.mkdirSync(path.join(dir, "lib", "dep"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "lib", "dep", "B.sol"),
      "// SPDX-License-Identifier: MIT\npragma solidity 0.8.28;\ncontract B {}\n",
    );
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers --version as solc does (forge parses the last line)", function () {
    const r = solc(["--version"]);
    expect(r.status).to.equal(0);
    expect(r.stdout.trim().split("\n").at(-1)).to.match(/^Version: 0\.8\.28\+commit\.[0-9a-f]{8}/);
  });

  it("refuses an argument it does not implement, with exit code 1", function () {
    const r = solc(["--standard-json", "--optimize"]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include("unsupported argument");
  });

  it("compiles Standard JSON from stdin, resolving imports through --include-path", function () {
    const r = solc(
      ["--base-path", dir, "--include-path", path.join(dir, "lib"), "--standard-json"],
      importing("dep/B.sol"),
    );
    expect(r.status).to.equal(0);
    const out = JSON.parse(r.stdout) as Output;
    expect((out.errors ?? []).filter((e) => e.severity === "error")).to.deep.equal([]);
    expect(Object.keys(out.contracts ?? {})).to.include.members(["src/A.sol", "dep/B.sol"]);
  });

  it("does not read a file outside the base, include and allowed paths", function () {
    const r = solc(
      ["--base-path", path.join(dir, "src"), "--standard-json"],
      importing(path.join(dir, "lib", "dep", "B.sol")),
    );
    const out = JSON.parse(r.stdout) as Output;
    expect((out.errors ?? []).map((e) => e.message).join("\n")).to.include("outside the allowed directories");
    const allowed = solc(
      ["--base-path", path.join(dir, "src"), "--allow-paths", path.join(dir, "lib"), "--standard-json"],
      importing(path.join(dir, "lib", "dep", "B.sol")),
    );
    expect((JSON.parse(allowed.stdout) as Output).contracts).to.have.property(path.join(dir, "lib", "dep", "B.sol"));
  });
});
