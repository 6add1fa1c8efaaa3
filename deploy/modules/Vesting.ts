import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import TokenModule from "./Token";

const MONTH = 30 * 24 * 60 * 60;

/**
 * The vesting vault. Treasury (receiver of revoked and unclaimed tokens) and revoker are both the
 * timelock; the category policies below are fixed forever at deployment:
 * 0 investor (cliff ≥ 12 months, duration ≥ 24 months, never revocable),
 * 1 team (cliff ≥ 12 months, duration ≥ 36 months, revocable by the timelock),
 * 2 advisor (cliff ≥ 6 months, duration ≥ 12 months, revocable by the timelock).
 */
export default buildModule("Vesting", (m) => {
  const { timelock, token } = m.useModule(TokenModule);
  const policies = m.getParameter("policies", [
    { minCliff: 12 * MONTH, minDuration: 24 * MONTH, revocable: false },
    { minCliff: 12 * MONTH, minDuration: 36 * MONTH, revocable: true },
    { minCliff: 6 * MONTH, minDuration: 12 * MONTH, revocable: true },
  ]);
  const vault = m.contract("VestingVault", [token, timelock, timelock, policies]);
  return { timelock, token, vault };
});
