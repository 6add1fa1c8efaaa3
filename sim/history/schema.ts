import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The attacks `npx hardhat history` replays, read from sim/history/cases.json and validated here:
 * each figure the post-mortems publish names its source (an index into `sources`) and the words
 * quoted; what no source gives is an `assumed` value with its reason. A bad file is refused with
 * the path of every bad field before any chain work.
 */

const source = z.strictObject({ url: z.url(), title: z.string().min(1) });
const figure = z.strictObject({
  value: z.number().nonnegative(),
  unit: z.string().min(1),
  source: z.int().nonnegative(),
  quote: z.string().min(1),
});
const assumedNumber = z.strictObject({ value: z.number().nonnegative(), why: z.string().min(1) });
const assumedList = z.strictObject({ value: z.array(z.int().positive()).min(1), why: z.string().min(1) });

const base = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  date: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/),
  sources: z.array(source).min(1),
};

const beanstalk = z.strictObject({
  ...base,
  kind: z.literal("flash-supermajority"),
  published: z.strictObject({
    flashLoanQuote: figure,
    attackerVotingShare: figure,
    supermajorityShare: figure,
    emergencyMinAgeSeconds: figure,
    lossQuote: figure,
    proposalThresholdShare: figure,
    votingPeriodDays: figure,
  }),
  assumed: z.strictObject({ honestHolders: assumedNumber }),
  chain: z.strictObject({ supplyTokens: z.int().positive(), treasuryUnits: z.int().positive(), note: z.string() }),
});

const build = z.strictObject({
  ...base,
  kind: z.literal("low-turnout-takeover"),
  published: z.strictObject({
    supplyTokens: figure,
    quorumTokens: figure,
    proposalThresholdTokens: figure,
    votingPeriodHours: figure,
    executionDelayHours: figure,
    lossQuote: figure,
    mintedAfter: figure,
  }),
  assumed: z.strictObject({ attackerTokens: assumedNumber, againstVotes: assumedList, silentHolders: assumedNumber }),
  chain: z.strictObject({ supplyTokens: z.int().positive(), note: z.string() }),
});

const compound = z.strictObject({
  ...base,
  kind: z.literal("bloc-vote"),
  published: z.strictObject({
    forVotes: figure,
    againstVotes: figure,
    forShare: figure,
    grantTokens: figure,
    grantQuote: figure,
    quorumTokens: figure,
    proposalThresholdTokens: figure,
    reviewDays: figure,
    votingDays: figure,
    timelockDays: figure,
  }),
  assumed: z.strictObject({
    supplyTokens: assumedNumber,
    blocIdentities: assumedNumber,
    againstDelegates: assumedNumber,
  }),
  chain: z.strictObject({ scale: z.int().positive(), note: z.string() }),
});

const bribe = z.strictObject({
  ...base,
  kind: z.literal("bribe-round"),
  published: z.strictObject({ bribePerVoteQuote: figure, proRata: figure }),
  assumed: z.strictObject({ briberTokens: assumedNumber, holders: assumedList }),
  chain: z.strictObject({ scale: z.int().positive(), note: z.string() }),
});

const historyCase = z.discriminatedUnion("kind", [beanstalk, build, compound, bribe]);

export const casesSchema = z
  .strictObject({ $comment: z.string().optional(), cases: z.array(historyCase).min(1) })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.cases.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: "custom", path: ["cases", i, "id"], message: `duplicate id "${c.id}"` });
      ids.add(c.id);
      for (const [key, f] of Object.entries(c.published as Record<string, z.infer<typeof figure>>)) {
        if (f.source >= c.sources.length)
          ctx.addIssue({
            code: "custom",
            path: ["cases", i, "published", key, "source"],
            message: `source ${f.source} does not exist (the case lists ${c.sources.length})`,
          });
      }
    });
  });

export type HistoryCases = z.infer<typeof casesSchema>;
export type HistoryCase = HistoryCases["cases"][number];
export type BeanstalkCase = z.infer<typeof beanstalk>;
export type BuildCase = z.infer<typeof build>;
export type CompoundCase = z.infer<typeof compound>;
export type BribeCase = z.infer<typeof bribe>;

export const DEFAULT_CASES_FILE = path.join(__dirname, "cases.json");

/** A cases file refused: every bad field by its JSON path. */
export class CasesError extends Error {
  override readonly name = "CasesError";
}

/** Reads and validates a cases file (default: the committed sim/history/cases.json). */
export function loadCases(file = DEFAULT_CASES_FILE): HistoryCases {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CasesError(`${file}: ${(err as Error).message}`);
  }
  const parsed = casesSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `$.${i.path.map(String).join(".")}: ${i.message}`);
    throw new CasesError(`${file}:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}
