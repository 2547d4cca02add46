import Holidays from 'date-holidays';

/** Public holidays of a country (and region), by local date; observances and bank holidays are not counted. */
export type HolidayLookup = (country: string, region: string | null, year: number) => Map<string, string[]>;

const cache = new Map<string, Map<string, string[]>>();

/**
 * National public holidays from date-holidays (in English where it has names in English), plus
 * those of the region when one is given. A holiday lasting several days marks each of them.
 */
export const publicHolidays: HolidayLookup = (country, region, year) => {
  const key = `${country}/${region ?? ''}/${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = new Map<string, string[]>();
  const hd = region
    ? new Holidays(country, region, { languages: ['en'] })
    : new Holidays(country, { languages: ['en'] });
  for (const h of hd.getHolidays(year) || []) {
    if (h.type !== 'public') continue;
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

/** Whether date-holidays knows a region (state, province) of a country. */
export function isKnownRegion(country: string, region: string): boolean {
  const states = new Holidays().getStates(country);
  return !!states && Object.hasOwn(states, region.toUpperCase());
}
