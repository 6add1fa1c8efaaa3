import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, ZeroAddress, ZeroHash, type Signer } from "ethers";
import { SchemaRegistry__factory, type EAS } from "../../../typechain-types/baselines";
import {
  CoinbaseVerificationSource__factory,
  GitcoinPassportSource__factory,
  TestCoinbaseIndexer__factory,
  TestGitcoinResolver__factory,
} from "../../../typechain-types";
import { CoinbaseSourceModule, GitcoinSourceModule } from "../../../deploy/modules/IdentitySources";
import { deployIdentityFixture, schemaUid } from "../fixtures";

/** Coinbase Verifications' "Verified Account" schema (one bool, always true). */
export const COINBASE_SCHEMA = "bool verifiedAccount";

/** Gitcoin Passport's score schema, as GitcoinPassportDecoder decodes it. */
export const GITCOIN_SCORE_SCHEMA = "uint256 score,uint32 scorer_id,uint8 score_decimals";

/** 20.0000 in the source's 4 decimals. */
export const THRESHOLD = 20_0000n;

const coder = AbiCoder.defaultAbiCoder();

/** Coinbase attestation data: abi.encode(bool verifiedAccount). */
export function verifiedAccount(value = true): string {
  return coder.encode(["bool"], [value]);
}

/** Gitcoin score attestation data: abi.encode(uint256 score, uint32 scorer_id, uint8 score_decimals). */
export function scoreData(score: bigint, decimals = 18, scorerId = 335): string {
  return coder.encode(["uint256", "uint32", "uint8"], [score, scorerId, decimals]);
}

/** A score with 18 decimals (the legacy score attestations' decimals). */
export function score18(whole: number): bigint {
  return BigInt(Math.round(whole * 10_000)) * 10n ** 14n;
}

/** Registers `schema` (revocable) in the local SchemaRegistry behind `eas`, with `resolver`. */
async function registerSchema(eas: EAS, signer: Signer, schema: string, resolver = ZeroAddress): Promise<string> {
  const registry = SchemaRegistry__factory.connect(await eas.getSchemaRegistry(), signer);
  await (await registry.register(schema, resolver, true)).wait();
  return schemaUid(schema, resolver, true);
}

/**
 * The identity deployment of ../fixtures.ts (Ignition, real local EAS, attester trusted as source 2)
 * plus both providers on the same EAS, each with its published schema registered in the local
 * SchemaRegistry: Coinbase Verifications (attester `coinbase`, a local indexer) added as source 3
 * and Gitcoin Passport (attester `gitcoin` standing in for Gitcoin's attester proxy, its score
 * schema resolved by a local GitcoinResolver, threshold 20) added as source 4, both by the timelock.
 */
export async function deploySourcesFixture() {
  const f = await deployIdentityFixture();
  const signers = await hre.ethers.getSigners();
  const [coinbase, gitcoin, frank, grace] = signers.slice(8, 12);
  const easAddress = await f.eas.getAddress();

  const indexer = await new TestCoinbaseIndexer__factory(f.deployer).deploy(easAddress);
  const coinbaseSchema = await registerSchema(f.eas, f.deployer, COINBASE_SCHEMA);
  // Through the Ignition modules, as a deployment would (the timelock administers the Passport source).
  const cb = await hre.ignition.deploy(CoinbaseSourceModule, {
    parameters: {
      CoinbaseSource: {
        eas: easAddress,
        attester: coinbase.address,
        indexer: await indexer.getAddress(),
        schema: coinbaseSchema,
      },
    },
  });
  const coinbaseSource = CoinbaseVerificationSource__factory.connect(await cb.source.getAddress(), f.deployer);

  const resolver = await new TestGitcoinResolver__factory(f.deployer).deploy(easAddress);
  const scoreSchema = await registerSchema(f.eas, f.deployer, GITCOIN_SCORE_SCHEMA, await resolver.getAddress());
  const gc = await hre.ignition.deploy(GitcoinSourceModule, {
    parameters: {
      GitcoinSource: {
        eas: easAddress,
        attester: gitcoin.address,
        resolver: await resolver.getAddress(),
        schema: scoreSchema,
        admin: await f.timelock.getAddress(),
        threshold: THRESHOLD,
      },
    },
  });
  const gitcoinSource = GitcoinPassportSource__factory.connect(await gc.source.getAddress(), f.deployer);

  await (await f.registry.connect(f.governor).addSource(await coinbaseSource.getAddress())).wait();
  await (await f.registry.connect(f.governor).addSource(await gitcoinSource.getAddress())).wait();
  return {
    ...f,
    coinbase,
    gitcoin,
    frank,
    grace,
    indexer,
    coinbaseSchema,
    coinbaseSource,
    resolver,
    scoreSchema,
    gitcoinSource,
    coinbaseSourceId: 3n,
    gitcoinSourceId: 4n,
    noData: "0x",
    zero: ZeroHash,
  };
}

/** The registry's human identifier for an external source's key: keccak256(abi.encode(namespace, key)). */
export function externalHumanId(namespace: string, account: string): string {
  return hre.ethers.keccak256(coder.encode(["bytes32", "bytes32"], [namespace, hre.ethers.zeroPadValue(account, 32)]));
}

/** `attester` revokes `uid` of `schema` on `eas`; resolves to the revocation's timestamp. */
export async function revokeAttestation(eas: EAS, attester: Signer, schema: string, uid: string): Promise<number> {
  await (await eas.connect(attester).revoke({ schema, data: { uid, value: 0n } })).wait();
  return time.latest();
}
