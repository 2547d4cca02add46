import Holidays from 'date-holidays';
import type { Party } from '../../../contracts/planner';

/** Days off of a country (and region), by local date, with their names. */
type HolidayLookup = (country: string, region: string | null, year: number) => Map<string, string[]>;

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

/** The region whose holidays count for a party: the one given, else the country's default, if any. */
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
export const publicHolidays: HolidayLookup = (country, givenRegion, year) => {
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
};

/** The days off of a party, by its own local date: what the planner's rules read. */
export type PartyHolidays = (party: Party, year: number) => Map<string, string[]>;

/** A party's national (and regional) days off only, without any holiday calendar. */
export const nationalHolidays: PartyHolidays = (party, year) =>
  publicHolidays(party.country, party.region, year);

/** Whether date-holidays knows a region (state, province) of a country. */
export function isKnownRegion(country: string, region: string): boolean {
  const states = new Holidays().getStates(country);
  return !!states && Object.hasOwn(states, region.toUpperCase());
}
