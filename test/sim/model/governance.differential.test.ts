import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import GovernanceModule from "../../../deploy/modules/Governance";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
} from "../../../typechain-types";
import { registerAgents } from "../../../sim/chain/identity";
import { deployAlphaStack, deployOzBaseline } from "../../../sim/chain/baselineGovernors";
import {
  ALPHA_QUORUM_VOTES,
  AlphaTally,
  OzSimpleTally,
  QuadraticTally,
  Support,
  governancePoint,
} from "../../../sim/model";
import { NO_VOTE } from "../../../sim/model/governance/point";
import { fcOptions, revertedWith } from "./runs";

const E18 = 10n ** 18n;
const VOTERS = 10;
const VERIFIED = 7;
const QUORUM_IDENTITIES = 3n;
const OZ_QUORUM_PERCENT = 4n;
const VOTING_DELAY = 60n;
const VOTING_PERIOD = 3_600n;
/** ProposalState (OpenZeppelin IGovernor and GovernorAlpha share the order up to Succeeded). */
const DEFEATED = 3n;
const SUCCEEDED = 4n;

/** Sends `send` and returns its receipt, or the error it reverted with. */
async function attempt(send: () => Promise<ContractTransactionResponse>) {
  try {
    const receipt = await (await send()).wait();
    if (receipt === null) throw new Error("no receipt");
    return { ok: true as const, receipt };
  } catch (error) {
    return { ok: false as const, error };
  }
}

/**
 * The chain engine (Counterweight governor, OZ Governor + GovernorCountingSimple + quorum
 * fraction, Uniswap GovernorAlpha, all real contracts) against the model engine on random
 * populations: every counted weight, every tally, the quorum and the outcome must be the same integers.
 */
