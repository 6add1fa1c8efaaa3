import fs from "node:fs";
import path from "node:path";
import readline from "node:readline/promises";
import { formatUnits, Interface, ZeroAddress, ZeroHash } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  deploy,
  DeploymentResultType,
  type BatchInitializeEvent,
  type DeploymentParameters,
  type ExecutionEventListener,
  type IgnitionModule,
} from "@nomicfoundation/ignition-core";
import {
  errorDeploymentResultToExceptionMessage,
  HardhatArtifactResolver,
  PrettyEventHandler,
} from "@nomicfoundation/hardhat-ignition/helpers";
import CounterweightModule from "../../deploy/modules/Counterweight";
import LocalEASModule from "../../deploy/modules/LocalEAS";
import LocalUniswapModule from "../../deploy/modules/LocalUniswap";
import { defaultDeploymentId, deploymentDir as dirOf } from "./addressBook";
import { TaskError } from "./inputErrors";
import {
  formatParameterProblems,
  LOCAL_CHAIN_ID,
  LOCAL_REFERENCES,
  localModulesUsed,
  resolveReferences,
  validateParameters,
  humanSeconds,
  type ParameterProblem,
  type SuiteParameters,
} from "./deployParameters";

/** A deployment refused before anything was sent: printed without a stack trace. */
export class DeployError extends TaskError {
  constructor(
    message: string,
    readonly problems: readonly ParameterProblem[] = [],
  ) {
    super(message);
  }
}

export interface DeploySuiteOptions {
  parameters: string;
  deploymentId?: string;
  dryRun: boolean;
  /** On the in-process `hardhat` network, journal into deploy/deployments/<id> anyway (as Ignition's flag). */
  writeLocalhostDeployment: boolean;
  /** Skip the confirmation prompt on a chain other than 31337 (HARDHAT_IGNITION_CONFIRM_DEPLOYMENT does too). */
  yes: boolean;
  /** Print only the summary, not Ignition's progress display. */
  quiet: boolean;
  log: (line: string) => void;
}

export interface DeploySuiteResult {
  deploymentId: string;
  chainId: bigint;
  /** Where the journal is; undefined on the in-process network without writeLocalhostDeployment. */
  deploymentDir: string | undefined;
  /** Future id → address, every module of the deployment. */
  addresses: Record<string, string>;
  /** The Ignition parameters used (local references resolved). */
  parameters: SuiteParameters;
  /** Futures executed by this run (0: nothing was sent). */
  executed: number;
  dryRun: boolean;
}

/** Reads and validates the file; the only errors are DeployErrors naming file, key and problem. */
export function loadParametersFile(file: string, chainId: bigint): SuiteParameters {
  if (!fs.existsSync(file)) {
    throw new DeployError(`file not found: ${file}`);
  }
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DeployError(`${file} is not valid JSON: ${(e as Error).message}, nothing was sent`);
  }
  const v = validateParameters(raw, { text, chainId });
  if (!v.ok) {
    throw new DeployError(formatParameterProblems(file, v.problems), v.problems);
  }
  return v.parameters;
}

const CODE_CHECKS: { key: string; get: (p: SuiteParameters) => string; what: string }[] = [
  { key: "Farm.uniswapV2Factory", get: (p) => p.Farm.uniswapV2Factory, what: "the Uniswap V2 factory" },
  { key: "Farm.weth", get: (p) => p.Farm.weth, what: "WETH" },
  { key: "Identity.eas", get: (p) => p.Identity.eas, what: "the EAS contract" },
];

const EAS_ABI = new Interface(["function getSchemaRegistry() view returns (address)"]);
const SCHEMA_REGISTRY_ABI = new Interface([
  "function getSchema(bytes32 uid) view returns ((bytes32 uid, address resolver, bool revocable, string schema))",
]);

/**
 * What the chain must already hold for the file to deploy: code at every external address, the
 * EAS schema registered, ETH for gas. Local references are checked after their module is deployed.
 */
