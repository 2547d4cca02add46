/**
 * The partner brief's rules, pure: seasons from calendar data (ICU calendars through Intl, and
 * date-holidays), a country's business locale and currency, and a zone's daylight-saving changes.
 * No dates are typed in here: every season is found in a calendar.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { SEASONS } from '../../../contracts/briefs';
import { addDays } from '../../lib/dates';

type Season = (typeof SEASONS)[number];

/** Which countries each season reduces capacity in, and why (docs/vendors.md repeats this table). */
export const SEASON_COUNTRIES: Record<Season, { countries: readonly string[]; reason: string }> = {
  ramadan: {
    countries: ['SA', 'AE', 'KW', 'QA', 'BH', 'OM', 'JO', 'EG', 'MA', 'DZ', 'TN', 'PK', 'BD', 'ID', 'MY'],
    reason:
      'working hours are shorter during Ramadan (by law for private-sector staff in the Gulf states, by custom or public-sector rule elsewhere), and Eid al-Fitr follows',
  },
  'lunar-new-year': {
    countries: ['CN', 'TW', 'HK', 'SG', 'MY', 'VN', 'KR'],
    reason: 'the Spring Festival week: most staff travel home and offices close or run a skeleton crew',
  },
  diwali: {
    countries: ['IN', 'NP', 'SG', 'MY', 'LK'],
    reason: 'Diwali week: many staff take leave around the festival, delivery centres run reduced shifts',
  },
  'christmas-new-year': {
    countries: [
      'US',
      'CA',
      'GB',
      'IE',
      'DE',
      'AT',
      'CH',
      'FR',
      'NL',
      'BE',
      'ES',
      'PT',
      'IT',
      'PL',
      'CZ',
      'SK',
      'HU',
      'RO',
      'BG',
      'HR',
      'SE',
      'DK',
      'NO',
      'FI',
      'EE',
      'LV',
      'LT',
      'AU',
      'NZ',
      'ZA',
      'PH',
      'MX',
      'BR',
      'AR',
      'CO',
      'CL',
      'CR',
    ],
    reason: 'between Christmas and New Year many staff take leave; teams run at reduced capacity',
  },
  'golden-week': {
    countries: ['JP', 'CN'],
    reason:
      'a run of public holidays (Japan: late April to early May; China: the National Day week) closes most offices',
  },
};

const SEASON_NAMES: Record<Season, string> = {
  ramadan: 'Ramadan',
  'lunar-new-year': 'Lunar New Year',
  diwali: 'Diwali week',
  'christmas-new-year': 'Christmas to New Year',
  'golden-week': 'Golden Week',
};

interface SeasonSpan {
  season: Season;
  name: string;
  from: string;
  to: string;
  reason: string;
  source: string;
}

/** Every date from..to, inclusive. */
function dates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The day, month and (related) year of a Gregorian date in an ICU calendar. */
function inCalendar(calendar: string, date: string): { year: number; month: number; day: number } {
  let format = formats.get(calendar);
  if (!format) {
    format = new Intl.DateTimeFormat(`en-u-ca-${calendar}`, {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formats.set(calendar, format);
  }
  const parts = format.formatToParts(new Date(`${date}T12:00:00Z`));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return { year: get('relatedYear') || get('year'), month: get('month'), day: get('day') };
}

/** Ramadan (month 9 of the Umm al-Qura calendar) spans touching from..to, by ICU through Intl. */
export function ramadans(from: string, to: string): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  let start: string | null = null;
  // Begin a month early so a Ramadan already under way is found from its first day.
  for (const d of dates(addDays(from, -31), addDays(to, 31))) {
    const inRamadan = inCalendar('islamic-umalqura', d).month === 9;
    if (inRamadan && !start) start = d;
    if (!inRamadan && start) {
      out.push({ from: start, to: addDays(d, -1) });
      start = null;
    }
  }
  return out.filter((r) => r.to >= from && r.from <= to);
}

/** Lunar new year's days (month 1, day 1) from..to in an ICU calendar: "chinese", or "dangi" for Korea. */
export function lunarNewYears(from: string, to: string, calendar: 'chinese' | 'dangi'): string[] {
  return dates(from, to).filter((d) => {
    const c = inCalendar(calendar, d);
    return c.month === 1 && c.day === 1;
  });
}

const holidayCache = new Map<string, Array<{ date: string; name: string }>>();

/** A country's public holidays in date-holidays (English names), each day of a multi-day one. */
function publicDays(country: string, year: number): Array<{ date: string; name: string }> {
  const key = `${country}/${year}`;
  const hit = holidayCache.get(key);
  if (hit) return hit;
  const out: Array<{ date: string; name: string }> = [];
  for (const h of new Holidays(country, { languages: ['en'] }).getHolidays(year) || []) {
    if (h.type !== 'public') continue;
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < days; i++) out.push({ date: addDays(h.date.slice(0, 10), i), name: h.name });
  }
  holidayCache.set(key, out);
  return out;
}

