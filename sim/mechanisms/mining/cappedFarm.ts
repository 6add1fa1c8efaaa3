import type { FarmCaps } from "../../chain/mining";
import { CappedStakingRewards__factory } from "../../../typechain-types";
import { actOnFarm, onFarm, readFarm, stakeWithPermits } from "./shared";
import type { MiningMechanism, MiningWorld } from "./types";

/**
 * Counterweight's capped farm (contracts/mining/CappedStakingRewards.sol): effective stake
 * min(stake, cap) plus `slope` above the cap per verified identity, `unverifiedCap` for an account
 * without one. Without `caps` it is the Farm Ignition module's farm of the world, given the world's
 * caps by its admin (the timelock, as a governance proposal would) when they differ from its own;
 * with `caps` it is a new farm on the world's pair, token and registry with those caps and the
 * module farm's period, admin the timelock, funded with the world's reward and notified by the
 * deployer.
 */
export function cappedFarm(opts: {
  id: string;
  label: string;
  caps?: (world: MiningWorld) => FarmCaps;
}): MiningMechanism {
  return {
    id: opts.id,
    label: opts.label,
    baseline: false,
    async deploy(world) {
      const s = world.setup;
      if (opts.caps === undefined) {
        const c = world.caps;
        const [cap, slope, unverifiedCap] = await s.farm.caps();
        if (cap !== c.cap || slope !== c.slope || unverifiedCap !== c.unverifiedCap)
          await (await s.farm.connect(s.governor).setCaps(c.cap, c.slope, c.unverifiedCap)).wait();
        return onFarm(world, await s.farm.getAddress(), { kind: "capped", caps: c });
      }
      const caps = opts.caps(world);
      const farm = await new CappedStakingRewards__factory(s.deployer).deploy(
        await s.timelock.getAddress(),
        s.deployer.address,
        await s.token.getAddress(),
        await s.pool.pair.getAddress(),
        await s.registry.getAddress(),
        await s.farm.rewardsDuration(),
        caps,
      );
      const address = await farm.getAddress();
      await (await s.token.transfer(address, world.reward)).wait();
      return onFarm(world, address, { kind: "capped", caps });
    },
    distribute: stakeWithPermits,
    act: actOnFarm,
    read: readFarm,
  };
}

export const COUNTERWEIGHT_FARM = cappedFarm({ id: "counterweight", label: "Counterweight capped farm" });
