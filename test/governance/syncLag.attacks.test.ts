/**
 * Attacks on the sync lag of quadratic delegation (issue 18), from the adversarial review of
 * branch qdeleg2 (review-qdeleg, finding R1) and the regressions it found holding.
 *
 * THE DESIGN (issue 18 option (c), docs/governance.md, "The lag, stated exactly"): the governor
 * counts the token's checkpointed sums and reads no identity validity at vote time. Identity
 * changes that happen without a transaction on our contracts (an EAS revocation, an expiry, a
 * source retirement, a rotation moving an identity off the seller's key) reach the sums only when
 * someone calls the permissionless `sync(account)`. A contribution that is stale at a proposal's
 * snapshot therefore COUNTS at that snapshot, and a sync after the snapshot does not repair it.
 * The lag is bounded by the keeper: `cw:sync` (scripts/tasks/sync.ts, plan in scripts/lib/syncPlan.ts)
 * run inside each proposal's voting delay removes every stale contribution before the snapshot.
 *
 * Each R1 attack below has two tests: "without a sync" asserts the documented lag exactly (seats
 * and √ at the snapshot), "keeper inside the voting delay" runs the real task on the in-process
 * chain between `propose` and the snapshot and asserts the stale contribution is gone there (0
 * seats, 0 √, the voter refused with GovernanceUnverifiedVoter). Proposals here have a one-hour
 * voting delay, so the keeper's few blocks land well before the snapshot (checked).
 */
import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { solidityPacked } from "ethers";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import GovernanceModule from "../../deploy/modules/Governance";
import {
  CounterweightGovernor__factory,
  CounterweightToken__factory,
  IdentityRegistry__factory,
  MockIdentityRegistry__factory,
  TimelockController__factory,
  type CounterweightGovernor,
} from "../../typechain-types";
import { isqrt } from "../../scripts/lib/isqrt";
import { asGovernor, propose as proposeSim, startVoting, type ProposalCall } from "../../sim/chain/governor";
import { HUMAN_SCHEMA, attest, deployEas, encodeHumanId, human, schemaUid, signerFor } from "../identity/fixtures";
import { BALANCES, E18, MODULE_PARAMETERS, deployStack, type Stack } from "./fixtures";

const FRACTIONAL = 255;
const VOTING_DELAY = 3_600n;
const TEN_M = 10_000_000n * E18;
const FIVE_M = 5_000_000n * E18;
const split = (against: bigint, forW: bigint, abstain: bigint) =>
  solidityPacked(["uint128", "uint128", "uint128"], [against, forW, abstain]);
const root = (i: number) => isqrt(BALANCES[i] * E18);

/**
 * Governance module wired to a real local EAS, with a one-hour voting delay; four attested voters
 * with 10M tokens each, self-delegated and synced; `spare` self-delegated with nothing.
 */
async function attestedFixture() {
  const signers = await hre.ethers.getSigners();
  const [deployer, attester] = signers;
  const voters = signers.slice(2, 6);
  const [spare, buyer] = signers.slice(6, 8);
  const eas = await deployEas(deployer);
  const schema = schemaUid(HUMAN_SCHEMA);
  const deployed = await hre.ignition.deploy(GovernanceModule, {
    parameters: {
      ...MODULE_PARAMETERS,
      Identity: { eas: await eas.getAddress(), schema },
      Governance: { ...MODULE_PARAMETERS.Governance, votingDelay: Number(VOTING_DELAY) },
    },
  });
  const token = CounterweightToken__factory.connect(await deployed.token.getAddress(), deployer);
  const registry = IdentityRegistry__factory.connect(await deployed.registry.getAddress(), deployer);
  const governor = CounterweightGovernor__factory.connect(await deployed.governor.getAddress(), deployer);
  const timelock = TimelockController__factory.connect(await deployed.timelock.getAddress(), deployer);
  const timelockSigner = await signerFor(await timelock.getAddress());
  await (await registry.connect(timelockSigner).setAttester(attester.address, true)).wait();
  const uids: string[] = [];
  for (const [i, v] of voters.entries()) {
    await (await token.transfer(v.address, TEN_M)).wait();
    await (await token.connect(v).delegate(v.address)).wait();
    const uid = await attest(eas, attester, { recipient: v.address, data: encodeHumanId(human(`sl-voter-${i}`)) });
    await (await registry.connect(v).registerWithAttestation(uid)).wait();
    await (await token.sync(v.address)).wait();
    uids.push(uid);
  }
  await (await token.connect(spare).delegate(spare.address)).wait();
  return { attester, voters, spare, buyer, eas, schema, token, registry, governor, timelockSigner, uids };
}
type Attested = Awaited<ReturnType<typeof attestedFixture>>;

