/**
 * Holiday calendars of the organisation and of each vendor (or delivery site): the national days
 * of a country (and region) adjusted by days added (Diwali at a Bangalore centre) or removed (a
 * national holiday the site works on). Imported from iCalendar or CSV, kept by hand, and used by
 * every date the application computes. Shared by server, web and CLI; no I/O.
 */
import { z } from 'zod';
import { Country, ListQuery, Name } from './common';

const IsoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const Region = z
  .string()
  .trim()
  .min(1)
  .max(10)
  .transform((r) => r.toUpperCase())
  .meta({ description: 'a state or province code of the country, as date-holidays names it (KA, BY, ENG)' });

/** The first and last year a calendar may hold days for. */
export const CALENDAR_YEARS = { min: 1970, max: 2200 } as const;
const Year = z.coerce.number().int().min(CALENDAR_YEARS.min).max(CALENDAR_YEARS.max);

/** Whose calendar: the organisation's (vendorId null) or a vendor's. */
export const HolidayCalendar = z
  .object({
    id: z.string(),
    vendorId: z.string().nullable(),
    name: z.string(),
    country: z.string(),
    region: z.string().nullable(),
    /** The years that have at least one day added or removed, ascending. */
    years: z.array(z.number().int()),
    added: z.number().int(),
    removed: z.number().int(),
    /** How answers that use this calendar name it: "India national + Acme Bangalore". */
    label: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'HolidayCalendar' });
export type HolidayCalendar = z.infer<typeof HolidayCalendar>;

export const HolidayCalendarPage = z
  .object({ items: z.array(HolidayCalendar), nextCursor: z.string().nullable() })
  .meta({ id: 'HolidayCalendarPage' });

export const HolidayCalendarListQuery = ListQuery.extend({
  /** Only this vendor's calendars; "organisation" for the organisation's. */
  owner: z.string().max(64).optional(),
});

export const CreateHolidayCalendarBody = z
  .strictObject({
    name: Name,
    /** The vendor whose calendar it is; null or absent for the organisation's. */
    vendorId: z.string().min(1).max(64).nullable().optional(),
    country: Country,
    region: Region.nullable().optional(),
  })
  .meta({ id: 'CreateHolidayCalendarBody' });
export type CreateHolidayCalendarBody = z.infer<typeof CreateHolidayCalendarBody>;

export const UpdateHolidayCalendarBody = z
  .strictObject({ name: Name.optional(), country: Country.optional(), region: Region.nullable().optional() })
  .meta({ id: 'UpdateHolidayCalendarBody' });
export type UpdateHolidayCalendarBody = z.infer<typeof UpdateHolidayCalendarBody>;

/** `added`: a day off the national data does not have; `removed`: a national holiday worked. */
export const HolidayDayKind = z.enum(['added', 'removed']);
export type HolidayDayKind = z.infer<typeof HolidayDayKind>;
export const HolidayDaySource = z.enum(['ics', 'csv', 'manual']);

export const DayParams = z.object({ id: z.string().min(1).max(64), date: IsoDate });

export const PutHolidayDayBody = z
  .strictObject({ kind: HolidayDayKind, name: z.string().trim().max(200).optional() })
  .refine((b) => b.kind === 'removed' || (b.name ?? '').length > 0, {
    message: 'is required for a day added',
    path: ['name'],
  })
  .meta({ id: 'PutHolidayDayBody' });
export type PutHolidayDayBody = z.infer<typeof PutHolidayDayBody>;

/** One adjustment of a calendar. */
export const HolidayCalendarDay = z
  .object({
    date: z.string(),
    kind: HolidayDayKind,
    name: z.string(),
    source: HolidayDaySource,
  })
  .meta({ id: 'HolidayCalendarDay' });
export type HolidayCalendarDay = z.infer<typeof HolidayCalendarDay>;

export const HolidayYearQuery = z.object({ year: Year });

/**
 * The days off of a calendar in one year: the national ones (`origin` national; `removed` when
 * the calendar works on it) and the calendar's own (`origin` calendar), by date.
 */
export const HolidayYear = z
  .object({
    calendarId: z.string(),
    year: z.number().int(),
    /** Which calendar these days are: "India (Karnataka) national + Acme Bangalore 2027". */
    calendars: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        name: z.string(),
        origin: z.enum(['national', 'calendar']),
        removed: z.boolean(),
        source: HolidayDaySource.nullable(),
      }),
    ),
  })
  .meta({ id: 'HolidayYear' });
export type HolidayYear = z.infer<typeof HolidayYear>;

/** The years an import covers: "2027" or "2027-2028" (at most 10 years). */
export const ImportHolidaysQuery = z.object({
  years: z
    .string()
    .regex(/^\d{4}(-\d{4})?$/, { message: 'must be a year (2027) or a range of years (2027-2028)' })
    .optional(),
});

export const HolidayImportResult = z
  .object({
    format: z.enum(['ics', 'csv']),
    years: z.array(z.number().int()),
    /** Days written (new or renamed); days kept by hand on the same date win and are counted in `kept`. */
    imported: z.number().int(),
    kept: z.number().int(),
    /** Days of the file outside the years asked. */
    skipped: z.number().int(),
  })
  .meta({ id: 'HolidayImportResult' });
export type HolidayImportResult = z.infer<typeof HolidayImportResult>;

/**
 * Which holiday calendar an answer used for each party: the national data (country and region)
 * and, when one applies, the organisation's or vendor's calendar with the years it has days for.
 */
export const CalendarUsed = z
  .object({
    partyId: z.string(),
    calendarId: z.string().nullable(),
    /** "India national + Acme Bangalore 2027"; "United States national" without a calendar. */
    label: z.string(),
  })
  .meta({ id: 'CalendarUsed' });
export type CalendarUsed = z.infer<typeof CalendarUsed>;

/** A meeting (or other dated event) that falls on a day off of one side, in that side's local date. */
export const HolidayClash = z
  .object({
    /** The occurrence's date (in the series' time zone). */
    date: z.string(),
    party: z.enum(['organisation', 'vendor']),
    /** The date where that side is when the meeting starts. */
    localDate: z.string(),
    name: z.string(),
  })
  .meta({ id: 'HolidayClash' });
export type HolidayClash = z.infer<typeof HolidayClash>;
