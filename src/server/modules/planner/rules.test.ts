import { describe, expect, it } from 'vitest';
import type { Party } from '../../../contracts/planner';
import { publicHolidays } from '../calendars/rules';
import { defaultWorkdays, overlap, type PartyHolidays, recurringSlot } from './rules';

const nationalHolidays: PartyHolidays = (p, year) => publicHolidays(p.country, p.region, year);

const party = (id: string, timezone: string, country: string, extra: Partial<Party> = {}): Party => ({
  id,
  name: id,
  timezone,
  country,
  region: null,
  workdays: defaultWorkdays(country),
  hours: { start: '09:00', end: '17:00' },
  ...extra,
});
const berlin = party('berlin', 'Europe/Berlin', 'DE');
const newYork = party('ny', 'America/New_York', 'US');
const minutesOn = (parties: Party[], date: string) =>
  overlap(parties, date, date, nationalHolidays).days[0]!.windows.reduce((s, w) => s + w.minutes, 0);

describe('planner rules', () => {
  it('knows the Sunday–Thursday countries and defaults the rest to Monday–Friday', () => {
    expect(defaultWorkdays('IL')).toEqual(['sun', 'mon', 'tue', 'wed', 'thu']);
    expect(defaultWorkdays('SA')).toEqual(['sun', 'mon', 'tue', 'wed', 'thu']);
    expect(defaultWorkdays('DE')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(defaultWorkdays('AE')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });

  it('follows the spring weeks between the US and European daylight-saving changes', () => {
    // Both on winter time: 14:00–16:00 UTC. US on summer time from 14 March: 13:00–16:00.
    // Europe follows on 28 March: 13:00–15:00.
    expect(minutesOn([berlin, newYork], '2027-03-10')).toBe(120);
    expect(minutesOn([berlin, newYork], '2027-03-17')).toBe(180);
    expect(minutesOn([berlin, newYork], '2027-03-31')).toBe(120);
  });

  it('follows the autumn weeks (Europe back on 31 October, the US on 7 November)', () => {
    expect(minutesOn([berlin, newYork], '2027-10-27')).toBe(120);
    expect(minutesOn([berlin, newYork], '2027-11-03')).toBe(180);
    expect(minutesOn([berlin, newYork], '2027-11-10')).toBe(120);
  });

  it('offers no time on an observed holiday (US Veterans Day 2028, Saturday, kept on Friday 10 November)', () => {
    const warsaw = party('waw', 'Europe/Warsaw', 'PL');
    expect(minutesOn([newYork, warsaw], '2028-11-10')).toBe(0);
    expect(minutesOn([newYork, warsaw], '2028-11-09')).toBe(120);
  });

  it('gives a night shift in Manila to the local date it starts on', () => {
    const manila = party('mnl', 'Asia/Manila', 'PH', { hours: { start: '21:00', end: '06:00' } });
    const day = overlap([newYork, manila], '2027-03-02', '2027-03-02', nationalHolidays).days[0]!;
    expect(day.windows).toEqual([
      {
        startUtc: '2027-03-02T14:00:00Z',
        endUtc: '2027-03-02T22:00:00Z',
        minutes: 480,
        local: {
          ny: { start: '2027-03-02T09:00', end: '2027-03-02T17:00' },
          mnl: { start: '2027-03-02T22:00', end: '2027-03-03T06:00' },
        },
      },
    ]);
    // Manila works no Saturday-night shift, and New York no Saturday.
    expect(minutesOn([newYork, manila], '2027-03-06')).toBe(0);
  });

  it('marks public holidays of each country, not observances', () => {
    const day = overlap([berlin, newYork], '2027-12-25', '2027-12-25', nationalHolidays).days[0]!;
    expect(day.holidays.map((h) => h.partyId).sort()).toEqual(['berlin', 'ny']);
    expect(day.nonWorking.sort()).toEqual(['berlin', 'ny']);
    // Valentine's day is an observance in the US, not a day off.
    const valentine = overlap([newYork], '2028-02-14', '2028-02-14', nationalHolidays).days[0]!;
    expect(valentine.holidays).toEqual([]);
    expect(valentine.windows).toHaveLength(1);
  });

  it('takes Eid al-Fitr off in Egypt and the region’s own holidays when a region is given', () => {
    const cairo = party('cai', 'Africa/Cairo', 'EG');
    const eid = overlap([cairo], '2027-03-09', '2027-03-11', nationalHolidays).days;
    expect(eid.every((d) => d.nonWorking.includes('cai') && d.windows.length === 0)).toBe(true);
    expect(eid[0]!.holidays[0]!.name).toMatch(/Eid al-Fitr/);
    // Epiphany (6 January) is a public holiday in Bavaria but not nationally.
    const bavaria = party('muc', 'Europe/Berlin', 'DE', { region: 'BY' });
    expect(overlap([bavaria], '2027-01-06', '2027-01-06', nationalHolidays).days[0]!.nonWorking).toEqual([
      'muc',
    ]);
    expect(overlap([berlin], '2027-01-06', '2027-01-06', nationalHolidays).days[0]!.nonWorking).toEqual([]);
  });

  it('meets only Monday to Thursday between Germany and Israel', () => {
    const telAviv = party('tlv', 'Asia/Jerusalem', 'IL');
    const week = overlap([berlin, telAviv], '2027-03-01', '2027-03-07', nationalHolidays).days;
    const withOverlap = week.filter((d) => d.windows.length > 0).map((d) => d.date);
    expect(withOverlap).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04']);
    expect(week.find((d) => d.date === '2027-03-05')!.nonWorking).toEqual(['tlv']);
    expect(week.find((d) => d.date === '2027-03-07')!.nonWorking).toEqual(['berlin']);
  });

  it('suggests the weekly slot that works on the most dates and lists where it fails', () => {
    // Monday loses Easter Monday; Berlin 15:00 is the earliest time that fits in all three DST phases.
    const best = recurringSlot([berlin, newYork], '2027-03-01', '2027-04-30', 60, nationalHolidays)!;
    expect(best).toMatchObject({
      weekday: 'tue',
      start: '15:00',
      firstUtc: '2027-03-02T14:00:00Z',
      failures: [],
    });
    expect(best.local.ny).toEqual({ weekday: 'tue', start: '09:00' });
    expect(best.works).toBe(best.occurrences);

    const monFri = { ...berlin, workdays: ['mon', 'fri'] as Party['workdays'] };
    const tie = recurringSlot([monFri], '2027-03-22', '2027-04-02', 60, nationalHolidays)!;
    expect(tie).toMatchObject({ weekday: 'mon', start: '09:00', works: 1, occurrences: 2 });
    expect(tie.failures).toEqual([{ date: '2027-03-29', reasons: ['berlin: Easter Monday'] }]);
    expect(recurringSlot([berlin], '2027-03-29', '2027-03-29', 60, nationalHolidays)).toBeNull();
  });
});
