import type { Artifact } from "hardhat/types";

interface NpmBuild {
  abi: Artifact["abi"];
  evm: { bytecode: { object: string }; deployedBytecode: { object: string } };
}

function hex(s: string): string {
  return s.startsWith("0x") ? s : `0x${s}`;
}

/** An artifact Ignition can deploy from, built from a published npm build file (never recompiled). */
function fromNpm(contractName: string, sourceName: string, file: string): Artifact {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(file) as NpmBuild;
  return {
    _format: "hh-sol-artifact-1",
    contractName,
    sourceName,
    abi: build.abi,
    bytecode: hex(build.evm.bytecode.object),
    deployedBytecode: hex(build.evm.deployedBytecode.object),
    linkReferences: {},
    deployedLinkReferences: {},
  };
}

/** Uniswap V2 core, exactly as `@uniswap/v2-core` publishes it. */
export const UniswapV2FactoryArtifact = fromNpm(
  "UniswapV2Factory",
  "contracts/UniswapV2Factory.sol",
  "@uniswap/v2-core/build/UniswapV2Factory.json",
);
export const UniswapV2PairArtifact = fromNpm(
  "UniswapV2Pair",
  "contracts/UniswapV2Pair.sol",
  "@uniswap/v2-core/build/UniswapV2Pair.json",
);