const years = (from: string, to: string) => {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)) - 1; y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
};

/** Runs of consecutive dates (sorted) as spans; a gap of `bridge` days or fewer is joined. */
function runs(sorted: string[], bridge = 0): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (const d of sorted) {
    const last = out.at(-1);
    if (last && d <= addDays(last.to, bridge + 1)) last.to = d;
    else out.push({ from: d, to: d });
  }
  return out;
}

/**
 * The seasons that reduce capacity in a country, overlapping from..to:
 * - Ramadan from the Umm al-Qura calendar (ICU, through Intl);
 * - Lunar New Year: the country's public new-year holidays in date-holidays when it has them, else
 *   the ICU Chinese (Korea: Dangi) calendar's first day; the season runs from that day to six days after;
 * - Diwali week: date-holidays' Deepavali (it has none for India, so India and Nepal take
 *   Singapore's gazetted date), two days before to four after;
 * - Christmas to New Year: from the day before the country's Christmas Day holiday to its next
 *   New Year's Day holiday, both from date-holidays;
 * - Golden Week: Japan's public holidays from Shōwa Day to Children's Day, China's National Day
 *   holidays, both from date-holidays.
 */
export function seasonsOf(country: string, from: string, to: string): SeasonSpan[] {
  const out: SeasonSpan[] = [];
  const add = (season: Season, span: { from: string; to: string }, source: string) => {
    if (span.to < from || span.from > to) return;
    out.push({
      season,
      name: SEASON_NAMES[season],
      ...span,
      reason: SEASON_COUNTRIES[season].reason,
      source,
    });
  };
  const applies = (season: Season) => SEASON_COUNTRIES[season].countries.includes(country);
  const holidays = years(from, to).flatMap((y) => publicDays(country, y));

  if (applies('ramadan'))
    for (const r of ramadans(from, to))
      add('ramadan', r, 'Umm al-Qura calendar (ICU, Intl islamic-umalqura)');

  if (applies('lunar-new-year')) {
    const calendar = country === 'KR' ? 'dangi' : 'chinese';
    const near = (list: Array<{ date: string; name: string }>, day: string, before: number, after: number) =>
      list.filter((h) => h.date >= addDays(day, -before) && h.date <= addDays(day, after));
    const lunar = /new year|spring festival/i;
    // The new year's day itself, not its eve, a substitute or the days after.
    const firstDay = (h: { name: string }) =>
      /new year/i.test(h.name) && !/eve|substitute|day of|holiday/i.test(h.name);
    const hongKong = years(from, to).flatMap((y) => publicDays('HK', y));
    for (const icu of lunarNewYears(addDays(from, -7), addDays(to, 7), calendar)) {
      // Gazettes (date-holidays) first: ICU's astronomy is a day late when the new moon falls
      // just before midnight in China (6 February 2027). China's data calls every day
      // "Spring Festival", so its first day comes from Hong Kong's (the Observatory's calendar).
      const own = near(holidays, icu, 2, 2).find(firstDay);
      const hk = calendar === 'chinese' ? near(hongKong, icu, 2, 2).find(firstDay) : undefined;
      const day = own?.date ?? hk?.date ?? icu;
      const source = own
        ? `${country} public holidays (date-holidays)`
        : hk
          ? 'Hong Kong public holidays (date-holidays, the Observatory calendar)'
          : `ICU ${calendar} calendar (Intl)`;
      // The season starts with the country's first public new-year holiday (the eve, where it is one).
      const first = near(holidays, day, 3, 0)
        .filter((h) => lunar.test(h.name))
        .map((h) => h.date)
        .sort()[0];
      add(
        'lunar-new-year',
        { from: first && first < day ? first : day, to: addDays(day, 6) },
        `${source}; the new year's day is ${day}${day === icu ? '' : ` (ICU ${calendar} says ${icu})`}`,
      );
    }
  }

  if (applies('diwali')) {
    const own = holidays.filter((h) => /deepavali|diwali/i.test(h.name));
    const source = own.length ? country : 'SG';
    const list = own.length
      ? own
      : years(from, to).flatMap((y) => publicDays('SG', y).filter((h) => /deepavali|diwali/i.test(h.name)));
    for (const h of list)
      add(
        'diwali',
        { from: addDays(h.date, -2), to: addDays(h.date, 4) },
        `Deepavali in ${source} public holidays (date-holidays)`,
      );
  }

  if (applies('christmas-new-year')) {
    const christmas = holidays.filter((h) => /^christmas day$/i.test(h.name)).map((h) => h.date);
    const newYear = holidays.filter((h) => /^new year'?s day$/i.test(h.name)).map((h) => h.date);
    for (const c of christmas) {
      const next = newYear.filter((n) => n > c).sort()[0];
      if (next)
        add(
          'christmas-new-year',
          { from: addDays(c, -1), to: next },
          `${country} public holidays (date-holidays)`,
        );
    }
  }

  if (applies('golden-week')) {
    if (country === 'JP') {
      const showa = holidays.filter((h) => /sh[oō]wa day/i.test(h.name)).map((h) => h.date);
      const children = holidays.filter((h) => /children'?s day/i.test(h.name)).map((h) => h.date);
      for (const s of showa) {
        const end = children.find((c) => c > s && c.slice(0, 4) === s.slice(0, 4));
        if (end) add('golden-week', { from: s, to: end }, 'JP public holidays (date-holidays)');
      }
    } else {
      const national = holidays
        .filter((h) => /national day/i.test(h.name))
        .map((h) => h.date)
        .sort();
      for (const span of runs(national, 2))
        add('golden-week', span, `${country} public holidays (date-holidays)`);
    }
  }
  return out.sort((a, b) => a.from.localeCompare(b.from));
}

/**
 * A country's main business locale: Intl's likely language for the country (`Intl.Locale`
 * maximize), except where business is written in English though another language is likelier.
 */
const ENGLISH_FOR_BUSINESS = ['IN', 'PH', 'SG', 'NG', 'KE', 'PK', 'ZA', 'GH', 'UG', 'LK', 'MT'];
export function businessLocale(country: string): { locale: string; source: string } {
  if (ENGLISH_FOR_BUSINESS.includes(country))
    return { locale: `en-${country}`, source: 'English is the language of business here (Outpost table)' };
  const likely = new Intl.Locale('und', { region: country }).maximize();
  return {
    locale: `${likely.language}-${country}`,
    source: 'the likeliest language of the country (Intl.Locale maximize)',
  };
}

/** The currency of each country Outpost's partners are usually in (the euro area lists its members). */
const EURO = [
  'DE',
  'AT',
  'FR',
  'NL',
  'BE',
  'ES',
  'PT',
  'IT',
  'IE',
  'FI',
  'EE',
  'LV',
  'LT',
  'SK',
  'SI',
  'HR',
  'GR',
  'LU',
  'MT',
  'CY',
];
const CURRENCIES: Record<string, string> = {
  ...Object.fromEntries(EURO.map((c) => [c, 'EUR'])),
  US: 'USD',
  CA: 'CAD',
  GB: 'GBP',
  CH: 'CHF',
  PL: 'PLN',
  CZ: 'CZK',
  HU: 'HUF',
  RO: 'RON',
  BG: 'BGN',
  SE: 'SEK',
  DK: 'DKK',
  NO: 'NOK',
  UA: 'UAH',
  TR: 'TRY',
  IN: 'INR',
  PH: 'PHP',
  PK: 'PKR',
  BD: 'BDT',
  LK: 'LKR',
  NP: 'NPR',
  CN: 'CNY',
  HK: 'HKD',
  TW: 'TWD',
  JP: 'JPY',
  KR: 'KRW',
  VN: 'VND',
  SG: 'SGD',
  MY: 'MYR',
  ID: 'IDR',
  TH: 'THB',
  AU: 'AUD',
  NZ: 'NZD',
  ZA: 'ZAR',
  NG: 'NGN',
  KE: 'KES',
  EG: 'EGP',
  MA: 'MAD',
  TN: 'TND',
  SA: 'SAR',
  AE: 'AED',
  KW: 'KWD',
  QA: 'QAR',
  BH: 'BHD',
  OM: 'OMR',
  JO: 'JOD',
  IL: 'ILS',
  MX: 'MXN',
  BR: 'BRL',
  AR: 'ARS',
  CO: 'COP',
  CL: 'CLP',
  PE: 'PEN',
  CR: 'CRC',
  UY: 'UYU',
};
export function countryCurrency(country: string): string | undefined {
  return CURRENCIES[country];
}

interface OffsetChange {
  atMs: number;
  before: number;
  after: number;
}

/** The UTC offset changes of a zone in [fromMs, toMs), to the minute (daylight saving, and any other). */
export function offsetChanges(zone: string, fromMs: number, toMs: number): OffsetChange[] {
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const out: OffsetChange[] = [];
  const HOUR = 3_600_000;
  // On whole minutes, so that the search below halves whole minutes.
  for (let t = Math.floor(fromMs / 60_000) * 60_000; t < toMs; t += 6 * HOUR) {
    const a = offset(t);
    const next = Math.min(t + 6 * HOUR, toMs);
    if (offset(next) === a) continue;
    // The first minute with the new offset.
    let lo = t;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === a) lo = mid;
      else hi = mid;
    }
    out.push({ atMs: hi, before: a, after: offset(hi) });
  }
  return out;
}
