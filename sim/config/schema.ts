import { z } from "zod";

/**
 * The scenario config: everything about the simulated behaviour a user may vary, as data. Loaded
 * from a JSON file (`--scenario-config FILE`, default sim/configs/default.json, whose values are these
 * defaults), validated here before any chain work; command line flags override the population
 * fields. docs/report.md's config table is generated from this schema (descriptions and defaults),
 * so it cannot drift.
 */

const share = (what: string) => z.number().min(0).max(1).describe(what);

const fixedTurnout = z
  .strictObject({
    mode: z.literal("fixed"),
    rate: share("probability that a retail agent votes, in [0, 1]"),
  })
  .describe("every retail agent votes with the same probability");

const balanceTurnout = z
  .strictObject({
    mode: z.literal("balance"),
    min: share("turnout of the smallest holder, in [0, 1]"),
    max: share("turnout of the largest holder, in [min, 1]"),
  })
  .refine((t) => t.min <= t.max, { message: "min must be ≤ max", path: ["max"] })
  .describe("turnout rises linearly with the agent's balance rank among retail, from min to max");

const preferences = (def: { for: number; against: number; abstain: number }, who: string) =>
  z
    .strictObject({
      for: share(`share of ${who} votes For`).default(def.for),
      against: share(`share of ${who} votes Against`).default(def.against),
      abstain: share(`share of ${who} votes Abstain`).default(def.abstain),
    })
    .refine((p) => Math.abs(p.for + p.against + p.abstain - 1) < 1e-9, {
      message: "for + against + abstain must be 1",
    })
    .prefault({})
    .describe(`how ${who} votes on the whale-backed proposal (shares summing to 1)`);

/** Whale behaviours in the governance vote; every one the schema accepts runs. */
export const WHALE_STRATEGIES = ["passive", "buy-identities", "bribe-voters"] as const;

/** Names a user may try that are not strategies, with where that behaviour lives instead. */
const NOT_A_STRATEGY: Record<string, string> = {
  "exit-farm":
    'the whale farm exit runs in every mining run under mining.whaleExit: set mining.whaleExit to {"rule":"always"} (or --whale-exit always) for whales that always leave',
};

/**
 * A field that was moved: any value is refused with a message naming its new place (so an old
 * config fails loudly instead of being ignored). Absent from the docs table (scripts/docs/configTable.ts).
 */
const movedTo = (field: string, why: string) =>
  z
    .never({ error: `moved: set ${field} instead (${why})` })
    .optional()
    .describe(`moved to ${field}`);

/** The one price of an identity, read by every scenario that buys identities. */
const identity = z
  .strictObject({
    priceTokens: z
      .number()
      .gt(0)
      .max(1e12)
      .default(1000)
      .describe(
        "price of one verified identity bought from a retail-like human, in tokens' worth (paid outside the token); the governance adversary quotes it at whales.buyIdentities.quotePerToken, the farm's cost of capture in WETH at the CWT/WETH pool price",
      ),
  })
  .prefault({})
  .describe("identities for sale (one price for every scenario)");

const IDENTITY_PRICE_MOVED = "one identity price for every scenario, in tokens";

const buyIdentities = z
  .strictObject({
    priceTokens: movedTo("identity.priceTokens", IDENTITY_PRICE_MOVED),
    budgetTokens: z
      .number()
      .min(0)
      .max(1e15)
      .default(100_000)
      .describe("the whales' budget for identities, in tokens' worth (at most budget ÷ price identities)"),
    quotePerToken: z
      .number()
      .gt(0)
      .max(1e12)
      .default(1)
      .describe("pool price used to quote costs in the quote asset (quote per token)"),
    rotationCooldownDays: z
      .number()
      .min(0)
      .max(365)
      .default(7)
      .describe(
        "the registry's rotation cooldown in this strategy's run; bought identities wait it out before the proposal",
      ),
  })
  .describe('"buy-identities": whales buy real identities, rotate them to their own accounts, split tokens and vote');

