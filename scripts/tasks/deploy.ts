import { task, types } from "hardhat/config";

interface Args {
  parameters: string;
  deploymentId?: string;
  dryRun: boolean;
  writeLocalhostDeployment: boolean;
  yes: boolean;
  quiet: boolean;
}

task(
  "cw:deploy",
  "Validates a parameters file, then deploys the Counterweight suite with Ignition (resumable; a re-run sends nothing)",
)
  .addParam("parameters", "Parameters file, e.g. deploy/parameters/localhost.json (see docs/deploying.md)")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .addFlag("dryRun", "Validate the file and the chain, print what would be deployed, send and write nothing")
  .addFlag(
    "writeLocalhostDeployment",
    "On the in-process hardhat network, journal into deploy/deployments/<id> anyway (as Ignition's flag)",
  )
  .addFlag("yes", "Do not ask for confirmation on a chain other than 31337")
  .addFlag("quiet", "Print the summary only, not Ignition's progress")
  .setAction(async (args: Args, hre) => {
    const { deploySuite, summary } = await import("../lib/deploySuite");
    const result = await deploySuite(hre, {
      parameters: args.parameters,
      deploymentId: args.deploymentId,
      dryRun: args.dryRun,
      writeLocalhostDeployment: args.writeLocalhostDeployment,
      yes: args.yes,
      quiet: args.quiet,
      log: (line) => console.log(line),
    });
    if (!result.dryRun) {
      console.log(summary(hre, result, result.parameters.Token.symbol).join("\n"));
    }
    return result;
  });
