import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { SigningKey, computeAddress, solidityPackedKeccak256 } from "ethers";
import { AGENT_ETH, fundAccounts } from "../../chain/accounts";
import { sendAll } from "../../chain/batch";
import { read, txOf } from "../../chain/calldata";
import { eventsOf } from "../../chain/events";
import { exitAndBurn } from "../../chain/farmExit";
import type { FarmCaps, MiningSetup } from "../../chain/mining";
import { permitDigester, permitDomain } from "../../chain/permit";
import { READS_IN_FLIGHT, mapLimit } from "../../pool";
import { CappedStakingRewards__factory, Disperse__factory } from "../../../typechain-types";
import { StakingRewards__factory } from "../../../typechain-types/baselines";
import type {
  FarmModelKind,
  MiningAction,
  MiningDeployment,
  MiningHoldings,
  MiningReading,
  MiningWorld,
  PermitSignature,
} from "./types";

const MAX = 2n ** 256n - 1n;
/** Transactions sent per chunk (one transaction per agent in flight, mined in signer order). */
export const STAKE_BATCH = 100;

/** Agents' permit keys by address (derived deterministically from the run label and index). */
const agentKeys = new Map<string, SigningKey>();
/** The key and address of (label, index): deriving the public key is an EC multiplication, done once. */
const derived = new Map<string, { key: SigningKey; address: string }>();
/**
 * Permit signatures by owner and EIP-712 digest. A signature is a function of the owner's key and
 * the digest alone (RFC 6979 nonces), and the sybil variants, each on the same reverted chain, sign
 * the same permits for the same agents again.
 */
const signatures = new Map<string, PermitSignature>();

function derive(label: string, i: number): { key: SigningKey; address: string } {
  const id = `${label}#${i}`;
  let d = derived.get(id);
  if (d === undefined) {
    const key = new SigningKey(
      solidityPackedKeccak256(["string", "string", "uint256"], ["counterweight-mining", label, i]),
    );
    d = { key, address: computeAddress(key.publicKey) };
    derived.set(id, d);
  }
  return d;
}

/**
 * Agent accounts with known keys: transactions go through the node as impersonated accounts (fast),
 * the keys only sign EIP-2612 permits off-chain.
 */
export async function keyedAgents(
  hre: HardhatRuntimeEnvironment,
  count: number,
  label: string,
): Promise<HardhatEthersSigner[]> {
  const signers: HardhatEthersSigner[] = [];
  for (let i = 0; i < count; i++) {
    const { key, address } = derive(label, i);
    await hre.network.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
    signers.push(await hre.ethers.getSigner(address));
    agentKeys.set(address, key);
  }
  await fundAccounts(
    hre,
    signers.map((s) => s.address),
    AGENT_ETH,
  );
  return signers;
}

/**
 * The world of one run on `setup`: permits are signed with the agents' keys at each owner's next
 * pair nonce, counted from 0 (the agents of `keyedAgents` have signed none on this chain).
 */
export async function miningWorld(
  hre: HardhatRuntimeEnvironment,
  setup: MiningSetup,
  caps: FarmCaps,
  reward: bigint,
): Promise<MiningWorld> {
  const digest = permitDigester(await permitDomain(setup.pool.pair, (await hre.ethers.provider.getNetwork()).chainId));
  const nonces = new Map<string, bigint>();
  return {
    hre,
    setup,
    caps,
    reward,
    permit(owner, spender, value) {
      const key = agentKeys.get(owner.address);
      if (key === undefined) throw new Error(`no key for ${owner.address}`);
      const nonce = nonces.get(owner.address) ?? 0n;
      nonces.set(owner.address, nonce + 1n);
      const id = `${owner.address}:${digest({ owner: owner.address, spender, value, nonce, deadline: MAX })}`;
      let signature = signatures.get(id);
      if (signature === undefined) {
        const sig = key.sign(id.slice(owner.address.length + 1));
        signature = [sig.v, sig.r, sig.s];
        signatures.set(id, signature);
      }
      return [...signature];
    },
  };
}

