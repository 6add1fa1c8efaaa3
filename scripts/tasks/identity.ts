import { task, types } from "hardhat/config";
import fs from "node:fs";

interface Args {
  csv: string;
  out?: string;
  apply: boolean;
  viaProposal?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "identity:merkle",
  "Builds the identity Merkle tree from a CSV of humanId,account; optionally sets or proposes its root",
)
  .addParam("csv", "CSV file with a header line `humanId,account` (humanId: bytes32 hex or decimal integer)")
  .addOptionalParam("out", "Proofs file to write (default: <csv>.proofs.json)")
  .addFlag("apply", "Set the root directly (the signer must hold GOVERNOR_ROLE: test deployments only)")
  .addOptionalParam("viaProposal", "Write a gov:propose description that sets the root, to this JSON file")
  .addFlag("dryRun", "Validate and print what would be sent or written, send and write nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: Args, hre) => {
    const { readCsv } = await import("../lib/csvRows");
    const { duplicateProblems, InputError } = await import("../lib/inputErrors");
    const { buildIdentityTree, identityRowSchema } = await import("../lib/identityTree");

    const rows = readCsv(args.csv, identityRowSchema);
    const dupes = [
      ...duplicateProblems(rows, "humanId", (v) => v.humanId),
      ...duplicateProblems(rows, "account", (v) => v.account),
    ];
    if (dupes.length > 0) {
      throw new InputError(args.csv, dupes);
    }
    const proofs = buildIdentityTree(rows.map((r) => r.value));
    const out = args.out ?? `${args.csv}.proofs.json`;
    const text = `${JSON.stringify(proofs, null, 2)}\n`;
    const same = fs.existsSync(out) && fs.readFileSync(out, "utf8") === text;
    console.log(`${proofs.count} identities, root ${proofs.root}`);
    if (args.dryRun) {
      console.log(same ? `${out} already up to date` : `dry run: would write ${out}`);
    } else if (!same) {
      fs.writeFileSync(out, text);
      console.log(`wrote ${out}`);
    } else {
      console.log(`${out} already up to date`);
    }
    if (!args.apply && args.viaProposal === undefined) {
      return;
    }

    const { ensureCompiled } = await import("../lib/build");
    await ensureCompiled(hre);
    const { loadBook, resolveDeploymentId, IDS } = await import("../lib/taskContext");
    const { followUp } = await import("../lib/display");
    const { IdentityRegistry__factory } = await import("../../typechain-types");
    const deploymentId = await resolveDeploymentId(hre, args.deploymentId);
    const book = await loadBook(hre, deploymentId);
    const [signer] = await hre.ethers.getSigners();
    const registry = IdentityRegistry__factory.connect(book.get(IDS.registry), signer);
    const current = await registry.merkleRoot();
    if (current === proofs.root) {
      console.log(`the registry's root is already ${proofs.root}: nothing to send`);
      return;
    }
    if (args.viaProposal !== undefined) {
      const { formatProposal, writeProposalFile } = await import("../lib/proposal");
      const proposal = formatProposal(`Set the identity Merkle root to ${proofs.root} (${proofs.count} identities)`, [
        { contract: IDS.registry, method: "setMerkleRoot", args: [proofs.root] },
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
    const { TaskError } = await import("../lib/inputErrors");
    const role = await registry.GOVERNOR_ROLE();
    if (!(await registry.hasRole(role, signer.address))) {
      throw new TaskError(
        `${signer.address} does not hold GOVERNOR_ROLE on the registry (the timelock does): use --via-proposal`,
      );
    }
    await runPlan(
      [
        {
          label: "IdentityRegistry.setMerkleRoot",
          to: await registry.getAddress(),
          value: 0n,
          data: registry.interface.encodeFunctionData("setMerkleRoot", [proofs.root]),
          args: [proofs.root],
        },
      ],
      { dryRun: args.dryRun, signer },
    );
  });
