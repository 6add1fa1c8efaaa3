import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { AbiCoder, ZeroAddress } from "ethers";
import {
  CoinbaseVerificationSource__factory,
  GitcoinPassportSource__factory,
  IdentityRegistry__factory,
  TestCoinbaseIndexer__factory,
  TestGitcoinResolver__factory,
} from "../typechain-types";
import { SchemaRegistry__factory } from "../typechain-types/baselines";
import { attest, deployEas, schemaUid } from "../sim/chain/eas";
import { gasOf } from "./gas";

/** Coinbase Verifications' "Verified Account" schema and Gitcoin Passport's score schema. */
const COINBASE_SCHEMA = "bool verifiedAccount";
const GITCOIN_SCORE_SCHEMA = "uint256 score,uint32 scorer_id,uint8 score_decimals";
/** Passport threshold, 4 decimals (20.0), and each bench account's score (25.0, 18 decimals). */
const THRESHOLD = 20_0000n;
const SCORE = 25n * 10n ** 18n;

export interface ExternalIdentities {
  registry: string;
  eas: string;
  coinbaseUids: string[];
  registerCoinbase: bigint[];
  registerGitcoin: bigint[];
}

/**
 * A registry (rotation cooldown 0) on a real local EAS with both shipped external sources, each
 * provider's schema registered in the local SchemaRegistry and local stand-ins for Coinbase's
 * indexer and the GitcoinResolver: every `coinbaseVoters` account registers through Coinbase
 * Verifications (indexer lookup), every `passportHolders` account through Gitcoin Passport.
 */
export async function deployExternalIdentities(
  deployer: HardhatEthersSigner,
  coinbaseVoters: HardhatEthersSigner[],
  passportHolders: HardhatEthersSigner[],
): Promise<ExternalIdentities> {
  const eas = await deployEas(deployer, []);
  const easAddress = await eas.getAddress();
  const schemas = SchemaRegistry__factory.connect(await eas.getSchemaRegistry(), deployer);
  const registry = await new IdentityRegistry__factory(deployer).deploy(
    ZeroAddress,
    "0x" + "00".repeat(32),
    deployer.address,
    0,
  );

  const indexer = await new TestCoinbaseIndexer__factory(deployer).deploy(easAddress);
  await (await schemas.register(COINBASE_SCHEMA, ZeroAddress, true)).wait();
  const coinbaseSchema = schemaUid(COINBASE_SCHEMA);
  const coinbase = await new CoinbaseVerificationSource__factory(deployer).deploy(
    easAddress,
    deployer.address,
    await indexer.getAddress(),
    coinbaseSchema,
  );
  const resolver = await new TestGitcoinResolver__factory(deployer).deploy(easAddress);
  await (await schemas.register(GITCOIN_SCORE_SCHEMA, await resolver.getAddress(), true)).wait();
  const scoreSchema = schemaUid(GITCOIN_SCORE_SCHEMA, await resolver.getAddress());
  const gitcoin = await new GitcoinPassportSource__factory(deployer).deploy(
    easAddress,
    deployer.address,
    await resolver.getAddress(),
    scoreSchema,
    deployer.address,
    THRESHOLD,
  );
  await (await registry.addSource(await coinbase.getAddress())).wait();
  const coinbaseSourceId = await registry.sourceCount();
  await (await registry.addSource(await gitcoin.getAddress())).wait();
  const gitcoinSourceId = await registry.sourceCount();

  const coder = AbiCoder.defaultAbiCoder();
  const coinbaseUids: string[] = [];
  const registerCoinbase: bigint[] = [];
  for (const s of coinbaseVoters) {
    const uid = await attest(eas, deployer, {
      recipient: s.address,
      schema: coinbaseSchema,
      data: coder.encode(["bool"], [true]),
    });
    await (await indexer.index(uid)).wait();
    coinbaseUids.push(uid);
    registerCoinbase.push(await gasOf(registry.connect(s).registerWithSource(coinbaseSourceId, "0x")));
  }
  const registerGitcoin: bigint[] = [];
  for (const s of passportHolders) {
    await attest(eas, deployer, {
      recipient: s.address,
      schema: scoreSchema,
      data: coder.encode(["uint256", "uint32", "uint8"], [SCORE, 335, 18]),
    });
    registerGitcoin.push(await gasOf(registry.connect(s).registerWithSource(gitcoinSourceId, "0x")));
  }
  return { registry: await registry.getAddress(), eas: easAddress, coinbaseUids, registerCoinbase, registerGitcoin };
}
