import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { registerAgents } from "../../../sim/chain/identity";
import { BASELINE_DURATION, deployMining } from "../../../sim/chain/mining";
import { runMechanism } from "../../../sim/mechanisms/mechanism";
import {
  COUNTERWEIGHT_FARM,
  MINING_MECHANISMS,
  UNISWAP_STAKING_REWARDS,
  cappedFarm,
  disperseLp,
  keyedAgents,
  miningWorld,
  type MiningAction,
  type MiningHoldings,
  type MiningMechanism,
} from "../../../sim/mechanisms/mining";
import { FARM_ORDER, notifiedAfterStakes } from "../../../sim/scenarios/miningStakers";

const E18 = 10n ** 18n;
/** 60 days × 10^15 wei a second: the reward rate and every per-token step below are exact. */
const REWARD = BASELINE_DURATION * 10n ** 15n;
const LPS = [100n, 200n, 500n].map((x) => x * E18);
/** Agent 2 (500 LP) has an identity; agents 0 and 1 have none. */
const VERIFIED = [false, false, true];
/** The world's (and the Farm module farm's) curve: caps nobody reaches. */
const WORLD_CAPS = { cap: 10_000n * E18, slope: 0n, unverifiedCap: 10_000n * E18 };

/**
 * A farm that is not in the list: the capped farm with its own curve (200 LP per identity, a hard
 * cap, 150 LP for an account without identity), built the way a user adds a variant (one line with
 * the adapter's factory); it deploys a new CappedStakingRewards on the world's pair.
 */
const CAPS_200 = { cap: 200n * E18, slope: 0n, unverifiedCap: 150n * E18 };
const CAP_200 = cappedFarm({
  id: "counterweight-cap-200",
  label: "Counterweight capped farm, cap 200 LP",
  caps: () => CAPS_200,
});
/** Rewards under CAPS_200: effective stakes 100, 150 (unverified cap), 200 (identity cap), Σ 450. */
const CAPPED_REWARDS = [1152n, 1728n, 2304n].map((x) => x * E18);

