// The vesting tasks' limits and defaults, in a module of their own: scripts/tasks/vesting.ts needs
// them when the config loads, before anything heavier (zod, csv-parse, the Merkle tree) is wanted.

/**
 * The most schedules one createSchedules call may carry. A schedule costs about 60,000 gas (two
 * storage slots and an event; see the gas reports), so 200 stay well under a 30M-gas block.
 */
export const MAX_BATCH = 200;
/** Default `--fund-margin`: 3 days (see checkFundingWindow in vestingMerkle.ts). */
export const DEFAULT_FUND_MARGIN = 3 * 24 * 60 * 60;
