import { task, types } from "hardhat/config";

interface Args {
  batch: string;
  fromBlock: string;
  blockRange: string;
  token?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "cw:sync",
  "Keeper: syncs into the token's quadratic votes every account whose identity the registry no longer counts as the token cached it (revoked, expired, source retired, rotated away, cooldown ended, newly registered), in multicall batches",
)
  .addOptionalParam("batch", "Syncs per transaction (one token.multicall), 1 to 500", "50")
  .addOptionalParam("fromBlock", "First block to read the registry's and token's events from", "0")
  .addOptionalParam("blockRange", "Blocks per event query (RPC providers cap eth_getLogs ranges)", "50000")
  .addOptionalParam("token", "CounterweightToken address (default: the deployment's)", undefined, types.string)
  .addFlag("dryRun", "Validate and print the batches that would be sent, send nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: Args, hre) => {
    const { paramError, TaskError } = await import("../lib/inputErrors");
    const { batches, parseBatchSize, parseBlock, staleAccounts } = await import("../lib/syncPlan");
    const batch = parseBatchSize(args.batch);
    if (!batch.ok) throw paramError("batch", batch.message);
    const fromBlock = parseBlock(args.fromBlock);
    if (!fromBlock.ok) throw paramError("from-block", fromBlock.message);
    const range = parseBlock(args.blockRange);
    if (!range.ok || range.value < 1) {
      throw paramError("block-range", range.ok ? `${args.blockRange}: must be at least 1` : range.message);
    }
    if (args.token !== undefined && !hre.ethers.isAddress(args.token)) {
      throw paramError("token", `${args.token}: not an address`);
    }

    const { ensureCompiled } = await import("../lib/build");
    await ensureCompiled(hre);
    const { CounterweightToken__factory, IdentityRegistry__factory } = await import("../../typechain-types");
    const [signer] = await hre.ethers.getSigners();
    let tokenAddress = args.token;
    if (tokenAddress === undefined) {
      const { loadBook, IDS } = await import("../lib/taskContext");
      tokenAddress = (await loadBook(hre, args.deploymentId)).get(IDS.token);
    }
    if ((await hre.ethers.provider.getCode(tokenAddress)) === "0x") {
      throw new TaskError(`no contract at the token address ${tokenAddress}: nothing was sent`);
    }
    const token = CounterweightToken__factory.connect(tokenAddress, signer);
    const registryAddress = await token.identityRegistry();
    if (registryAddress === hre.ethers.ZeroAddress) {
      throw new TaskError(`the token ${tokenAddress} has no identity registry wired: nothing to sync`);
    }
    const registry = IdentityRegistry__factory.connect(registryAddress, signer);

    // Every account that ever held an identity or a contribution: registry and token events.
    const latest = await hre.ethers.provider.getBlockNumber();
    const accounts: string[] = [];
    for (let from = fromBlock.value; from <= latest; from += range.value) {
      const to = Math.min(latest, from + range.value - 1);
      for (const e of await registry.queryFilter(registry.filters.IdentityRegistered(), from, to))
        accounts.push(e.args.account);
      for (const e of await registry.queryFilter(registry.filters.IdentityRotated(), from, to))
        accounts.push(e.args.from, e.args.to);
      for (const e of await token.queryFilter(token.filters.IdentitySynced(), from, to)) accounts.push(e.args.account);
    }
    const states = [];
    for (const account of new Set(accounts.map((a) => hre.ethers.getAddress(a)))) {
      const [[cached], [current]] = await Promise.all([token.contributionOf(account), registry.bindingOf(account)]);
      states.push({ account, cached, current });
    }
    const stale = staleAccounts(states);
    console.log(
      `${states.length} account(s) seen since block ${fromBlock.value}; ${stale.length} out of sync with the registry`,
    );
    for (const s of stale) console.log(`  ${s.account}: ${s.reason} (cached identity ${s.cached}, now ${s.current})`);

    // The whole plan, validated before the first transaction: every batch must estimate within the
    // block gas limit (a sync that would revert, e.g. a registry answer the token refuses, shows here).
    const block = await hre.ethers.provider.getBlock("latest");
    const gasLimit = block?.gasLimit ?? 0n;
    const { formatCount } = await import("../lib/display");
    const calls = [];
    for (const [i, part] of batches(stale, batch.value).entries()) {
      const data = token.interface.encodeFunctionData("multicall", [
        part.map((s) => token.interface.encodeFunctionData("sync", [s.account])),
      ]);
      let gas: bigint;
      try {
        gas = await hre.ethers.provider.estimateGas({ from: signer.address, to: tokenAddress, data });
      } catch (e) {
        throw new TaskError(
          `batch #${i + 1} (${part.map((s) => s.account).join(", ")}) would revert: ${(e as Error).message}. Nothing was sent`,
        );
      }
      if (gasLimit !== 0n && gas > gasLimit) {
        throw new TaskError(
          `batch #${i + 1} needs ${formatCount(gas)} gas, above the block gas limit ${formatCount(gasLimit)}: ` +
            `use a smaller --batch. Nothing was sent`,
        );
      }
      calls.push({
        label: "Token.multicall",
        to: tokenAddress,
        value: 0n,
        data,
        args: [part.map((s) => `sync(${s.account})`)],
        note: `sync ${part.length} account(s), about ${formatCount(gas)} gas`,
      });
    }
    const { runPlan } = await import("../lib/plan");
    await runPlan(calls, { dryRun: args.dryRun, signer });
  });
