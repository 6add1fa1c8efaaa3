import { TreasuryVester__factory } from "../../../typechain-types/baselines";
import { MONTH, actOnMarket, deployMarket, now, readMarket, recordVcs } from "./shared";
import type { VestingMechanism, VestingSchedule } from "./types";

/**
 * Uniswap's TreasuryVester (`@uniswap/governance` npm build artifact), one per VC: nothing before the
 * cliff, then linear from launch to the end; `claim()` sends what has vested. The vester itself never
 * delegates, so tokens it holds do not vote. `schedule` overrides the world's cliff or duration.
 */
export function treasuryVester(opts: {
  id: string;
  label: string;
  schedule?: Partial<Pick<VestingSchedule, "cliffMonths" | "durationMonths">>;
}): VestingMechanism {
  const terms = (s: VestingSchedule) => ({ ...s, ...opts.schedule });
  return {
    id: opts.id,
    label: opts.label,
    baseline: true,
    describe(schedule) {
      const s = terms(schedule);
      return `Uniswap TreasuryVester per VC (cliff ${s.cliffMonths} months, end ${s.durationMonths} months)`;
    },
    deploy: deployMarket,
    async distribute(world, d, holdings) {
      recordVcs(d, holdings);
      const s = terms(world.schedule);
      const tokenAddr = await d.token.getAddress();
      for (let i = 0; i < holdings.vcs.length; i++) {
        const vester = await new TreasuryVester__factory(world.deployer).deploy(
          tokenAddr,
          holdings.vcs[i].address,
          holdings.amounts[i],
          d.launch,
          d.launch + s.cliffMonths * MONTH,
          d.launch + s.durationMonths * MONTH,
        );
        await (await d.token.transfer(await vester.getAddress(), holdings.amounts[i])).wait();
        d.custody.push(await vester.getAddress());
      }
    },
    act: (world, d, action) =>
      actOnMarket(world, d, action, async () => {
        // claim() reverts before the cliff ("not time yet").
        if ((await now(world.hre)) < d.launch + terms(world.schedule).cliffMonths * MONTH) return;
        for (const v of d.custody) await (await TreasuryVester__factory.connect(v, world.deployer).claim()).wait();
      }),
    read: readMarket,
  };
}

export const UNISWAP_TREASURY_VESTER = treasuryVester({
  id: "uniswap-treasury-vester",
  label: "Uniswap TreasuryVester per VC",
});
