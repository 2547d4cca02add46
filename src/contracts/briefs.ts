/**
 * The partner brief: what to know about a vendor's side before working with them — their local
 * time, work week, days off next to ours, daylight-saving changes, seasons that reduce capacity,
 * languages, how they write dates, numbers and money, and the best weekly meeting slot.
 */
import { z } from 'zod';
import { Instant } from './common';
import { RecurringSlot, Weekday } from './planner';

/** One side of the brief: the vendor or the organisation. */
export const BriefSide = z.enum(['vendor', 'organisation']);
export type BriefSide = z.infer<typeof BriefSide>;

export const BriefParty = z.object({
  name: z.string(),
  country: z.string(),
  countryName: z.string(),
  timezone: z.string(),
  /** The local date and time now, YYYY-MM-DDTHH:MM. */
  localTime: z.string(),
  utcOffsetMinutes: z.number().int(),
  workdays: z.array(Weekday),
  hours: z.object({ start: z.string(), end: z.string() }),
  /** Where the work week and hours come from. */
  workWeekSource: z.string(),
  /** The holiday calendar(s) used for this side, e.g. "India national". */
  calendar: z.string(),
});

export const BriefHoliday = z.object({
  date: z.string(),
  vendor: z.array(z.string()),
  organisation: z.array(z.string()),
  /** Who is off that day; "vendor" or "organisation" alone marks a day off for one side only. */
  offFor: z.enum(['both', 'vendor', 'organisation']),
});

export const BriefDaylightSaving = z.object({
  side: BriefSide,
  timezone: z.string(),
  /** The instant of the change. */
  atUtc: Instant,
  /** The local date of the change. */
  date: z.string(),
  offsetBeforeMinutes: z.number().int(),
  offsetAfterMinutes: z.number().int(),
  /** Overlap of both sides' working hours on the best working day of the week before and after. */
  overlapBeforeMinutes: z.number().int(),
  overlapAfterMinutes: z.number().int(),
});

export const SEASONS = ['ramadan', 'lunar-new-year', 'diwali', 'christmas-new-year', 'golden-week'] as const;
export const BriefSeason = z.object({
  season: z.enum(SEASONS),
  side: BriefSide,
  name: z.string(),
  /** First and last local date of the season. */
  from: z.string(),
  to: z.string(),
  /** Why it matters for this country's capacity. */
  reason: z.string(),
  /** Where the dates come from (an ICU calendar through Intl, or date-holidays). */
  source: z.string(),
});

export const BriefFormats = z.object({
  /** The country's main business locale (BCP 47) and how it was chosen. */
  locale: z.string(),
  localeSource: z.string(),
  date: z.string(),
  dateLong: z.string(),
  number: z.string(),
  currency: z.string(),
  currencySource: z.string(),
  money: z.string(),
});

/**
 * The brief for one of the vendor's delivery sites: the same facts as the vendor-level brief with
 * the site in the vendor's place (its time zone, country and region, work week, hours and the
 * holiday calendar it keeps); "vendor" in `offFor`, `side` and the holidays means the site.
 */
export const SiteBrief = z
  .object({
    siteId: z.string(),
    /** The site's side: its name, place, local time, work week, hours and calendar. */
    vendor: BriefParty,
    offsetDifferenceMinutes: z.number().int(),
    holidays: z.object({ from: z.string(), to: z.string(), days: z.array(BriefHoliday) }),
    daylightSaving: z.object({ until: z.string(), changes: z.array(BriefDaylightSaving) }),
    seasons: z.object({ from: z.string(), to: z.string(), list: z.array(BriefSeason) }),
    formats: BriefFormats,
    meetingSlot: RecurringSlot.nullable(),
  })
  .meta({ id: 'SiteBrief' });
export type SiteBrief = z.infer<typeof SiteBrief>;

export const VendorBrief = z
  .object({
    vendorId: z.string(),
    generatedAt: Instant,
    /** What the vendor-level facts stand for: the vendor's own country and time zone (each site is under `sites`). */
    site: z.string(),
    vendor: BriefParty,
    organisation: BriefParty,
    /** Vendor's UTC offset minus the organisation's, now. */
    offsetDifferenceMinutes: z.number().int(),
    holidays: z.object({ from: z.string(), to: z.string(), days: z.array(BriefHoliday) }),
    daylightSaving: z.object({ until: z.string(), changes: z.array(BriefDaylightSaving) }),
    seasons: z.object({ from: z.string(), to: z.string(), list: z.array(BriefSeason) }),
    languages: z.array(z.object({ code: z.string(), name: z.string() })),
    formats: BriefFormats,
    /** The planner's weekly slot (60 minutes) over the next 90 days; null when none works. */
    meetingSlot: RecurringSlot.nullable(),
    /** One brief for each of the vendor's delivery sites, by site name. */
    sites: z.array(SiteBrief),
  })
  .meta({ id: 'VendorBrief' });
export type VendorBrief = z.infer<typeof VendorBrief>;
