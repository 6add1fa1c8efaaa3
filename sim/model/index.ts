/**
 * The model engine: the integer arithmetic of every mechanism the simulator runs, in TypeScript,
 * checked against the chain engine (the real contracts) to the wei by
 * `test/sim/model/differential.test.ts`. See docs/design.md, "Two engines, one truth".
 */
export { isqrt, min } from "./math";
export { QuadraticTally, Support, identityQuorum } from "./governance/quadratic";
export type { Outcome, QuadraticBallot, QuadraticCast, QuadraticRefusal } from "./governance/quadratic";
export { AlphaTally, OzSimpleTally, ALPHA_PROPOSAL_THRESHOLD, ALPHA_QUORUM_VOTES } from "./governance/linear";
export type { LinearBallot, LinearCast } from "./governance/linear";
export {
  DelegatedQuadraticTally,
  delegatedPower,
  delegationWorkedExample,
  powerOf,
  todaysSqrtWeight,
} from "./governance/delegation";
export type { DelegatePower, DelegatedCast, DelegationHolder, SplitBallot } from "./governance/delegation";
export { governancePoint } from "./governance/point";
export type { GovernancePoint, GovernancePointInput } from "./governance/point";
export { effectiveBalance, WAD } from "./mining/effectiveBalance";
export { CappedFarmModel, FarmRevert } from "./mining/cappedFarm";
export type { Binding, BindingOf, FarmCurve } from "./mining/cappedFarm";
export { StakingRewardsModel, StakingRewardsRevert, UNISWAP_REWARDS_DURATION } from "./mining/stakingRewards";
export { linearVested, trancheVested } from "./vesting/scheduleCurve";
export type { Tranche } from "./vesting/scheduleCurve";
export { VaultScheduleModel } from "./vesting/vestingVault";
export type { LinearTerms, ScheduleTerms, TrancheTerms } from "./vesting/vestingVault";
export { TreasuryVesterModel, TreasuryVesterRevert } from "./vesting/treasuryVester";
export { PairModel, PairRevert, MINIMUM_LIQUIDITY, getAmountIn, getAmountOut } from "./uniswapV2/pair";
export { rewardPeriod, startPeriod } from "./mining/period";
export type { PeriodInput, PeriodResult, PeriodStaker, StartedPeriod } from "./mining/period";
export {
  exitFarm,
  midPeriodExit,
  leaves,
  lpAprPpb,
  poolState,
  retailSwap,
  PPB,
  PPM,
  YEAR_SECONDS,
} from "./mining/exit";
export type {
  ExitCandidate,
  ExitResult,
  MidPeriodExitInput,
  MidPeriodExitResult,
  FarmExitRule,
  PoolState,
  RetailSwap,
} from "./mining/exit";
export {
  farmCaptureCost,
  lpForQuote,
  planStakers,
  shareEvaluator,
  tokensForQuote,
  whaleShareUnder,
} from "./mining/capture";
export type { Capture, CaptureInput, Plan } from "./mining/capture";
