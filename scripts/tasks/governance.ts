import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { followUp, formatCount, formatTime, formatTokens } from "../lib/display";
import { TaskError } from "../lib/inputErrors";

interface Args {
  file: string;
  dryRun: boolean;
  deploymentId?: string;
}

/** IGovernor.ProposalState names, by value. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

async function load(hre: HardhatRuntimeEnvironment, args: Args) {
  const { readProposal, resolveProposal } = await import("../lib/proposal");
  const { loadBook, resolveDeploymentId, IDS } = await import("../lib/taskContext");
  const { ensureCompiled } = await import("../lib/build");
  const input = readProposal(args.file);
  await ensureCompiled(hre);
  const { CounterweightGovernor__factory } = await import("../../typechain-types");
  const deploymentId = await resolveDeploymentId(hre, args.deploymentId);
  const book = await loadBook(hre, deploymentId);
  const proposal = resolveProposal(input, book, args.file);
  const [signer] = await hre.ethers.getSigners();
  const governor = CounterweightGovernor__factory.connect(book.get(IDS.governor), signer);
  const id = await governor.hashProposal(
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    proposal.descriptionHash,
  );
  const exists = (await governor.proposalSnapshot(id)) !== 0n;
  const state = exists ? PROPOSAL_STATES[Number(await governor.state(id))] : undefined;
  console.log(`proposal ${id.toString()}: ${state ?? "not yet proposed"}`);
  proposal.labels.forEach((l, i) => console.log(`  action ${i + 1}: ${l}`));
  const next = (taskName: string) => followUp(hre, taskName, { file: args.file }, deploymentId);
  return { proposal, governor, signer, id, state, next };
}

/** The governor's clock as a time: block numbers (ERC-6372 "mode=blocknumber") or timestamps. */
async function clockInfo(governor: { CLOCK_MODE(): Promise<string>; clock(): Promise<bigint> }) {
  return { timestamps: (await governor.CLOCK_MODE()).includes("timestamp"), now: await governor.clock() };
}

function withCommon(name: string, description: string) {
  return task(name, description)
    .addParam("file", "Proposal JSON: { description, actions: [{ contract|target, method+args | calldata, value? }] }")
    .addFlag("dryRun", "Validate and print what would be sent, send nothing")
    .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string);
}

withCommon(
  "gov:propose",
  "Creates a governance proposal from a JSON description (skips it if already proposed)",
).setAction(async (args: Args, hre) => {
  const { runPlan } = await import("../lib/plan");
  const { proposal, governor, signer, state, next, id } = await load(hre, args);
  if (state !== undefined) {
    console.log("already proposed (the id is the hash of the actions and description): nothing to send");
    await printVoting(governor, id, next);
    return;
  }
  const threshold = await governor.proposalThreshold();
  const votes = await governor.getVotes(signer.address, (await governor.clock()) - 1n);
  if (votes < threshold) {
    throw new TaskError(
      `${signer.address} has ${formatTokens(votes)} votes, below the proposal threshold ${formatTokens(threshold)}: ` +
        "register an identity and delegate (votes count from the block after delegating)",
    );
  }
  const args4: [string[], bigint[], string[], string] = [
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    proposal.description,
  ];
  await runPlan(
    [
      {
        label: "Governor.propose",
        to: await governor.getAddress(),
        value: 0n,
        data: governor.interface.encodeFunctionData("propose", args4),
        args: args4,
      },
    ],
    { dryRun: args.dryRun, signer },
  );
  if (!args.dryRun) {
    await printVoting(governor, id, next);
  }
});

/** When voting opens and closes, and the command that queues the proposal afterwards. */
async function printVoting(
  governor: Awaited<ReturnType<typeof load>>["governor"],
  id: bigint,
  next: (taskName: string) => string,
): Promise<void> {
  const { timestamps, now } = await clockInfo(governor);
  const snapshot = await governor.proposalSnapshot(id);
  const deadline = await governor.proposalDeadline(id);
  const at = (t: bigint) => (timestamps ? formatTime(t, now) : `block ${formatCount(t)} (now ${formatCount(now)})`);
  console.log(
    `voting opens after ${at(snapshot)} and closes at ${at(deadline)}; once it has succeeded:\n  ${next("gov:queue")}`,
  );
}

withCommon("gov:queue", "Queues a succeeded proposal in the timelock (skips it if already queued)").setAction(
  async (args: Args, hre) => {
    const { runPlan } = await import("../lib/plan");
    const { proposal, governor, signer, state, next, id } = await load(hre, args);
    if (state === "Queued" || state === "Executed") {
      console.log("already queued: nothing to send");
      return;
    }
    if (state !== "Succeeded") {
      throw new TaskError(
        `only a Succeeded proposal can be queued (state: ${state ?? "not proposed"})` +
          (state === undefined ? `; propose it first:\n  ${next("gov:propose")}` : ""),
      );
    }
    const a: [string[], bigint[], string[], string] = [
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      proposal.descriptionHash,
    ];
    const data = governor.interface.encodeFunctionData("queue", a);
    await runPlan([{ label: "Governor.queue", to: await governor.getAddress(), value: 0n, data, args: a }], {
      dryRun: args.dryRun,
      signer,
    });
    if (!args.dryRun) {
      const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
      const eta = await governor.proposalEta(id);
      console.log(`executable from ${formatTime(eta, now)}:\n  ${next("gov:execute")}`);
    }
  },
);

withCommon(
  "gov:execute",
  "Executes a queued proposal once its timelock delay has passed (skips it if executed)",
).setAction(async (args: Args, hre) => {
  const { runPlan } = await import("../lib/plan");
  const { proposal, governor, signer, state, id, next } = await load(hre, args);
  if (state === "Executed") {
    console.log("already executed: nothing to send");
    return;
  }
  if (state !== "Queued") {
    throw new TaskError(
      `only a Queued proposal can be executed (state: ${state ?? "not proposed"})` +
        (state === "Succeeded" ? `; queue it first:\n  ${next("gov:queue")}` : ""),
    );
  }
  const eta = await governor.proposalEta(id);
  const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
  if (now < eta) {
    throw new TaskError(`the timelock delay ends at ${formatTime(eta, now)}: nothing was sent`);
  }
  const value = proposal.values.reduce((s, v) => s + v, 0n);
  const a: [string[], bigint[], string[], string] = [
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    proposal.descriptionHash,
  ];
  const data = governor.interface.encodeFunctionData("execute", a);
  await runPlan([{ label: "Governor.execute", to: await governor.getAddress(), value, data, args: a }], {
    dryRun: args.dryRun,
    signer,
  });
});
