/** Meeting recurrence, pure: which local dates a series falls on and when that is in UTC. */
import { DateTime } from 'luxon';
import type { Recurrence } from '../../../contracts/meetings';
import { WEEKDAYS, type Weekday } from '../../../contracts/planner';
import { wallTime } from '../../lib/dates';

export interface SeriesTiming {
  recurrence: Recurrence;
  startDate: string;
  endDate: string | null;
  startTime: string;
  durationMinutes: number;
  timezone: string;
}

interface Occurrence {
  date: string;
  startsAt: string;
  endsAt: string;
  localStart: string;
  localEnd: string;
}

const isoWeekday = (d: Weekday) => WEEKDAYS.indexOf(d) + 1;
const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

/** The local dates of a series within [from, to] (inclusive), oldest first. */
export function occurrenceDates(s: SeriesTiming, from: string, to: string): string[] {
  const first = s.startDate > from ? s.startDate : from;
  const last = s.endDate && s.endDate < to ? s.endDate : to;
  if (first > last) return [];
  const out: string[] = [];
  const r = s.recurrence;
  if (r.frequency === 'weekly') {
    const start = day(s.startDate);
    // The first meeting: the start date or the next matching weekday after it.
    let d = start.plus({ days: (isoWeekday(r.weekday) - start.weekday + 7) % 7 });
    const step = 7 * r.interval;
    if (d.toISODate()! < first) {
      const weeks = Math.floor(day(first).diff(d, 'days').days / step);
      d = d.plus({ days: weeks * step });
      while (d.toISODate()! < first) d = d.plus({ days: step });
    }
    for (; d.toISODate()! <= last; d = d.plus({ days: step })) out.push(d.toISODate()!);
    return out;
  }
  const months = r.frequency === 'monthly' ? 1 : 3;
  const origin = day(s.startDate).startOf('month');
  // Skip whole periods before `first`.
  const elapsed = Math.max(
    0,
    Math.floor(day(first).startOf('month').diff(origin, 'months').months / months) - 1,
  );
  for (let m = origin.plus({ months: elapsed * months }); m.toISODate()! <= last; m = m.plus({ months })) {
    const date = dayInMonth(m, r).toISODate()!;
    if (date >= first && date <= last) out.push(date);
  }
  return out;
}

function dayInMonth(month: DateTime, r: Extract<Recurrence, { frequency: 'monthly' | 'quarterly' }>) {
  if (r.dayOfMonth !== undefined) return month.set({ day: Math.min(r.dayOfMonth, month.daysInMonth!) });
  const wd = isoWeekday(r.weekday!);
  if (r.nth === -1) {
    const end = month.endOf('month').startOf('day');
    return end.minus({ days: (end.weekday - wd + 7) % 7 });
  }
  const firstMatch = month.plus({ days: (wd - month.weekday + 7) % 7 });
  return firstMatch.plus({ weeks: r.nth! - 1 });
}

/**
 * A date's meeting in UTC: the local start time in the series' zone on that date, so a 09:00
 * Berlin meeting stays at 09:00 Berlin across daylight-saving changes. Times in a gap or in the
 * repeated hour follow RFC 5545 (see `wallTime`).
 */
export function occurrenceAt(s: SeriesTiming, date: string): Occurrence {
  const start = wallTime(date, s.startTime, s.timezone);
  const end = start.plus({ minutes: s.durationMinutes });
  return {
    date,
    startsAt: start.toUTC().toISO({ suppressMilliseconds: true })!,
    endsAt: end.toUTC().toISO({ suppressMilliseconds: true })!,
    localStart: start.toFormat('HH:mm'),
    localEnd: end.toFormat('HH:mm'),
  };
}

export const occurrences = (s: SeriesTiming, from: string, to: string): Occurrence[] =>
  occurrenceDates(s, from, to).map((d) => occurrenceAt(s, d));

/** Whether a series has a meeting on this local date. */
export const fallsOn = (s: SeriesTiming, date: string) => occurrenceDates(s, date, date).length === 1;

/** Days between two ISO dates, inclusive of both ends. */
export const spanDays = (from: string, to: string) => day(to).diff(day(from), 'days').days + 1;

/** A meeting's public id: the series and the local date. */
export const meetingKey = (seriesId: string, date: string) => `${seriesId}@${date}`;
export function parseMeetingKey(key: string): { seriesId: string; date: string } {
  const [seriesId, date] = key.split('@');
  return { seriesId: seriesId!, date: date! };
}
