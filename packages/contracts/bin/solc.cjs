#!/usr/bin/env node
// A solc-compatible command line around the npm `solc` package (solc-js), for tools that run a
// native compiler binary, such as Foundry (`solc = ".../solc.cjs"` with `offline = true`) on a machine
// that cannot download one. It implements the subset of solc's interface those tools use:
//   --version                     prints "Version: <long version>" as solc does
//   --standard-json               reads Standard JSON input on stdin, writes the output on stdout
//   --base-path DIR               root that relative source unit names resolve against
//   --include-path DIR            further roots (repeatable), e.g. node_modules
//   --allow-paths A,B             further directories the import callback may read
//   --no-import-callback          no file reads: every source must be in the input
// Other flags are refused (exit code 1), rather than silently ignored. The compiler version is the
// one of the installed `solc` package: pin it (e.g. `npm install --save-exact solc@0.8.28`).
"use strict";
const { Buffer } = require("node:buffer");
const fs = require("node:fs");
const path = require("node:path");

function fail(message) {
  process.stderr.write(`solc.cjs: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = {
    version: false,
    standardJson: false,
    basePath: undefined,
    includePaths: [],
    allowPaths: [],
    importCallback: true,
  };
  const valueOf = (i, flag) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) fail(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const [flag, inline] = a.startsWith("--") && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = () => (inline !== undefined ? inline : valueOf(i++, flag));
    switch (flag) {
      case "--version":
        opts.version = true;
        break;
      case "--standard-json":
        opts.standardJson = true;
        break;
      case "--base-path":
        opts.basePath = take();
        break;
      case "--include-path":
        opts.includePaths.push(take());
        break;
      case "--allow-paths":
        opts.allowPaths.push(
          ...take()
            .split(",")
            .filter((p) => p !== ""),
        );
        break;
      case "--no-import-callback":
        opts.importCallback = false;
        break;
      case "-":
        break; // "read from stdin": implied by --standard-json
      default:
        fail(
          `unsupported argument ${JSON.stringify(a)} (supported: --version, --standard-json, --base-path, --include-path, --allow-paths, --no-import-callback)`,
        );
    }
  }
  return opts;
}

function readStdin() {
  const chunks = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === "EAGAIN") continue;
      if (e.code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function isInside(file, dir) {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

// solc's rules: a source unit name resolves against the base path, then each include path; an
// absolute name is read as is. Only files under the base, include or allowed paths may be read.
function makeImportCallback(opts) {
  const cwd = process.cwd();
  const base = path.resolve(cwd, opts.basePath ?? "");
  const roots = [base, ...opts.includePaths.map((p) => path.resolve(cwd, p))];
  const allowed = [...roots, ...opts.allowPaths.map((p) => path.resolve(cwd, p))];
  return (sourceUnitName) => {
    const candidates = path.isAbsolute(sourceUnitName)
      ? [sourceUnitName]
      : roots.map((r) => path.join(r, sourceUnitName));
    for (const candidate of candidates) {
      if (!fs.existsSync(candidate)) continue;
      const real = fs.realpathSync(candidate);
      if (!allowed.some((dir) => isInside(real, dir) || isInside(candidate, dir))) {
        return { error: `${sourceUnitName}: outside the allowed directories (${allowed.join(", ")})` };
      }
      return { contents: fs.readFileSync(candidate, "utf8") };
    }
    return { error: `${sourceUnitName}: not found under ${roots.join(", ")}` };
  };
}

const opts = parseArgs(process.argv.slice(2));
const solc = require("solc");
if (opts.version) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}
if (!opts.standardJson) fail("only --version and --standard-json are supported");
const input = readStdin();
const callbacks = opts.importCallback ? { import: makeImportCallback(opts) } : {};
process.stdout.write(solc.compile(input, callbacks));
