import { DateTime } from 'luxon';
import type { Organisation } from '../../../contracts/accounts';
import type { VendorBrief } from '../../../contracts/briefs';
import { formatMoney, toMinor } from '../../../contracts/money';
import type { OverlapDay, Party, RecurringSlot } from '../../../contracts/planner';
import type { VendorSite } from '../../../contracts/vendors';
import type { Clock } from '../../lib/clock';
import { addDays, todayIn } from '../../lib/dates';
import type { Actor } from '../../policy';
import { businessLocale, countryCurrency, offsetChanges, seasonsOf } from './rules';

/** The calendar a delivery site keeps: one of its vendor's, or null for its country's national data. */
type SiteCalendar = { owner: string; calendarId: string | null };
type DaysOff = { days: ReadonlyMap<string, readonly string[]>; label: string };
/** A party's days off by its own local date in one year, and the calendar's name. */
type HolidaysFor = (party: Party, year: number) => DaysOff;

export interface BriefDeps {
  clock: Clock;
  organisation: () => Promise<Organisation>;
  /** The vendor as the actor may see it; 404 when the actor may not (a vendor user and another vendor). */
  vendor: (
    actor: Actor,
    id: string,
  ) => Promise<{ id: string; name: string; country: string; timezone: string; languages: string[] }>;
  planner: {
    organisationParty: (org: Organisation) => Party;
    vendorParty: (v: { id: string; name: string; country: string; timezone: string }) => Party;
    overlapOf: (
      parties: Party[],
      from: string,
      to: string,
      daysOff: HolidaysFor,
    ) => { days: OverlapDay[]; totalMinutes: number };
    slotOf: (
      parties: Party[],
      from: string,
      to: string,
      duration: number,
      daysOff: HolidaysFor,
    ) => RecurringSlot | null;
  };
  /**
   * Each side's days off in a year and the calendar's name: today the planner's national data;
   * a holiday calendar of the organisation or the vendor (read from storage) plugs in here.
   */
  holidaysFor: (party: Party, year: number, keeps?: SiteCalendar) => DaysOff | Promise<DaysOff>;
  /** The vendor's delivery sites (read after `vendor` has checked the actor may see the vendor). */
  sites: (vendorId: string) => Promise<VendorSite[]>;
}

