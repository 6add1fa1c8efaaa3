import { VestingVault__factory } from "../../../typechain-types";
import { read } from "../../chain/calldata";
import { MONTH, actOnMarket, deployMarket, readMarket, recordVcs } from "./shared";
import { tranchesFor } from "./tranches";
import type { VestingMechanism, VestingSchedule } from "./types";

/**
 * Counterweight's vault (contracts/vesting/VestingVault.sol): one irrevocable policy (minimum cliff
 * and duration from the schedule), one tranche schedule per VC; the vault never delegates, so
 * unvested tokens cannot vote. `schedule` overrides the world's terms.
 */
export function counterweightVault(opts: {
  id: string;
  label: string;
  schedule?: Partial<VestingSchedule>;
}): VestingMechanism {
  const terms = (s: VestingSchedule) => ({ ...s, ...opts.schedule });
  return {
    id: opts.id,
    label: opts.label,
    baseline: false,
    describe(schedule) {
      const s = terms(schedule);
      const every = s.trancheMonths === 1 ? "monthly" : `every ${s.trancheMonths} months`;
      return `Counterweight vault (cliff ${s.cliffMonths} months, then ${every} to ${s.durationMonths} months)`;
    },
    async deploy(world) {
      const d = await deployMarket(world);
      const s = terms(world.schedule);
      const { deployer } = world;
      const vault = await new VestingVault__factory(deployer).deploy(
        await d.token.getAddress(),
        deployer.address,
        deployer.address,
        [{ minCliff: s.cliffMonths * MONTH, minDuration: s.durationMonths * MONTH, revocable: false }],
      );
      d.custody.push(await vault.getAddress());
      return d;
    },
    async distribute(world, d, holdings) {
      recordVcs(d, holdings);
      const { deployer } = world;
      const vault = VestingVault__factory.connect(d.custody[0], deployer);
      await (await d.token.approve(d.custody[0], world.hre.ethers.MaxUint256)).wait();
      for (let i = 0; i < holdings.vcs.length; i++) {
        // Equal tranches every trancheMonths from the cliff to the end (by default 13 monthly ones
        // from month 12 to month 24: cliff 12 months, then linear by month).
        const tranches = tranchesFor(holdings.amounts[i], terms(world.schedule)).map((t) => ({
          time: d.launch + t.month * MONTH,
          amount: t.amount,
        }));
        const salt = world.hre.ethers.id(`vc-${i}`);
        await (
          await vault.createTrancheSchedule({
            beneficiary: holdings.vcs[i].address,
            category: 0,
            start: d.launch,
            tranches,
            salt,
          })
        ).wait();
        d.schedules.push(await vault.directScheduleId(deployer.address, salt));
      }
    },
    act: (world, d, action) =>
      actOnMarket(world, d, action, async () => {
        const vault = VestingVault__factory.connect(d.custody[0], world.deployer);
        const due: bigint[] = [];
        for (const id of d.schedules) if ((await read(vault, "releasable", [id])) > 0n) due.push(id);
        if (due.length > 0) await (await vault.releaseMany(due)).wait();
      }),
    read: readMarket,
  };
}

export const COUNTERWEIGHT_VAULT = counterweightVault({
  id: "counterweight",
  label: "Counterweight vault (cliff, then tranches)",
});
