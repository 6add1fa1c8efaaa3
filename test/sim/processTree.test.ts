import { expect } from "chai";
import { processTree, residentBytes, runSampled, treeResidentBytes } from "../../bench/processTree";

/** A node process that starts a second node process holding ~60 MB, and exits after both. */
const PARENT_OF_HOLDER = `
const { spawn } = require("node:child_process");
const holder = "const b = Buffer.alloc(60e6, 1); setTimeout(() => b.length, 1500);";
spawn(process.execPath, ["-e", holder], { stdio: "inherit" }).on("exit", (c) => process.exit(c ?? 1));
`;

describe("process-tree resident memory (bench/processTree)", function () {
  it("counts this process, its resident memory, and nothing for a process that is gone", function () {
    expect(processTree(process.pid)[0]).to.equal(process.pid);
    expect(residentBytes(process.pid)).to.be.greaterThan(10e6);
    expect(treeResidentBytes(process.pid)).to.be.at.least(residentBytes(process.pid));
    expect(residentBytes(2 ** 22 + 1)).to.equal(0);
  });

  it("samples a command's whole tree: the grandchild's memory is in the peak", async function () {
    const run = await runSampled(process.execPath, ["-e", PARENT_OF_HOLDER], { cwd: process.cwd(), sampleMs: 50 });
    expect(run.exitCode).to.equal(0);
    expect(run.peakProcesses).to.equal(2);
    // Two node processes (each ≥ ~30 MB) plus the 60 MB buffer the grandchild touched.
    expect(run.peakTreeBytes).to.be.greaterThan(100e6);
    expect(run.samples).to.be.greaterThan(3);
  });
});
