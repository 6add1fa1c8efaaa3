import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  deploy,
  DeploymentResultType,
  type DeploymentParameters,
  type IgnitionModule,
  type IgnitionModuleResult,
} from "@nomicfoundation/ignition-core";
import {
  errorDeploymentResultToExceptionMessage,
  HardhatArtifactResolver,
} from "@nomicfoundation/hardhat-ignition/helpers";

/**
 * Deploys `module` through Ignition with an in-memory journal on every network, and returns the
 * address of each of the module's results by name.
 *
 * `hre.ignition.deploy` journals into deploy/deployments/chain-<id> on any network but the
 * in-process `hardhat` one. On `--network localhost` the simulator would then share one journal
 * with the operator's localhost deployment and with its own earlier deploys: after a scenario's
 * evm_revert (the mining sybil variants redeploy on the same starting chain), Ignition finds every
 * future of the journal complete and returns the addresses of contracts that the revert removed,
 * so the first call on them answers `0x`. A simulation's deployments are throw-away and are
 * reverted, so none of them is journalled to disk, as on the in-process chain.
 */
export async function deployInMemory<R extends IgnitionModuleResult<string>>(
  hre: HardhatRuntimeEnvironment,
  module: IgnitionModule<string, string, R>,
  parameters: DeploymentParameters,
): Promise<Record<keyof R, string>> {
  const network = hre.network.name;
  const accounts = (await hre.network.provider.request({ method: "eth_accounts" })) as string[];
  const result = await deploy({
    config: hre.config.ignition,
    provider: hre.network.provider,
    artifactResolver: new HardhatArtifactResolver(hre),
    deploymentDir: undefined,
    ignitionModule: module,
    deploymentParameters: parameters,
    accounts,
    maxFeePerGasLimit: hre.config.networks[network]?.ignition.maxFeePerGasLimit,
    maxPriorityFeePerGas: hre.config.networks[network]?.ignition.maxPriorityFeePerGas,
    maxRetries: hre.config.ignition.maxRetries,
    retryInterval: hre.config.ignition.retryInterval,
  });
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
    throw new Error(`${module.id}: ${errorDeploymentResultToExceptionMessage(result)}`);
  }
  const out: Partial<Record<keyof R, string>> = {};
  for (const [name, future] of Object.entries(module.results) as [keyof R, R[keyof R]][]) {
    out[name] = result.contracts[future.id].address;
  }
  return out as Record<keyof R, string>;
}