async function chainProblems(hre: HardhatRuntimeEnvironment, p: SuiteParameters, deployer: string): Promise<string[]> {
  const provider = hre.ethers.provider;
  const out: string[] = [];
  const refs = Object.values(LOCAL_REFERENCES) as string[];
  for (const c of CODE_CHECKS) {
    const a = c.get(p);
    if (refs.includes(a) || a === ZeroAddress) continue;
    if ((await provider.getCode(a)) === "0x") {
      out.push(`${c.key}: no contract at ${a} on ${hre.network.name}: not ${c.what} of this chain`);
    }
  }
  const eas = p.Identity.eas;
  if (!refs.includes(eas) && eas !== ZeroAddress && out.length === 0) {
    try {
      const [registry] = EAS_ABI.decodeFunctionResult(
        "getSchemaRegistry",
        await provider.call({ to: eas, data: EAS_ABI.encodeFunctionData("getSchemaRegistry") }),
      ) as unknown as [string];
      const [record] = SCHEMA_REGISTRY_ABI.decodeFunctionResult(
        "getSchema",
        await provider.call({
          to: registry,
          data: SCHEMA_REGISTRY_ABI.encodeFunctionData("getSchema", [p.Identity.schema]),
        }),
      ) as unknown as [{ uid: string }];
      if (record.uid === ZeroHash) {
        out.push(
          `Identity.schema: ${p.Identity.schema} is not registered in the SchemaRegistry (${registry}) of Identity.eas: register "bytes32 humanId" (resolver 0x0, revocable) first`,
        );
      }
    } catch {
      out.push(`Identity.eas: ${eas} does not answer getSchemaRegistry(): not an EAS contract`);
    }
  }
  if ((await provider.getBalance(deployer)) === 0n) {
    out.push(`the deployer ${deployer} has no ETH on ${hre.network.name} to pay for gas`);
  }
  return out;
}

/** Hardhat chains: a journal from another node instance describes contracts this chain never had. */
async function staleLocalJournal(hre: HardhatRuntimeEnvironment, id: string, dir: string): Promise<boolean> {
  const file = path.join(hre.config.paths.cache, ".hardhat-network-instances.json");
  const known = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
  const { instanceId } = (await hre.network.provider.request({ method: "hardhat_metadata" })) as { instanceId: string };
  return fs.existsSync(dir) && known[id] !== instanceId;
}