describe("Model engine: governance equals the real governors to the integer", function () {
  async function fixture() {
    const signers = await hre.ethers.getSigners();
    const [deployer] = signers;
    const voters = signers.slice(1, 1 + VOTERS);
    const deployed = await hre.ignition.deploy(GovernanceModule, {
      parameters: {
        Token: { timelockMinDelay: 60 },
        Identity: { rotationCooldown: 0 },
        Governance: {
          votingDelay: Number(VOTING_DELAY),
          votingPeriod: Number(VOTING_PERIOD),
          proposalThreshold: 1_000_000n * E18,
          quorumIdentities: Number(QUORUM_IDENTITIES),
          lateQuorumExtension: 600,
        },
      },
    });
    const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
    const governor = CounterweightGovernor__factory.connect(await deployed.governor.getAddress(), deployer);
    const registry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
    const timelockSigner = await hre.ethers.getImpersonatedSigner(await deployed.timelock.getAddress());
    await hre.network.provider.send("hardhat_setBalance", [timelockSigner.address, "0x56bc75e2d63100000"]);
    const identities = await registerAgents(registry, timelockSigner, voters.slice(0, VERIFIED), "model-gov");
    // Into the token's quadratic votes: each verified voter's √ follows its balance from now on.
    for (const v of voters.slice(0, VERIFIED)) await (await token.sync(v.address)).wait();
    const oz = await deployOzBaseline(deployer, token, {
      votingDelay: VOTING_DELAY,
      votingPeriod: VOTING_PERIOD,
      proposalThreshold: 1_000_000n * E18,
      quorumPercent: OZ_QUORUM_PERCENT,
      timelockDelay: 60n,
    });
    const alpha = await deployAlphaStack(hre, deployer);
    for (const account of [deployer, ...voters]) {
      await (await token.connect(account).delegate(account.address)).wait();
      await (await alpha.uni.connect(account).delegate(account.address)).wait();
    }
    return { deployer, voters, token, governor, identities, oz: oz.governor, alpha };
  }

  const populationArb = fc.record({
    // Whole tokens and odd wei amounts, so √ floors and the quorum fraction's rounding both show.
    cwt: fc.array(fc.oneof(fc.bigInt(0n, 10n ** 6n), fc.bigInt(0n, 60_000_000n * E18)), {
      minLength: VOTERS,
      maxLength: VOTERS,
    }),
    uni: fc.array(fc.oneof(fc.constant(0n), fc.bigInt(0n, 30_000_000n * E18)), {
      minLength: VOTERS,
      maxLength: VOTERS,
    }),
    support: fc.array(fc.constantFrom(Support.Against, Support.For, Support.Abstain, NO_VOTE), {
      minLength: VOTERS,
      maxLength: VOTERS,
    }),
    // A voter who tries a second time (refused by every governor, named the same way by the model).
    again: fc.integer({ min: 0, max: VOTERS - 1 }),
  });

  it("should count every vote, tally, quorum and outcome as the contracts do", async function () {
    await fc.assert(
      fc.asyncProperty(populationArb, async (pop) => {
        const { deployer, voters, token, governor, identities, oz, alpha } = await loadFixture(fixture);
        for (const [i, v] of voters.entries()) {
          if (pop.cwt[i] > 0n) await (await token.transfer(v.address, pop.cwt[i])).wait();
          if (pop.uni[i] > 0n) await (await alpha.uni.transfer(v.address, pop.uni[i])).wait();
        }
        const target = [await token.getAddress()];
        await (await governor.propose(target, [0n], ["0x"], "model")).wait();
        await (await oz.propose(target, [0n], ["0x"], "model")).wait();
        await (await alpha.governor.propose(target, [0n], [""], ["0x"], "model")).wait();
        const idCw = await governor.hashProposal(target, [0n], ["0x"], hre.ethers.id("model"));
        const idOz = await oz.hashProposal(target, [0n], ["0x"], hre.ethers.id("model"));
        const idAlpha = await alpha.governor.latestProposalIds(deployer.address);
        const snapshot = await governor.proposalSnapshot(idCw);
        await time.increaseTo(snapshot + 1n);

        const cw = new QuadraticTally(await governor.quorum(snapshot));
        const lin = new OzSimpleTally(await token.getPastTotalSupply(snapshot), OZ_QUORUM_PERCENT);
        const al = new AlphaTally();
        const order: number[] = [...voters.keys()];
        if (pop.support[pop.again] !== NO_VOTE) order.push(pop.again);
        for (const i of order) {
          const s = pop.support[i];
          if (s === NO_VOTE) continue;
          const v: HardhatEthersSigner = voters[i];
          const identityId = identities.get(v.address) ?? 0n;
          // Counterweight: the emitted weight is the model's ⌊√votes⌋, or both refuse with the same error.
          const expectCw = cw.cast({ account: v.address, identityId, votes: pop.cwt[i], support: s });
          const gotCw = await attempt(() => governor.connect(v).castVote(idCw, s));
          if (expectCw.ok) {
            expect(gotCw.ok, `voter ${i} refused by the governor`).to.equal(true);
            if (gotCw.ok) {
              const log = gotCw.receipt.logs
                .map((l) => governor.interface.parseLog(l))
                .find((parsed) => parsed?.name === "VoteCast");
              expect(log?.args.weight).to.equal(expectCw.weight);
            }
          } else {
            expect(gotCw.ok).to.equal(false);
            expect(revertedWith(gotCw.ok ? null : gotCw.error, expectCw.error), expectCw.error).to.equal(true);
          }
          const expectOz = lin.cast({ account: v.address, votes: pop.cwt[i], support: s });
          const gotOz = await attempt(() => oz.connect(v).castVote(idOz, s));
          expect(gotOz.ok).to.equal(expectOz.ok);
          if (s !== Support.Abstain) {
            const expectAlpha = al.cast(v.address, s === Support.For, pop.uni[i]);
            const gotAlpha = await attempt(() => alpha.governor.connect(v).castVote(idAlpha, s === Support.For));
            expect(gotAlpha.ok).to.equal(expectAlpha.ok);
            if (!expectAlpha.ok && !gotAlpha.ok) expect(revertedWith(gotAlpha.error, expectAlpha.error)).to.equal(true);
          }
        }

        const [against, forW, abstain] = await governor.proposalVotes(idCw);
        expect([against, forW, abstain]).to.deep.equal([cw.againstWeight, cw.forWeight, cw.abstainWeight]);
        const [counted, required, reached] = await governor.proposalQuorumStatus(idCw);
        expect([counted, required, reached]).to.deep.equal([cw.quorumIdentities, cw.required, cw.quorumReached()]);
        const [ozAgainst, ozFor, ozAbstain] = await oz.proposalVotes(idOz);
        expect([ozAgainst, ozFor, ozAbstain]).to.deep.equal([lin.againstVotes, lin.forVotes, lin.abstainVotes]);
        expect(await oz.quorum(snapshot)).to.equal(lin.quorum);
        const p = await alpha.governor.proposals(idAlpha);
        expect([p.forVotes, p.againstVotes]).to.deep.equal([al.forVotes, al.againstVotes]);
        expect(await alpha.governor.quorumVotes()).to.equal(ALPHA_QUORUM_VOTES);

        // The single-pass point (the bench's path) gives the same integers as the ballot-by-ballot tallies.
        const point = governancePoint({
          votes: pop.cwt,
          alphaVotes: pop.uni,
          verified: Uint8Array.from(voters.map((_, i) => (i < VERIFIED ? 1 : 0))),
          support: Uint8Array.from(pop.support),
          quorumIdentities: cw.required,
          totalSupply: await token.totalSupply(),
          ozQuorumPercent: OZ_QUORUM_PERCENT,
        });
        expect([point.counterweight.against, point.counterweight.for, point.counterweight.abstain]).to.deep.equal([
          against,
          forW,
          abstain,
        ]);
        expect(point.counterweight.identities).to.equal(counted);
        expect([point.oz.against, point.oz.for, point.oz.abstain]).to.deep.equal([ozAgainst, ozFor, ozAbstain]);
        expect([point.alpha.for, point.alpha.against]).to.deep.equal([p.forVotes, p.againstVotes]);

        // Outcomes after every deadline (the late-quorum extension included).
        const deadline =
          (await governor.proposalDeadline(idCw)) > (await oz.proposalDeadline(idOz))
            ? await governor.proposalDeadline(idCw)
            : await oz.proposalDeadline(idOz);
        await time.increaseTo(deadline + 1n);
        const endBlock = p.endBlock;
        const latest = BigInt(await time.latestBlock());
        if (endBlock >= latest) await mine(endBlock - latest + 1n);
        const state = (o: string) => (o === "Succeeded" ? SUCCEEDED : DEFEATED);
        expect(await governor.state(idCw)).to.equal(state(cw.outcome()));
        expect(await oz.state(idOz)).to.equal(state(lin.outcome()));
        expect(await alpha.governor.state(idAlpha)).to.equal(state(al.outcome()));
        expect(state(point.counterweight.outcome)).to.equal(state(cw.outcome()));
        expect(state(point.oz.outcome)).to.equal(state(lin.outcome()));
        expect(state(point.alpha.outcome)).to.equal(state(al.outcome()));
      }),
      fcOptions(),
    );
  });
});