/** How far ahead the brief looks. */
const BRIEF_DAYS = { holidays: 90, daylightSaving: 183, seasons: 365, meetingSlot: 90 } as const;
const MEETING_MINUTES = 60;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** The partner brief: the vendor's norms next to the organisation's, all computed, nothing stored. */
export function createBriefService({
  clock,
  organisation,
  vendor,
  planner,
  holidaysFor: load,
  sites,
}: BriefDeps) {
  /**
   * Both sides' days off for every year the brief touches, read first (a calendar may be stored),
   * then looked up synchronously by the planner's maths; a year not read is a bug, not an empty year.
   */
  async function preload(
    parties: Party[],
    from: string,
    to: string,
    keeps: ReadonlyMap<string, SiteCalendar>,
  ): Promise<HolidaysFor> {
    const loaded = new Map<string, DaysOff>();
    for (const p of parties)
      for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++)
        loaded.set(`${p.id}/${y}`, await load(p, y, keeps.get(p.id)));
    return (party, year) => {
      const hit = loaded.get(`${party.id}/${year}`);
      if (!hit) throw new Error(`days off of ${party.id} in ${year} were not loaded`);
      return hit;
    };
  }

  /** Days off from..to for a party, by local date, and the calendar labels used. */
  function daysOff(holidaysFor: HolidaysFor, party: Party, from: string, to: string) {
    const days = new Map<string, readonly string[]>();
    const labels = new Set<string>();
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      const { days: all, label } = holidaysFor(party, y);
      labels.add(label);
      for (const [date, names] of all) if (date >= from && date <= to && names.length) days.set(date, names);
    }
    return { days, label: [...labels].join(', ') };
  }

  function side(party: Party, now: DateTime, workWeekSource: string, calendar: string) {
    const local = now.setZone(party.timezone);
    return {
      name: party.name,
      country: party.country,
      countryName: regionNames.of(party.country) ?? party.country,
      timezone: party.timezone,
      localTime: local.toFormat("yyyy-MM-dd'T'HH:mm"),
      utcOffsetMinutes: local.offset,
      workdays: party.workdays,
      hours: party.hours,
      workWeekSource,
      calendar,
    };
  }

  /** The most overlap on one date from..to (the best working day of that stretch). */
  function bestDay(holidaysFor: HolidaysFor, parties: Party[], from: string, to: string): number {
    const { days } = planner.overlapOf(parties, from, to, holidaysFor);
    return Math.max(0, ...days.map((d) => d.windows.reduce((s, w) => s + w.minutes, 0)));
  }

  /**
   * One side's brief next to the organisation's: the vendor itself or one of its delivery sites
   * goes through here, so that both answer the same facts computed the same way.
   */
  function compare(
    ctx: { org: Organisation; ours: Party; now: DateTime; today: string; holidaysFor: HolidaysFor },
    theirs: Party,
    workWeekSource: string,
  ) {
    const { org, ours, now, today, holidaysFor } = ctx;
    const parties = [ours, theirs];

    // Holidays: each side's own local dates, the next 90 days from the organisation's today.
    const until = addDays(today, BRIEF_DAYS.holidays - 1);
    const ourDays = daysOff(holidaysFor, ours, today, until);
    const theirDays = daysOff(holidaysFor, theirs, today, until);
    const holidayDates = [...new Set([...ourDays.days.keys(), ...theirDays.days.keys()])].sort();

    // Daylight saving: every offset change of either zone in the next six months.
    const dstUntil = now.plus({ days: BRIEF_DAYS.daylightSaving });
    const changes = (
      [
        ['organisation', ours],
        ['vendor', theirs],
      ] as const
    ).flatMap(([which, p]) =>
      offsetChanges(p.timezone, now.toMillis(), dstUntil.toMillis()).map((c) => {
        const date = DateTime.fromMillis(c.atMs, { zone: org.timezone }).toISODate()!;
        return {
          side: which,
          timezone: p.timezone,
          atUtc: new Date(c.atMs).toISOString().replace('.000Z', 'Z'),
          date: DateTime.fromMillis(c.atMs, { zone: p.timezone }).toISODate()!,
          offsetBeforeMinutes: c.before,
          offsetAfterMinutes: c.after,
          overlapBeforeMinutes: bestDay(holidaysFor, parties, addDays(date, -7), addDays(date, -1)),
          overlapAfterMinutes: bestDay(holidaysFor, parties, addDays(date, 1), addDays(date, 7)),
        };
      }),
    );
    changes.sort((a, b) => a.atUtc.localeCompare(b.atUtc));

    const seasonsTo = addDays(today, BRIEF_DAYS.seasons - 1);
    const seasons = (
      [
        ['vendor', theirs],
        ['organisation', ours],
      ] as const
    ).flatMap(([which, p]) => seasonsOf(p.country, today, seasonsTo).map((s) => ({ ...s, side: which })));
    seasons.sort((a, b) => a.from.localeCompare(b.from) || a.side.localeCompare(b.side));

    const { locale, source: localeSource } = businessLocale(theirs.country);
    const own = countryCurrency(theirs.country);
    const currency = own ?? org.currency;
    const sample = new Date(`${today}T12:00:00Z`);
    const dateIn = (style: 'short' | 'long') =>
      new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(sample);

    return {
      vendor: side(theirs, now, workWeekSource, theirDays.label),
      organisation: side(ours, now, 'the organisation settings', ourDays.label),
      offsetDifferenceMinutes: now.setZone(theirs.timezone).offset - now.setZone(ours.timezone).offset,
      holidays: {
        from: today,
        to: until,
        days: holidayDates.map((date) => {
          const vendorNames = [...(theirDays.days.get(date) ?? [])];
          const orgNames = [...(ourDays.days.get(date) ?? [])];
          return {
            date,
            vendor: vendorNames,
            organisation: orgNames,
            offFor: (vendorNames.length && orgNames.length
              ? 'both'
              : vendorNames.length
                ? 'vendor'
                : 'organisation') as 'both' | 'vendor' | 'organisation',
          };
        }),
      },
      daylightSaving: { until: dstUntil.setZone(org.timezone).toISODate()!, changes },
      seasons: { from: today, to: seasonsTo, list: seasons },
      formats: {
        locale,
        localeSource,
        date: dateIn('short'),
        dateLong: dateIn('long'),
        number: new Intl.NumberFormat(locale).format(1234567.89),
        currency,
        currencySource: own
          ? `the currency of ${regionNames.of(theirs.country)}`
          : 'the organisation currency (no table entry for the country)',
        money: formatMoney(toMinor(1234567.89, currency), currency, locale),
      },
      meetingSlot: planner.slotOf(
        parties,
        today,
        addDays(today, BRIEF_DAYS.meetingSlot - 1),
        MEETING_MINUTES,
        holidaysFor,
      ),
    };
  }

  return {
    async get(actor: Actor, vendorId: string): Promise<VendorBrief> {
      const v = await vendor(actor, vendorId);
      const org = await organisation();
      const now = DateTime.fromJSDate(clock.now());
      const ours = planner.organisationParty(org);
      const theirs = planner.vendorParty(v);
      const siteList = await sites(v.id);
      const siteParties = siteList.map(
        (s): Party => ({
          id: s.id,
          name: s.name,
          timezone: s.timezone,
          country: s.country,
          region: s.region,
          workdays: s.workdays,
          hours: s.hours,
        }),
      );
      const keeps = new Map(siteList.map((s) => [s.id, { owner: v.id, calendarId: s.calendarId }]));
      const today = todayIn(clock.now(), org.timezone);
      // Every date the brief looks at, with the planner's two days either side of a range.
      const holidaysFor = await preload(
        [ours, theirs, ...siteParties],
        addDays(today, -10),
        addDays(today, BRIEF_DAYS.daylightSaving + 10),
        keeps,
      );
      const ctx = { org, ours, now, today, holidaysFor };
      const { organisation: orgSide, ...vendorFacts } = compare(
        ctx,
        theirs,
        `the planner's default for ${regionNames.of(v.country) ?? v.country}`,
      );

      return {
        vendorId: v.id,
        generatedAt: now.toUTC().toISO({ suppressMilliseconds: true })!,
        site: siteList.length
          ? `These facts are for ${v.name}'s own country and time zone; each of its ${siteList.length} delivery site(s) has its own brief under "sites".`
          : `${v.name} has no delivery sites: this brief is for its own country and time zone.`,
        ...vendorFacts,
        organisation: orgSide,
        languages: v.languages.map((code) => ({ code, name: languageNames.of(code) ?? code })),
        sites: siteParties.map((p) => {
          const { organisation: _org, ...facts } = compare(ctx, p, 'the site');
          return { siteId: p.id, ...facts };
        }),
      };
    },
  };
}
