import { Interface, ZeroAddress, type InterfaceAbi, type Provider } from "ethers";
import { IAccessControl__factory } from "../../typechain-types";

/** One (contract, role, holder) triple as the chain holds it now. */
export interface RoleGrant {
  /** Future id of the contract, e.g. "Identity#IdentityRegistry". */
  contract: string;
  address: string;
  /** Role constant name (DEFAULT_ADMIN_ROLE, GOVERNOR_ROLE, …) or "owner" for Ownable. */
  role: string;
  holder: string;
}

/**
 * Address getters that name a single privileged account outside AccessControl: Ownable's owner and
 * the vesting vault's immutable revoker.
 */
export const PRIVILEGED_GETTERS = ["owner", "revoker"] as const;

/** The role constants a contract's ABI exposes: bytes32 views without inputs named *_ROLE. */
export function roleConstants(abi: InterfaceAbi): string[] {
  const iface = new Interface(abi);
  const names: string[] = [];
  iface.forEachFunction((f) => {
    if (
      f.name.endsWith("_ROLE") &&
      f.inputs.length === 0 &&
      f.outputs.length === 1 &&
      f.outputs[0].type === "bytes32"
    ) {
      names.push(f.name);
    }
  });
  return names.sort();
}

/** Role constant name → role hash, read from the contract itself. */
export async function roleHashes(provider: Provider, address: string, abi: InterfaceAbi): Promise<Map<string, string>> {
  const iface = new Interface(abi);
  const out = new Map<string, string>();
  for (const n of roleConstants(abi)) {
    out.set(n, await callView(provider, address, iface, n));
  }
  return out;
}

async function callView(provider: Provider, address: string, iface: Interface, name: string): Promise<string> {
  const data = iface.encodeFunctionData(name, []);
  const [value] = iface.decodeFunctionResult(name, await provider.call({ to: address, data }));
  return String(value);
}

/**
 * Every current holder of every role of every AccessControl (or Ownable) contract given: role
 * constants are read from the ABI; holders are found by replaying RoleGranted/RoleRevoked events
 * from block 0 and then confirmed with hasRole, so a holder never granted through an event (none
 * in OpenZeppelin) would still be checked for the accounts passed in `alsoCheck`.
 */
export async function scanRoles(
  provider: Provider,
  contracts: readonly { id: string; address: string; abi: InterfaceAbi }[],
  alsoCheck: readonly string[] = [],
): Promise<RoleGrant[]> {
  const out: RoleGrant[] = [];
  for (const c of contracts) {
    const iface = new Interface(c.abi);
    for (const getter of PRIVILEGED_GETTERS) {
      const f = iface.getFunction(getter);
      if (f !== null && f.inputs.length === 0 && f.outputs.length === 1 && f.outputs[0].type === "address") {
        const holder = await callView(provider, c.address, iface, getter);
        out.push({ contract: c.id, address: c.address, role: getter, holder });
      }
    }
    if (iface.getFunction("hasRole") === null) {
      continue;
    }
    const ac = IAccessControl__factory.connect(c.address, provider);
    const names = new Map<string, string>();
    for (const n of roleConstants(c.abi)) {
      names.set((await callView(provider, c.address, iface, n)).toLowerCase(), n);
    }
    const candidates = new Map<string, Set<string>>();
    for (const hash of names.keys()) {
      candidates.set(hash, new Set(alsoCheck));
    }
    const events = [
      ...(await ac.queryFilter(ac.filters.RoleGranted(), 0, "latest")),
      ...(await ac.queryFilter(ac.filters.RoleRevoked(), 0, "latest")),
    ];
    for (const e of events) {
      const hash = e.args.role.toLowerCase();
      if (!candidates.has(hash)) {
        // A role without a named constant still counts: show it by its hash.
        candidates.set(hash, new Set(alsoCheck));
        names.set(hash, hash);
      }
      candidates.get(hash)?.add(e.args.account);
    }
    for (const [hash, holders] of candidates) {
      for (const h of holders) {
        if (await ac.hasRole(hash, h)) {
          out.push({ contract: c.id, address: c.address, role: names.get(hash) ?? hash, holder: h });
        }
      }
    }
  }
  return out.sort((a, b) =>
    a.contract === b.contract
      ? a.role === b.role
        ? a.holder.localeCompare(b.holder)
        : a.role.localeCompare(b.role)
      : a.contract.localeCompare(b.contract),
  );
}

/** A readable name for an address: the future id it was deployed as, "anyone" for address(0). */
export function nameOf(address: string, book: Readonly<Record<string, string>>): string {
  if (address === ZeroAddress) {
    return "anyone (address(0))";
  }
  const hit = Object.entries(book).find(([, a]) => a.toLowerCase() === address.toLowerCase());
  return hit ? hit[0] : address;
}
