import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getProof } from "@openzeppelin/merkle-tree/dist/core";
import { ZeroAddress, ZeroHash, solidityPackedKeccak256, type Signer } from "ethers";
import { IdentityRegistry__factory, type IdentityRegistry } from "../../typechain-types";
import { requesterOver, sendAllReceipts, type JsonRpcSender, type Requester } from "./batch";
import { txOf } from "./calldata";

/** Leaf encoding of the registry's Merkle list: (humanId, account). */
export const IDENTITY_LEAF_TYPES = ["bytes32", "address"];

/** A leaf of the registry's Merkle list. */
export type IdentityLeaf = [humanId: string, account: string];

/** A Merkle list of identities, with the values it was built from. */
export interface IdentityList {
  readonly tree: StandardMerkleTree<IdentityLeaf>;
  /** humanIds[i] belongs to accounts[i]. */
  readonly humanIds: readonly string[];
  readonly accounts: readonly string[];
}

/** The simulated human identifier of agent `index` in a run labelled `label`: keccak(label, index). */
export function humanIdFor(label: string, index: number): string {
  return solidityPackedKeccak256(["string", "uint256"], [label, index]);
}

/**
 * One StandardMerkleTree over (humanIdFor(label, i), accounts[i]). Leaf i is values index i, so
 * `tree.getProof(i)` is the proof of account i.
 */
export function buildIdentityList(label: string, accounts: readonly string[]): IdentityList {
  const humanIds = accounts.map((_, i) => humanIdFor(label, i));
  const leaves: IdentityLeaf[] = accounts.map((a, i) => [humanIds[i], a]);
  return { tree: StandardMerkleTree.of(leaves, IDENTITY_LEAF_TYPES), humanIds, accounts };
}

/**
 * Every account's proof, in account order: what `list.tree.getProof(i)` gives for each i, from the
 * library's own proof walk (`getProof` of its core) over the dumped tree. `StandardMerkleTree.getProof`
 * also re-hashes the leaf and re-verifies the proof on every call (about 0.2 ms each, 0.2 s per
 * 1,000 agents); the tree was just built from these values, and the registry verifies every proof
 * on chain (a wrong one reverts the registration).
 */
export function identityProofs(list: IdentityList): string[][] {
  const { tree, values } = list.tree.dump();
  return values.map((v) => getProof(tree, v.treeIndex));
}

/**
 * A registry for simulations: no EAS (Merkle path only), `admin` holds DEFAULT_ADMIN_ROLE and
 * GOVERNOR_ROLE so it can set the Merkle root directly instead of through the timelock.
 */
export async function deployRegistryForSimulation(
  hre: HardhatRuntimeEnvironment,
  admin: Signer,
  rotationCooldown = 0,
): Promise<IdentityRegistry> {
  const deployed = await hre.ethers.deployContract(
    "IdentityRegistry",
    [ZeroAddress, ZeroHash, await admin.getAddress(), rotationCooldown],
    admin,
  );
  await deployed.waitForDeployment();
  return IdentityRegistry__factory.connect(await deployed.getAddress(), admin);
}

/**
 * Registers every signer as its own identity, the way real users would: `governor` publishes one
 * Merkle root for all of them (one transaction), then each agent sends its own
 * `registerWithMerkleProof` (one transaction per agent, mined in signer order, sent as `sendAll`
 * batches from the unlocked accounts). Human ids are keccak(label, i), so use a different `label`
 * for each batch registered in one registry. Signers must hold no identity yet, and their accounts
 * must be unlocked on the node (impersonated or the node's own), as `sendAll` requires.
 *
 * @returns account address → identity id, read from the IdentityRegistered events.
 */
export async function registerAgents(
  registry: IdentityRegistry,
  governor: Signer,
  signers: readonly Signer[],
  label: string,
): Promise<Map<string, bigint>> {
  const ids = new Map<string, bigint>();
  if (signers.length === 0) return ids;
  const accounts = await Promise.all(signers.map((s) => s.getAddress()));
  const list = buildIdentityList(label, accounts);
  await (await registry.connect(governor).setMerkleRoot(list.tree.root)).wait();
  const proofs = identityProofs(list);

  const receipts = await sendAllReceipts(
    requesterOf(governor),
    accounts.map((address, i) => ({
      from: { address },
      tx: txOf(registry, "registerWithMerkleProof", [list.humanIds[i], proofs[i]]),
    })),
  );
  const registered = registry.interface.getEvent("IdentityRegistered");
  for (const receipt of receipts) {
    for (const log of receipt.logs) {
      if (log.topics[0] !== registered.topicHash) continue;
      const { identityId, account } = registry.interface.decodeEventLog(registered, log.data, [...log.topics]);
      ids.set(String(account), BigInt(identityId));
    }
  }
  if (ids.size !== signers.length) {
    throw new Error(`registerAgents: ${ids.size} of ${signers.length} agents registered`);
  }
  return ids;
}

/** The JSON-RPC provider behind an ethers signer (Hardhat's and ethers' JSON-RPC providers both `send`). */
function requesterOf(signer: Signer): Requester {
  const provider = signer.provider as Partial<JsonRpcSender> | null;
  if (provider === null || typeof provider.send !== "function") {
    throw new Error("registerAgents: the governor signer needs a JSON-RPC provider (one with send)");
  }
  return requesterOver(provider as JsonRpcSender);
}
