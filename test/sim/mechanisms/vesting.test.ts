import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { runMechanism } from "../../../sim/mechanisms/mechanism";
import {
  VESTING_MECHANISMS,
  counterweightVault,
  type VcSelling,
  type VestingAction,
  type VestingHoldings,
  type VestingTypes,
  type VestingWorld,
} from "../../../sim/mechanisms/vesting";

const E18 = 10n ** 18n;
const POOL = 100_000n * E18;
const VC_AMOUNTS = [3_000n * E18, 1_500n * E18];
const BUYER = "0x00000000000000000000000000000000000b0b01";
const BUDGET = 1_000n * E18;

/**
 * A vault that is not in the list: a 2-month cliff, then monthly tranches to month 4 (three equal
 * tranches, at months 2, 3 and 4), built the way a user adds a schedule variant.
 */
const SHORT_VAULT = counterweightVault({
  id: "counterweight-short",
  label: "Counterweight vault, 2-month cliff, 4 months",
  schedule: { cliffMonths: 2, durationMonths: 4, trancheMonths: 1 },
});

/** Uniswap V2's getAmountOut (0.3 % fee), written out here so the pool's arithmetic is checked, not reused. */
const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);

describe("Vesting mechanisms: one interface, one adapter per mechanism", function () {
  async function world(): Promise<{ world: VestingWorld; holdings: VestingHoldings }> {
    const [deployer, ...rest] = await hre.ethers.getSigners();
    const supply = 1_000_000n * E18;
    return {
      holdings: { vcs: rest.slice(0, VC_AMOUNTS.length), amounts: VC_AMOUNTS },
      world: {
        hre,
        deployer,
        population: {
          agents: VC_AMOUNTS.map((amount, index) => ({ index, kind: "vc", amount, verified: false })),
          total: supply,
        },
        market: { supply, poolTokens: POOL, launchPrice: 1n },
        // The listed mechanisms' schedule; the unlisted vault overrides it.
        schedule: { cliffMonths: 12, durationMonths: 24, trancheMonths: 1 },
      },
    };
  }

  // One retail buy at month 0, then the VCs act under `selling`, months 0 to 4, every month sampled.
  const actions = (selling: VcSelling): VestingAction[] => [
    { kind: "launch" },
    ...[0, 1, 2, 3, 4].map((month) => ({
      kind: "month" as const,
      month,
      buys: month === 0 ? [{ address: BUYER, budget: BUDGET }] : [],
      selling,
      sampleVotes: true,
    })),
  ];

  it("lists every mechanism once, with a stable id and label, in report order", function () {
    expect(VESTING_MECHANISMS.map((m) => m.id)).to.deep.equal([
      "liquid-at-launch",
      "uniswap-treasury-vester",
      "counterweight",
    ]);
    expect(new Set(VESTING_MECHANISMS.map((m) => m.label)).size).to.equal(VESTING_MECHANISMS.length);
    expect(VESTING_MECHANISMS.map((m) => m.baseline)).to.deep.equal([true, true, false]);
    const schedule = { cliffMonths: 6, durationMonths: 18, trancheMonths: 3 };
    expect(VESTING_MECHANISMS.map((m) => m.describe(schedule))).to.deep.equal([
      "VC tokens liquid at launch",
      "Uniswap TreasuryVester per VC (cliff 6 months, end 18 months)",
      "Counterweight vault (cliff 6 months, then every 3 months to 18 months)",
    ]);
    expect(SHORT_VAULT.describe(schedule)).to.equal("Counterweight vault (cliff 2 months, then monthly to 4 months)");
  });

  it("runs a vault schedule that is not in the list: held tranches vote only once released", async function () {
    const { world: w, holdings } = await loadFixture(world);
    const { deployed, reading } = await runMechanism<VestingTypes>(SHORT_VAULT, w, holdings, actions({ mode: "hold" }));
    // Each month's votes are read after the buys and before the release: the last sample (month 4)
    // sees the tranches of months 2 and 3, two thirds of each allocation; the vault itself never votes.
    const twoThirds = VC_AMOUNTS.reduce((a, x) => a + (2n * x) / 3n, 0n);
    expect(reading.vcVotesMax).to.equal(twoThirds);
    expect(reading.vcProceeds).to.equal(0n);
    // Fully vested at month 4 and held: every VC holds its whole allocation, the vault nothing.
    for (const [i, vc] of holdings.vcs.entries())
      expect(await deployed.token.balanceOf(vc.address)).to.equal(VC_AMOUNTS[i]);
    expect(await deployed.token.balanceOf(deployed.custody[0])).to.equal(0n);
    expect(reading.prices.map((p) => p.day)).to.deep.equal([0, 0, 30, 60, 90, 120]);
  });

  it("sells each released tranche into the real pool at the x·y = k price", async function () {
    const { world: w, holdings } = await loadFixture(world);
    const { reading } = await runMechanism<VestingTypes>(SHORT_VAULT, w, holdings, actions({ mode: "sell-at-unlock" }));
    // The pool from launch: the buyer's quote in at month 0, then at months 2, 3 and 4 each VC sells
    // its third (VC 0 first), all derived here from the reserves.
    let [rToken, rQuote] = [POOL, POOL];
    const bought = amountOut(BUDGET, rQuote, rToken);
    [rToken, rQuote] = [rToken - bought, rQuote + BUDGET];
    let proceeds = 0n;
    for (let month = 2; month <= 4; month++)
      for (const amount of VC_AMOUNTS) {
        const out = amountOut(amount / 3n, rToken, rQuote);
        [rToken, rQuote] = [rToken + amount / 3n, rQuote - out];
        proceeds += out;
      }
    expect(reading.vcProceeds).to.equal(proceeds);
    expect(reading.buyers).to.deep.equal([{ address: BUYER, spent: BUDGET, held: bought }]);
    expect(reading.finalPrice).to.equal(Number(rQuote) / Number(rToken));
    // Sold as soon as released, the VCs never hold votes.
    expect(reading.vcVotesMax).to.equal(0n);
  });
});
