import { actOnMarket, deployMarket, readMarket, recordVcs } from "./shared";
import type { VestingMechanism } from "./types";

/** No vesting at all: each VC receives its whole allocation at launch, free to vote and to sell. */
export const LIQUID_AT_LAUNCH: VestingMechanism = {
  id: "liquid-at-launch",
  label: "VC tokens liquid at launch",
  baseline: true,
  describe: () => "VC tokens liquid at launch",
  deploy: deployMarket,
  async distribute(_world, d, holdings) {
    recordVcs(d, holdings);
    for (let i = 0; i < holdings.vcs.length; i++)
      await (await d.token.transfer(holdings.vcs[i].address, holdings.amounts[i])).wait();
  },
  // Nothing to release: everything is liquid from the start.
  act: (world, d, action) => actOnMarket(world, d, action, async () => undefined),
  read: readMarket,
};