/** Gives each address its LP from the deployer (one Disperse contract, 200 recipients a transaction). */
export async function disperseLp(s: MiningSetup, to: readonly string[], amounts: readonly bigint[]): Promise<void> {
  const disperse = await new Disperse__factory(s.deployer).deploy();
  const total = amounts.reduce((a, b) => a + b, 0n);
  await (await s.pool.pair.approve(await disperse.getAddress(), total)).wait();
  const pair = await s.pool.pair.getAddress();
  for (let i = 0; i < to.length; i += 200) {
    await (await disperse.disperse(pair, to.slice(i, i + 200), amounts.slice(i, i + 200))).wait();
  }
}

/**
 * A deployment of the farm at `address`, reached through the Synthetix user ABI, that the model
 * engine replays as `model` (the capped farm's earning stake is its effective one).
 */
export function onFarm(world: MiningWorld, address: string, model: FarmModelKind): MiningDeployment {
  const farm = StakingRewards__factory.connect(address, world.setup.deployer);
  const capped = CappedStakingRewards__factory.connect(address, world.setup.deployer);
  const earning =
    model.kind === "capped"
      ? { total: () => capped.totalEffectiveSupply(), of: (a: string) => capped.effectiveBalanceOf(a) }
      : { total: () => farm.totalSupply(), of: (a: string) => farm.balanceOf(a) };
  return { address, farm, stakers: [], settled: new Set(), model, earning, burns: [] };
}

/**
 * `distribute` of a Synthetix-ABI farm: each holder stakes its LP with a pair permit (as the Uniswap
 * interface does), in signer order. Called once with every holder, or once per batch.
 */
export async function stakeWithPermits(world: MiningWorld, d: MiningDeployment, h: MiningHoldings): Promise<void> {
  const txs = h.signers.map((x, i) => ({
    from: x,
    tx: txOf(d.farm, "stakeWithPermit", [h.lps[i], MAX, ...world.permit(x, d.address, h.lps[i])]),
  }));
  await sendAll(world.hre.network.provider, txs, STAKE_BATCH);
  d.stakers.push(...h.signers);
}

/** `act` of a Synthetix-ABI farm whose rewards distributor is the deployer. */
export async function actOnFarm(world: MiningWorld, d: MiningDeployment, action: MiningAction): Promise<void> {
  const provider = world.hre.network.provider;
  const now = async () => BigInt((await world.hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
  switch (action.kind) {
    case "notify":
      d.settled.clear();
      await (await d.farm.notifyRewardAmount(world.reward)).wait();
      return;
    case "end": {
      const [at, finish] = [await now(), await d.farm.periodFinish()];
      if (at > finish) return;
      await provider.send("evm_increaseTime", [Number(finish - at) + 1]);
      await provider.send("evm_mine", []);
      return;
    }
    case "claim": {
      // The claims are mined after the latest block, so past the period end if it is.
      const ended = (await now()) > (await d.farm.periodFinish());
      await sendAll(
        provider,
        action.signers.map((x) => ({ from: x, tx: txOf(d.farm, "getReward", []) })),
        STAKE_BATCH,
      );
      if (ended) for (const x of action.signers) d.settled.add(x.address);
      return;
    }
    case "exit": {
      const from = action.at === undefined ? undefined : { at: action.at, provider };
      d.burns.push(...(await exitAndBurn(world.setup, (l) => d.farm.connect(l).exit(), action.leavers, from)));
      return;
    }
  }
}

/**
 * `read` of a Synthetix-ABI farm: per staker, what RewardPaid paid plus what is still `earned`
 * (0 without asking the chain for an account settled after the period end).
 */
export async function readFarm(world: MiningWorld, d: MiningDeployment): Promise<MiningReading> {
  const paid = new Map<string, bigint>();
  for (const e of await eventsOf(d.farm, "RewardPaid", 0)) {
    const user = e.user.toLowerCase();
    paid.set(user, (paid.get(user) ?? 0n) + e.reward);
  }
  const earned = await mapLimit(d.stakers, READS_IN_FLIGHT, (x) =>
    d.settled.has(x.address) ? Promise.resolve(0n) : read(d.farm, "earned", [x.address]),
  );
  const added = await eventsOf(d.farm, "RewardAdded", 0);
  return {
    rewards: d.stakers.map((x, i) => (paid.get(x.address.toLowerCase()) ?? 0n) + earned[i]),
    funded: added.reduce((a, e) => a + e.reward, 0n),
    duration: await d.farm.rewardsDuration(),
  };
}
