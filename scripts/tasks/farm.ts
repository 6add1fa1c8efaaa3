import { task, types } from "hardhat/config";
import fs from "node:fs";

interface Args {
  amount: string;
  viaProposal?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task("farm:fund", "Funds and starts a farm reward period: transfers the rewards to the farm, then notifyRewardAmount")
  .addParam("amount", "Rewards for the period, in whole tokens (e.g. 1000000 or 12.5)")
  .addOptionalParam("viaProposal", "Write a gov:propose description (the timelock funds and notifies) to this file")
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: Args, hre) => {
    const { tokenAmountField } = await import("../lib/fields");
    const { InputError } = await import("../lib/inputErrors");
    const parsed = tokenAmountField.safeParse(args.amount);
    if (!parsed.success) {
      throw new InputError("--amount", [{ line: 0, field: "amount", message: parsed.error.issues[0].message }]);
    }
    const amount = parsed.data;
    const { loadBook, IDS } = await import("../lib/taskContext");
    const { CappedStakingRewards__factory, CounterweightToken__factory } = await import("../../typechain-types");
    const book = await loadBook(hre, args.deploymentId);
    const [signer] = await hre.ethers.getSigners();
    const farmAddress = book.get(IDS.farm);
    const farm = CappedStakingRewards__factory.connect(farmAddress, signer);
    const token = CounterweightToken__factory.connect(await farm.rewardsToken(), signer);
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    const finish = await farm.periodFinish();
    if (finish > now) {
      console.log(
        `a reward period is running until ${finish} (now ${now}), rate ${await farm.rewardRate()}/s: nothing to send`,
      );
      return;
    }
    // The farm may already hold the rewards (the deployment moves `farmRewards` into it, or an
    // earlier interrupted run transferred them): then only notifyRewardAmount is needed.
    const held = await token.balanceOf(farmAddress);
    const needTransfer = held < amount;
    if (!needTransfer) {
      console.log(`the farm already holds ${held} ≥ ${amount}: no transfer needed`);
    }
    if (args.viaProposal !== undefined) {
      const { formatProposal } = await import("../lib/proposal");
      const proposal = formatProposal(`Start a farm reward period of ${args.amount} tokens`, [
        ...(needTransfer ? [{ contract: IDS.token, method: "transfer", args: [farmAddress, amount] }] : []),
        { contract: IDS.farm, method: "notifyRewardAmount", args: [amount] },
      ]);
      if (args.dryRun) {
        console.log(`dry run: would write ${args.viaProposal}:\n${proposal}`);
      } else {
        fs.writeFileSync(args.viaProposal, proposal);
        console.log(`wrote ${args.viaProposal}; submit it with: npx hardhat gov:propose --file ${args.viaProposal}`);
      }
      return;
    }
    const { runPlan } = await import("../lib/plan");
    if (!(await farm.hasRole(await farm.REWARDS_DISTRIBUTOR_ROLE(), signer.address))) {
      throw new Error(
        `${signer.address} does not hold REWARDS_DISTRIBUTOR_ROLE on the farm (the timelock does): use --via-proposal`,
      );
    }
    const calls = [];
    if (needTransfer) {
      const balance = await token.balanceOf(signer.address);
      if (balance < amount) {
        throw new Error(`${signer.address} holds ${balance}, needs ${amount}`);
      }
      calls.push({
        label: "Token.transfer",
        to: await token.getAddress(),
        value: 0n,
        data: token.interface.encodeFunctionData("transfer", [farmAddress, amount]),
        args: [farmAddress, amount],
      });
    }
    calls.push({
      label: "Farm.notifyRewardAmount",
      to: farmAddress,
      value: 0n,
      data: farm.interface.encodeFunctionData("notifyRewardAmount", [amount]),
      args: [amount],
    });
    await runPlan(calls, { dryRun: args.dryRun, signer });
  });
