/**
 * Governance meetings: a series per engagement recurring in its organiser's time zone, occurrences
 * with agenda, minutes and action items, the owner's task list, a calendar feed and the inbox.
 */

import { z } from 'zod';
import { CalendarUsed, HolidayClash } from './calendars';
import { Instant, idOf, TimeZone } from './common';
import { DateOnly } from './engagements';
import { Visibility } from './messaging';
import { Weekday } from './planner';

export const MEETING_KINDS = [
  'weekly_operations',
  'monthly_service_review',
  'quarterly_business_review',
  'other',
] as const;
export const MeetingKind = z.enum(MEETING_KINDS);

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' });

/** Monthly and quarterly series fall on the nth weekday (-1: the last) or on a day of the month. */
const MonthRule = {
  nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]).optional(),
  weekday: Weekday.optional(),
  /** 29–31 fall on the month's last day in shorter months. */
  dayOfMonth: z.number().int().min(1).max(31).optional(),
};
const monthRuleCheck = (r: { nth?: number; weekday?: string; dayOfMonth?: number }, ctx: z.RefinementCtx) => {
  const byWeekday = r.nth !== undefined || r.weekday !== undefined;
  if (byWeekday && r.dayOfMonth !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['dayOfMonth'],
      message: 'give either nth and weekday, or dayOfMonth',
    });
  else if (!byWeekday && r.dayOfMonth === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['dayOfMonth'],
      message: 'give either nth and weekday, or dayOfMonth',
    });
  else if (byWeekday && (r.nth === undefined || r.weekday === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [r.nth === undefined ? 'nth' : 'weekday'],
      message: 'is required with the other',
    });
};

export const Recurrence = z.discriminatedUnion('frequency', [
  z.strictObject({
    frequency: z.literal('weekly'),
    weekday: Weekday,
    /** Every n weeks (1: weekly, 2: fortnightly). */
    interval: z.number().int().min(1).max(4).default(1),
  }),
  z.strictObject({ frequency: z.literal('monthly'), ...MonthRule }).superRefine(monthRuleCheck),
  z.strictObject({ frequency: z.literal('quarterly'), ...MonthRule }).superRefine(monthRuleCheck),
]);
export type Recurrence = z.infer<typeof Recurrence>;

export const Attendee = z.strictObject({
  type: z.enum(['user', 'contact']),
  /** An internal user's id, or the id of one of the engagement's vendor's contacts. */
  id: z.string().min(1).max(64),
});

export const CreateMeetingSeriesBody = z
  .strictObject({
    title: z.string().trim().min(1, { message: 'is required' }).max(200),
    kind: MeetingKind,
    recurrence: Recurrence,
    startDate: DateOnly,
    /** The last date a meeting may fall on; none means open-ended. */
    endDate: DateOnly.nullable().default(null),
    /** Local start time in the series' time zone. */
    startTime: LocalTime,
    durationMinutes: z.number().int().min(5).max(600),
    /** The organiser's time zone: occurrences keep their local time across daylight-saving changes. */
    timezone: TimeZone,
    attendees: z
      .array(Attendee)
      .max(100)
      .refine((a) => new Set(a.map((x) => `${x.type}:${x.id}`)).size === a.length, {
        message: 'must not repeat an attendee',
      })
      .default([]),
  })
  .refine((b) => !b.endDate || b.endDate >= b.startDate, {
    message: 'must not be before startDate',
    path: ['endDate'],
  });
export type CreateMeetingSeriesBody = z.infer<typeof CreateMeetingSeriesBody>;

export const Person = z.object({
  type: z.enum(['user', 'contact']),
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
});

export const MeetingSeries = z
  .object({
    id: idOf('mts'),
    engagementId: z.string(),
    vendorId: z.string(),
    title: z.string(),
    kind: MeetingKind,
    recurrence: Recurrence,
    startDate: z.string(),
    endDate: z.string().nullable(),
    startTime: z.string(),
    durationMinutes: z.number().int(),
    timezone: z.string(),
    attendees: z.array(Person),
    createdBy: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'MeetingSeries' });
export type MeetingSeries = z.infer<typeof MeetingSeries>;