async function recordLocalInstance(hre: HardhatRuntimeEnvironment, id: string): Promise<void> {
  const file = path.join(hre.config.paths.cache, ".hardhat-network-instances.json");
  const known = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
  const { instanceId } = (await hre.network.provider.request({ method: "hardhat_metadata" })) as { instanceId: string };
  known[id] = instanceId;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(known, null, 2)}\n`);
}

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Local deployment ids that .gitignore keeps out of the repository (see docs/deploying.md). */
export function isLocalDeploymentId(id: string): boolean {
  return id === `chain-${LOCAL_CHAIN_ID}` || /^(local|e2e|test)-/.test(id);
}

function tokens(wei: bigint): string {
  const [whole, frac] = formatUnits(wei, 18).split(".");
  const grouped = BigInt(whole).toLocaleString("en-US");
  return frac === "0" ? grouped : `${grouped}.${frac}`;
}

/** The values the file deploys, in units a reviewer reads. */
function describeParameters(p: SuiteParameters): string[] {
  const t = p.Token;
  return [
    `  Token        ${t.name} (${t.symbol}), supply ${tokens(t.supply)}: treasury ${tokens(t.treasury)}, farm ${tokens(t.farmRewards)}, vesting ${tokens(t.vesting)}, liquidity ${tokens(t.liquidity)}`,
    `  Identity     EAS ${p.Identity.eas === ZeroAddress ? "none (Merkle list only)" : `${p.Identity.eas}, schema ${p.Identity.schema}`}`,
    `  Governance   voting delay ${humanSeconds(p.Governance.votingDelay)}, period ${humanSeconds(p.Governance.votingPeriod)}, threshold ${tokens(p.Governance.proposalThreshold)} ${t.symbol}, quorum ${p.Governance.quorumIdentities} identities, late-quorum extension ${humanSeconds(p.Governance.lateQuorumExtension)}`,
    `  Vesting      ${p.Vesting.policies.map((q, i) => `category ${i}: cliff ≥ ${humanSeconds(q.minCliff)}, duration ≥ ${humanSeconds(q.minDuration)}, ${q.revocable ? "revocable" : "irrevocable"}`).join("; ")}`,
    `  Farm         factory ${p.Farm.uniswapV2Factory}, WETH ${p.Farm.weth}, cap ${tokens(p.Farm.cap)} LP, slope ${formatUnits(p.Farm.slope, 18)}, unverified cap ${tokens(p.Farm.unverifiedCap)} LP, period ${humanSeconds(p.Farm.rewardsDuration)}, extra distributor ${p.Farm.distributor ?? "none"}`,
    `  Counterweight timelock delay ${humanSeconds(p.Counterweight.timelockMinDelay)}, identity root ${p.Counterweight.identityRoot}`,
  ];
}

/**
 * `cw:deploy`: validate the parameters file (and what the chain must hold) before the first
 * transaction, then run the Ignition deployment of deploy/modules/Counterweight.ts — after the
 * LocalUniswap / LocalEAS stand-ins when the file names their futures — under one deployment id.
 */
export async function deploySuite(hre: HardhatRuntimeEnvironment, o: DeploySuiteOptions): Promise<DeploySuiteResult> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const network = hre.network.name;
  const parsed = loadParametersFile(o.parameters, chainId);
  const deploymentId = o.deploymentId ?? defaultDeploymentId(chainId);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(deploymentId)) {
    throw new DeployError(`--deployment-id ${deploymentId}: use letters, digits, - and _ only`);
  }
  const ephemeral = network === "hardhat" && !o.writeLocalhostDeployment;
  const deploymentDir = ephemeral ? undefined : dirOf(hre.config.paths.ignition, deploymentId);
  const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as string[];
  if (deployer === undefined) {
    throw new DeployError(`network ${network} has no account to deploy from (npx hardhat vars set CW_DEPLOYER_KEY)`);
  }
  const problems = await chainProblems(hre, parsed, deployer);
  if (problems.length > 0) {
    throw new DeployError(
      `${problems.length === 1 ? "1 problem" : `${problems.length} problems`} with ${o.parameters} on ${network} (chain ${chainId}), nothing was sent:\n${problems.map((q) => `  ${q}`).join("\n")}`,
    );
  }
  const stale =
    deploymentDir !== undefined &&
    chainId === LOCAL_CHAIN_ID &&
    (await staleLocalJournal(hre, deploymentId, deploymentDir));
  const local = localModulesUsed(parsed);

  o.log(`${o.parameters}: valid. Deploying to ${network} (chain ${chainId}) from ${deployer}:`);
  for (const line of describeParameters(parsed)) o.log(line);
  const stages = [
    ...(local.uniswap ? ["LocalUniswap (UniswapV2Factory + WETH stand-in)"] : []),
    ...(local.eas ? ['LocalEAS (SchemaRegistry + EAS, schema "bytes32 humanId")'] : []),
    "Counterweight (Token, Identity, Governance, Vesting, Farm, genesis batch)",
  ];
  o.log(`Modules: ${stages.join(" → ")}`);
  o.log(
    deploymentDir === undefined
      ? `Deployment ${deploymentId}: in memory only (the in-process hardhat network; use --network localhost, or --write-localhost-deployment)`
      : `Deployment ${deploymentId}: ${path.relative(process.cwd(), deploymentDir) || deploymentDir}${stale ? " (journal from an earlier node instance: starting afresh)" : fs.existsSync(deploymentDir) ? " (resuming: only what is missing is sent)" : ""}`,
  );
  if (chainId === LOCAL_CHAIN_ID && deploymentDir !== undefined && !isLocalDeploymentId(deploymentId)) {
    o.log(
      `note: ${deploymentId} on chain ${LOCAL_CHAIN_ID} is not gitignored; local ids are chain-31337, local-*, e2e-*, test-* (docs/deploying.md)`,
    );
  }
  if (o.dryRun) {
    o.log("dry run: nothing sent, nothing written");
    return { deploymentId, chainId, deploymentDir, addresses: {}, parameters: parsed, executed: 0, dryRun: true };
  }
  if (chainId !== LOCAL_CHAIN_ID && !o.yes && process.env.HARDHAT_IGNITION_CONFIRM_DEPLOYMENT === undefined) {
    if (!(await confirm(`Deploy to ${network} (chain ${chainId})?`))) {
      throw new DeployError("deployment cancelled, nothing was sent");
    }
  }
  if (stale && deploymentDir !== undefined) {
    fs.rmSync(deploymentDir, { recursive: true, force: true });
  }
  if (deploymentDir !== undefined && chainId === LOCAL_CHAIN_ID) {
    await recordLocalInstance(hre, deploymentId);
  }

  await hre.run("compile", { quiet: true });
  const accounts = (await hre.network.provider.request({ method: "eth_accounts" })) as string[];
  let executed = 0;
  const addresses: Record<string, string> = {};
  const run = async (module: IgnitionModule, parameters: DeploymentParameters) => {
    // Ignition's own progress display (as its CLI shows it), or, with --quiet, a listener that
    // ignores every event; either way the batches tell how many futures this run executes.
    const ui: ExecutionEventListener = o.quiet
      ? new Proxy({} as ExecutionEventListener, { get: () => () => undefined })
      : new PrettyEventHandler(parameters);
    const listener: ExecutionEventListener = new Proxy(ui, {
      get: (target, key: keyof ExecutionEventListener) => {
        if (key === "batchInitialize") {
          return (event: BatchInitializeEvent) => {
            executed += event.batches.flat().length;
            target.batchInitialize(event);
          };
        }
        const value: unknown = target[key];
        return typeof value === "function" ? (value as (...a: unknown[]) => void).bind(target) : value;
      },
    });
    const result = await deploy({
      config: hre.config.ignition,
      provider: hre.network.provider,
      executionEventListener: listener,
      artifactResolver: new HardhatArtifactResolver(hre),
      deploymentDir,
      ignitionModule: module,
      deploymentParameters: parameters,
      accounts,
      maxFeePerGasLimit: hre.config.networks[network]?.ignition.maxFeePerGasLimit,
      maxFeePerGas: hre.config.networks[network]?.ignition.maxFeePerGas,
      maxPriorityFeePerGas: hre.config.networks[network]?.ignition.maxPriorityFeePerGas,
      gasPrice: hre.config.networks[network]?.ignition.gasPrice,
      disableFeeBumping:
        hre.config.ignition.disableFeeBumping ?? hre.config.networks[network]?.ignition.disableFeeBumping,
      maxRetries: hre.config.ignition.maxRetries,
      retryInterval: hre.config.ignition.retryInterval,
    });
    if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
      throw new DeployError(`${module.id}: ${errorDeploymentResultToExceptionMessage(result)}`);
    }
    for (const [futureId, c] of Object.entries(result.contracts)) addresses[futureId] = c.address;
  };

  if (local.uniswap) await run(LocalUniswapModule, {});
  if (local.eas) await run(LocalEASModule, {});
  const parameters = resolveReferences(parsed, addresses);
  await run(CounterweightModule, parameters as unknown as DeploymentParameters);
  return { deploymentId, chainId, deploymentDir, addresses, parameters, executed, dryRun: false };
}

/** The closing summary: every address, then the commands that operate this deployment. */
export function summary(hre: HardhatRuntimeEnvironment, r: DeploySuiteResult, symbol: string): string[] {
  const net = `--network ${hre.network.name}`;
  const id = `--deployment-id ${r.deploymentId}`;
  const width = Math.max(...Object.keys(r.addresses).map((k) => k.length));
  const lines = [
    r.executed === 0
      ? `Nothing new to deploy: deployment ${r.deploymentId} is complete, no transaction was sent.`
      : `Deployed (${r.executed} futures executed), deployment ${r.deploymentId}.`,
    "",
    "Addresses:",
    ...Object.entries(r.addresses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, a]) => `  ${k.padEnd(width)}  ${a}`),
    "",
  ];
  if (r.deploymentDir === undefined) {
    lines.push(
      "The in-process hardhat network ends with this command: deploy to a node (npx hardhat node, then --network localhost) to operate it.",
    );
    return lines;
  }
  const vault = r.addresses["Vesting#VestingVault"];
  lines.push(
    "Next:",
    `  npx hardhat status ${net} ${id}`,
    `  npx hardhat identity:merkle --csv <ids.csv> --via-proposal root.json ${net} ${id}   # more identities later`,
    `  npx hardhat vesting:create --file <schedules.csv> --vault ${vault} ${net}`,
    `  npx hardhat farm:fund --amount <${symbol}> --via-proposal farm.json ${net} ${id}`,
    `  npx hardhat gov:propose --file farm.json ${net} ${id}`,
  );
  if (r.chainId !== LOCAL_CHAIN_ID) {
    lines.push(`  npx hardhat ignition verify ${r.deploymentId}`);
  }
  return lines;
}
