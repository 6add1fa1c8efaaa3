import type { BaseContract, EventFragment, Interface } from "ethers";
import type { TypedContractEvent } from "../../typechain-types/common";
import type { TypedContractEvent as BaselineEvent } from "../../typechain-types/baselines/common";

/**
 * A contract's event logs, decoded, for the simulator's reads of whole runs (thousands of votes or
 * reward payments): one `eth_getLogs`, each log decoded with the event's fragment, resolved once per
 * interface. `contract.queryFilter` gives the same arguments but wraps every log in an ethers
 * EventLog (formatting, checksumming and looking the fragment up again, log by log).
 */

/**
 * The decoded arguments of one log of event `E` (TypeChain's, as `queryFilter(…)[i].args`: the
 * output tuple and its named fields). The baselines' TypeChain types declare their own, identical
 * TypedContractEvent; TypeScript infers the fields only through the declaration `E` comes from
 * (through the other it falls back to `unknown`), so both are tried.
 */
export type EventArgs<E> =
  E extends TypedContractEvent<infer _I, infer O, infer N> ? (unknown extends N ? BaselineArgs<E> : O & N) : never;
type BaselineArgs<E> =
  E extends BaselineEvent<infer _I, infer O, infer N> ? (unknown extends N ? never : O & N) : never;

interface Filterable {
  readonly filters: object;
}

const fragments = new WeakMap<Interface, Map<string, EventFragment>>();

function fragmentOf(iface: Interface, event: string): EventFragment {
  let byName = fragments.get(iface);
  if (byName === undefined) {
    byName = new Map();
    fragments.set(iface, byName);
  }
  let f = byName.get(event);
  if (f === undefined) {
    const found = iface.getEvent(event);
    if (found === null) throw new Error(`no event "${event}" in the interface`);
    f = found;
    byName.set(event, f);
  }
  return f;
}

interface RawLog {
  topics: string[];
  data: string;
}

/**
 * The arguments of every `event` log of `contract` from block `fromBlock` to the latest, in chain
 * order, as `contract.queryFilter(contract.filters[event](), fromBlock, "latest")` gives them.
 */
export async function eventsOf<C extends BaseContract & Filterable, K extends keyof C["filters"] & string>(
  contract: C,
  event: K,
  fromBlock: number,
): Promise<EventArgs<C["filters"][K]>[]> {
  const provider = contract.runner?.provider as { send?: (m: string, p: unknown[]) => Promise<unknown> } | null;
  const send = provider?.send;
  if (provider === null || provider === undefined || typeof send !== "function") {
    throw new Error("eventsOf: the contract's runner needs a JSON-RPC provider (one with send)");
  }
  if (typeof contract.target !== "string") throw new Error("eventsOf: the contract's target is not an address");
  const iface = contract.interface;
  const fragment = fragmentOf(iface, event);
  const logs = (await send.call(provider, "eth_getLogs", [
    {
      address: contract.target,
      topics: [fragment.topicHash],
      fromBlock: "0x" + fromBlock.toString(16),
      toBlock: "latest",
    },
  ])) as RawLog[];
  return logs.map(
    (log) => iface.decodeEventLog(fragment, log.data, log.topics) as unknown as EventArgs<C["filters"][K]>,
  );
}
