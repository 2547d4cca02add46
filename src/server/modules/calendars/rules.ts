/**
 * Holiday calendars, pure: the national days off of a country (and region) from date-holidays,
 * corrected where the library allows; a calendar's days added and removed laid over them; and how
 * an answer names the calendar it used. No I/O, no clock.
 */
import Holidays from 'date-holidays';
import type { CalendarUsed, HolidayDayKind } from '../../../contracts/calendars';

/** Days off by local date, each with its names. */
export type DaysOff = ReadonlyMap<string, readonly string[]>;

/**
 * Where a country's list without a region is not the calendar most people there keep, the region
 * that is (date-holidays' code). GB: the national list lacks the Summer bank holiday (last Monday
 * of August), which England and Wales (most of the population) keep; Scotland and Northern
 * Ireland are asked for with their own region.
 */
const DEFAULT_REGIONS: Readonly<Record<string, string>> = { GB: 'ENG' };

/**
 * Countries where days date-holidays types `optional` are days off by law. PH: the special
 * non-working days of the yearly proclamation (Ninoy Aquino Day, All Saints' Day, the Immaculate
 * Conception, Christmas Eve, the last day of the year, Chinese New Year, Black Saturday) are
 * typed `optional`; work on them is voluntary and paid extra, and offices close.
 */
const OPTIONAL_DAYS_OFF: ReadonlySet<string> = new Set(['PH']);

/** The region whose holidays count: the one given, else the country's default, if any. */
const effectiveRegion = (country: string, region: string | null): string | null =>
  region ?? DEFAULT_REGIONS[country] ?? null;

/**
 * Whether a date-holidays entry is a day off: every `public` one; a `bank` one when it is the
 * observed (substitute) day of a holiday on a weekend (the US federal Veterans Day of 2028 is
 * typed so); an `optional` one where the country's law makes it a day off (above). Observances
 * (Mother's Day, Halloween) never.
 */
function isDayOff(country: string, h: { type: string; substitute?: boolean }): boolean {
  if (h.type === 'public') return true;
  if (h.type === 'bank') return h.substitute === true;
  if (h.type === 'optional') return OPTIONAL_DAYS_OFF.has(country);
  return false;
}

const cache = new Map<string, Map<string, string[]>>();

/**
 * National days off from date-holidays (in English where it has names in English), plus those of
 * the region (the default one of the country when none is given). A holiday lasting several
 * days marks each of them.
 */
export function publicHolidays(country: string, givenRegion: string | null, year: number): DaysOff {
  const region = effectiveRegion(country, givenRegion);
  const key = `${country}/${region ?? ''}/${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = new Map<string, string[]>();
  const hd = region
    ? new Holidays(country, region, { languages: ['en'] })
    : new Holidays(country, { languages: ['en'] });
  for (const h of hd.getHolidays(year) || []) {
    if (!isDayOff(country, h)) continue;
    const first = h.date.slice(0, 10);
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    const start = Date.parse(`${first}T00:00:00Z`);
    for (let i = 0; i < days; i++) {
      const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const names = out.get(date) ?? [];
      if (!names.includes(h.name)) names.push(h.name);
      out.set(date, names);
    }
  }
  cache.set(key, out);
  return out;
}

/** Whether date-holidays knows a region (state, province) of a country. */
export function isKnownRegion(country: string, region: string): boolean {
  const states = new Holidays().getStates(country);
  return !!states && Object.hasOwn(states, region.toUpperCase());
}

/** One day of a calendar: added (a day off) or removed (a national holiday worked). */
export interface Adjustment {
  date: string;
  kind: HolidayDayKind;
  name: string;
}

/**
 * The days off of one year: the national ones, less the calendar's removed days, plus its added
 * ones (named by the calendar; a national holiday also added keeps both names).
 */
function withAdjustments(national: DaysOff, adjustments: readonly Adjustment[], year: number): DaysOff {
  const out = new Map<string, readonly string[]>(national);
  const prefix = `${year}-`;
  for (const a of adjustments) {
    if (!a.date.startsWith(prefix)) continue;
    if (a.kind === 'removed') out.delete(a.date);
    else {
      const names = out.get(a.date) ?? [];
      out.set(a.date, names.includes(a.name) ? names : [...names, a.name]);
    }
  }
  return out;
}

/** "India national", "United Kingdom (England) national": how a label names the national data. */
function nationalLabel(country: string, region: string | null): string {
  const name = new Holidays().getCountries('en')[country] ?? country;
  const eff = effectiveRegion(country, region);
  if (!eff) return `${name} national`;
  const regions = new Holidays().getStates(country, 'en') ?? {};
  return `${name} (${regions[eff] ?? eff}) national`;
}

/**
 * The label of a calendar as an answer used it: the national data, then the calendar with the
 * years of `used` it has days for ("India national + Acme Bangalore 2027"), or "(no days for
 * 2028)" when it has none in those years, so that a reader sees the calendar was not loaded.
 */
export function calendarLabel(
  country: string,
  region: string | null,
  calendar: { name: string; years: readonly number[] } | null,
  used: readonly number[] = [],
): string {
  const national = nationalLabel(country, region);
  if (!calendar) return national;
  const covered = used.filter((y) => calendar.years.includes(y));
  const missing = used.filter((y) => !calendar.years.includes(y));
  const years = covered.length ? ` ${yearsText(covered)}` : '';
  const gap = missing.length ? ` (no days for ${yearsText(missing)})` : '';
  return `${national} + ${calendar.name}${years}${gap}`;
}

/** 2027; 2027–2028; 2025, 2027. */
function yearsText(years: readonly number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  const contiguous = sorted.every((y, i) => i === 0 || y === sorted[i - 1]! + 1);
  if (sorted.length > 1 && contiguous) return `${sorted[0]}–${sorted[sorted.length - 1]}`;
  return sorted.join(', ');
}

/** The calendar a party keeps, as other modules are handed it: its base and its days. */
export interface EffectiveCalendar {
  id: string;
  name: string;
  country: string;
  region: string | null;
  /** Its days added and removed in the range asked. */
  adjustments: Adjustment[];
  /** Every year it has days for. */
  years: number[];
}

/** The days off of a party in a year: national (country, region) with its calendar's adjustments. */
export function effectiveDays(
  country: string,
  region: string | null,
  calendar: EffectiveCalendar | null,
  year: number,
): DaysOff {
  const national = publicHolidays(country, region, year);
  return calendar ? withAdjustments(national, calendar.adjustments, year) : national;
}

/** Which calendar a party's answer used over some years. */
export const calendarUsed = (
  partyId: string,
  country: string,
  region: string | null,
  calendar: EffectiveCalendar | null,
  years: readonly number[],
): CalendarUsed => ({
  partyId,
  calendarId: calendar?.id ?? null,
  label: calendarLabel(country, region, calendar, years),
});
