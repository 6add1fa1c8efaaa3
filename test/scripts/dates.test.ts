import { expect } from "chai";
import { MILLISECONDS_THRESHOLD, parseInstant } from "../../scripts/lib/dates";
import { MAX_UINT32, MAX_UINT40, parseAllocations, type Policy } from "../../scripts/lib/vestingCsv";

const JUNE_1_2030 = 1_906_502_400; // 2030-06-01T00:00:00Z

function seconds(text: string): number {
  const r = parseInstant(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.message}`);
  return r.seconds;
}

function refusal(text: string): string {
  const r = parseInstant(text);
  if (r.ok) throw new Error(`expected ${text} to be refused, got ${r.seconds}`);
  return r.message;
}

describe("Instants in operator input", function () {
  describe("accepted forms", function () {
    it("should read unix seconds as given", function () {
      expect(seconds(String(JUNE_1_2030))).to.equal(JUNE_1_2030);
      expect(seconds("0")).to.equal(0);
    });
    it("should read a date-only ISO form as UTC midnight", function () {
      expect(seconds("2030-06-01")).to.equal(JUNE_1_2030);
      expect(seconds("2028-02-29")).to.equal(Date.UTC(2028, 1, 29) / 1000);
    });
    it("should read ISO-8601 date-times with Z or an explicit offset", function () {
      expect(seconds("2030-06-01T00:00:00Z")).to.equal(JUNE_1_2030);
      expect(seconds("2030-06-01T00:00Z")).to.equal(JUNE_1_2030);
      expect(seconds("2030-06-01T00:00:00.000Z")).to.equal(JUNE_1_2030);
      expect(seconds("2030-06-01T02:00:00+02:00")).to.equal(JUNE_1_2030);
      expect(seconds("2030-05-31T19:00:00-0500")).to.equal(JUNE_1_2030);
      expect(seconds("2030-06-01T05:45:00+05:45")).to.equal(JUNE_1_2030);
    });
  });

  describe("refused forms", function () {
    it("should refuse impossible calendar dates and times", function () {
      expect(refusal("2030-02-30")).to.match(/2030-02 has no day 30/);
      expect(refusal("2029-02-29")).to.match(/has no day 29/);
      expect(refusal("2030-13-01")).to.match(/month 13 does not exist/);
      expect(refusal("2030-06-31T00:00:00Z")).to.match(/has no day 31/);
      expect(refusal("2030-06-01T24:00:00Z")).to.match(/not a time of day/);
      expect(refusal("2030-06-01T00:00:00+15:00")).to.match(/not a UTC offset/);
    });
    it("should refuse forms read in the operator's time zone or locale", function () {
      expect(refusal("2030-06-01T00:00:00")).to.match(/has no time zone.*add Z \(UTC\) or an offset/);
      expect(refusal("2030-06-01T00:00")).to.match(/has no time zone/);
      expect(refusal("2030-06-01 00:00")).to.match(/is a local time/);
      expect(refusal("2030-06-01 00:00:00Z")).to.match(/is a local time/);
      expect(refusal("2030/06/01")).to.match(/ambiguous.*YYYY-MM-DD/);
      expect(refusal("01/06/2030")).to.match(/ambiguous/);
      expect(refusal("06.01.2030")).to.match(/ambiguous/);
      expect(refusal("June 1, 2030")).to.match(/is not a time: give unix seconds/);
      expect(refusal("")).to.match(/\(empty\) is not a time/);
    });
    it("should refuse millisecond timestamps", function () {
      expect(refusal(String(JUNE_1_2030 * 1000))).to.match(/looks like a millisecond timestamp: give unix seconds/);
      expect(refusal(String(MILLISECONDS_THRESHOLD))).to.match(/millisecond/);
      expect(seconds(String(MILLISECONDS_THRESHOLD - 1))).to.equal(MILLISECONDS_THRESHOLD - 1);
    });
    it("should refuse fractions of a second rather than round them", function () {
      expect(refusal("2030-06-01T00:00:00.5Z")).to.match(/fractions of a second/);
    });
  });

  it("should leave no accepted start whose end overflows the vault's uint40 (so that check cannot be reached)", function () {
    // The latest accepted instants: just below the millisecond threshold, and the last ISO second.
    const latest = Math.max(MILLISECONDS_THRESHOLD - 1, seconds("9999-12-31T23:59:59Z"));
    expect(latest + MAX_UINT32).to.be.lessThan(MAX_UINT40);
  });

  describe("time-zone independence", function () {
    const POLICIES: Policy[] = [{ minCliff: 0, minDuration: 1, revocable: false }];
    const A = "0x1111111111111111111111111111111111111111";
    const text = [
      "beneficiary,amount,category,start,cliff,duration",
      `${A},1,investor,2030-06-01,0,24m`,
      `${A},1,investor,2030-06-01T09:30:00+02:00,0,24m`,
      `${A},1,investor,2030-12-01T00:00:00Z,0,24m`,
      `${A},1,investor,${JUNE_1_2030},0,24m`,
    ].join("\n");

    it("should give identical starts and salts under every TZ", function () {
      const saved = process.env.TZ;
      const results: { offset: number; salts: string[]; starts: number[] }[] = [];
      try {
        for (const tz of ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham", "Pacific/Kiritimati"]) {
          process.env.TZ = tz;
          const { rows, errors } = parseAllocations(text, POLICIES);
          expect(errors).to.deep.equal([]);
          results.push({
            offset: new Date(2030, 5, 1).getTimezoneOffset(),
            salts: rows.map((r) => r.salt),
            starts: rows.map((r) => r.start),
          });
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
      // The TZ changes took effect (local offsets differ), yet nothing read from the file moved.
      expect(new Set(results.map((r) => r.offset)).size).to.equal(results.length);
      for (const r of results) {
        expect(r.starts).to.deep.equal([JUNE_1_2030, JUNE_1_2030 + 7.5 * 3600, 1_922_313_600, JUNE_1_2030]);
        expect(r.salts).to.deep.equal(results[0].salts);
      }
    });
  });
});
