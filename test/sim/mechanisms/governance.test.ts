import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { runMechanism } from "../../../sim/mechanisms/mechanism";
import {
  GOVERNANCE_MECHANISMS,
  OZ_GOVERNOR_SIMPLE,
  deployPopulationToken,
  ozGovernor,
  type GovernanceAction,
  type GovernanceHoldings,
  type GovernanceWorld,
} from "../../../sim/mechanisms/governance";
/** OZ's support value for For (0 Against, 1 For, 2 Abstain). */
const FOR = 1 as const;

const E18 = 10n ** 18n;
const AMOUNTS = [400n, 300n, 200n, 100n].map((a) => a * E18);

/**
 * A baseline that is not in the list: OpenZeppelin's Governor with a 50 % quorum, built the way a
 * user adds an OZ variant (one line with the adapter's factory).
 */
const HIGH_QUORUM_OZ = ozGovernor({
  id: "oz-governor-quorum-50",
  label: "OpenZeppelin Governor, 50 % quorum",
  quorumPercent: 50n,
});

describe("Governance mechanisms: one interface, one adapter per governor", function () {
  async function world(): Promise<{ world: GovernanceWorld; holdings: GovernanceHoldings }> {
    const signers = await hre.ethers.getSigners();
    const [deployer, ...agents] = signers.slice(0, AMOUNTS.length + 1);
    const holdings: GovernanceHoldings = {
      signers: agents,
      amounts: AMOUNTS,
      delegatees: agents.map((a) => a.address),
    };
    const total = AMOUNTS.reduce((a, b) => a + b, 0n);
    const token = await deployPopulationToken(hre, deployer, total, holdings);
    return {
      holdings,
      world: {
        hre,
        deployer,
        population: {
          agents: AMOUNTS.map((amount, index) => ({ index, kind: "retail", amount, verified: false })),
          total,
        },
        token,
        registry: hre.ethers.ZeroAddress,
        timelock: hre.ethers.ZeroAddress,
        params: {
          votingDelay: 60n,
          votingPeriod: 7n * 86_400n,
          proposalThreshold: 0n,
          quorumIdentities: 1n,
          lateQuorumExtension: 0n,
          ozQuorumPercent: 4n,
          timelockDelay: 2n * 86_400n,
        },
        describe: (tag) => `mechanism test (${tag})`,
      },
    };
  }

  // Agent 3 (100 tokens, 10 % of the supply) votes For, nobody else votes.
  const actions = (h: GovernanceHoldings): GovernanceAction[] => [
    { kind: "propose", proposer: h.signers[0], tag: "" },
    { kind: "open" },
    { kind: "votes", ballots: [{ from: h.signers[3], support: FOR }] },
    { kind: "close" },
  ];

  it("lists every governor once, with a stable id and label, in report order", function () {
    const ids = GOVERNANCE_MECHANISMS.map((m) => m.id);
    expect(ids).to.deep.equal(["oz-governor-simple", "uniswap-governor-alpha", "counterweight"]);
    expect(new Set(GOVERNANCE_MECHANISMS.map((m) => m.label)).size).to.equal(ids.length);
    expect(GOVERNANCE_MECHANISMS.map((m) => m.baseline)).to.deep.equal([true, true, false]);
  });

  it("runs a baseline that is not in the list through deploy, distribute, act and read", async function () {
    const { world: w, holdings } = await loadFixture(world);
    const { deployed, reading } = await runMechanism(HIGH_QUORUM_OZ, w, holdings, actions(holdings));
    // 10 % For against a 50 % quorum: defeated, with the tally read from the chain.
    expect(reading.passed).to.equal(false);
    expect(reading.tally).to.deep.equal({ against: 0n, for: AMOUNTS[3], abstain: 0n });
    expect(reading.votes).to.deep.equal([{ voter: holdings.signers[3].address, support: FOR, weight: AMOUNTS[3] }]);
    expect(reading.deadline).to.be.greaterThan(reading.snapshot);
    expect(deployed.proposal).to.be.a("bigint");
  });

  it("gives the listed OZ adapter the opposite outcome on the same holdings (its 4 % quorum is met)", async function () {
    const { world: w, holdings } = await loadFixture(world);
    const { reading } = await runMechanism(OZ_GOVERNOR_SIMPLE, w, holdings, actions(holdings));
    expect(reading.passed).to.equal(true);
    expect(reading.tally.for).to.equal(AMOUNTS[3]);
  });
});
