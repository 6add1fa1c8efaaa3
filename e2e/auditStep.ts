import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { getAddress, type JsonRpcProvider } from "ethers";
import type { AuditSummary } from "../sim/audit/summary";
import { CounterweightToken__factory } from "../typechain-types";

export interface AuditStepEnv {
  provider: JsonRpcProvider;
  log: (s: string) => void;
  /** The walkthrough's token (several holders by now: members, the pair, the farm, the vault…). */
  token: string;
  file: (name: string) => string;
  /** Runs `hardhat --network localhost <args>` against this run's node, as a user types it. */
  cli: (args: string[]) => Promise<string>;
}

/** ⌊√n⌋ by Newton's method (the audit's √ weight, computed here independently of sim/model). */
function sqrtFloor(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

/** Fewest of `desc` (largest first) holding strictly more than half of their sum. */
function nakamoto(desc: readonly bigint[]): number {
  const total = desc.reduce((s, x) => s + x, 0n);
  let acc = 0n;
  for (let i = 0; i < desc.length; i++) {
    acc += desc[i];
    if (2n * acc > total) return i + 1;
  }
  return desc.length;
}

/** Gini of `desc` (largest first): Σ (2i − n − 1) x_i / (n Σ x) over ascending ranks i = 1..n. */
function gini(desc: readonly bigint[]): number {
  const n = BigInt(desc.length);
  const total = desc.reduce((s, x) => s + x, 0n);
  let ranked = 0n;
  desc.forEach((x, j) => (ranked += (n - BigInt(j)) * x));
  return Number(((2n * ranked - (n + 1n) * total) * 10n ** 12n) / (n * total)) / 1e12;
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 2e-6, `${what}: ${a} vs ${b}`);

/**
 * The audit through the RPC path as a user runs it (`npx hardhat audit --token ADDR --network
 * localhost`), against the walkthrough's token; its holders and concentration are checked against
 * balances read from the node here (every address its Transfer logs name, balanceOf at the audit's
 * end block), not against figures typed into the test.
 */
export async function auditStep(env: AuditStepEnv): Promise<void> {
  const { provider, log, file, cli } = env;
  log("\n== audit the walkthrough's token from the chain (audit --token --network localhost)");
  const started = Date.now();
  const out = file("audit");
  await cli(["audit", "--token", env.token, "--cache", file("audit-cache"), "--out", out, "--quiet"]);
  const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")) as AuditSummary;
  assert.ok(fs.existsSync(path.join(out, "report.md")), "the report is written");
  const source = summary.source;
  assert.equal(source.kind, "rpc");
  assert.equal(getAddress(source.token), getAddress(env.token));

  // The node's own view at the audit's end block.
  const token = CounterweightToken__factory.connect(env.token, provider);
  const at = { blockTag: source.toBlock };
  const transfers = await token.queryFilter(token.filters.Transfer(), 0, source.toBlock);
  const named = new Set(transfers.flatMap((e) => [getAddress(e.args.from), getAddress(e.args.to)]));
  const balances = await Promise.all([...named].map(async (a) => ({ a, b: await token.balanceOf(a, at) })));
  // The audit's order: amount descending, then address ascending.
  const held = balances
    .filter((h) => h.b > 0n)
    .sort((x, y) => (x.b !== y.b ? (x.b > y.b ? -1 : 1) : x.a.toLowerCase() < y.a.toLowerCase() ? -1 : 1));
  const amounts = held.map((h) => h.b);
  const supply = await token.totalSupply(at);
  assert.ok(held.length >= 5, `several holders (${held.length})`);

  assert.equal(summary.input.holders, held.length, "holders");
  assert.equal(summary.token.totalSupply, supply.toString(), "totalSupply at the end block");
  assert.equal(summary.input.heldAll, supply.toString(), "the rebuilt balances sum to the supply");
  assert.ok(
    summary.checks.every((c) => c.ok),
    `every check passes: ${JSON.stringify(summary.checks)}`,
  );
  const model = summary.models.find((m) => m.id === "address");
  assert.ok(model !== undefined, "the one-address-one-identity model");
  assert.deepEqual(
    model.top.map((t) => [getAddress(t.name), t.amount]),
    held.slice(0, model.top.length).map((h) => [h.a, h.b.toString()]),
    "the largest holders and their balances",
  );
  assert.equal(model.linear.nakamoto, nakamoto(amounts), "Nakamoto coefficient (token weight)");
  near(model.linear.gini, gini(amounts), "Gini (token weight)");
  for (const { k, share } of model.linear.top) {
    const topK = amounts.slice(0, k).reduce((s, x) => s + x, 0n);
    near(share, Number((topK * 10n ** 12n) / supply) / 1e12, `top-${k} share`);
  }
  const roots = amounts.map(sqrtFloor).sort((x, y) => (x === y ? 0 : x > y ? -1 : 1));
  assert.equal(model.sqrt.total, roots.reduce((s, x) => s + x, 0n).toString(), "Σ √ balance");
  assert.equal(model.sqrt.nakamoto, nakamoto(roots), "Nakamoto coefficient (√ weight)");
  near(model.sqrt.gini, gini(roots), "Gini (√ weight)");
  log(
    `audit: ${held.length} holders, Gini ${model.linear.gini} → ${model.sqrt.gini} under √, Nakamoto ${model.linear.nakamoto} → ${model.sqrt.nakamoto}; checked against the node in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