describe("Mining mechanisms: one interface, one adapter per farm", function () {
  async function chain() {
    const setup = await deployMining(hre, {
      caps: WORLD_CAPS,
      liquidityToken: 1_000_000n * E18,
      liquidityWeth: 1_000n * E18,
      farmRewards: REWARD,
    });
    const signers = await keyedAgents(hre, LPS.length, "mechanism-test");
    // Each agent's LP once per farm the test stakes in (the unlisted one and StakingRewards).
    await disperseLp(
      setup,
      signers.map((s) => s.address),
      LPS.map((l) => 2n * l),
    );
    await registerAgents(
      setup.registry,
      setup.governor,
      signers.filter((_, i) => VERIFIED[i]),
      "mechanism-test",
    );
    const holdings: MiningHoldings = { signers, lps: LPS };
    return { setup, holdings };
  }

  // Everyone staked before the period starts; all claim after it ends.
  const actions = (h: MiningHoldings): MiningAction[] => [
    { kind: "notify" },
    { kind: "end" },
    { kind: "claim", signers: h.signers },
  ];

  async function run(m: MiningMechanism, only?: (a: MiningAction) => boolean, caps = WORLD_CAPS) {
    const { setup, holdings } = await loadFixture(chain);
    // A new world per run: it counts the agents' permit nonces from the fixture's chain state.
    const world = await miningWorld(hre, setup, caps, REWARD);
    const steps = actions(holdings).filter(only ?? (() => true));
    return { setup, holdings, ...(await runMechanism(m, world, holdings, steps)) };
  }

  it("lists every farm once, with a stable id and label, in report order", function () {
    const ids = MINING_MECHANISMS.map((m) => m.id);
    expect(ids).to.deep.equal(["uniswap-staking-rewards", "counterweight"]);
    expect(new Set(MINING_MECHANISMS.map((m) => m.label)).size).to.equal(ids.length);
    expect(MINING_MECHANISMS.map((m) => m.baseline)).to.deep.equal([true, false]);
  });

  it("notifies in FARM_ORDER, whose ids the model sweep places its notifications by: each a listed farm, once", function () {
    const ids = MINING_MECHANISMS.map((m) => m.id);
    expect([...FARM_ORDER].sort()).to.deep.equal([...ids].sort());
    expect(FARM_ORDER.map((id) => notifiedAfterStakes(id))).to.deep.equal([1n, 2n]);
    expect(notifiedAfterStakes(undefined)).to.equal(3n);
  });

  it("runs a farm that is not in the list through deploy, distribute, act and read", async function () {
    const { setup, holdings, deployed, reading } = await run(CAP_200);
    // One effective LP earns REWARD / 450 = 11.52 tokens.
    expect(reading.rewards).to.deep.equal(CAPPED_REWARDS);
    expect(reading.funded).to.equal(REWARD);
    expect(reading.duration).to.equal(BASELINE_DURATION);
    expect(deployed.stakers.map((s) => s.address)).to.deep.equal(holdings.signers.map((s) => s.address));
    // Its own contract, not the Farm module's farm of the world.
    expect(deployed.address).to.not.equal(await setup.farm.getAddress());
  });

  it("gives the listed StakingRewards rewards ∝ stake on the same holdings", async function () {
    const { reading } = await run(UNISWAP_STAKING_REWARDS);
    // Σ 800 LP: one LP earns REWARD / 800 = 6.48 tokens, whatever the identity.
    expect(reading.rewards).to.deep.equal([648n, 1296n, 3240n].map((x) => x * E18));
    expect(reading.funded).to.equal(REWARD);
  });

  it("reads what is still earned when nobody has claimed: the same rewards, none paid", async function () {
    const { deployed, reading } = await run(CAP_200, (a) => a.kind !== "claim");
    expect(reading.rewards).to.deep.equal(CAPPED_REWARDS);
    expect(await deployed.farm.queryFilter(deployed.farm.filters.RewardPaid())).to.have.length(0);
  });

  it("exits a farm that is not in the list at a pinned time: reward so far paid, stake withdrawn, LP burnt in the pair", async function () {
    const { setup, holdings } = await loadFixture(chain);
    const world = await miningWorld(hre, setup, WORLD_CAPS, REWARD);
    const deployed = await CAP_200.deploy(world);
    await CAP_200.distribute(world, deployed, holdings);
    await CAP_200.act(world, deployed, { kind: "notify" });
    const notifiedAt = (await deployed.farm.periodFinish()) - BASELINE_DURATION;
    const leaver = holdings.signers[2];
    const supply = await setup.pool.pair.totalSupply();
    // 900 s at 10^15 a second over 450 effective LP, of which the leaver's identity caps 200.
    await CAP_200.act(world, deployed, { kind: "exit", leavers: [leaver], at: notifiedAt + 900n });
    const [paid] = await deployed.farm.queryFilter(deployed.farm.filters.RewardPaid());
    expect(paid.args.reward).to.equal(4n * 10n ** 17n);
    expect((await paid.getBlock()).timestamp).to.equal(Number(notifiedAt + 900n));
    expect(await deployed.earning.of(leaver.address)).to.equal(0n);
    expect(await deployed.earning.total()).to.equal(250n * E18);
    // Its whole 500 LP stake was burnt: the pair's supply falls by it and both reserves pro rata.
    expect(await setup.pool.pair.totalSupply()).to.equal(supply - LPS[2]);
    expect(deployed.burns).to.have.length(1);
    expect(deployed.burns[0][0]).to.equal((LPS[2] * 1_000_000n * E18) / supply);
    expect((await CAP_200.read(world, deployed)).rewards[2]).to.equal(4n * 10n ** 17n);
  });

  it("has the timelock give the Farm module's farm the world's caps, and pays the same curve", async function () {
    const { setup, deployed, reading } = await run(COUNTERWEIGHT_FARM, undefined, CAPS_200);
    expect(deployed.address).to.equal(await setup.farm.getAddress());
    const [cap, slope, unverifiedCap] = await setup.farm.caps();
    expect({ cap, slope, unverifiedCap }).to.deep.equal(CAPS_200);
    expect(reading.rewards).to.deep.equal(CAPPED_REWARDS);
  });
});
