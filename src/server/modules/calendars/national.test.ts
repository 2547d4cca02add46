/**
 * The national days off against calendars their governments publish, written here as data (not
 * read from the app): a day off counted on a working day that the list does not have, or a listed
 * day not counted, fails. Weekends are left out: a Saturday holiday changes no working day, and
 * what counts is the day people do not work.
 */
import { describe, expect, it } from 'vitest';
import { publicHolidays } from './rules';

/** The Monday–Friday dates of a year that the app counts as days off. */
function weekdaysOff(country: string, region: string | null, year: number): string[] {
  return [...publicHolidays(country, region, year).keys()]
    .filter((d) => {
      const day = new Date(`${d}T00:00:00Z`).getUTCDay();
      return day !== 0 && day !== 6;
    })
    .sort();
}

describe('national days off', () => {
  it('keeps the US federal holidays of 2027 and 2028 with their observed days (OPM, opm.gov "Federal Holidays")', () => {
    // OPM: when a holiday falls on a Saturday, the Friday before is the federal holiday; on a
    // Sunday, the Monday after. 2027: Juneteenth (Sat) on Fri 18 June, Independence Day (Sun) on
    // Mon 5 July, Christmas (Sat) on Fri 24 December, New Year's Day 2028 (Sat) on Fri 31 December.
    expect(weekdaysOff('US', null, 2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
      '2027-12-31',
    ]);
    // 2028: Veterans Day falls on Saturday 11 November, so Friday 10 November is the holiday.
    expect(weekdaysOff('US', null, 2028)).toEqual([
      '2028-01-17',
      '2028-02-21',
      '2028-05-29',
      '2028-06-19',
      '2028-07-04',
      '2028-09-04',
      '2028-10-09',
      '2028-11-10',
      '2028-11-23',
      '2028-12-25',
    ]);
  });

  it('gives GB without a region the bank holidays of England and Wales (GOV.UK, gov.uk/bank-holidays, 2027)', () => {
    const englandAndWales2027 = [
      '2027-01-01', // New Year's Day
      '2027-03-26', // Good Friday
      '2027-03-29', // Easter Monday
      '2027-05-03', // Early May bank holiday
      '2027-05-31', // Spring bank holiday
      '2027-08-30', // Summer bank holiday
      '2027-12-27', // Christmas Day (substitute day)
      '2027-12-28', // Boxing Day (substitute day)
    ];
    expect(weekdaysOff('GB', null, 2027)).toEqual(englandAndWales2027);
    expect(weekdaysOff('GB', 'ENG', 2027)).toEqual(englandAndWales2027);
    // Scotland, asked for by its region, keeps 2 January and the first Monday of August instead.
    const scotland = weekdaysOff('GB', 'SCT', 2027);
    expect(scotland).not.toContain('2027-08-30');
    expect(scotland).toContain('2027-08-02');
  });

  it('counts the Philippine special non-working days (Proclamation No. 727, s. 2024, for 2025)', () => {
    // Regular holidays and special (non-working) days of 2025 on a weekday, from Proclamation
    // No. 727 (s. 2024) and, for the Eid holidays, Proclamations No. 839 (Eid'l Fitr, 1 April)
    // and No. 911 (Eid'l Adha, 6 June).
    const proclaimed = [
      '2025-01-01', // New Year's Day (regular)
      '2025-01-29', // Chinese New Year (special)
      '2025-04-01', // Eid'l Fitr (regular, Proclamation 839)
      '2025-04-09', // Araw ng Kagitingan (regular)
      '2025-04-17', // Maundy Thursday (regular)
      '2025-04-18', // Good Friday (regular)
      '2025-05-01', // Labor Day (regular)
      '2025-06-06', // Eid'l Adha (regular, Proclamation 911)
      '2025-06-12', // Independence Day (regular)
      '2025-08-21', // Ninoy Aquino Day (special)
      '2025-08-25', // National Heroes Day (regular)
      '2025-10-31', // All Saints' Day Eve (additional special)
      '2025-12-08', // Feast of the Immaculate Conception (special)
      '2025-12-24', // Christmas Eve (additional special)
      '2025-12-25', // Christmas Day (regular)
      '2025-12-30', // Rizal Day (regular)
      '2025-12-31', // Last Day of the Year (special)
    ];
    // What date-holidays cannot know: Eid'l Fitr is set by proclamation after the moon is sighted
    // (the library's lunar date, 30 March, was a Sunday), and All Saints' Day Eve was added for
    // 2025 only. An organisation or vendor holiday calendar adds such days.
    const notInTheLibrary = ['2025-04-01', '2025-10-31'];
    expect(weekdaysOff('PH', null, 2025)).toEqual(proclaimed.filter((d) => !notInTheLibrary.includes(d)));
  });
});
