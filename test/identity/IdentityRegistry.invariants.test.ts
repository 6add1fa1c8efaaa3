import { expect } from "chai";
import { ZeroAddress } from "ethers";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { IDENTITY_LEAF_TYPES, type IdentityLeaf } from "../../sim/chain/identity";
import { attest, encodeHumanId, human } from "./fixtures";
import { deploySourcesFixture, verifiedAccount } from "./sources/fixtures";

const AGENTS = 6;
const HUMANS_PER_AGENT = 2;

type Action =
  | { kind: "registerMerkle"; agent: number; slot: number }
  | { kind: "registerAttested"; agent: number; slot: number; expiresIn: number | undefined }
  | { kind: "registerCoinbase"; agent: number; expiresIn: number | undefined }
  | { kind: "propose"; agent: number; target: number }
  | { kind: "accept"; pick: number; agent: number }
  | { kind: "revokeMerkle"; id: number }
  | { kind: "revokeAttestation"; id: number }
  | { kind: "revokeInEas"; pick: number }
  | { kind: "retireSource"; source: number }
  | { kind: "setCooldown"; seconds: number }
  | { kind: "warp"; seconds: number };

const agent = fc.integer({ min: 0, max: AGENTS - 1 });
const slot = fc.integer({ min: 0, max: HUMANS_PER_AGENT - 1 });
const idArb = fc.integer({ min: 0, max: AGENTS + 2 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("registerMerkle" as const), agent, slot }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("registerAttested" as const),
      agent,
      slot,
      expiresIn: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("registerCoinbase" as const),
      agent,
      expiresIn: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("propose" as const), agent, target: agent }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("accept" as const), pick: fc.nat(), agent }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("revokeMerkle" as const), id: idArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("revokeAttestation" as const), id: idArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("revokeInEas" as const), pick: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant("retireSource" as const), source: fc.integer({ min: 1, max: 5 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("setCooldown" as const), seconds: fc.constantFrom(0, 5, 300) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("warp" as const), seconds: fc.integer({ min: 1, max: 1000 }) }),
    weight: 1,
  },
);

/**
 * Merkle humans are "m/<agent>/<slot>"; attested humans are "a/<slot>", whoever the recipient, so
 * the attester re-issuing a human to another key (and the registry refusing or rebinding it) is
 * exercised. Two attesters (sources 2 and 5) attest alternately; Coinbase Verifications (external
 * source 3, keyed by the recipient address) verifies agents too, through the real EAS.
 */
async function worldFixture() {
  const f = await deploySourcesFixture();
  const signers = [f.alice, f.bob, f.carol, f.dave, f.erin, f.stranger];
  const leaves: IdentityLeaf[] = [];
  for (let a = 0; a < AGENTS; a++) {
    for (let s = 0; s < HUMANS_PER_AGENT; s++) leaves.push([human(`m/${a}/${s}`), signers[a].address]);
  }
  const tree = StandardMerkleTree.of(leaves, IDENTITY_LEAF_TYPES);
  await (await f.registry.connect(f.governor).setMerkleRoot(tree.root)).wait();
  await (await f.registry.connect(f.governor).setAttester(f.deployer.address, true)).wait();
  return { ...f, signers, tree };
}

