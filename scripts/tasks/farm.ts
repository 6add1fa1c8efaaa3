import { task, types } from "hardhat/config";

interface Args {
  amount: string;
  viaProposal?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "farm:fund",
  "Funds and starts a farm reward period: tops the farm's free reward balance up to the amount, then notifyRewardAmount",
)
  .addParam("amount", "Rewards for the period, in whole tokens (e.g. 1000000 or 12.5)")
  .addOptionalParam("viaProposal", "Write a gov:propose description (the timelock funds and notifies) to this file")
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: Args, hre) => {
    const { tokenAmountField } = await import("../lib/fields");
    const { paramError } = await import("../lib/inputErrors");
    const parsed = tokenAmountField.safeParse(args.amount);
    if (!parsed.success) {
      throw paramError("amount", `${args.amount}: ${parsed.error.issues[0].message}`);
    }
    const amount = parsed.data;
    const { ensureCompiled } = await import("../lib/build");
    await ensureCompiled(hre);
    const { loadBook, resolveDeploymentId, IDS } = await import("../lib/taskContext");
    const { followUp, formatTime, formatTokens } = await import("../lib/display");
    const { TaskError } = await import("../lib/inputErrors");
    const { CappedStakingRewards__factory, CounterweightToken__factory } = await import("../../typechain-types");
    const deploymentId = await resolveDeploymentId(hre, args.deploymentId);
    const book = await loadBook(hre, deploymentId);
    const [signer] = await hre.ethers.getSigners();
    const farmAddress = book.get(IDS.farm);
    const farm = CappedStakingRewards__factory.connect(farmAddress, signer);
    const token = CounterweightToken__factory.connect(await farm.rewardsToken(), signer);
    const symbol = await token.symbol();
    const tokens = (wei: bigint) => formatTokens(wei, { symbol });
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    const finish = await farm.periodFinish();
    if (finish > now) {
      console.log(
        `a reward period is running until ${formatTime(finish, now)}, ` +
          `rate ${tokens(await farm.rewardRate())}/s: nothing to send`,
      );
      return;
    }
    // The farm may already hold the rewards (the deployment moves `farmRewards` into it, or an
    // earlier interrupted run transferred them): then only notifyRewardAmount is needed. Only the
    // free part of its balance counts: rewards already promised (earned and unclaimed, carried, or
    // still streaming) and, with one token for both, staked principal are not free; the farm's
    // notifyRewardAmount refuses a period they would have to fund.
    const held = await token.balanceOf(farmAddress);
    const promised = await farm.rewardsOutstanding();
    const sameToken = (await farm.stakingToken()) === (await token.getAddress());
    const locked = promised + (sameToken ? await farm.totalSupply() : 0n);
    const free = held > locked ? held - locked : 0n;
    const shortfall = free < amount ? amount - free : 0n;
    const needTransfer = shortfall > 0n;
    console.log(
      `the farm holds ${tokens(held)}, of which ${tokens(promised)} already promised to stakers` +
        `${sameToken ? ` and ${tokens(locked - promised)} staked` : ""}; free ${tokens(free)}`,
    );
    if (!needTransfer) console.log(`free ${tokens(free)} ≥ ${tokens(amount)}: no transfer needed`);
    if (args.viaProposal !== undefined) {
      const { formatProposal, writeProposalFile } = await import("../lib/proposal");
      const proposal = formatProposal(`Start a farm reward period of ${args.amount} tokens`, [
        ...(needTransfer ? [{ contract: IDS.token, method: "transfer", args: [farmAddress, shortfall] }] : []),
        { contract: IDS.farm, method: "notifyRewardAmount", args: [amount] },
      ]);
      writeProposalFile(
        args.viaProposal,
        proposal,
        args.dryRun,
        followUp(hre, "gov:propose", { file: args.viaProposal }, deploymentId),
      );
      return;
    }
    const { runPlan } = await import("../lib/plan");
    if (!(await farm.hasRole(await farm.REWARDS_DISTRIBUTOR_ROLE(), signer.address))) {
      throw new TaskError(
        `${signer.address} does not hold REWARDS_DISTRIBUTOR_ROLE on the farm (the timelock does): use --via-proposal`,
      );
    }
    const calls = [];
    if (needTransfer) {
      const balance = await token.balanceOf(signer.address);
      if (balance < shortfall) {
        throw new TaskError(
          `${signer.address} holds ${tokens(balance)}, the transfer needs ${tokens(shortfall)}: nothing was sent`,
        );
      }
      calls.push({
        label: "Token.transfer",
        to: await token.getAddress(),
        value: 0n,
        data: token.interface.encodeFunctionData("transfer", [farmAddress, shortfall]),
        args: [farmAddress, shortfall],
        note: `move ${tokens(shortfall)} to the farm`,
      });
    }
    calls.push({
      label: "Farm.notifyRewardAmount",
      to: farmAddress,
      value: 0n,
      data: farm.interface.encodeFunctionData("notifyRewardAmount", [amount]),
      args: [amount],
      note: `start a period paying ${tokens(amount)}`,
    });
    await runPlan(calls, { dryRun: args.dryRun, signer });
  });
