import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { MessageRow, ThreadRow } from '../../db/schema';
import { containsText } from '../../db/search';
import type { Scope } from '../../policy';
import { leftJoinEngagement } from '../engagements/queries';
import { leftJoinVendor } from '../vendors/queries';

/** A vendor user sees only shared threads of their own vendor: applied in every thread query. */
function scoped<Q extends { where: (...args: any[]) => any }>(q: Q, scope: Scope): Q {
  if (!scope.vendorId) return q;
  return q.where('threads.vendorId', '=', scope.vendorId).where('threads.visibility', '=', 'shared') as Q;
}

export const insertThread = (db: Executor, row: ThreadRow) => db.insertInto('threads').values(row).execute();

export const findThread = (db: Executor, scope: Scope, id: string) =>
  scoped(db.selectFrom('threads').selectAll().where('threads.id', '=', id), scope).executeTakeFirst();

export type ThreadWithCounts = ThreadRow & { messageCount: number | string; unreadCount: number | string };

/** A thread's messages that are not deleted (what its message count counts). */
const liveMessages = (db: Executor) => db.selectFrom('messages').where('messages.deletedAt', 'is', null);

/** Unread by a user: live messages by others after the user's read mark of their thread (all, never read). */
const unreadMessages = (db: Executor, userId: string) =>
  liveMessages(db)
    .leftJoin('threadReads', (j) =>
      j.onRef('threadReads.threadId', '=', 'messages.threadId').on('threadReads.userId', '=', userId),
    )
    .where('messages.authorId', '!=', userId)
    .where((w) =>
      w.or([w('threadReads.readAt', 'is', null), w('messages.createdAt', '>', w.ref('threadReads.readAt'))]),
    );

/** Threads with their message count and the user's unread count. */
const threadsWithCounts = (db: Executor, userId: string) =>
  db
    .selectFrom('threads')
    .selectAll('threads')
    .select((eb) => [
      liveMessages(db)
        .select(eb.fn.countAll<number>().as('n'))
        .where('messages.threadId', '=', eb.ref('threads.id'))
        .as('messageCount'),
      unreadMessages(db, userId)
        .select(eb.fn.countAll<number>().as('n'))
        .where('messages.threadId', '=', eb.ref('threads.id'))
        .as('unreadCount'),
    ]);

/** Threads with their message count and the user's unread count, newest first. */
export function listThreads(
  db: Executor,
  scope: Scope,
  filter: { engagementId: string } | { threadId: string },
  userId: string,
  limit: number,
  cursor?: string,
): Promise<ThreadWithCounts[]> {
  let q = threadsWithCounts(db, userId);
  q =
    'engagementId' in filter
      ? q.where('threads.engagementId', '=', filter.engagementId)
      : q.where('threads.id', '=', filter.threadId);
  return paginate(
    scoped(q, scope),
    { column: 'threads.createdAt', direction: 'desc', idColumn: 'threads.id', valueType: 'instant' },
    limit,
    cursor,
  ).execute() as Promise<ThreadWithCounts[]>;
}

export const touchThread = (db: Executor, id: string, at: string) =>
  db.updateTable('threads').set({ lastMessageAt: at }).where('id', '=', id).execute();

export const insertMessage = (db: Executor, row: MessageRow) =>
  db.insertInto('messages').values(row).execute();

/**
 * Lock a message's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): an edit and a deletion wait for each other, so a deleted message is not written again by an
 * edit that read it before the deletion, and each edit keeps the text it really replaced.
 */
export const lockMessage = (db: Executor, id: string) =>
  db.selectFrom('messages').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findMessage = (db: Executor, id: string) =>
  db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();

/** A thread's messages, oldest first; with `q`, only those whose text contains it. */
export function listMessages(
  db: Executor,
  threadId: string,
  q: string | undefined,
  limit: number,
  cursor?: string,
) {
  let query = db.selectFrom('messages').selectAll().where('threadId', '=', threadId);
  if (q) query = query.where(containsText('messages.body', q)).where('deletedAt', 'is', null);
  return paginate(
    query,
    { column: 'messages.createdAt', direction: 'asc', idColumn: 'messages.id', valueType: 'instant' },
    limit,
    cursor,
  ).execute();
}

