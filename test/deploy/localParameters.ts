import path from "node:path";
import hre from "hardhat";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import LocalEASModule from "../../deploy/modules/LocalEAS";
import LocalUniswapModule from "../../deploy/modules/LocalUniswap";
import { LOCAL_REFERENCES, resolveReferences, type SuiteParameters } from "../../scripts/lib/deployParameters";
import { loadParametersFile } from "../../scripts/lib/deploySuite";

export const PARAMETERS_DIR = path.join(__dirname, "..", "..", "deploy", "parameters");
export const LOCALHOST_JSON = path.join(PARAMETERS_DIR, "localhost.json");

/** SuiteParameters as Ignition's parameter type (the same values; optional keys left out). */
export function asIgnition(p: SuiteParameters): DeploymentParameters {
  return JSON.parse(
    JSON.stringify(p, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)),
    (_k, v: unknown) => (typeof v === "string" && /^[0-9]+n$/.test(v) ? BigInt(v.slice(0, -1)) : v),
  ) as DeploymentParameters;
}

/**
 * deploy/parameters/localhost.json, validated as cw:deploy validates it, with its LocalUniswap and
 * LocalEAS references resolved to stand-ins deployed here (as cw:deploy deploys them first).
 */
export async function localhostParameters(): Promise<{
  parameters: SuiteParameters;
  ignition: DeploymentParameters;
  factory: string;
  weth: string;
  eas: string;
}> {
  const uni = await hre.ignition.deploy(LocalUniswapModule);
  const eas = await hre.ignition.deploy(LocalEASModule);
  const addresses = {
    [LOCAL_REFERENCES["Farm.uniswapV2Factory"]]: await uni.factory.getAddress(),
    [LOCAL_REFERENCES["Farm.weth"]]: await uni.weth.getAddress(),
    [LOCAL_REFERENCES["Identity.eas"]]: await eas.eas.getAddress(),
  };
  const parameters = resolveReferences(loadParametersFile(LOCALHOST_JSON, 31337n), addresses);
  return {
    parameters,
    ignition: asIgnition(parameters),
    factory: parameters.Farm.uniswapV2Factory,
    weth: parameters.Farm.weth,
    eas: parameters.Identity.eas,
  };
}
