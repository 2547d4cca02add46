import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, lastDayOfMonth, todayIn, wallTime } from './dates';

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

/**
 * The reference for `wallTime`: RFC 5545 section 3.3.5 applied by brute force with `Intl` (not
 * luxon). Every UTC minute within 26 hours whose local reading in the zone is the wall time is a
 * candidate; the first one wins (the repeated hour). With none (the spring gap), the time is read
 * with the offset in force just before the gap.
 */
function referenceWallTime(date: string, time: string, zone: string): number {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const local = (ms: number) => {
    const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
  };
  const wall = Date.parse(`${date}T${time}:00Z`);
  // Offsets in use are whole multiples of 15 minutes and the wall times tried are on 5-minute
  // marks, so candidates lie on 5-minute marks too.
  for (let ms = wall - 15 * 3_600_000; ms <= wall + 15 * 3_600_000; ms += 5 * 60_000)
    if (local(ms) === `${date}T${time}`) return ms;
  // In a gap: the offset in force before it, read 15 hours earlier (no zone changes twice in 15 h).
  const before = wall - 15 * 3_600_000;
  const offsetBefore = Date.parse(`${local(before)}:00Z`) - before;
  return wall - offsetBefore;
}

/** Every UTC-offset change in a zone during a year, found by hourly steps and bisection with Intl. */
function transitions(zone: string, year: number): number[] {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const offset = (ms: number) => fmt.formatToParts(ms).find((x) => x.type === 'timeZoneName')!.value;
  const out: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let ms = Date.UTC(year, 0, 1); ms < end; ms += 3_600_000) {
    if (offset(ms) !== offset(ms + 3_600_000)) {
      let lo = ms;
      let hi = ms + 3_600_000;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offset(mid) === offset(lo)) lo = mid;
        else hi = mid;
      }
      out.push(hi);
    }
  }
  return out;
}

describe('wallTime follows RFC 5545 at every daylight-saving change', () => {
  const zones = [
    'Europe/Berlin',
    'Europe/London',
    'America/New_York',
    'America/Santiago',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Beirut',
    'Africa/Cairo',
    'America/Havana',
  ];
  it.each(zones)('%s: every 5 minutes around each 2027 and 2028 change', (zone) => {
    const cases: string[] = [];
    const reading = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const year of [2027, 2028]) {
      for (const t of transitions(zone, year)) {
        // Wall times every 5 minutes from the local reading three hours before the change to six
        // hours after it, counted on the clock face: they cover the gap and the repeated hour.
        const [d0, t0] = reading.format(t - 3 * 3_600_000).split(', ') as [string, string];
        const face = Date.parse(`${d0}T${t0}:00Z`);
        for (let m = 0; m <= 6 * 60; m += 5)
          cases.push(new Date(face + m * 60_000).toISOString().slice(0, 16));
      }
    }
    expect(cases.length).toBeGreaterThan(0);
    for (const c of new Set(cases)) {
      const [date, time] = c.split('T') as [string, string];
      expect(wallTime(date, time, zone).toMillis(), `${c} ${zone}`).toBe(referenceWallTime(date, time, zone));
    }
  });

  it('gives the published answers for the examples in the docs', () => {
    const utc = (date: string, time: string, zone: string) => wallTime(date, time, zone).toUTC().toISO();
    // Berlin, 28 March 2027: 02:00 CET becomes 03:00 CEST; 02:30 is read as 02:30 CET = 01:30Z.
    expect(utc('2027-03-28', '02:30', 'Europe/Berlin')).toBe('2027-03-28T01:30:00.000Z');
    // Berlin, 31 October 2027: 02:30 happens twice; the first is CEST (+02:00) = 00:30Z.
    expect(utc('2027-10-31', '02:30', 'Europe/Berlin')).toBe('2027-10-31T00:30:00.000Z');
    // New York, 7 November 2027: 01:30 EDT (-04:00) comes first = 05:30Z.
    expect(utc('2027-11-07', '01:30', 'America/New_York')).toBe('2027-11-07T05:30:00.000Z');
    // Lord Howe moves by 30 minutes on 3 October 2027: 02:15 standard (+10:30) = 15:45Z the day before.
    expect(utc('2027-10-03', '02:15', 'Australia/Lord_Howe')).toBe('2027-10-02T15:45:00.000Z');
  });
});
