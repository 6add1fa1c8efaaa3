import path from "node:path";
import { runTypeChain } from "typechain";

/**
 * The real contracts Counterweight is compared with, exactly as their authors published them on
 * npm (build artifacts, never recompiled or rewritten by us). Paths are relative to node_modules.
 */
export const BASELINE_ARTIFACTS = {
  UniswapV2Factory: "@uniswap/v2-core/build/UniswapV2Factory.json",
  UniswapV2Pair: "@uniswap/v2-core/build/UniswapV2Pair.json",
  StakingRewards: "@uniswap/liquidity-staker/build/StakingRewards.json",
  GovernorAlpha: "@uniswap/governance/build/GovernorAlpha.json",
  Timelock: "@uniswap/governance/build/Timelock.json",
  TreasuryVester: "@uniswap/governance/build/TreasuryVester.json",
  Uni: "@uniswap/governance/build/Uni.json",
  EAS: "@ethereum-attestation-service/eas-contracts/artifacts/contracts/EAS.sol/EAS.json",
  SchemaRegistry:
    "@ethereum-attestation-service/eas-contracts/artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json",
} as const;

export type BaselineName = keyof typeof BASELINE_ARTIFACTS;

export const BASELINE_TYPES_DIR = "typechain-types/baselines";

/** Generates TypeChain (ethers-v6) types and factories for every baseline artifact. */
export async function generateBaselineTypes(root: string): Promise<void> {
  const files = Object.values(BASELINE_ARTIFACTS).map((p) => require.resolve(p, { paths: [root] }));
  await runTypeChain({
    cwd: root,
    filesToProcess: files,
    allFiles: files,
    outDir: path.join(root, BASELINE_TYPES_DIR),
    target: "ethers-v6",
  });
}