/** Only the registry's own named errors (or AccessControl's) are acceptable reverts. */
function expectNamedRevert(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  expect(message).to.match(/reverted with custom error '(Identity\w+|Source\w+|AccessControl\w+)\(/);
}

describe("IdentityRegistry invariants", function () {
  it("should never bind one identity to two accounts, and count at most one identity per humanId, now or at any past timepoint", async function () {
    const stats = { rotations: 0, rebinds: 0, retirements: 0, easRevocations: 0, external: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: AGENTS, maxLength: AGENTS }),
        fc.array(actionArb, { minLength: 10, maxLength: 40, size: "max" }),
        async (preRegistered, actions) => {
          const w = await loadFixture(worldFixture);
          const { registry, eas, attester, deployer, governor, schema, signers, tree, coinbase, coinbaseSchema } = w;
          const attesters = [attester, deployer];
          const attesterOf = new Map<number, (typeof attesters)[number]>();
          const uids = new Map<number, string>();
          const schemaOf = new Map<number, string>();
          const timepoints: number[] = [];
          let registrations = 0;
          let rotations = 0;
          const proposals: { id: bigint; target: number }[] = [];
          // Some agents register up front, so rotations and revocations have something to act on.
          for (let a = 0; a < AGENTS; a++) {
            if (!preRegistered[a]) continue;
            const humanId = human(`m/${a}/0`);
            await registry.connect(signers[a]).registerWithMerkleProof(humanId, tree.getProof(a * HUMANS_PER_AGENT));
            registrations++;
          }

          for (const act of actions) {
            try {
              switch (act.kind) {
                case "registerMerkle": {
                  const index = act.agent * HUMANS_PER_AGENT + act.slot;
                  const humanId = human(`m/${act.agent}/${act.slot}`);
                  const previous = await registry.identityOfHuman(humanId);
                  await registry.connect(signers[act.agent]).registerWithMerkleProof(humanId, tree.getProof(index));
                  registrations++;
                  if (previous !== 0n) stats.rebinds++;
                  break;
                }
                case "registerAttested": {
                  const by = attesters[(act.agent + act.slot) % 2];
                  const humanId = human(`a/${act.slot}`);
                  const expirationTime =
                    act.expiresIn === undefined ? 0n : BigInt(await time.latest()) + BigInt(act.expiresIn);
                  const uid = await attest(eas, by, {
                    recipient: signers[act.agent].address,
                    data: encodeHumanId(humanId),
                    expirationTime,
                  });
                  const previous = await registry.identityOfHuman(humanId);
                  await registry.connect(signers[act.agent]).registerWithAttestation(uid);
                  registrations++;
                  if (previous !== 0n) stats.rebinds++;
                  const newId = Number(await registry.identityCount());
                  uids.set(newId, uid);
                  attesterOf.set(newId, by);
                  schemaOf.set(newId, schema);
                  break;
                }
                case "registerCoinbase": {
                  const expirationTime =
                    act.expiresIn === undefined ? 0n : BigInt(await time.latest()) + BigInt(act.expiresIn);
                  const uid = await attest(eas, coinbase, {
                    recipient: signers[act.agent].address,
                    schema: coinbaseSchema,
                    data: verifiedAccount(),
                    expirationTime,
                  });
                  await registry.connect(signers[act.agent]).registerWithSource(w.coinbaseSourceId, uid);
                  registrations++;
                  stats.external++;
                  const newId = Number(await registry.identityCount());
                  uids.set(newId, uid);
                  attesterOf.set(newId, coinbase);
                  schemaOf.set(newId, coinbaseSchema);
                  break;
                }
                case "propose": {
                  const id = await registry.identityOf(signers[act.agent].address);
                  await registry.connect(signers[act.agent]).proposeRotation(signers[act.target].address);
                  proposals.push({ id, target: act.target });
                  break;
                }
                case "accept": {
                  // Mostly the target of an earlier proposal accepts it (it may be stale by now);
                  // with no proposal yet, a random agent tries identity 0.
                  const p =
                    proposals.length > 0 ? proposals[act.pick % proposals.length] : { id: 0n, target: act.agent };
                  await registry.connect(signers[p.target]).acceptRotation(p.id);
                  rotations++;
                  break;
                }
                case "revokeMerkle":
                  await registry.connect(governor).revokeIdentity(act.id);
                  break;
                case "revokeAttestation": {
                  const uid = uids.get(act.id);
                  const by = attesterOf.get(act.id);
                  if (uid !== undefined && by !== undefined && (await eas.getAttestation(uid)).revocationTime === 0n) {
                    await eas.connect(by).revoke({ schema: schemaOf.get(act.id) ?? schema, data: { uid, value: 0n } });
                  }
                  await registry.connect(signers[0]).syncRevocation(act.id);
                  break;
                }
                case "revokeInEas": {
                  // Revoked in EAS and never synced: lookups alone must stop counting it.
                  const attested = [...uids.keys()];
                  if (attested.length === 0) break;
                  const id = attested[act.pick % attested.length];
                  const uid = uids.get(id) ?? "";
                  const by = attesterOf.get(id);
                  if (by !== undefined && (await eas.getAttestation(uid)).revocationTime === 0n) {
                    await eas.connect(by).revoke({ schema: schemaOf.get(id) ?? schema, data: { uid, value: 0n } });
                    stats.easRevocations++;
                  }
                  break;
                }
                case "retireSource":
                  await registry.connect(governor).retireSource(act.source);
                  stats.retirements++;
                  break;
                case "setCooldown":
                  await registry.connect(governor).setRotationCooldown(act.seconds);
                  break;
                case "warp":
                  await time.increase(act.seconds);
                  break;
              }
            } catch (error) {
              expectNamedRevert(error);
            }
            timepoints.push(await time.latest());
          }
          await time.increase(1);
          stats.rotations += rotations;

          expect(await registry.identityCount()).to.equal(BigInt(registrations));
          const current = await Promise.all(signers.map((s) => registry.identityOf(s.address)));
          const bound = current.filter((id) => id !== 0n);
          expect(new Set(bound).size, "two accounts share an identity now").to.equal(bound.length);
          // The registrant of an identity is whoever registered it, whatever rotations followed.
          const registrants = new Map<bigint, string>();
          for (const e of await registry.queryFilter(registry.filters.IdentityRegistered())) {
            registrants.set(e.args.identityId, e.args.account);
          }
          for (let i = 0; i < signers.length; i++) {
            if (current[i] !== 0n) expect(await registry.accountOf(current[i])).to.equal(signers[i].address);
            const registrant = current[i] === 0n ? ZeroAddress : registrants.get(current[i]);
            // bindingOf answers only for an identity that counts now (not ended, not in a cooldown).
            const [countedNow, counterRegistrant] = await registry.bindingOf(signers[i].address);
            if (countedNow === 0n) expect(counterRegistrant).to.equal(ZeroAddress);
            else expect([countedNow, counterRegistrant]).to.deep.equal([current[i], registrant]);
            expect(await registry.isVerified(signers[i].address)).to.equal(countedNow !== 0n);
          }
          for (let id = 1n; id <= BigInt(registrations); id++) {
            const account = await registry.accountOf(id);
            const record = await registry.identity(id);
            if (account !== "0x0000000000000000000000000000000000000000") {
              expect(await registry.identityOf(account)).to.equal(id);
              expect(record.revoked).to.equal(false);
            }
            if (record.revoked) expect(current.includes(id), `revoked identity ${id} still bound`).to.equal(false);
          }
          const humanOf = new Map<bigint, string>();
          for (const e of await registry.queryFilter(registry.filters.IdentityRegistered())) {
            humanOf.set(e.args.identityId, e.args.humanId);
          }
          for (const t of timepoints) {
            const past = await Promise.all(signers.map((s) => registry.identityAt(s.address, t)));
            const held = past.filter((id) => id !== 0n);
            expect(new Set(held).size, `two accounts share an identity at ${t}`).to.equal(held.length);
            const humans = held.map((id) => humanOf.get(id));
            expect(new Set(humans).size, `one humanId counted twice at ${t}`).to.equal(humans.length);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 15), seed: 20261123 },
    );
    expect(stats.rotations, "the generated runs never rotated an identity").to.be.greaterThan(0);
    expect(stats.rebinds, "the generated runs never bound a humanId again").to.be.greaterThan(0);
    expect(stats.retirements, "the generated runs never retired a source").to.be.greaterThan(0);
    expect(stats.easRevocations, "the generated runs never revoked in EAS").to.be.greaterThan(0);
    expect(stats.external, "the generated runs never registered through an external source").to.be.greaterThan(0);
  });
});
