import { task, types } from "hardhat/config";

interface Args {
  deploymentId?: string;
  json: boolean;
}

/** What `status` reports; `--json` prints it as is (amounts in wei, times in unix seconds). */
export interface StatusReport {
  network: string;
  chainId: string;
  deploymentId: string;
  deploymentDir: string;
  blockTime: number;
  addresses: Record<string, string>;
  roles: { contract: string; role: string; holder: string; holderName: string }[];
  supply: { total: string; holders: { id: string; address: string; balance: string }[]; everyoneElse: string };
  proposals?: { id: string; state: string; open: boolean; title: string }[];
  farm?: {
    stakingToken: string;
    rewardsToken: string;
    periodFinish: number;
    rewardRate: string;
    totalStaked: string;
    rewardsHeld: string;
  };
  vault?: { held: string };
}

task("status", "Prints the deployed suite: addresses, roles and holders, supply split, open proposals, farm, vault")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .addFlag("json", "print the report as JSON (amounts in wei, times in unix seconds)")
  .setAction(async (args: Args, hre) => {
    const { ensureCompiled } = await import("../lib/build");
    await ensureCompiled(hre);
    const { loadBook, resolveDeploymentId, IDS } = await import("../lib/taskContext");
    const { formatTime, formatTokens } = await import("../lib/display");
    const { scanRoles, nameOf } = await import("../lib/roles");
    const { PROPOSAL_STATES } = await import("./governance");
    const tc = await import("../../typechain-types");
    const provider = hre.ethers.provider;
    const deploymentId = await resolveDeploymentId(hre, args.deploymentId);
    const book = await loadBook(hre, deploymentId);
    const net = await provider.getNetwork();
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);

    const signers = (await hre.ethers.getSigners()).map((s) => s.address);
    const contracts = Object.entries(book.entries).flatMap(([id, address]) => {
      try {
        return [{ id, address, abi: book.abiOf(id) as never }];
      } catch {
        return [];
      }
    });
    const roles = (await scanRoles(provider, contracts, signers)).map((g) => ({
      contract: g.contract,
      role: g.role,
      holder: g.holder,
      holderName: nameOf(g.holder, book.entries),
    }));
    if (book.has(IDS.governor)) {
      const executor = await tc.CounterweightGovernor__factory.connect(book.get(IDS.governor), provider).timelock();
      roles.push({
        contract: IDS.governor,
        role: "executor",
        holder: executor,
        holderName: nameOf(executor, book.entries),
      });
    }

    const token = tc.CounterweightToken__factory.connect(book.get(IDS.token), provider);
    const symbol = await token.symbol();
    const total = await token.totalSupply();
    const holders: StatusReport["supply"]["holders"] = [];
    let counted = 0n;
    for (const [id, address] of Object.entries(book.entries).filter(([i]) => i !== IDS.token)) {
      const b = await token.balanceOf(address);
      if (b > 0n) {
        counted += b;
        holders.push({ id, address, balance: b.toString() });
      }
    }
    const report: StatusReport = {
      network: hre.network.name,
      chainId: net.chainId.toString(),
      deploymentId,
      deploymentDir: book.dir,
      blockTime: Number(now),
      addresses: { ...book.entries },
      roles,
      supply: { total: total.toString(), holders, everyoneElse: (total - counted).toString() },
    };

    if (book.has(IDS.governor)) {
      const governor = tc.CounterweightGovernor__factory.connect(book.get(IDS.governor), provider);
      const created = await governor.queryFilter(governor.filters.ProposalCreated(), 0, "latest");
      report.proposals = [];
      for (const e of created) {
        const state = PROPOSAL_STATES[Number(await governor.state(e.args.proposalId))];
        report.proposals.push({
          id: e.args.proposalId.toString(),
          state,
          open: ["Pending", "Active", "Succeeded", "Queued"].includes(state),
          title: e.args.description.split("\n")[0],
        });
      }
    }
    if (book.has(IDS.farm)) {
      const farm = tc.CappedStakingRewards__factory.connect(book.get(IDS.farm), provider);
      report.farm = {
        stakingToken: await farm.stakingToken(),
        rewardsToken: await farm.rewardsToken(),
        periodFinish: Number(await farm.periodFinish()),
        rewardRate: (await farm.rewardRate()).toString(),
        totalStaked: (await farm.totalSupply()).toString(),
        rewardsHeld: (await token.balanceOf(await farm.getAddress())).toString(),
      };
    }
    if (book.has(IDS.vault)) {
      report.vault = { held: (await token.balanceOf(book.get(IDS.vault))).toString() };
    }

    if (args.json) {
      console.log(JSON.stringify(report, null, 2));
      return report;
    }

    const tokens = (wei: string | bigint) => formatTokens(BigInt(wei), { symbol });
    const share = (wei: string) => ((Number(BigInt(wei)) / Number(total || 1n)) * 100).toFixed(2);
    console.log(
      `network ${report.network} (chain ${report.chainId}), deployment ${deploymentId} (${book.dir}), ` +
        `block time ${formatTime(now, now)}`,
    );
    console.log("\n== Addresses");
    for (const [id, a] of Object.entries(report.addresses)) {
      console.log(`  ${id.padEnd(44)} ${a}`);
    }
    console.log("\n== Roles (holders replayed from RoleGranted/RoleRevoked, confirmed with hasRole)");
    for (const g of report.roles) {
      console.log(`  ${g.contract.padEnd(36)} ${g.role.padEnd(22)} ${g.holderName}`);
    }
    console.log(`\n== Supply split (total ${tokens(total)})`);
    for (const h of holders) {
      console.log(`  ${h.id.padEnd(44)} ${tokens(h.balance).padStart(24)} (${share(h.balance)}%)`);
    }
    console.log(
      `  ${"everyone else (deployer, pool users, claimants)".padEnd(44)} ${tokens(report.supply.everyoneElse).padStart(24)} ` +
        `(${share(report.supply.everyoneElse)}%)`,
    );
    if (report.proposals !== undefined) {
      console.log(`\n== Proposals (${report.proposals.length} created)`);
      for (const p of report.proposals) {
        console.log(`  ${p.open ? "open  " : "closed"} ${p.state.padEnd(9)} ${p.id} ${p.title}`);
      }
    }
    if (report.farm !== undefined) {
      const f = report.farm;
      console.log("\n== Farm");
      console.log(`  staking token ${f.stakingToken}, rewards token ${f.rewardsToken}`);
      const finish = BigInt(f.periodFinish);
      console.log(
        `  period ${finish > now ? `running until ${formatTime(finish, now)}` : finish === 0n ? "never started" : `ended at ${formatTime(finish, now)}`}`,
      );
      console.log(`  reward rate ${tokens(f.rewardRate)}/s, total staked ${formatTokens(BigInt(f.totalStaked))}`);
      console.log(`  rewards held ${tokens(f.rewardsHeld)}`);
    }
    if (report.vault !== undefined) {
      console.log("\n== Vesting vault");
      console.log(`  tokens held (unvested + vested unclaimed) ${tokens(report.vault.held)}`);
    }
    return report;
  });
