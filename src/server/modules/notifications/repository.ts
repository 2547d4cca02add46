import type { Executor } from '../../db/database';
import { toCount } from '../../db/database';
import { paginate } from '../../db/pagination';
import { claimInQueue, dueInQueue } from '../../db/queue';
import type { DigestItemRow, EmailOutboxRow, NotificationRow } from '../../db/schema';
import { newId } from '../../lib/ids';

/** Insert unless this user was already told under the same dedupe key; answers whether it was new. */
export async function insertOnce(db: Executor, row: NotificationRow): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A user's own notifications, newest first. */
export function list(db: Executor, userId: string, unread: boolean, limit: number, cursor?: string) {
  let q = db.selectFrom('notifications').selectAll().where('userId', '=', userId);
  if (unread) q = q.where('readAt', 'is', null);
  return paginate(
    q,
    { column: 'createdAt', direction: 'desc', idColumn: 'id', valueType: 'instant' },
    limit,
    cursor,
  ).execute();
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return toCount(row?.n);
}

export const find = (db: Executor, userId: string, id: string) =>
  db
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function markRead(db: Executor, userId: string, id: string | null, at: string): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ readAt: at })
    .where('userId', '=', userId)
    .where('readAt', 'is', null);
  if (id) q = q.where('id', '=', id);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

// Preferences.

export const preferencesOf = (db: Executor, userId: string) =>
  db.selectFrom('notificationPreferences').selectAll().where('userId', '=', userId).execute();

/** The stored channels of several users for one event type. */
export async function channelsFor(db: Executor, userIds: string[], eventType: string) {
  if (userIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('notificationPreferences')
    .select(['userId', 'channel'])
    .where('eventType', '=', eventType)
    .where('userId', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.userId, r.channel]));
}

export async function setPreference(
  db: Executor,
  userId: string,
  eventType: string,
  channel: string | null,
  at: string,
) {
  if (channel === null) {
    await db
      .deleteFrom('notificationPreferences')
      .where('userId', '=', userId)
      .where('eventType', '=', eventType)
      .execute();
    return;
  }
  await db
    .insertInto('notificationPreferences')
    .values({ userId, eventType, channel, updatedAt: at })
    .onConflict((oc) => oc.columns(['userId', 'eventType']).doUpdateSet({ channel, updatedAt: at }))
    .execute();
}

// The email outbox.

/** Queue a mail unless this user already has one under the same key; answers whether it was new. */
/** A mail as it enters the outbox: pending, never tried, due at once. */
export const pendingEmail = (
  mail: Pick<EmailOutboxRow, 'userId' | 'toAddress' | 'kind' | 'dedupeKey' | 'subject' | 'text' | 'html'>,
  at: string,
): EmailOutboxRow => ({
  id: newId('eml'),
  ...mail,
  status: 'pending',
  attempts: 0,
  lastError: null,
  lastAttemptAt: null,
  nextAttemptAt: at,
  lockedUntil: null,
  sentAt: null,
  createdAt: at,
});

export async function queueEmail(db: Executor, row: EmailOutboxRow): Promise<boolean> {
  const res = await db
    .insertInto('emailOutbox')
    .values(row)
    .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const dueEmails = (db: Executor, now: string, limit: number) =>
  dueInQueue(db, 'emailOutbox', now, limit);

/** Take a due mail for this run; false when another process (or run) has it. */
export const claimEmail = (db: Executor, id: string, now: string, until: string) =>
  claimInQueue(db, 'emailOutbox', id, now, until);

export const findEmail = (db: Executor, id: string) =>
  db.selectFrom('emailOutbox').selectAll().where('id', '=', id).executeTakeFirst();

export const updateEmail = (db: Executor, id: string, change: Partial<EmailOutboxRow>) =>
  db.updateTable('emailOutbox').set(change).where('id', '=', id).execute();

/** A file that goes with a mail. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export async function insertAttachments(db: Executor, emailId: string, files: MailAttachment[]) {
  if (!files.length) return;
  await db
    .insertInto('emailAttachments')
    .values(
      files.map((f, position) => ({
        emailId,
        position,
        filename: f.filename,
        contentType: f.contentType,
        contentBase64: f.content.toString('base64'),
      })),
    )
    .execute();
}

export async function attachmentsOf(db: Executor, emailId: string): Promise<MailAttachment[]> {
  const rows = await db
    .selectFrom('emailAttachments')
    .select(['filename', 'contentType', 'contentBase64'])
    .where('emailId', '=', emailId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    filename: r.filename,
    contentType: r.contentType,
    content: Buffer.from(r.contentBase64, 'base64'),
  }));
}

export const deleteAttachments = (db: Executor, emailId: string) =>
  db.deleteFrom('emailAttachments').where('emailId', '=', emailId).execute();

/** Of these users, those who already have a mail under this key. */
export async function usersWithMail(
  db: Executor,
  userIds: string[],
  dedupeKey: string,
): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('emailOutbox')
    .select('userId')
    .where('dedupeKey', '=', dedupeKey)
    .where('userId', 'in', userIds)
    .execute();
  return new Set(rows.map((r) => r.userId));
}

// The digest.

export async function addDigestItem(db: Executor, row: DigestItemRow): Promise<boolean> {
  const res = await db
    .insertInto('digestItems')
    .values(row)
    .onConflict((oc) => oc.columns(['userId', 'eventId']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Users with items waiting from before `before`. */
export const usersWithDigest = (db: Executor, before: string) =>
  db
    .selectFrom('digestItems')
    .select('userId')
    .distinct()
    .where('emailId', 'is', null)
    .where('createdAt', '<', before)
    .execute()
    .then((rows) => rows.map((r) => r.userId));

export const pendingDigestItems = (db: Executor, userId: string, before: string) =>
  db
    .selectFrom('digestItems')
    .selectAll()
    .where('userId', '=', userId)
    .where('emailId', 'is', null)
    .where('createdAt', '<', before)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

export const markDigested = (db: Executor, ids: string[], emailId: string) =>
  ids.length
    ? db.updateTable('digestItems').set({ emailId }).where('id', 'in', ids).execute()
    : Promise.resolve([]);

// Personal data (see privacy.ts)

export const notificationsOfUser = (db: Executor, userId: string) =>
  db
    .selectFrom('notifications')
    .select(['id', 'type', 'title', 'createdAt', 'readAt'])
    .where('userId', '=', userId)
    .execute();

/** Delete a user's notifications; answers how many. */
export async function deleteUserNotifications(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom('notifications').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
