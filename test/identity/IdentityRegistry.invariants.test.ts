import { expect } from "chai";
import { ZeroAddress } from "ethers";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { IDENTITY_LEAF_TYPES, type IdentityLeaf } from "../../sim/chain/identity";
import { attest, deployIdentityFixture, encodeHumanId, human } from "./fixtures";

const AGENTS = 6;
const HUMANS_PER_AGENT = 2;

type Action =
  | { kind: "registerMerkle"; agent: number; slot: number }
  | { kind: "registerAttested"; agent: number; slot: number }
  | { kind: "propose"; agent: number; target: number }
  | { kind: "accept"; pick: number; agent: number }
  | { kind: "revokeMerkle"; id: number }
  | { kind: "revokeAttestation"; id: number }
  | { kind: "warp"; seconds: number };

const agent = fc.integer({ min: 0, max: AGENTS - 1 });
const slot = fc.integer({ min: 0, max: HUMANS_PER_AGENT - 1 });
const idArb = fc.integer({ min: 0, max: AGENTS + 2 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("registerMerkle" as const), agent, slot }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("registerAttested" as const), agent, slot }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("propose" as const), agent, target: agent }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("accept" as const), pick: fc.nat(), agent }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("revokeMerkle" as const), id: idArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("revokeAttestation" as const), id: idArb }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("warp" as const), seconds: fc.integer({ min: 1, max: 1000 }) }),
    weight: 1,
  },
);

/** Merkle humans are "m/<agent>/<slot>", attested humans "a/<agent>/<slot>": both paths can collide only by design. */
async function worldFixture() {
  const f = await deployIdentityFixture();
  const signers = [f.alice, f.bob, f.carol, f.dave, f.erin, f.stranger];
  const leaves: IdentityLeaf[] = [];
  for (let a = 0; a < AGENTS; a++) {
    for (let s = 0; s < HUMANS_PER_AGENT; s++) leaves.push([human(`m/${a}/${s}`), signers[a].address]);
  }
  const tree = StandardMerkleTree.of(leaves, IDENTITY_LEAF_TYPES);
  await (await f.registry.connect(f.governor).setMerkleRoot(tree.root)).wait();
  return { ...f, signers, tree };
}

/** Only the registry's own named errors (or AccessControl's) are acceptable reverts. */
function expectNamedRevert(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  expect(message).to.match(/reverted with custom error '(Identity\w+|AccessControl\w+)\(/);
}

describe("IdentityRegistry invariants", function () {
  it("should never bind one identity to two accounts, now or at any past timepoint", async function () {
    const stats = { rotations: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: AGENTS, maxLength: AGENTS }),
        fc.array(actionArb, { minLength: 10, maxLength: 40, size: "max" }),
        async (preRegistered, actions) => {
          const w = await loadFixture(worldFixture);
          const { registry, eas, attester, governor, schema, signers, tree } = w;
          const uids = new Map<number, string>();
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
                  await registry.connect(signers[act.agent]).registerWithMerkleProof(humanId, tree.getProof(index));
                  registrations++;
                  break;
                }
                case "registerAttested": {
                  const uid = await attest(eas, attester, {
                    recipient: signers[act.agent].address,
                    data: encodeHumanId(human(`a/${act.agent}/${act.slot}`)),
                  });
                  await registry.connect(signers[act.agent]).registerWithAttestation(uid);
                  registrations++;
                  uids.set(Number(await registry.identityCount()), uid);
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
                  if (uid !== undefined && (await eas.getAttestation(uid)).revocationTime === 0n) {
                    await eas.connect(attester).revoke({ schema, data: { uid, value: 0n } });
                  }
                  await registry.connect(signers[0]).syncRevocation(act.id);
                  break;
                }
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
            expect(await registry.bindingOf(signers[i].address)).to.deep.equal([current[i], registrant]);
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
          for (const t of timepoints) {
            const past = await Promise.all(signers.map((s) => registry.identityAt(s.address, t)));
            const held = past.filter((id) => id !== 0n);
            expect(new Set(held).size, `two accounts share an identity at ${t}`).to.equal(held.length);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 15), seed: 20261123 },
    );
    expect(stats.rotations, "the generated runs never rotated an identity").to.be.greaterThan(0);
  });
});
