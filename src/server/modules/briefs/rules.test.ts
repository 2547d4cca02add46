import { describe, expect, it } from 'vitest';
import { lunarNewYears, offsetChanges, ramadans, SEASON_COUNTRIES, seasonsOf } from './rules';

describe('partner brief seasons', () => {
  // The class: every country the table names finds its season in the calendar data, each year.
  for (const [season, { countries }] of Object.entries(SEASON_COUNTRIES))
    for (const country of countries)
      it(`${season} is found for ${country} in 2027 and 2028`, () => {
        for (const year of [2027, 2028]) {
          const found = seasonsOf(country, `${year}-01-01`, `${year}-12-31`).filter(
            (s) => s.season === season,
          );
          expect(found.length, `${season} ${country} ${year}`).toBeGreaterThan(0);
          for (const s of found) {
            expect(s.from <= s.to).toBe(true);
            expect(s.source).not.toBe('');
          }
        }
      });

  it('finds no season in a country the table does not name', () => {
    expect(seasonsOf('IS', '2027-01-01', '2027-12-31')).toEqual([]);
  });

  it('Ramadan by Umm al-Qura: 1448 from 8 February 2027, 1449 from 28 January 2028', () => {
    expect(ramadans('2027-01-01', '2028-12-31').map((r) => r.from)).toEqual(['2027-02-08', '2028-01-28']);
  });

  it("the ICU lunar new year's days (Korea's Dangi calendar: Seollal 7 February 2027, 27 January 2028 — a day after China's, the new moon being after midnight in Seoul)", () => {
    expect(lunarNewYears('2027-01-01', '2028-12-31', 'dangi')).toEqual(['2027-02-07', '2028-01-27']);
  });

  it('offset changes to the minute (US rule: 14 March 2027 02:00 EST = 07:00 UTC; Lord Howe moves 30 minutes)', () => {
    const from = Date.parse('2027-01-01T00:00:00Z');
    const to = Date.parse('2027-12-31T00:00:00Z');
    expect(offsetChanges('America/New_York', from, to)).toEqual([
      { atMs: Date.parse('2027-03-14T07:00:00Z'), before: -300, after: -240 },
      { atMs: Date.parse('2027-11-07T06:00:00Z'), before: -240, after: -300 },
    ]);
    expect(offsetChanges('Australia/Lord_Howe', from, to).map((c) => c.after - c.before)).toEqual([-30, 30]);
    expect(offsetChanges('Asia/Kolkata', from, to)).toEqual([]);
  });
});
