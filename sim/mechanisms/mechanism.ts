/**
 * The one interface every mechanism of a domain implements, so a scenario is population × behaviour ×
 * adversary × mechanisms and the next baseline is one adapter file plus one line in its domain's list.
 *
 * A domain (governance, mining, vesting) fixes five types: the `world` every mechanism of one run
 * shares (chain, population, config, shared contracts such as the identity registry or the pool), what
 * `deploy` returns, the `holdings` to `distribute`, the `action` the agents take and the `reading` of
 * the outcome from chain state. The scenario runs `deploy → distribute → act… → read` for each
 * mechanism of its list, in list order, and reports the readings side by side.
 */
export interface MechanismTypes {
  world: unknown;
  deployed: unknown;
  holdings: unknown;
  action: unknown;
  reading: unknown;
}

export interface Mechanism<T extends MechanismTypes> {
  /** Stable machine id, e.g. "oz-governor-simple"; the id of its `MechanismResult`. */
  readonly id: string;
  /** Human label for tables and charts. */
  readonly label: string;
  /** True for a real contract people deploy today (from npm artifacts), false for ours. */
  readonly baseline: boolean;
  /** Deploys the mechanism's contracts on the world's chain. */
  deploy(world: T["world"]): Promise<T["deployed"]>;
  /** Gives the population's holdings to it (balances, stakes, allocations, delegations). */
  distribute(world: T["world"], deployed: T["deployed"], holdings: T["holdings"]): Promise<void>;
  /** One step of the agents' behaviour (a vote, a stake, a claim, a sale…). */
  act(world: T["world"], deployed: T["deployed"], action: T["action"]): Promise<void>;
  /** The outcome, read from chain state. */
  read(world: T["world"], deployed: T["deployed"]): Promise<T["reading"]>;
}

/** Runs one mechanism through its four steps: deploy, distribute, each action in order, read. */
export async function runMechanism<T extends MechanismTypes>(
  mechanism: Mechanism<T>,
  world: T["world"],
  holdings: T["holdings"],
  actions: readonly T["action"][],
): Promise<{ deployed: T["deployed"]; reading: T["reading"] }> {
  const deployed = await mechanism.deploy(world);
  await mechanism.distribute(world, deployed, holdings);
  for (const action of actions) await mechanism.act(world, deployed, action);
  return { deployed, reading: await mechanism.read(world, deployed) };
}

/**
 * `list` with the ids of `first` in that order, then every other mechanism in list order: the
 * committed reference runs pin each phase's transaction order, and a mechanism added to the list
 * runs after them without touching the scenario.
 */
export function inOrder<M extends { readonly id: string }>(list: readonly M[], first: readonly string[]): M[] {
  const head = first.flatMap((id) => list.filter((m) => m.id === id));
  return [...head, ...list.filter((m) => !first.includes(m.id))];
}
