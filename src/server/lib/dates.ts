/**
 * Calendar dates as the server keeps them: YYYY-MM-DD strings with no time and no zone, and
 * YYYY-MM months. "Today" depends on a time zone (the organisation's or an engagement's); adding
 * and counting days does not, so it is done in UTC, where every day has 24 hours.
 */
import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;
const utcMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The calendar date (YYYY-MM-DD) at the instant `now` in the IANA time zone `zone`. */
export function todayIn(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/**
 * Today where the organisation is. Read before any transaction: the organisation (its settings)
 * lives in another module, which answers through its own connection.
 */
export async function organisationToday(
  clock: { now(): Date },
  organisation: () => Promise<{ timezone: string }>,
): Promise<string> {
  return todayIn(clock.now(), (await organisation()).timezone);
}

/** The date `days` calendar days after `date` (before it when `days` is negative). */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** The last day (YYYY-MM-DD) of the month YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * A local wall time in a zone as an instant, by RFC 5545's rules (section 3.3.5): a time that
 * occurs twice (the autumn change) is the first occurrence; a time inside a spring-forward gap
 * is read with the offset before the gap, so it moves forward by the gap (02:30 becomes 03:30
 * for a one-hour gap, 02:45 for Lord Howe's half hour). luxon alone picks the second occurrence
 * of an ambiguous time; `getPossibleOffsets` gives both.
 */
export function wallTime(date: string, time: string, zone: string): DateTime {
  const naive = DateTime.fromISO(`${date}T${time}`, { zone });
  const candidates = naive.getPossibleOffsets();
  if (candidates.length < 2) return naive;
  return candidates.reduce((first, c) => (c.toMillis() < first.toMillis() ? c : first));
}
