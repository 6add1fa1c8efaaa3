import fs from "node:fs";
import path from "node:path";

/** Where the package is assembled (its package.json, README, LICENSE and bin/ are committed). */
export const PACKAGE_DIR = "packages/contracts";
/** The generated parts of the package (git-ignored, rebuilt by `npm run package:build`). */
export const GENERATED = ["artifacts", "types"] as const;
/** Solidity folders of contracts/ that ship; contracts/test/ never does. */
export const SOURCE_DIRS = ["governance", "identity", "interfaces", "mining", "token", "vesting"] as const;

export interface ShippedContract {
  /** Source path inside contracts/ (and inside the package), e.g. "mining/CappedStakingRewards.sol". */
  source: string;
  /** Contract, interface or library name (its artifact is artifacts/<name>.json). */
  name: string;
  /** Whether it has an ABI (TypeChain makes a factory only then; internal libraries have none). */
  hasAbi: boolean;
}

/** Every .sol file under contracts/<dir>/ for the shipped dirs, relative to contracts/. */
export function shippedSources(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, "contracts", rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".sol")) out.push(child);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return out.sort();
}

/**
 * The contracts defined in the shipped sources, read from Hardhat's artifacts (so an import-only
 * file such as TimelockImport.sol, which defines nothing of its own, ships no artifact).
 */
export function shippedContracts(root: string): ShippedContract[] {
  const out: ShippedContract[] = [];
  for (const source of shippedSources(root)) {
    const dir = path.join(root, "artifacts", "contracts", source);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith(".json") || file.endsWith(".dbg.json")) continue;
      const artifact = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { abi: unknown[] };
      out.push({ source, name: file.slice(0, -5), hasAbi: artifact.abi.length > 0 });
    }
  }
  return out;
}

export interface Expectations {
  /** Files that must be in the tarball (paths relative to the package root). */
  required: string[];
  /** Patterns no file may match. */
  forbidden: { pattern: RegExp; why: string }[];
  /** Patterns every file must match one of. */
  allowed: RegExp[];
}

/** What the tarball must and must not hold, given what contracts/ defines. */
export function expectations(sources: string[], contracts: ShippedContract[]): Expectations {
  return {
    required: [
      "package.json",
      "README.md",
      "LICENSE",
      "bin/solc.cjs",
      "types/index.js",
      "types/index.d.ts",
      ...sources,
      ...contracts.map((c) => `artifacts/${c.name}.json`),
      ...contracts
        .filter((c) => c.hasAbi)
        .flatMap((c) => [`types/factories/${factoryPath(c)}.js`, `types/factories/${factoryPath(c)}.d.ts`]),
    ],
    forbidden: [
      { pattern: /(^|\/)test\//, why: "test code" },
      {
        pattern: /(^|\/)(sim|reports|scripts|deploy|bench|e2e|cache|coverage|node_modules)\//,
        why: "repository tooling",
      },
      { pattern: /(^|\/)\.env/, why: "an environment file (secrets)" },
      { pattern: /(^|\/)(\.git|\.npmrc|hardhat\.config|foundry\.toml)/, why: "configuration or credentials" },
      { pattern: /\.dbg\.json$|build-info/, why: "compiler debug output" },
      { pattern: /(?<!\.d)\.ts$/, why: "TypeScript sources (types ship compiled, as .js and .d.ts)" },
      { pattern: /(^|\/)(Test|Mock|Harness|Reentrant|FlashLoan|OZBaseline)/, why: "a test-only contract" },
    ],
    allowed: [
      /^(package\.json|README\.md|LICENSE)$/,
      /^bin\/solc\.cjs$/,
      new RegExp(`^(${SOURCE_DIRS.join("|")})\\/[\\w/]+\\.sol$`),
      /^artifacts\/\w+\.json$/,
      /^types\/[\w/@.-]+\.(js|d\.ts)$/,
    ],
  };
}

/** TypeChain's factory path of a contract: <source dir>/<Name>__factory (one contract per file). */
function factoryPath(c: ShippedContract): string {
  return `${path.posix.dirname(c.source)}/${c.name}__factory`;
}

/** Problems with a tarball's file list (empty when it is exactly what should ship). */
export function checkFiles(files: string[], exp: Expectations): string[] {
  const problems: string[] = [];
  const present = new Set(files);
  for (const f of exp.required) if (!present.has(f)) problems.push(`missing: ${f}`);
  for (const f of files) {
    const bad = exp.forbidden.find((rule) => rule.pattern.test(f));
    if (bad) problems.push(`unintended (${bad.why}): ${f}`);
    else if (!exp.allowed.some((re) => re.test(f))) problems.push(`unexpected: ${f}`);
  }
  return problems;
}
