/** In-app notifications: each user reads and marks only their own. */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { EventType } from './events';

export const Notification = z
  .object({
    id: idOf('ntf'),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    /** A path inside the web app to open, such as /vendors/vnd_…/diligence. */
    link: z.string().nullable(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    createdAt: Instant,
    readAt: Instant.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = ListQuery.extend({
  /** `true` for unread ones only. */
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

/** A page of notifications, newest first, with the caller's unread count. */
export const NotificationPage = z.object({
  items: z.array(Notification),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

export const ReadAllResult = z.object({ marked: z.number().int() });

/** How a user hears of one event type: in the app, by email at once, in the daily digest mail, or not at all. */
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'digest', 'none'] as const;
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS).meta({ id: 'NotificationChannel' });
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** One event type's setting for the caller; `isDefault` while the user has not chosen. */
export const NotificationPreference = z
  .object({
    eventType: EventType,
    channel: NotificationChannel,
    defaultChannel: NotificationChannel,
    isDefault: z.boolean(),
  })
  .meta({ id: 'NotificationPreference' });
export type NotificationPreference = z.infer<typeof NotificationPreference>;

/** The caller's preferences for every event type relevant to their role, and whether email can go out. */
export const NotificationPreferences = z
  .object({
    items: z.array(NotificationPreference),
    /** False when the server has no SMTP_URL: email choices are kept, mails wait in the outbox. */
    emailConfigured: z.boolean(),
    /** The time zone the daily digest's day is counted in (the organisation's). */
    digestTimezone: z.string(),
    /** The local hour at which the digest of the previous day goes out. */
    digestHour: z.number().int(),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** Set channels for some event types; `null` goes back to the default. */
export const PutNotificationPreferencesBody = z
  .object({
    items: z
      .array(z.object({ eventType: EventType, channel: NotificationChannel.nullable() }).strict())
      .min(1)
      .max(100),
  })
  .strict()
  .meta({ id: 'PutNotificationPreferencesBody' });
export type PutNotificationPreferencesBody = z.infer<typeof PutNotificationPreferencesBody>;

/** What each event type is called in the settings page and in mails. */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  'vendor.status_changed': 'Vendor status changed',
  'certification.expiring': 'Certificate expiring',
  'certification.expired': 'Certificate expired',
  'assessment.sent': 'Questionnaire sent to you',
  'assessment.submitted': 'Questionnaire answered',
  'deliverable.submitted': 'Deliverable submitted',
  'change_request.submitted': 'Change request submitted',
  'message.created': 'New message in a thread you take part in',
  'sla.breached': 'SLA breached',
  'finding.overdue': 'Finding overdue',
  'access_review.overdue': 'Access review overdue',
  'renewal.due': 'Renewal due',
  'risk.signal_opened': 'Risk signal opened',
  'risk.signal_closed': 'Risk signal closed',
  'holiday_calendar.next_year_missing': 'Holiday calendar has no days for next year',
  'scorecard.published': 'Scorecard published',
  'scorecard.disputed': 'Scorecard disputed',
};