export const OccurrencesQuery = z.object({
  from: DateOnly,
  to: DateOnly,
});
export const MAX_OCCURRENCE_DAYS = 400;

export const ActionStatus = z.enum(['open', 'done']);

export const ActionItem = z
  .object({
    id: idOf('act'),
    meetingId: z.string(),
    seriesId: z.string(),
    seriesTitle: z.string(),
    engagementId: z.string(),
    /** The meeting's local date. */
    meetingDate: z.string(),
    title: z.string(),
    owner: Person,
    dueDate: z.string().nullable(),
    status: ActionStatus,
    createdAt: Instant,
    doneAt: Instant.nullable(),
  })
  .meta({ id: 'ActionItem' });
export type ActionItem = z.infer<typeof ActionItem>;

/** One meeting of a series; `id` is `<seriesId>@<date>` whether or not anything was written yet. */
export const Meeting = z
  .object({
    id: z.string(),
    seriesId: z.string(),
    seriesTitle: z.string(),
    engagementId: z.string(),
    date: z.string(),
    startsAt: Instant,
    endsAt: Instant,
    /** Start and end in the series' time zone, HH:MM. */
    localStart: z.string(),
    localEnd: z.string(),
    timezone: z.string(),
    agenda: z.string(),
    agendaHtml: z.string(),
    minutes: z.string(),
    minutesHtml: z.string(),
    updatedAt: Instant.nullable(),
    updatedBy: z.string().nullable(),
    actions: z.array(ActionItem),
  })
  .meta({ id: 'Meeting' });
export type Meeting = z.infer<typeof Meeting>;

/**
 * The meetings of a series between two dates, with the holiday clashes: occurrences that fall on
 * a day off of the organisation or the vendor (each in its own local date and holiday calendar),
 * and which calendar each side's days came from.
 */
export const MeetingOccurrences = z
  .object({
    series: MeetingSeries,
    items: z.array(Meeting),
    holidays: z.array(HolidayClash),
    calendars: z.array(CalendarUsed),
  })
  .meta({ id: 'MeetingOccurrences' });

export const MeetingParams = z.object({
  id: z
    .string()
    .regex(/^mts_[0-9A-Z]{26}@\d{4}-\d{2}-\d{2}$/, { message: 'must be <seriesId>@YYYY-MM-DD' })
    .meta({
      description: 'The series id and the meeting date',
      example: 'mts_01JD3ZQ8N00000000000000000@2027-01-04',
    }),
});

const Markdown = z.string().max(50_000);
export const PutMeetingBody = z.strictObject({ agenda: Markdown.default(''), minutes: Markdown.default('') });

const Owner = z.strictObject({ type: z.enum(['user', 'contact']), id: z.string().min(1).max(64) });
export const CreateActionBody = z.strictObject({
  title: z.string().trim().min(1, { message: 'is required' }).max(500),
  owner: Owner,
  dueDate: DateOnly.nullable().default(null),
});
export const UpdateActionBody = z
  .strictObject({
    title: z.string().trim().min(1, { message: 'is required' }).max(500).optional(),
    owner: Owner.optional(),
    dueDate: DateOnly.nullable().optional(),
    status: ActionStatus.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change something' });

export const ActionListQuery = z.object({
  /** `me`, or an internal user's id. */
  owner: z.string().min(1).max(64).default('me'),
  status: ActionStatus.optional(),
});

export const CalendarToken = z.object({
  /** The secret feed address: anyone with it reads the calendar, so keep it private. */
  url: z.string(),
  createdAt: Instant,
});

export const InboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const InboxThread = z.object({
  id: z.string(),
  title: z.string(),
  visibility: Visibility,
  engagementId: z.string().nullable(),
  engagementTitle: z.string().nullable(),
  vendorId: z.string(),
  vendorName: z.string().nullable(),
  lastActivityAt: Instant,
  messageCount: z.number().int(),
  unreadCount: z.number().int(),
});
export const Inbox = z
  .object({
    items: z.array(InboxThread),
    /** Unread messages across every thread the caller may read (not only those listed). */
    totalUnread: z.number().int(),
    unreadThreads: z.number().int(),
  })
  .meta({ id: 'Inbox' });
export type Inbox = z.infer<typeof Inbox>;