export const updateMessage = (db: Executor, id: string, patch: Partial<MessageRow>) =>
  db.updateTable('messages').set(patch).where('id', '=', id).execute();

export const insertEdit = (
  db: Executor,
  row: { id: string; messageId: string; body: string; replacedAt: string; replacedBy: string },
) => db.insertInto('messageEdits').values(row).execute();

/** Remember that a user has read a thread up to now. */
export const markRead = (db: Executor, threadId: string, userId: string, at: string) =>
  db
    .insertInto('threadReads')
    .values({ threadId, userId, readAt: at })
    .onConflict((oc) => oc.columns(['threadId', 'userId']).doUpdateSet({ readAt: at }))
    .execute();

/** How many threads a vendor has (a vendor with threads is not deleted; offboard it instead). */
export async function countForVendor(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('threads')
    .select(sql<number>`count(*)`.as('n'))
    .where('vendorId', '=', vendorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everyone who wrote in a thread (deleted messages too: they took part). */
export const authorsOf = (db: Executor, threadId: string) =>
  db
    .selectFrom('messages')
    .select('authorId')
    .distinct()
    .where('threadId', '=', threadId)
    .execute()
    .then((rows) => rows.map((r) => r.authorId));

// Personal data (see privacy.ts)

export const messagesByAuthor = (db: Executor, userId: string) =>
  db
    .selectFrom('messages')
    .select(['id', 'threadId', 'authorName', 'body', 'createdAt', 'editedAt', 'deletedAt'])
    .where('authorId', '=', userId)
    .execute();

export const editsByUser = (db: Executor, userId: string) =>
  db
    .selectFrom('messageEdits')
    .select(['id', 'messageId', 'body', 'replacedAt'])
    .where('replacedBy', '=', userId)
    .execute();

/** Set the author name on every message a user wrote; answers how many. */
export async function renameAuthor(db: Executor, userId: string, authorName: string): Promise<number> {
  const result = await db
    .updateTable('messages')
    .set({ authorName })
    .where('authorId', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Messages whose mentions may name the user (a text match: the caller checks the parsed list). */
export const messagesMentioning = (db: Executor, userId: string) =>
  db.selectFrom('messages').select(['id', 'mentions']).where('mentions', 'like', `%${userId}%`).execute();

type InboxRow = ThreadWithCounts & { engagementTitle: string | null; vendorName: string | null };

/** The reader's threads across engagements and vendors, latest activity first (the inbox). */
export function inboxThreads(db: Executor, scope: Scope, userId: string, limit: number): Promise<InboxRow[]> {
  const activity = sql<string>`coalesce(threads.last_message_at, threads.created_at)`;
  const q = leftJoinVendor(
    leftJoinEngagement(threadsWithCounts(db, userId), 'threads.engagementId', { engagementTitle: 'title' }),
    'threads.vendorId',
    { vendorName: 'name' },
  );
  return scoped(q, scope)
    .orderBy(activity, 'desc')
    .orderBy('threads.id', 'desc')
    .limit(limit)
    .execute() as Promise<InboxRow[]>;
}

/** Unread messages, and threads with any, across every thread the reader may see. */
export async function inboxTotals(db: Executor, scope: Scope, userId: string) {
  const q = unreadMessages(db, userId)
    .innerJoin('threads', 'threads.id', 'messages.threadId')
    .select((eb) => [
      eb.fn.countAll<number>().as('messages'),
      eb.fn.count<number>('messages.threadId').distinct().as('threads'),
    ]);
  const row = await scoped(q, scope).executeTakeFirstOrThrow();
  return { totalUnread: Number(row.messages), unreadThreads: Number(row.threads) };
}
