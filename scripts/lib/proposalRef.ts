import type { CounterweightGovernor } from "../../typechain-types";
import type { AddressBook } from "./addressBook";
import { TaskError } from "./inputErrors";

/**
 * The proposal a task acts on: `--proposal-id` as given, or the id of a proposal JSON file
 * (`--file`, as gov:propose reads it: the id is the hash of its actions and description). It must
 * exist on chain.
 */
export async function proposalIdOf(
  governor: CounterweightGovernor,
  book: AddressBook,
  ref: { file?: string; proposalId?: string; fileParam?: string },
): Promise<bigint> {
  const fileParam = ref.fileParam ?? "file";
  if ((ref.file === undefined) === (ref.proposalId === undefined)) {
    throw new TaskError(`give exactly one of --${fileParam} (a proposal JSON) or --proposal-id`);
  }
  let id: bigint;
  if (ref.proposalId !== undefined) {
    if (!/^[0-9]+$/.test(ref.proposalId)) {
      throw new TaskError(`--proposal-id "${ref.proposalId}": expected the decimal proposal id`);
    }
    id = BigInt(ref.proposalId);
  } else {
    const { readProposal, resolveProposal } = await import("./proposal");
    const p = resolveProposal(readProposal(ref.file as string), book);
    id = await governor.hashProposal(p.targets, p.values, p.calldatas, p.descriptionHash);
  }
  if ((await governor.proposalSnapshot(id)) === 0n) {
    throw new TaskError(
      `proposal ${id} does not exist on this deployment${ref.file === undefined ? "" : ` (from ${ref.file})`}: propose it first with gov:propose`,
    );
  }
  return id;
}