const bribeVoters = z
  .strictObject({
    bribePerVoteQuote: z
      .number()
      .gt(0)
      .max(1e12)
      .default(100)
      .describe("bribe paid for one retail vote cast the whales' way, in the quote asset"),
    budgetQuote: z
      .number()
      .min(0)
      .max(1e15)
      .default(1_000_000)
      .describe("the briber's budget, in the quote asset (at most budget ÷ bribe votes bought)"),
    acceptAllAtValueShare: z
      .number()
      .gt(0)
      .max(1000)
      .default(0.01)
      .describe(
        "bribe, as a share of a voter's balance value, at which every voter accepts; below it a voter accepts with probability bribe ÷ (share × value) (seeded)",
      ),
    quotePerToken: z
      .number()
      .gt(0)
      .max(1e12)
      .default(1)
      .describe("pool price used to value balances and quote costs (quote per token)"),
  })
  .describe('"bribe-voters": a whale pays retail per vote cast For; who accepts rises with bribe ÷ balance value');

const vcSelling = z
  .discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("sell-at-unlock") }).describe("sell everything liquid every month"),
    z.strictObject({ mode: z.literal("hold") }).describe("never sell"),
    z
      .strictObject({
        mode: z.literal("sell-fraction"),
        fraction: z.number().gt(0).max(1).describe("fraction of the liquid balance sold each month, in (0, 1]"),
      })
      .describe("sell a fixed fraction of the liquid balance every month"),
  ])
  .default({ mode: "sell-at-unlock" })
  .describe('VC selling: {"mode":"sell-at-unlock"} | {"mode":"hold"} | {"mode":"sell-fraction","fraction":F}');

/**
 * When the whales decide and leave, as a fraction of the reward period. Absent: after the period
 * (every reward claimed), the run before the field existed; its output is unchanged.
 */
const exitAtFraction = z
  .number()
  .gt(0)
  .max(1)
  .optional()
  .describe(
    "fraction of the reward period at which the whales decide and leave, in (0, 1]; the others stay to the period's end (absent: after the period)",
  );

const farmExit = z
  .discriminatedUnion("rule", [
    z.strictObject({ rule: z.literal("never"), atFraction: exitAtFraction }).describe("whales never leave"),
    z
      .strictObject({ rule: z.literal("always"), atFraction: exitAtFraction })
      .describe("every whale leaves (after the period, or at atFraction of it)"),
    z
      .strictObject({
        rule: z.literal("below-outside-apr"),
        outsideApr: z.number().min(0).max(1000).describe("the APR the whales can earn elsewhere (0.25 = 25 % a year)"),
        atFraction: exitAtFraction,
      })
      .describe("a whale leaves when the farm's APR on its LP, at the pool price, is below outsideApr"),
  ])
  .default({ rule: "below-outside-apr", outsideApr: 0.25 })
  .describe(
    'whale exit after the period (or at atFraction F of it), same rule in every farm (the leavers withdraw and burn their LP): {"rule":"never"} | {"rule":"always"} | {"rule":"below-outside-apr","outsideApr":A}, each with an optional "atFraction":F',
  );

