import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, lastDayOfMonth, todayIn } from './dates';

describe('todayIn', () => {
  it('is already tomorrow in a zone ahead of UTC at 23:30 UTC', () => {
    const now = new Date('2027-03-10T23:30:00Z');
    expect(todayIn(now, 'UTC')).toBe('2027-03-10');
    // Berlin is UTC+1 in March before the change: 00:30 on the 11th.
    expect(todayIn(now, 'Europe/Berlin')).toBe('2027-03-11');
    // India is UTC+5:30 all year: 05:00 on the 11th.
    expect(todayIn(now, 'Asia/Kolkata')).toBe('2027-03-11');
  });

  it('is still yesterday in a zone behind UTC just after midnight UTC', () => {
    const now = new Date('2027-03-11T00:30:00Z');
    // Los Angeles is UTC−8 until 14 March 2027: 16:30 on the 10th.
    expect(todayIn(now, 'America/Los_Angeles')).toBe('2027-03-10');
  });

  it('follows a daylight-saving change', () => {
    // Europe/Berlin: UTC+1 until 01:00 UTC on 28 March 2027, UTC+2 after.
    expect(todayIn(new Date('2027-03-27T22:59:00Z'), 'Europe/Berlin')).toBe('2027-03-27');
    expect(todayIn(new Date('2027-03-27T23:00:00Z'), 'Europe/Berlin')).toBe('2027-03-28');
    // Summer time: 22:00 UTC is midnight in Berlin.
    expect(todayIn(new Date('2027-07-01T21:59:00Z'), 'Europe/Berlin')).toBe('2027-07-01');
    expect(todayIn(new Date('2027-07-01T22:00:00Z'), 'Europe/Berlin')).toBe('2027-07-02');
  });

  it('crosses the date line', () => {
    // Auckland is UTC+13 in March (summer time); Kiritimati UTC+14.
    const now = new Date('2027-03-10T11:30:00Z');
    expect(todayIn(now, 'Pacific/Auckland')).toBe('2027-03-11');
    expect(todayIn(new Date('2027-12-31T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2028-01-01');
  });
});

describe('addDays', () => {
  it('adds and subtracts calendar days', () => {
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2027-05-15', 0)).toBe('2027-05-15');
    expect(addDays('2027-01-01', 365)).toBe('2028-01-01');
  });

  it('knows leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // a leap year
    // 2028 has 366 days.
    expect(addDays('2028-01-01', 366)).toBe('2029-01-01');
  });

  it('is not moved by a daylight-saving change', () => {
    // 28 March 2027 is 23 hours long in Berlin, 31 October 2027 is 25; a date is still a date.
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
    expect(addDays('2027-10-30', 2)).toBe('2027-11-01');
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative backwards', () => {
    expect(daysBetween('2027-03-10', '2027-03-10')).toBe(0);
    expect(daysBetween('2027-03-10', '2027-03-11')).toBe(1);
    expect(daysBetween('2027-03-11', '2027-03-10')).toBe(-1);
    // January 31 + February 28 + 1 = 60 days from 1 January to 2 March in a common year.
    expect(daysBetween('2027-01-01', '2027-03-02')).toBe(60);
  });

  it('counts a leap day', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2027-01-01', '2028-01-01')).toBe(365);
  });

  it('counts across daylight-saving changes', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2027-10-30', '2027-11-01')).toBe(2);
  });

  it('undoes addDays', () => {
    for (const days of [-400, -31, -1, 0, 1, 29, 59, 366, 1000])
      expect(daysBetween('2027-02-15', addDays('2027-02-15', days))).toBe(days);
  });
});

describe('lastDayOfMonth', () => {
  it('knows each month’s length', () => {
    expect(lastDayOfMonth('2027-01')).toBe('2027-01-31');
    expect(lastDayOfMonth('2027-02')).toBe('2027-02-28');
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2100-02')).toBe('2100-02-28');
    expect(lastDayOfMonth('2027-04')).toBe('2027-04-30');
    expect(lastDayOfMonth('2027-12')).toBe('2027-12-31');
  });
});
