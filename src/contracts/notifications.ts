/** In-app notifications: each user reads and marks only their own. */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';

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
