import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Position of the farm's allocation in the token's distribution plan (and so of its `Allocated`
 * event in the deployment receipt): the Farm module moves exactly this amount into the farm, so
 * `farmRewards` is set once, here.
 */
export const FARM_ALLOCATION_INDEX = 1;

/**
 * The timelock and the fixed-supply token.
 *
 * The timelock starts with the deployer as its temporary admin so later modules can wire the
 * governor; the Governance module renounces that role. Executors: anyone (address(0)), as in
 * OpenZeppelin's recommended set-up; proposers are granted to the governor later.
 *
 * Supply split: `treasury` is minted to the timelock; `farmRewards`, `vesting` and `liquidity` are
 * minted to the deployer, which hands them to the farm, the vesting vault and the pool in the
 * modules and scripts that follow. The four must add up to `supply` (the token reverts otherwise).
 * The farm allocation is the plan's line FARM_ALLOCATION_INDEX: the Farm module reads its amount
 * from the token's `Allocated` event, so the farm is funded with exactly `Token.farmRewards`.
 *
 * Under the Counterweight suite `timelockMinDelay` must be 0 (the genesis batch runs through the
 * timelock at deployment; the real delay is `Counterweight.timelockMinDelay`).
 */
export default buildModule("Token", (m) => {
  const deployer = m.getAccount(0);
  const minDelay = m.getParameter("timelockMinDelay", 2 * 24 * 60 * 60);
  const name = m.getParameter("name", "Counterweight");
  const symbol = m.getParameter("symbol", "CWT");
  const supply = m.getParameter("supply", 1_000_000_000n * 10n ** 18n);
  const treasury = m.getParameter("treasury", 400_000_000n * 10n ** 18n);
  const farmRewards = m.getParameter("farmRewards", 100_000_000n * 10n ** 18n);
  const vesting = m.getParameter("vesting", 300_000_000n * 10n ** 18n);
  const liquidity = m.getParameter("liquidity", 200_000_000n * 10n ** 18n);

  const timelock = m.contract("TimelockController", [
    minDelay,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer,
  ]);

  const token = m.contract("CounterweightToken", [
    name,
    symbol,
    supply,
    [
      { recipient: timelock, amount: treasury },
      { recipient: deployer, amount: farmRewards },
      { recipient: deployer, amount: vesting },
      { recipient: deployer, amount: liquidity },
    ],
  ]);

  return { timelock, token };
});