/** The delegation scenario (opt-in: `--scenario delegation`); absent from a config: these defaults. */
export const DELEGATE_VOTES = ["for", "against", "abstain", "split"] as const;
/** A keeper interval of the sync-lag measurement: seconds between runs, "never" or "every-block". */
const keeperInterval = z.union([
  z.literal("never"),
  z.literal("every-block"),
  z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400),
]);
const delegation = z
  .strictObject({
    delegates: z.number().int().min(1).max(1000).default(5).describe("delegates retail can delegate to"),
    retail: z
      .strictObject({
        delegate: share("share of retail that delegates to one of the delegates").default(0.7),
        direct: share("share of retail that votes itself (self-delegated)").default(0.2),
        abstain: share("share of retail that neither delegates nor votes").default(0.1),
      })
      .refine((r) => Math.abs(r.delegate + r.direct + r.abstain - 1) < 1e-9, {
        message: "delegate + direct + abstain must be 1",
      })
      .prefault({})
      .describe("what each retail agent does (a seeded draw; shares summing to 1)"),
    choice: z
      .enum(["uniform", "zipf"])
      .default("zipf")
      .describe('how a delegator picks its delegate: "uniform" or "zipf" (delegate k with weight 1/(k+1))'),
    delegateVotes: z
      .array(z.enum(DELEGATE_VOTES))
      .min(1)
      .default(["split", "against", "for", "against", "abstain"])
      .describe(
        'delegate k votes delegateVotes[k mod length]: "for" | "against" | "abstain" | "split" (a custodian passing its delegators\' preferences on: a split vote in √ units; a single vote on the majority where the counting cannot split)',
      ),
    syncLag: z
      .strictObject({
        revoked: z
          .number()
          .int()
          .min(0)
          .max(100_000)
          .default(20)
          .describe("verified delegators whose identity is revoked (registry revokeIdentity) before the snapshot"),
        windowSeconds: z
          .number()
          .int()
          .min(2)
          .max(365 * 86_400)
          .default(3 * 86_400)
          .describe("revocations fall at seeded times in the window before the snapshot (also its voting delay)"),
        keeperIntervals: z
          .array(keeperInterval)
          .min(1)
          .default(["never", 86_400, 3_600, "every-block"])
          .describe('keeper runs of scripts/lib/syncPlan.ts measured: seconds between runs, "never" or "every-block"'),
      })
      .prefault({})
      .describe("the sync lag: identities revoked before the snapshot and a keeper syncing them"),
  })
  .describe("the delegation scenario (opt-in, --scenario delegation)");

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("ignored (lets editors find a JSON schema)"),
    population: z
      .strictObject({
        agents: z.number().int().min(1).max(1_000_000).default(1000).describe("retail agents (--agents)"),
        whales: z.number().int().min(1).max(10_000).default(3).describe("whales (--whales)"),
        whaleShare: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.6)
          .describe("share of the distributed supply the whales hold, in (0, 1) (--whale-share)"),
        vcs: z.number().int().min(0).max(10_000).default(5).describe("VC agents (--vcs)"),
        vcShare: z
          .number()
          .min(0)
          .lt(1)
          .default(0.2)
          .describe("share the VCs hold, whaleShare + vcShare < 1 (--vc-share)"),
        paretoAlpha: z
          .number()
          .gt(0)
          .max(10)
          .default(1.2)
          .describe("Pareto shape of retail balances (smaller = heavier tail)"),
      })
      .prefault({})
      .describe("who takes part; the flags of the same name override these"),
    retail: z
      .strictObject({
        verifiedRate: share("probability that a retail agent holds a verified identity").default(1),
        turnout: z
          .discriminatedUnion("mode", [fixedTurnout, balanceTurnout])
          .default({ mode: "fixed", rate: 1 })
          .describe(
            'retail turnout in the governance vote: {"mode":"fixed","rate":R} | {"mode":"balance","min":A,"max":B}',
          ),
        farmParticipation: share(
          "share of retail agents that stake in the farms (a seeded sample, at least one)",
        ).default(1),
      })
      .prefault({})
      .describe("retail behaviour"),
    preferences: z
      .strictObject({
        retail: preferences({ for: 0.18, against: 0.72, abstain: 0.1 }, "retail"),
        whale: preferences({ for: 1, against: 0, abstain: 0 }, "whale"),
        vc: preferences({ for: 1, against: 0, abstain: 0 }, "VC"),
      })
      .prefault({})
      .describe("vote preferences per group; whales and VCs always turn out"),
    mining: z
      .strictObject({
        capOverMeanStake: z
          .number()
          .gt(0)
          .max(1_000_000)
          .default(4)
          .describe("per-identity cap of the Counterweight farm, as a multiple of the mean non-whale stake"),
        slope: share("share of a stake above the cap that still earns (0 = hard cap), in [0, 1]").default(0.1),
        unverifiedCapOverCap: share("cap of an account without identity, as a fraction of the cap").default(0.001),
        whaleExit: farmExit,
        retailSwapQuote: z
          .number()
          .gt(0)
          .max(1e12)
          .default(1000)
          .describe("quote (WETH) a retail trader swaps for tokens after the whale exit, to price its impact"),
        identityPriceQuote: movedTo(
          "identity.priceTokens",
          `${IDENTITY_PRICE_MOVED}; the farm pays it in WETH at the pool price`,
        ),
        captureBudgetQuote: z
          .number()
          .gt(0)
          .max(1e12)
          .default(100_000)
          .describe("the most the whales would spend (quote) to take half the rewards; beyond: not capturable"),
      })
      .prefault({})
      .describe("the capped farm's parameters, relative to the population's stakes"),
    identity,
    vesting: z
      .strictObject({
        cliffMonths: z.number().int().min(0).max(120).default(12).describe("months before the first unlock"),
        durationMonths: z
          .number()
          .int()
          .min(1)
          .max(120)
          .default(24)
          .describe("months until everything is unlocked (also the months simulated)"),
        trancheMonths: z
          .number()
          .int()
          .min(1)
          .max(120)
          .default(1)
          .describe("months between the vault's tranches from the cliff on; divides duration − cliff"),
        vcPriceOverLaunch: z
          .number()
          .gt(0)
          .max(1)
          .default(0.1)
          .describe("price the VCs paid, as a fraction of the launch price (their cost basis)"),
        poolShare: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.2)
          .describe("tokens seeded into the Uniswap V2 pool at launch, as a share of the supply"),
        retailBudgetShare: z
          .number()
          .min(0)
          .max(10)
          .default(0.4)
          .describe("quote retail spends buying over the run, as a multiple of supply × launch price"),
        retailBuyersMax: z.number().int().min(0).max(100_000).default(240).describe("retail buyers sampled (at most)"),
        vcSelling,
      })
      .prefault({})
      .describe("vesting policy and schedule, the launch market and the VCs' selling"),
    whales: z
      .strictObject({
        strategy: z
          .enum(WHALE_STRATEGIES, {
            error: (iss) =>
              typeof iss.input === "string" && iss.input in NOT_A_STRATEGY
                ? `"${iss.input}" is not a whale strategy: ${NOT_A_STRATEGY[iss.input]}`
                : `must be one of ${WHALE_STRATEGIES.join(", ")}`,
          })
          .default("passive")
          .describe(
            `whale strategy in the governance vote: ${WHALE_STRATEGIES.join(" | ")}; "passive" votes and never reacts (the farm exit is mining.whaleExit)`,
          ),
        buyIdentities: buyIdentities.optional(),
        bribeVoters: bribeVoters.optional(),
      })
      .prefault({})
      .describe("whale behaviour"),
    delegation: delegation.optional(),
  })
  .superRefine((c, ctx) => {
    const p = c.population;
    if (p.whaleShare + p.vcShare >= 1)
      ctx.addIssue({ code: "custom", path: ["population", "vcShare"], message: "whaleShare + vcShare must be < 1" });
    if (p.vcs === 0 && p.vcShare > 0)
      ctx.addIssue({ code: "custom", path: ["population", "vcShare"], message: "must be 0 when vcs is 0" });
    if (p.vcs > 0 && p.vcShare === 0)
      ctx.addIssue({ code: "custom", path: ["population", "vcs"], message: "must be 0 when vcShare is 0" });
    const v = c.vesting;
    if (v.cliffMonths >= v.durationMonths)
      ctx.addIssue({
        code: "custom",
        path: ["vesting", "cliffMonths"],
        message: "must be < durationMonths (Uniswap's TreasuryVester needs its end after its cliff)",
      });
    else if ((v.durationMonths - v.cliffMonths) % v.trancheMonths !== 0)
      ctx.addIssue({
        code: "custom",
        path: ["vesting", "trancheMonths"],
        message: `must divide durationMonths − cliffMonths (${v.durationMonths - v.cliffMonths})`,
      });
    if (p.vcShare + v.poolShare >= 1)
      ctx.addIssue({
        code: "custom",
        path: ["vesting", "poolShare"],
        message: "population.vcShare + poolShare must be < 1 (the deployer seeds the pool from the rest)",
      });
  });

/** The "buy-identities" settings with their defaults filled in (absent from a config that does not set them). */
export function buyIdentitiesConfig(c: ScenarioConfig): z.infer<typeof buyIdentities> {
  return c.whales.buyIdentities ?? buyIdentities.parse({});
}

/** The "bribe-voters" settings with their defaults filled in (absent from a config that does not set them). */
export function bribeVotersConfig(c: ScenarioConfig): z.infer<typeof bribeVoters> {
  return c.whales.bribeVoters ?? bribeVoters.parse({});
}

/** The delegation scenario's settings with their defaults filled in (absent from a config that does not set them). */
export function delegationConfig(c: ScenarioConfig): z.infer<typeof delegation> {
  return c.delegation ?? delegation.parse({});
}

/** A validated scenario config (every default filled in). */
export type ScenarioConfig = z.infer<typeof configSchema>;
/** What a config file may contain (everything optional). */
export type ScenarioConfigInput = z.input<typeof configSchema>;

/** The defaults (the values of sim/configs/default.json): today's behaviour. */
export function defaultConfig(): ScenarioConfig {
  return configSchema.parse({});
}
