/**
 * The planner's overlap maths, pure: parties in, windows out. Each party's working intervals
 * are laid out in UTC per local date (so daylight saving is handled date by date, and a shift
 * that crosses midnight belongs to the local date it starts on), then intersected.
 */
import { DateTime } from 'luxon';
import {
  type OverlapDay,
  type OverlapWindow,
  type Party,
  type RecurringSlot,
  WEEKDAYS,
  type Weekday,
} from '../../../contracts/planner';
import { addDays, wallTime } from '../../lib/dates';
import type { DaysOff } from '../calendars/rules';

/** The days off of a party, by its own local date (national data and its holiday calendar). */
export type PartyHolidays = (party: Party, year: number) => DaysOff;

/**
 * Work weeks that are not Monday–Friday, by country. Sunday–Thursday: the Gulf and Levant
 * states that moved their weekend to Friday–Saturday, Egypt, North Africa's Algeria and Libya,
 * Sudan and Bangladesh. Saturday–Wednesday: Afghanistan and Iran (Thursday–Friday weekend).
 * Sunday–Friday: Nepal (Saturday only). The UAE moved to Monday–Friday in 2022.
 */
const SUN_THU: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu'];
const WORK_WEEKS: Record<string, readonly Weekday[]> = {
  ...Object.fromEntries(
    ['IL', 'SA', 'EG', 'KW', 'QA', 'OM', 'JO', 'BH', 'IQ', 'DZ', 'LY', 'SY', 'YE', 'SD', 'BD'].map((c) => [
      c,
      SUN_THU,
    ]),
  ),
  AF: ['sat', 'sun', 'mon', 'tue', 'wed'],
  IR: ['sat', 'sun', 'mon', 'tue', 'wed'],
  NP: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri'],
};
const MON_FRI: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** The default work week of a country. */
export const defaultWorkdays = (country: string): Weekday[] => [...(WORK_WEEKS[country] ?? MON_FRI)];

/** ISO weekday numbers (1 = Monday) as the planner's names, and back. */
export const weekdayOf = (iso: number): Weekday => WEEKDAYS[iso - 1]!;

/** Every date from `from` to `to`, inclusive. */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' });
  while (d <= end) {
    out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

interface Interval {
  start: number;
  end: number;
}

/** What a party's local date is: a working day, a holiday, or a day off. */
function dayStatus(
  party: Party,
  date: string,
  holidays: PartyHolidays,
): { working: boolean; holidays: readonly string[] } {
  const names = holidays(party, Number(date.slice(0, 4))).get(date) ?? [];
  const weekday = weekdayOf(DateTime.fromISO(date, { zone: 'utc' }).weekday);
  return { working: names.length === 0 && party.workdays.includes(weekday), holidays: names };
}

/** A party's working intervals, in UTC milliseconds, for shifts starting on local dates from..to. */
function workingIntervals(party: Party, from: string, to: string, holidays: PartyHolidays): Interval[] {
  const out: Interval[] = [];
  for (const date of datesBetween(from, to)) {
    if (!dayStatus(party, date, holidays).working) continue;
    const start = wallTime(date, party.hours.start, party.timezone);
    let end = wallTime(date, party.hours.end, party.timezone);
    // An end at or before the start is the next morning: the night shift of that date.
    if (party.hours.end <= party.hours.start)
      end = wallTime(addDays(date, 1), party.hours.end, party.timezone);
    if (end > start) out.push({ start: start.toMillis(), end: end.toMillis() });
  }
  return out;
}

/** The intersection of two sorted, disjoint interval lists. */
function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start, b[j]!.start);
    const end = Math.min(a[i]!.end, b[j]!.end);
    if (end > start) out.push({ start, end });
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return out;
}

