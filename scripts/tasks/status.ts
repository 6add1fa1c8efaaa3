import { task, types } from "hardhat/config";

interface Args {
  deploymentId?: string;
}

task("status", "Prints the deployed suite: addresses, roles and holders, supply split, open proposals, farm, vault")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: Args, hre) => {
    const { formatUnits } = await import("ethers");
    const { loadBook, IDS } = await import("../lib/taskContext");
    const { scanRoles, nameOf } = await import("../lib/roles");
    const { PROPOSAL_STATES } = await import("./governance");
    const tc = await import("../../typechain-types");
    const provider = hre.ethers.provider;
    const book = await loadBook(hre, args.deploymentId);
    const net = await provider.getNetwork();
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const fmt = (v: bigint) => formatUnits(v, 18);
    console.log(`network ${hre.network.name} (chain ${net.chainId}), deployment ${book.dir}, block time ${now}`);

    console.log("\n== Addresses");
    for (const [id, a] of Object.entries(book.entries)) {
      console.log(`  ${id.padEnd(44)} ${a}`);
    }

    console.log("\n== Roles (holders replayed from RoleGranted/RoleRevoked, confirmed with hasRole)");
    const signers = (await hre.ethers.getSigners()).map((s) => s.address);
    const contracts = Object.entries(book.entries).flatMap(([id, address]) => {
      try {
        return [{ id, address, abi: book.abiOf(id) as never }];
      } catch {
        return [];
      }
    });
    for (const g of await scanRoles(provider, contracts, signers)) {
      console.log(`  ${g.contract.padEnd(36)} ${g.role.padEnd(22)} ${nameOf(g.holder, book.entries)}`);
    }

    if (book.has(IDS.governor)) {
      const executor = await tc.CounterweightGovernor__factory.connect(book.get(IDS.governor), provider).timelock();
      console.log(`  ${IDS.governor.padEnd(36)} ${"executor".padEnd(22)} ${nameOf(executor, book.entries)}`);
    }

    const token = tc.CounterweightToken__factory.connect(book.get(IDS.token), provider);
    const supply = await token.totalSupply();
    console.log(`\n== Supply split (total ${fmt(supply)})`);
    let counted = 0n;
    const holders = Object.entries(book.entries).filter(([id]) => id !== IDS.token);
    for (const [id, a] of holders) {
      const b = await token.balanceOf(a);
      if (b > 0n) {
        counted += b;
        console.log(`  ${id.padEnd(44)} ${fmt(b)} (${((Number(b) / Number(supply)) * 100).toFixed(2)}%)`);
      }
    }
    console.log(`  ${"everyone else (deployer, pool users, claimants)".padEnd(44)} ${fmt(supply - counted)}`);

    if (book.has(IDS.governor)) {
      const governor = tc.CounterweightGovernor__factory.connect(book.get(IDS.governor), provider);
      const created = await governor.queryFilter(governor.filters.ProposalCreated(), 0, "latest");
      console.log(`\n== Proposals (${created.length} created)`);
      for (const e of created) {
        const state = PROPOSAL_STATES[Number(await governor.state(e.args.proposalId))];
        const open = ["Pending", "Active", "Succeeded", "Queued"].includes(state);
        console.log(
          `  ${open ? "open  " : "closed"} ${state.padEnd(9)} ${e.args.proposalId} ${e.args.description.split("\n")[0]}`,
        );
      }
    }

    if (book.has(IDS.farm)) {
      const farm = tc.CappedStakingRewards__factory.connect(book.get(IDS.farm), provider);
      const finish = await farm.periodFinish();
      console.log("\n== Farm");
      console.log(`  staking token ${await farm.stakingToken()}, rewards token ${await farm.rewardsToken()}`);
      console.log(
        `  period ${finish > now ? `running until ${finish}` : finish === 0n ? "never started" : `ended at ${finish}`}`,
      );
      console.log(`  reward rate ${fmt(await farm.rewardRate())}/s, total staked ${fmt(await farm.totalSupply())}`);
      console.log(`  rewards held ${fmt(await token.balanceOf(await farm.getAddress()))}`);
    }

    if (book.has(IDS.vault)) {
      const vault = book.get(IDS.vault);
      console.log("\n== Vesting vault");
      console.log(`  tokens held (unvested + vested unclaimed) ${fmt(await token.balanceOf(vault))}`);
    }
  });