/** What the keeper printed and how many transactions it sent. */
interface KeeperRun {
  lines: string[];
  sent: number;
}

/** The real keeper: `cw:sync` over the fixture's token on the in-process chain, its output captured. */
async function keeper(f: Attested): Promise<KeeperRun> {
  const lines: string[] = [];
  const log = console.log;
  const before = await hre.ethers.provider.getBlockNumber();
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    await hre.run("cw:sync", { token: await f.token.getAddress(), batch: "10" });
  } finally {
    console.log = log;
  }
  return { lines, sent: (await hre.ethers.provider.getBlockNumber()) - before };
}

/** The stale accounts the keeper listed, lower-cased, with their reason. */
function listed(run: KeeperRun): string[] {
  return run.lines.flatMap((l) => {
    const m = /^\s+(0x[0-9a-fA-F]{40}): ([a-z ]+) \(/.exec(l);
    return m === null ? [] : [`${m[1].toLowerCase()} ${m[2]}`];
  });
}

/** Proposes from voter 0; the snapshot is one voting delay ahead. */
async function proposeAttested(f: Attested, description: string): Promise<{ id: bigint; snapshot: bigint }> {
  const target = await f.governor.getAddress();
  const call = f.governor.interface.encodeFunctionData("setVotingDelay", [VOTING_DELAY + 1n]);
  await (await f.governor.connect(f.voters[0]).propose([target], [0n], [call], description)).wait();
  const id = await f.governor.getProposalId([target], [0n], [call], hre.ethers.id(description));
  return { id, snapshot: await f.governor.proposalSnapshot(id) };
}

/** Runs the keeper inside the voting delay of a proposal whose snapshot is `snapshot`. */
async function keeperBefore(f: Attested, snapshot: bigint): Promise<KeeperRun> {
  const run = await keeper(f);
  expect(BigInt(await time.latest())).to.be.lessThan(snapshot); // the keeper ran before the snapshot
  return run;
}

async function quorumCall(governor: CounterweightGovernor, tag: string): Promise<ProposalCall> {
  return {
    targets: [await governor.getAddress()],
    values: [0n],
    calldatas: [governor.interface.encodeFunctionData("setQuorumIdentities", [4n])],
    description: `sync-lag attacks: ${tag}`,
  };
}

async function activeProposal(s: Stack, tag: string): Promise<bigint> {
  const gov = asGovernor(await s.governor.getAddress(), s.voters[0]);
  const id = await proposeSim(hre, gov, s.voters[0], await quorumCall(s.governor, tag));
  await startVoting(hre, gov, id);
  return id;
}

/** R1a: the attester revokes voter 0 and re-issues the human to `spare` under a NEW humanId. */
async function reissuedFixture() {
  const f = await loadFixture(attestedFixture);
  const whale = f.voters[0];
  await (await f.eas.connect(f.attester).revoke({ schema: f.schema, data: { uid: f.uids[0], value: 0n } })).wait();
  const uid = await attest(f.eas, f.attester, { recipient: f.spare.address, data: encodeHumanId(human("sl-0b")) });
  await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
  await (await f.token.connect(whale).transfer(f.spare.address, FIVE_M)).wait();
  await (await f.token.sync(f.spare.address)).wait(); // the new key syncs; nobody syncs the revoked key
  return { ...f, whale };
}

/** R1b: `spare` holds 5M under an attestation that expires 30 s after registration; time passes it. */
async function expiredFixture() {
  const f = await loadFixture(attestedFixture);
  await mine(); // read the clock from a fresh block (the next block follows the wall clock)
  const expiry = BigInt(await time.latest()) + 30n;
  const uid = await attest(f.eas, f.attester, {
    recipient: f.spare.address,
    data: encodeHumanId(human("sl-expiring")),
    expirationTime: expiry,
  });
  await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
  await (await f.token.connect(f.voters[1]).transfer(f.spare.address, FIVE_M)).wait();
  await (await f.token.sync(f.spare.address)).wait();
  expect(await f.token.getDelegatedIdentities(f.spare.address)).to.equal(1n);
  await time.increaseTo(expiry + 10n);
  return { ...f, expiry };
}

/** R1c: governance retires the attester's source, which issued all four voters' identities. */
async function retiredFixture() {
  const f = await loadFixture(attestedFixture);
  const sourceId = await f.registry.sourceOfAttester(f.attester.address);
  await (await f.registry.connect(f.timelockSigner).retireSource(sourceId)).wait();
  return f;
}

/** R1d: a 30-day rotation cooldown; voter 3 sells its identity to `buyer` and keeps its 10M. */
async function rotatedFixture() {
  const f = await loadFixture(attestedFixture);
  await (await f.registry.connect(f.timelockSigner).setRotationCooldown(30n * 86_400n)).wait();
  const seller = f.voters[3];
  const identity = await f.registry.identityOf(seller.address);
  await (await f.registry.connect(seller).proposeRotation(f.buyer.address)).wait();
  await (await f.registry.connect(f.buyer).acceptRotation(identity)).wait();
  await (await f.token.connect(f.buyer).delegate(f.buyer.address)).wait();
  return { ...f, seller, identity };
}

describe("Attacks on the sync lag (quadratic delegation, review-qdeleg R1)", function () {
  describe("re-issue under a new humanId double count", function () {
    it("without a sync before the snapshot, the revoked old key and the new key both count: 2 seats, 2·√5M (the documented lag; a sync after the snapshot repairs nothing)", async function () {
      const f = await loadFixture(reissuedFixture);
      const { id, snapshot } = await proposeAttested(f, "R1a lag");
      await time.increaseTo(snapshot + 1n);
      expect(await f.registry.identityAt(f.whale.address, snapshot)).to.equal(0n); // the registry knows
      expect(await f.token.getPastQuadraticPower(f.whale.address, snapshot)).to.deep.equal([isqrt(FIVE_M), 1n]);
      expect(await f.token.getPastQuadraticPower(f.spare.address, snapshot)).to.deep.equal([isqrt(FIVE_M), 1n]);
      await (await f.token.sync(f.whale.address)).wait(); // too late for this snapshot
      expect(await f.token.getDelegatedIdentities(f.whale.address)).to.equal(0n);
      await (await f.governor.connect(f.spare).castVote(id, 1)).wait();
      await (await f.governor.connect(f.whale).castVote(id, 1)).wait();
      const [, forVotes] = await f.governor.proposalVotes(id);
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(2n);
      expect(forVotes).to.equal(2n * isqrt(FIVE_M));
    });

    it("with the keeper inside the voting delay, the revoked key counts nothing at the snapshot: one seat, one √5M", async function () {
      const f = await loadFixture(reissuedFixture);
      const { id, snapshot } = await proposeAttested(f, "R1a keeper");
      const run = await keeperBefore(f, snapshot);
      expect(listed(run)).to.deep.equal([`${f.whale.address.toLowerCase()} no longer counts`]);
      expect(run.sent).to.equal(1);
      await time.increaseTo(snapshot + 1n);
      expect(await f.token.getPastQuadraticPower(f.whale.address, snapshot)).to.deep.equal([0n, 0n]);
      await expect(f.governor.connect(f.whale).castVote(id, 1))
        .to.be.revertedWithCustomError(f.governor, "GovernanceUnverifiedVoter")
        .withArgs(f.whale.address, snapshot);
      await (await f.governor.connect(f.spare).castVote(id, 1)).wait();
      const [, forVotes] = await f.governor.proposalVotes(id);
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
      expect(forVotes).to.equal(isqrt(FIVE_M));
    });
  });

  describe("expired attestation kept voting", function () {
    it("without a sync before the snapshot, the expired account keeps its seat and √5M (the documented lag)", async function () {
      const f = await loadFixture(expiredFixture);
      const { id, snapshot } = await proposeAttested(f, "R1b lag");
      await time.increaseTo(snapshot + 1n);
      expect(await f.registry.identityAt(f.spare.address, snapshot)).to.equal(0n);
      expect(await f.token.getPastQuadraticPower(f.spare.address, snapshot)).to.deep.equal([isqrt(FIVE_M), 1n]);
      await (await f.governor.connect(f.spare).castVote(id, 1)).wait();
      const [, forVotes] = await f.governor.proposalVotes(id);
      expect(forVotes).to.equal(isqrt(FIVE_M));
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
    });

    it("with the keeper inside the voting delay, the expired account has 0 seats and 0 √ at the snapshot and is refused", async function () {
      const f = await loadFixture(expiredFixture);
      const { id, snapshot } = await proposeAttested(f, "R1b keeper");
      const run = await keeperBefore(f, snapshot);
      expect(listed(run)).to.deep.equal([`${f.spare.address.toLowerCase()} no longer counts`]);
      await time.increaseTo(snapshot + 1n);
      expect(await f.token.getPastQuadraticPower(f.spare.address, snapshot)).to.deep.equal([0n, 0n]);
      expect(await f.token.getPastVotes(f.spare.address, snapshot)).to.equal(FIVE_M); // linear votes stay
      await expect(f.governor.connect(f.spare).castVote(id, 1))
        .to.be.revertedWithCustomError(f.governor, "GovernanceUnverifiedVoter")
        .withArgs(f.spare.address, snapshot);
    });
  });

  describe("retired-source sybils", function () {
    it("without a sync before the snapshot, every identity of the retired source keeps its seat and √10M (the documented lag)", async function () {
      const f = await loadFixture(retiredFixture);
      const { id, snapshot } = await proposeAttested(f, "R1c lag");
      await time.increaseTo(snapshot + 1n);
      let seats = 0n;
      for (const v of f.voters) {
        expect(await f.registry.identityAt(v.address, snapshot)).to.equal(0n);
        expect(await f.token.getPastQuadraticPower(v.address, snapshot)).to.deep.equal([isqrt(TEN_M), 1n]);
        seats += await f.token.getPastDelegatedIdentities(v.address, snapshot);
      }
      expect(seats).to.equal(4n);
      await (await f.governor.connect(f.voters[1]).castVote(id, 1)).wait();
      const [, forVotes] = await f.governor.proposalVotes(id);
      expect(forVotes).to.equal(isqrt(TEN_M));
    });

    it("with the keeper inside the voting delay, one batch syncs all the source's identities: 0 seats at the snapshot, every voter refused", async function () {
      const f = await loadFixture(retiredFixture);
      const { id, snapshot } = await proposeAttested(f, "R1c keeper");
      const run = await keeperBefore(f, snapshot);
      expect(listed(run)).to.have.members(f.voters.map((v) => `${v.address.toLowerCase()} no longer counts`));
      expect(run.sent).to.equal(1); // one multicall of 4 syncs (batch 10)
      await time.increaseTo(snapshot + 1n);
      for (const v of f.voters) {
        expect(await f.token.getPastQuadraticPower(v.address, snapshot)).to.deep.equal([0n, 0n]);
        await expect(f.governor.connect(v).castVote(id, 1))
          .to.be.revertedWithCustomError(f.governor, "GovernanceUnverifiedVoter")
          .withArgs(v.address, snapshot);
      }
    });
  });

  describe("cooldown bypass by the seller's key", function () {
    it("without a sync before the snapshot, the seller's old key keeps the identity's seat and √10M inside the cooldown (the documented lag)", async function () {
      const f = await loadFixture(rotatedFixture);
      const { id, snapshot } = await proposeAttested(f, "R1d lag");
      await time.increaseTo(snapshot + 1n);
      expect(await f.registry.identityAt(f.seller.address, snapshot)).to.equal(0n);
      expect(await f.registry.identityAt(f.buyer.address, snapshot)).to.equal(0n);
      expect(await f.token.getPastQuadraticPower(f.seller.address, snapshot)).to.deep.equal([isqrt(TEN_M), 1n]);
      expect(await f.token.getPastQuadraticPower(f.buyer.address, snapshot)).to.deep.equal([0n, 0n]);
      await (await f.governor.connect(f.seller).castVote(id, 1)).wait();
      const [, forVotes] = await f.governor.proposalVotes(id);
      expect(forVotes).to.equal(isqrt(TEN_M));
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
    });

    it("with the keeper inside the voting delay, the rotated identity counts on neither key at a snapshot inside the cooldown", async function () {
      const f = await loadFixture(rotatedFixture);
      const { id, snapshot } = await proposeAttested(f, "R1d keeper");
      const run = await keeperBefore(f, snapshot);
      // The buyer's key is in its cooldown (bindingOf 0, nothing cached): in sync, not listed.
      expect(listed(run)).to.deep.equal([`${f.seller.address.toLowerCase()} no longer counts`]);
      await time.increaseTo(snapshot + 1n);
      expect(await f.token.getPastQuadraticPower(f.seller.address, snapshot)).to.deep.equal([0n, 0n]);
      expect(await f.token.getPastQuadraticPower(f.buyer.address, snapshot)).to.deep.equal([0n, 0n]);
      for (const who of [f.seller, f.buyer]) {
        await expect(f.governor.connect(who).castVote(id, 1))
          .to.be.revertedWithCustomError(f.governor, "GovernanceUnverifiedVoter")
          .withArgs(who.address, snapshot);
      }
    });
  });

  describe("expired-attestation pump (the token caches the expiration at sync)", function () {
    it("expired-attestation pump: tokens moved into an account after its attestation expired add no √ and end its seat, with no sync", async function () {
      const f = await loadFixture(attestedFixture);
      await mine();
      const expiry = BigInt(await time.latest()) + 60n;
      const uid = await attest(f.eas, f.attester, {
        recipient: f.spare.address,
        data: encodeHumanId(human("sl-pump")),
        expirationTime: expiry,
      });
      await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
      const identity = await f.registry.identityOf(f.spare.address);
      await (await f.token.connect(f.voters[1]).transfer(f.spare.address, FIVE_M)).wait();
      await (await f.token.sync(f.spare.address)).wait();
      // Before the expiration a transfer re-weighs the contribution as usual.
      await (await f.token.connect(f.voters[1]).transfer(f.spare.address, E18)).wait();
      expect(await f.token.contributionOf(f.spare.address)).to.deep.equal([identity, isqrt(FIVE_M + E18)]);
      await time.setNextBlockTimestamp(expiry); // from the expiration on (EAS's rule)
      // The pump: 5M more moved in after the expiration. Nobody syncs.
      await expect(f.token.connect(f.voters[2]).transfer(f.spare.address, FIVE_M))
        .to.emit(f.token, "IdentitySynced")
        .withArgs(f.spare.address, identity, 0n)
        .and.to.emit(f.token, "QuadraticVotesChanged")
        .withArgs(f.spare.address, isqrt(FIVE_M + E18), 0n, 1n, 0n);
      expect(await f.token.contributionOf(f.spare.address)).to.deep.equal([0n, 0n]);
      expect(await f.token.getVotes(f.spare.address)).to.equal(2n * FIVE_M + E18); // linear votes move
      const { id, snapshot } = await proposeAttested(f, "pump");
      await time.increaseTo(snapshot + 1n);
      expect(await f.token.getPastQuadraticPower(f.spare.address, snapshot)).to.deep.equal([0n, 0n]);
      await expect(f.governor.connect(f.spare).castVote(id, 1))
        .to.be.revertedWithCustomError(f.governor, "GovernanceUnverifiedVoter")
        .withArgs(f.spare.address, snapshot);
      expect(listed(await keeper(f))).to.deep.equal([]); // nothing left for the keeper
    });

    it("an expired contribution delegated away goes nowhere: the old delegate loses it, the new one gains the linear votes only", async function () {
      const f = await loadFixture(expiredFixture);
      const delegate = f.voters[2];
      const identity = await f.registry.identityOf(f.spare.address);
      await expect(f.token.connect(f.spare).delegate(delegate.address))
        .to.emit(f.token, "IdentitySynced")
        .withArgs(f.spare.address, identity, 0n);
      expect(await f.token.getQuadraticVotes(f.spare.address)).to.equal(0n);
      expect(await f.token.getDelegatedIdentities(f.spare.address)).to.equal(0n);
      expect(await f.token.getQuadraticVotes(delegate.address)).to.equal(isqrt(TEN_M));
      expect(await f.token.getDelegatedIdentities(delegate.address)).to.equal(1n);
      expect(await f.token.getVotes(delegate.address)).to.equal(TEN_M + FIVE_M);
    });

    it("a lapsed account re-registered for another human keeps counting when the first human renews on another key", async function () {
      const f = await loadFixture(expiredFixture);
      // The contribution lapses at a transfer; the token keeps no registry read on that path, so
      // the human's record still names the account.
      await (await f.token.connect(f.voters[1]).transfer(f.spare.address, E18)).wait();
      expect(await f.token.contributionOf(f.spare.address)).to.deep.equal([0n, 0n]);
      const expiringHuman = await f.registry.humanIdOf(await f.registry.identityOf(f.spare.address));
      expect(await f.token.contributorOfHuman(expiringHuman)).to.equal(f.spare.address);
      // The account is attested again, for another human, and synced.
      const other = await attest(f.eas, f.attester, { recipient: f.spare.address, data: encodeHumanId(human("sl-x")) });
      await (await f.registry.connect(f.spare).registerWithAttestation(other)).wait();
      await (await f.token.sync(f.spare.address)).wait();
      const otherId = await f.registry.identityOf(f.spare.address);
      const weight = isqrt(FIVE_M + E18);
      expect(await f.token.contributionOf(f.spare.address)).to.deep.equal([otherId, weight]);
      // The expired human renews on `buyer` (a move: it waits the rotation cooldown); its syncs,
      // inside the cooldown and after it, must not take the other human's contribution.
      const renewed = await attest(f.eas, f.attester, {
        recipient: f.buyer.address,
        data: encodeHumanId(human("sl-expiring")),
      });
      await (await f.registry.connect(f.buyer).registerWithAttestation(renewed)).wait();
      await (await f.token.connect(f.buyer).delegate(f.buyer.address)).wait();
      await (await f.token.sync(f.buyer.address)).wait();
      expect(await f.token.contributionOf(f.spare.address)).to.deep.equal([otherId, weight]);
      await time.increase(await f.registry.rotationCooldown());
      await (await f.token.sync(f.buyer.address)).wait();
      expect(await f.token.contributionOf(f.spare.address)).to.deep.equal([otherId, weight]);
      expect(await f.token.getPastQuadraticPower(f.spare.address, (await time.latest()) - 1)).to.deep.equal([
        weight,
        1n,
      ]);
      expect(await f.token.getDelegatedIdentities(f.buyer.address)).to.equal(1n);
      expect(await f.token.contributorOfHuman(expiringHuman)).to.equal(f.buyer.address);
    });
  });

  describe("attacks that hold", function () {
    it("sync griefing after a same-humanId re-issue: syncing the old key after the new one takes nothing from the new key", async function () {
      const f = await loadFixture(attestedFixture);
      const [whale, , , stranger] = f.voters;
      await (await f.eas.connect(f.attester).revoke({ schema: f.schema, data: { uid: f.uids[0], value: 0n } })).wait();
      const uid = await attest(f.eas, f.attester, {
        recipient: f.spare.address,
        data: encodeHumanId(human("sl-voter-0")),
      });
      await (await f.registry.connect(f.spare).registerWithAttestation(uid)).wait();
      await (await f.token.connect(whale).transfer(f.spare.address, 4_000_000n * E18)).wait();
      await time.increase(await f.registry.rotationCooldown());
      await (await f.token.sync(f.spare.address)).wait();
      const newId = await f.registry.identityOf(f.spare.address);
      expect(await f.token.contributorOf(newId)).to.equal(f.spare.address);
      const before = await f.token.getQuadraticVotes(f.spare.address);
      expect(before).to.equal(isqrt(4_000_000n * E18));
      // The attacker syncs the old key (and the new one, repeatedly): nothing changes, nothing is emitted.
      await expect(f.token.connect(stranger).sync(whale.address)).to.not.emit(f.token, "IdentitySynced");
      await expect(f.token.connect(stranger).sync(f.spare.address)).to.not.emit(f.token, "IdentitySynced");
      expect(await f.token.getQuadraticVotes(f.spare.address)).to.equal(before);
      expect(await f.token.getDelegatedIdentities(f.spare.address)).to.equal(1n);
      expect(await f.token.getDelegatedIdentities(whale.address)).to.equal(0n);
      const { id, snapshot } = await proposeAttested(f, "grief after re-issue");
      await time.increaseTo(snapshot + 1n);
      await (await f.governor.connect(f.spare).castVote(id, 1)).wait();
      await expect(f.governor.connect(whale).castVote(id, 1)).to.be.revertedWithCustomError(
        f.governor,
        "GovernanceUnverifiedVoter",
      );
      expect(await f.governor.proposalQuorumIdentities(id)).to.equal(1n);
    });

    it("delegate-then-transfer-then-redelegate in one block: one consistent checkpoint per delegate at that timestamp", async function () {
      const s = await loadFixture(deployStack);
      const [a, b, d, e] = [s.voters[4], s.voters[5], s.voters[2], s.voters[1]];
      const moved = (BALANCES[4] * E18) / 4n;
      await hre.network.provider.send("evm_setAutomine", [false]);
      try {
        await s.token.connect(a).delegate(d.address, { gasLimit: 300_000n });
        await s.token.connect(a).transfer(b.address, moved, { gasLimit: 300_000n });
        await s.token.connect(a).delegate(e.address, { gasLimit: 300_000n });
        await s.token.connect(b).delegate(d.address, { gasLimit: 300_000n });
        await hre.network.provider.send("evm_mine", []);
      } finally {
        await hre.network.provider.send("evm_setAutomine", [true]);
      }
      const aBal = BALANCES[4] * E18 - moved;
      const bBal = BALANCES[5] * E18 + moved;
      expect(await s.token.getQuadraticVotes(d.address)).to.equal(root(2) + isqrt(bBal));
      expect(await s.token.getQuadraticVotes(e.address)).to.equal(root(1) + isqrt(aBal));
      expect(await s.token.getDelegatedIdentities(d.address)).to.equal(2n);
      expect(await s.token.getDelegatedIdentities(e.address)).to.equal(2n);
      expect(await s.token.getVotes(d.address)).to.equal(BALANCES[2] * E18 + bBal);
      const id = await activeProposal(s, "one block");
      const snapshot = await s.governor.proposalSnapshot(id);
      // Per delegate, one checkpoint for that timestamp (equal keys overwrite), read at the snapshot.
      const n = await s.token.numCheckpoints(d.address);
      const [t1] = await s.token.checkpoints(d.address, n - 1n);
      const [t0] = await s.token.checkpoints(d.address, n - 2n);
      expect(t1).to.be.greaterThan(t0);
      expect(await s.token.getPastQuadraticPower(d.address, snapshot)).to.deep.equal([root(2) + isqrt(bBal), 2n]);
      expect(await s.token.getPastQuadraticPower(e.address, snapshot)).to.deep.equal([root(1) + isqrt(aBal), 2n]);
      expect(await s.token.getPastQuadraticPower(a.address, snapshot)).to.deep.equal([0n, 0n]);
      expect(await s.token.getPastQuadraticPower(b.address, snapshot)).to.deep.equal([0n, 0n]);
    });

    it("split vote above weight over many partial calls (property): never more than Σ√, quorum seats ⌈n · (For + Abstain) / W⌉, each identity at most once", async function () {
      async function delegated() {
        const s = await deployStack();
        const delegate = s.voters[3];
        for (const v of s.voters.slice(4)) await s.token.connect(v).delegate(delegate.address);
        const id = await activeProposal(s, "partial splits");
        const weight = [3, 4, 5, 6, 7].reduce((acc, i) => acc + root(i), 0n);
        return { ...s, delegate, id, weight };
      }
      const part = fc.bigInt({ min: 0n, max: 1n << 40n });
      const call = fc.record({
        against: part,
        forW: part,
        abstain: part,
        scale: fc.constantFrom(0n, 1n, 1000n, 10n ** 6n),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 5 }), async (calls) => {
          const s = await loadFixture(delegated);
          const g = s.governor.connect(s.delegate);
          let used = 0n;
          let towards = 0n; // For + Abstain weight cast: the seats are ⌈5 · towards / W⌉
          for (const c of calls) {
            const [ag, fo, ab] = [c.against * c.scale, c.forW * c.scale, c.abstain * c.scale];
            const remaining = s.weight - used;
            const tx = g.castVoteWithReasonAndParams(s.id, FRACTIONAL, "", split(ag, fo, ab));
            // The contract's order: already cast, then an empty split, then above the remaining weight.
            if (remaining === 0n) {
              await expect(tx).to.be.revertedWithCustomError(s.governor, "GovernorAlreadyCastVote");
            } else if (ag + fo + ab === 0n) {
              await expect(tx).to.be.revertedWithCustomError(s.governor, "GovernorInvalidVoteParams");
            } else if (ag + fo + ab > remaining) {
              await expect(tx)
                .to.be.revertedWithCustomError(s.governor, "GovernorExceedRemainingWeight")
                .withArgs(s.delegate.address, ag + fo + ab, remaining);
            } else {
              await (await tx).wait();
              used += ag + fo + ab;
              towards += fo + ab;
            }
          }
          if (used < s.weight) {
            await (await g.castVote(s.id, 1)).wait(); // the rest, nominally For
            towards += s.weight - used;
            used = s.weight;
          }
          await expect(g.castVote(s.id, 0)).to.be.revertedWithCustomError(s.governor, "GovernorAlreadyCastVote");
          const [a, f, ab] = await s.governor.proposalVotes(s.id);
          expect(a + f + ab).to.equal(s.weight);
          expect(await s.governor.usedVotes(s.id, s.delegate.address)).to.equal(s.weight);
          const seats = (5n * towards + s.weight - 1n) / s.weight;
          expect(seats).to.be.lessThanOrEqual(5n);
          expect(await s.governor.proposalQuorumIdentities(s.id)).to.equal(seats);
        }),
        { numRuns: 12, seed: 18 },
      );
    });

    it("checkpoint packing overflow at the cap: 2^96 − 1 tokens over verified holders keep linear, Σ√ and count exact", async function () {
      const [deployer, d, b, c] = await hre.ethers.getSigners();
      const cap = (1n << 96n) - 1n;
      const token = await new CounterweightToken__factory(deployer).deploy("Max", "MAX", cap, [
        { recipient: deployer.address, amount: cap },
      ]);
      const registry = await new MockIdentityRegistry__factory(deployer).deploy();
      await registry.setVerifyAll(true);
      await token.wireIdentityRegistry(await registry.getAddress());
      for (const v of [deployer, b, c]) {
        await token.connect(v).delegate(d.address);
        await token.sync(v.address);
      }
      expect(await token.getVotes(d.address)).to.equal(cap);
      expect(await token.getQuadraticVotes(d.address)).to.equal(isqrt(cap));
      expect(await token.getDelegatedIdentities(d.address)).to.equal(3n);
      const third = cap / 3n;
      await token.transfer(b.address, third);
      await token.transfer(c.address, third);
      const [, votes, quadraticVotes, identities] = await token.checkpoints(
        d.address,
        (await token.numCheckpoints(d.address)) - 1n,
      );
      expect(votes).to.equal(cap);
      expect(quadraticVotes).to.equal(isqrt(cap - 2n * third) + 2n * isqrt(third));
      expect(identities).to.equal(3n);
    });

    it("keeper on bad input (cw:sync): a contract that is not the token, or a token with no registry, sends nothing", async function () {
      const s = await loadFixture(deployStack);
      const before = await hre.ethers.provider.getBlockNumber();
      await expect(hre.run("cw:sync", { token: await s.registry.getAddress() })).to.be.rejected;
      await expect(hre.run("cw:sync", { token: await s.token.getAddress(), fromBlock: "x1" })).to.be.rejectedWith(
        /from-block/,
      );
      await expect(hre.run("cw:sync", { token: await s.token.getAddress(), blockRange: "0" })).to.be.rejectedWith(
        /block-range/,
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
      const unwired = await new CounterweightToken__factory(s.deployer).deploy("U", "U", 1n, [
        { recipient: s.deployer.address, amount: 1n },
      ]);
      const deployedAt = await hre.ethers.provider.getBlockNumber();
      await expect(hre.run("cw:sync", { token: await unwired.getAddress() })).to.be.rejectedWith(
        /no identity registry wired/,
      );
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(deployedAt);
    });
  });
});
