/**
 * The planner: when are all parties of an engagement at work, across time zones, work weeks,
 * public holidays and daylight-saving changes. Shared by server, web and CLI; no I/O.
 */
import { z } from 'zod';
import { CalendarUsed } from './calendars';
import { Country, TimeZone } from './common';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A day of the week, Monday first (ISO order). */
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' });
const IsoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/** Working hours in local time; an end before the start means the shift ends the next day. */
export const PlannerHours = z
  .strictObject({ start: Clock, end: Clock })
  .refine((h) => h.start !== h.end, { message: 'must end at another time than it starts', path: ['end'] });

/**
 * One party. `id` "org" or a vendor id is looked up (time zone, country, and for the
 * organisation its work week and hours); anything given here overrides what is stored.
 * Any other id is ad hoc and needs `timezone` and `country`.
 */
export const PartyInput = z.strictObject({
  id: z.string().trim().min(1).max(64),
  timezone: TimeZone.optional(),
  country: Country.optional(),
  region: z.string().trim().min(1).max(10).optional(),
  workdays: z
    .array(Weekday)
    .max(7)
    .refine((d) => new Set(d).size === d.length, { message: 'must not repeat a day' })
    .optional(),
  hours: PlannerHours.optional(),
  /**
   * For "org" and a vendor: which of its holiday calendars to use (an id), or "none" for the
   * national data only. Without it, the owner's first calendar, if it has one.
   */
  calendar: z.string().trim().min(1).max(64).optional(),
});
export type PartyInput = z.infer<typeof PartyInput>;

/** The `parties` query parameter once decoded: objects, or the shorthands "org" and a vendor id. */
export const PartiesParam = z
  .array(z.union([z.string().trim().min(1).max(64), PartyInput]))
  .min(1, { message: 'must name at least one party' })
  .max(20, { message: 'must name at most 20 parties' });

export const MAX_PLANNER_DAYS = 366;

export const OverlapQuery = z.object({
  from: IsoDate,
  to: IsoDate,
  /** JSON array of parties (see PartyInput), URL-encoded. */
  parties: z.string().min(2).max(20_000),
});

export const RecurringSlotQuery = OverlapQuery.extend({
  /** Meeting length in minutes. */
  duration: z.coerce.number().int().min(15).max(480).default(60),
});

/** A party after lookup: everything the overlap maths needs. */
export const Party = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  country: z.string(),
  region: z.string().nullable(),
  workdays: z.array(Weekday),
  hours: z.object({ start: z.string(), end: z.string() }),
});
export type Party = z.infer<typeof Party>;

const LocalSpan = z.object({
  start: z.string().meta({ description: 'local date and time, YYYY-MM-DDTHH:MM' }),
  end: z.string(),
});

export const OverlapWindow = z.object({
  startUtc: z.string(),
  endUtc: z.string(),
  minutes: z.number().int(),
  local: z.record(z.string(), LocalSpan),
});
export type OverlapWindow = z.infer<typeof OverlapWindow>;

export const OverlapDay = z.object({
  date: z.string(),
  windows: z.array(OverlapWindow),
  holidays: z.array(z.object({ partyId: z.string(), name: z.string() })),
  nonWorking: z.array(z.string()),
});
export type OverlapDay = z.infer<typeof OverlapDay>;

export const OverlapResponse = z
  .object({
    /** The parties as resolved; the first one's time zone decides which date a window belongs to. */
    parties: z.array(Party),
    days: z.array(OverlapDay),
    totalMinutes: z.number().int(),
    /** The holiday calendar each party's days came from ("India national + Acme Bangalore 2027"). */
    calendars: z.array(CalendarUsed),
  })
  .meta({ id: 'PlannerOverlap' });
export type OverlapResponse = z.infer<typeof OverlapResponse>;

export const SlotFailure = z.object({
  date: z.string(),
  /** Why the slot does not work that day: holidays, days off, or hours that no longer overlap. */
  reasons: z.array(z.string()),
});

export const RecurringSlot = z.object({
  weekday: Weekday,
  /** Start in the first party's time zone (a series recurs at its organiser's local time). */
  start: z.string(),
  duration: z.number().int(),
  /** The first occurrence in UTC and in each party's local time (these shift with daylight saving). */
  firstUtc: z.string(),
  local: z.record(z.string(), z.object({ weekday: Weekday, start: z.string() })),
  occurrences: z.number().int(),
  works: z.number().int(),
  failures: z.array(SlotFailure),
});
export type RecurringSlot = z.infer<typeof RecurringSlot>;

export const RecurringSlotResponse = z
  .object({ parties: z.array(Party), slot: RecurringSlot.nullable(), calendars: z.array(CalendarUsed) })
  .meta({ id: 'PlannerRecurringSlot' });
export type RecurringSlotResponse = z.infer<typeof RecurringSlotResponse>;
