import { AbiCoder, type Addressable, type BaseContract, type ContractTransaction, type Interface } from "ethers";
import type { DefaultReturnType, TypedContractMethod } from "../../typechain-types/common";
import { requesterOver, sendAllReceipts, type BatchReceipt, type JsonRpcSender } from "./batch";
import type { TypedContractMethod as BaselineMethod } from "../../typechain-types/baselines/common";

/**
 * Calldata for the simulator's hot paths, typed by TypeChain, without ethers' per-call work: a
 * `contract.method.populateTransaction(…)` builds a wrapped method on every property access, looks
 * the fragment up by name, resolves every address argument (async), recomputes the selector (a
 * keccak of the signature) and then encodes. Here the fragment and its selector are resolved once
 * per interface and method, and the arguments (already resolved values) are ABI-encoded directly:
 * the same bytes as ethers' `interface.encodeFunctionData`.
 */

/** A TypeChain argument as the encoder takes it: addresses as strings (no Addressable, no promise). */
type Resolved<T> = T extends Addressable | Promise<unknown> ? never : T;
type ResolvedArgs<A extends unknown[]> = { [I in keyof A]: Resolved<A[I]> };

/**
 * A method's argument tuple, result and mutability. The baselines' TypeChain types (the npm
 * artifacts, generated apart) declare their own, identical TypedContractMethod, which TypeScript
 * does not infer through (its call signature's return type is conditional), so both are matched.
 */
type Parts<M> =
  M extends TypedContractMethod<infer A, infer R, infer S>
    ? { args: A; result: R; mutability: S }
    : M extends BaselineMethod<infer A, infer R, infer S>
      ? { args: A; result: R; mutability: S }
      : never;
type ArgsOf<M> = ResolvedArgs<Parts<M>["args"]>;
type ResultOf<M> = DefaultReturnType<Parts<M>["result"]>;
type Mutability<M> = Parts<M>["mutability"];

/** The names (or signatures, for overloads) of `C`'s contract methods, optionally of one mutability. */
export type MethodOf<C, S = "view" | "nonpayable" | "payable"> = {
  [K in keyof C]: [Mutability<C[K]>] extends [never] ? never : Mutability<C[K]> extends S ? K : never;
}[keyof C] &
  string;

interface Encoder {
  readonly selector: string;
  readonly encode: (args: readonly unknown[]) => string;
  readonly decode: (data: string) => unknown;
}

const coder = AbiCoder.defaultAbiCoder();
const encoders = new WeakMap<Interface, Map<string, Encoder>>();

function encoderOf(iface: Interface, method: string): Encoder {
  let byMethod = encoders.get(iface);
  if (byMethod === undefined) {
    byMethod = new Map();
    encoders.set(iface, byMethod);
  }
  let e = byMethod.get(method);
  if (e === undefined) {
    const fragment = iface.getFunction(method);
    if (fragment === null) throw new Error(`no function "${method}" in the interface`);
    const selector = fragment.selector;
    e = {
      selector,
      encode: (args) => selector + coder.encode(fragment.inputs, args).slice(2),
      decode: (data) => {
        const result = iface.decodeFunctionResult(fragment, data);
        return fragment.outputs.length === 1 ? result[0] : result;
      },
    };
    byMethod.set(method, e);
  }
  return e;
}

/** The calldata of `contract.method(...args)`, as `contract.interface.encodeFunctionData(method, args)`. */
export function calldata<C extends BaseContract, K extends MethodOf<C>>(
  contract: C,
  method: K,
  args: ArgsOf<C[K]>,
): string {
  return encoderOf(contract.interface, method).encode(args);
}

/** The contract's address, which the simulator's contracts always carry as a string. */
function targetOf(contract: BaseContract): string {
  if (typeof contract.target !== "string") throw new Error("calldata: the contract's target is not an address");
  return contract.target;
}

/**
 * The transaction of `contract.method(...args)` (to, data), as `populateTransaction` gives it for a
 * contract whose target is an address: what `sendAll` plans.
 */
export function txOf<C extends BaseContract, K extends MethodOf<C, "nonpayable">>(
  contract: C,
  method: K,
  args: ArgsOf<C[K]>,
): ContractTransaction {
  return { to: targetOf(contract), data: calldata(contract, method, args) };
}

/** What `read` and `send` go through: the JSON-RPC `send` of the contract's runner's provider. */
function senderOf(contract: BaseContract): JsonRpcSender {
  const provider = contract.runner?.provider as Partial<JsonRpcSender> | null | undefined;
  if (provider === null || provider === undefined || typeof provider.send !== "function") {
    throw new Error("the contract's runner needs a JSON-RPC provider (one with send)");
  }
  return provider as JsonRpcSender;
}

/**
 * `contract.method(...args)` of a view method, as one `eth_call` at the latest block through the
 * contract's provider, decoded as ethers decodes it (a single output as itself, several as the Result).
 */
export async function read<C extends BaseContract, K extends MethodOf<C, "view">>(
  contract: C,
  method: K,
  args: ArgsOf<C[K]>,
): Promise<ResultOf<C[K]>> {
  const e = encoderOf(contract.interface, method);
  const data = (await senderOf(contract).send("eth_call", [
    { to: targetOf(contract), data: e.encode(args) },
    "latest",
  ])) as string;
  return e.decode(data) as ResultOf<C[K]>;
}

/**
 * `contract.method(...args)` sent from the contract's runner (an unlocked account: the node's own or
 * impersonated) as `sendAll` sends a batch of one, without ethers' transaction and receipt
 * wrappers; throws if it reverts.
 */
export async function send<C extends BaseContract, K extends MethodOf<C, "nonpayable">>(
  contract: C,
  method: K,
  args: ArgsOf<C[K]>,
): Promise<BatchReceipt> {
  const from = (contract.runner as { address?: unknown } | null)?.address;
  if (typeof from !== "string") throw new Error("send: the contract's runner is not an account");
  const [receipt] = await sendAllReceipts(requesterOver(senderOf(contract)), [
    { from: { address: from }, tx: txOf(contract, method, args) },
  ]);
  return receipt;
}