const localOf = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
const utcOf = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * For every date from..to: the windows when all parties work (a window belongs to the date on
 * which it starts in the first party's time zone), whose holidays fall on it, and who is off.
 */
export function overlap(
  parties: Party[],
  from: string,
  to: string,
  holidays: PartyHolidays,
): { days: OverlapDay[]; totalMinutes: number; windows: Interval[] } {
  // Two days either side: a party twelve hours away, or a night shift, starts on another local date.
  let common: Interval[] | null = null;
  for (const p of parties) {
    const own = workingIntervals(p, addDays(from, -2), addDays(to, 2), holidays);
    common = common ? intersect(common, own) : own;
  }
  const reference = parties[0]!.timezone;
  const byDate = new Map<string, OverlapWindow[]>();
  for (const w of common ?? []) {
    const date = DateTime.fromMillis(w.start, { zone: reference }).toISODate()!;
    const list = byDate.get(date) ?? [];
    list.push({
      startUtc: utcOf(w.start),
      endUtc: utcOf(w.end),
      minutes: Math.round((w.end - w.start) / 60_000),
      local: Object.fromEntries(
        parties.map((p) => [p.id, { start: localOf(w.start, p.timezone), end: localOf(w.end, p.timezone) }]),
      ),
    });
    byDate.set(date, list);
  }
  let totalMinutes = 0;
  const days = datesBetween(from, to).map((date): OverlapDay => {
    const windows = byDate.get(date) ?? [];
    totalMinutes += windows.reduce((s, w) => s + w.minutes, 0);
    const dayHolidays: OverlapDay['holidays'] = [];
    const nonWorking: string[] = [];
    for (const p of parties) {
      const status = dayStatus(p, date, holidays);
      for (const name of status.holidays) dayHolidays.push({ partyId: p.id, name });
      if (!status.working) nonWorking.push(p.id);
    }
    return { date, windows, holidays: dayHolidays, nonWorking };
  });
  return { days, totalMinutes, windows: common ?? [] };
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Whether [start, end) lies inside one of the sorted, disjoint windows. */
function covered(windows: Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (windows[mid]!.start <= start) lo = mid + 1;
    else hi = mid - 1;
  }
  const w = windows[hi];
  return !!w && w.end >= end;
}

/**
 * The weekly slot (weekday and start in the first party's time zone, on a 15-minute grid) that
 * works for everyone on the most dates of the range; ties go to the earlier weekday and time.
 * Answers null when no slot works on any date.
 */
export function recurringSlot(
  parties: Party[],
  from: string,
  to: string,
  duration: number,
  holidays: PartyHolidays,
): RecurringSlot | null {
  const { windows } = overlap(parties, from, to, holidays);
  const ref = parties[0]!;
  const dates = datesBetween(from, to);
  const instant = (date: string, time: string) => wallTime(date, time, ref.timezone);
  // Luxon per candidate is slow over a year; a date with one UTC offset all day is plain arithmetic.
  const offsets = new Map<string, number | null>();
  const startOf = (date: string, minute: number): number | null => {
    if (!offsets.has(date)) {
      const a = instant(date, '00:00').offset;
      const b = instant(date, '23:59').offset;
      offsets.set(date, a === b ? a : null);
    }
    const offset = offsets.get(date);
    if (offset === null || offset === undefined) {
      const s = instant(date, hhmm(minute));
      // A local time skipped by a daylight-saving change does not happen that day.
      return s.toFormat('HH:mm') === hhmm(minute) ? s.toMillis() : null;
    }
    return Date.parse(`${date}T00:00:00Z`) + (minute - offset) * 60_000;
  };
  let best: { weekday: Weekday; time: string; works: number; dates: string[] } | null = null;
  for (const weekday of WEEKDAYS) {
    const onDay = dates.filter((d) => weekdayOf(DateTime.fromISO(d, { zone: 'utc' }).weekday) === weekday);
    if (onDay.length === 0) continue;
    for (let minute = 0; minute < 24 * 60; minute += 15) {
      const time = hhmm(minute);
      let works = 0;
      for (const date of onDay) {
        const s = startOf(date, minute);
        if (s !== null && covered(windows, s, s + duration * 60_000)) works++;
      }
      if (works > 0 && (!best || works > best.works)) best = { weekday, time, works, dates: onDay };
    }
  }
  if (!best) return null;
  const { weekday, time, works } = best;
  const failures: RecurringSlot['failures'] = [];
  for (const date of best.dates) {
    const s = instant(date, time);
    if (s.toFormat('HH:mm') === time && covered(windows, s.toMillis(), s.toMillis() + duration * 60_000))
      continue;
    const reasons: string[] = [];
    for (const p of parties) {
      const localDate = s.setZone(p.timezone).toISODate()!;
      const status = dayStatus(p, localDate, holidays);
      for (const name of status.holidays) reasons.push(`${p.name}: ${name}`);
      if (status.holidays.length === 0 && !status.working) reasons.push(`${p.name}: day off`);
    }
    if (reasons.length === 0) reasons.push('working hours do not overlap at this time that day');
    failures.push({ date, reasons });
  }
  const first = instant(best.dates[0]!, time);
  return {
    weekday,
    start: time,
    duration,
    firstUtc: utcOf(first.toMillis()),
    local: Object.fromEntries(
      parties.map((p) => {
        const l = first.setZone(p.timezone);
        return [p.id, { weekday: weekdayOf(l.weekday), start: l.toFormat('HH:mm') }];
      }),
    ),
    occurrences: best.dates.length,
    works,
    failures,
  };
}
