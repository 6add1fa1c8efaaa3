import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  deploy,
  DeploymentResultType,
  type Artifact,
  type ArtifactResolver,
  type BuildInfo,
  type DeploymentParameters,
  type IgnitionModule,
  type IgnitionModuleResult,
} from "@nomicfoundation/ignition-core";
import {
  errorDeploymentResultToExceptionMessage,
  HardhatArtifactResolver,
} from "@nomicfoundation/hardhat-ignition/helpers";

/**
 * The artifact resolver of an in-memory deployment. Ignition asks the resolver for every deployed
 * contract's build info only to store it in the deployment's journal; with no deployment directory
 * the journal discards it, yet Hardhat's resolver reads and parses the whole build-info file (every
 * source and output of the project, tens of MB) each time. So this resolver answers `undefined`
 * (which Ignition accepts: nothing is stored) and reads each artifact once per run.
 */
export class InMemoryArtifactResolver implements ArtifactResolver {
  private readonly artifacts = new Map<string, Promise<Artifact>>();
  private readonly inner: HardhatArtifactResolver;

  constructor(hre: HardhatRuntimeEnvironment) {
    this.inner = new HardhatArtifactResolver(hre);
  }

  loadArtifact(contractName: string): Promise<Artifact> {
    let artifact = this.artifacts.get(contractName);
    if (artifact === undefined) {
      artifact = this.inner.loadArtifact(contractName);
      this.artifacts.set(contractName, artifact);
      // A failed read is not cached: the next call reads again and reports its own error.
      artifact.catch(() => this.artifacts.delete(contractName));
    }
    return artifact;
  }

  getBuildInfo(_contractName: string): Promise<BuildInfo | undefined> {
    return Promise.resolve(undefined);
  }
}

/** One resolver per runtime environment, so its artifacts are read once per run. */
const resolvers = new WeakMap<HardhatRuntimeEnvironment, InMemoryArtifactResolver>();

function resolverFor(hre: HardhatRuntimeEnvironment): InMemoryArtifactResolver {
  let resolver = resolvers.get(hre);
  if (resolver === undefined) {
    resolver = new InMemoryArtifactResolver(hre);
    resolvers.set(hre, resolver);
  }
  return resolver;
}

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
    artifactResolver: resolverFor(hre),
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
