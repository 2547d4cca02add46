/**
 * Read-only queries across other modules' tables for the two cross-cutting views this module
 * serves: the calendar feed (engagements, their approved SOW, certifications) and the inbox
 * (threads with unread counts). They only read; the owning modules keep every write. The vendor
 * user's scope is a parameter of each query.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { Scope } from '../../policy';

/** Engagements for a feed: those a user owns, or (for a vendor user) every one of their vendor. */
export function feedEngagements(db: Executor, who: { ownerId: string } | { vendorId: string }) {
  let q = db
    .selectFrom('engagements')
    .leftJoin('sowVersions', (j) =>
      j.onRef('sowVersions.engagementId', '=', 'engagements.id').on('sowVersions.status', '=', 'approved'),
    )
    .select([
      'engagements.id',
      'engagements.title',
      'engagements.vendorId',
      'engagements.renewalDate',
      'engagements.status',
      'sowVersions.document',
    ]);
  q =
    'ownerId' in who
      ? q.where('engagements.ownerId', '=', who.ownerId)
      : q.where('engagements.vendorId', '=', who.vendorId);
  return q.orderBy('engagements.id').limit(2000).execute();
}

/** Certificates expiring on or after `since`, of the given vendors. */
export const certificationsOf = (db: Executor, vendorIds: string[], since: string) =>
  vendorIds.length
    ? db
        .selectFrom('certifications')
        .innerJoin('vendors', 'vendors.id', 'certifications.vendorId')
        .select([
          'certifications.id',
          'certifications.standard',
          'certifications.standardName',
          'certifications.expiresOn',
          'certifications.vendorId',
          'vendors.name as vendorName',
        ])
        .where('certifications.vendorId', 'in', vendorIds)
        .where('certifications.expiresOn', '>=', since)
        .limit(5000)
        .execute()
    : Promise.resolve([]);

/** Vendors a user owns. */
export const vendorsOwnedBy = (db: Executor, userId: string) =>
  db
    .selectFrom('vendors')
    .select('id')
    .where('ownerId', '=', userId)
    .execute()
    .then((rows) => rows.map((r) => r.id));

export const vendorNames = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('vendors').select(['id', 'name']).where('id', 'in', ids).execute()
    : Promise.resolve([]);

export const engagementTitles = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('engagements').select(['id', 'title']).where('id', 'in', ids).execute()
    : Promise.resolve([]);

/** Threads a reader may see: all for internal users; a vendor user's own vendor's shared ones. */
function readable<Q extends { where: (...args: any[]) => any }>(q: Q, scope: Scope): Q {
  if (!scope.vendorId) return q;
  return q.where('threads.vendorId', '=', scope.vendorId).where('threads.visibility', '=', 'shared') as Q;
}

/** Unread: messages by others, not deleted, after the reader's read mark (or all, never read). */
function unreadMessages(db: Executor, userId: string) {
  return db
    .selectFrom('messages')
    .leftJoin('threadReads', (j) =>
      j.onRef('threadReads.threadId', '=', 'messages.threadId').on('threadReads.userId', '=', userId),
    )
    .where('messages.deletedAt', 'is', null)
    .where('messages.authorId', '!=', userId)
    .where((w) =>
      w.or([w('threadReads.readAt', 'is', null), w('messages.createdAt', '>', w.ref('threadReads.readAt'))]),
    );
}

export interface InboxRow {
  id: string;
  title: string;
  visibility: string;
  engagementId: string | null;
  engagementTitle: string | null;
  vendorId: string;
  vendorName: string | null;
  createdAt: string;
  lastMessageAt: string | null;
  messageCount: number | string;
  unreadCount: number | string;
}

/** The reader's threads across engagements and vendors, latest activity first. */
export function inboxThreads(db: Executor, scope: Scope, userId: string, limit: number): Promise<InboxRow[]> {
  const activity = sql<string>`coalesce(threads.last_message_at, threads.created_at)`;
  const q = db
    .selectFrom('threads')
    .leftJoin('engagements', 'engagements.id', 'threads.engagementId')
    .leftJoin('vendors', 'vendors.id', 'threads.vendorId')
    .select([
      'threads.id',
      'threads.title',
      'threads.visibility',
      'threads.engagementId',
      'engagements.title as engagementTitle',
      'threads.vendorId',
      'vendors.name as vendorName',
      'threads.createdAt',
      'threads.lastMessageAt',
    ])
    .select((eb) => [
      eb
        .selectFrom('messages')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('messages.threadId', '=', 'threads.id')
        .where('messages.deletedAt', 'is', null)
        .as('messageCount'),
      unreadMessages(db, userId)
        .select(eb.fn.countAll<number>().as('n'))
        .where('messages.threadId', '=', eb.ref('threads.id'))
        .as('unreadCount'),
    ]);
  return readable(q, scope)
    .orderBy(activity, 'desc')
    .orderBy('threads.id', 'desc')
    .limit(limit)
    .execute() as Promise<InboxRow[]>;
}

/** Unread messages and threads with any, across everything the reader may see. */
export async function inboxTotals(db: Executor, scope: Scope, userId: string) {
  let q = unreadMessages(db, userId)
    .innerJoin('threads', 'threads.id', 'messages.threadId')
    .select((eb) => [
      eb.fn.countAll<number>().as('messages'),
      eb.fn.count<number>('messages.threadId').distinct().as('threads'),
    ]);
  q = readable(q, scope);
  const row = await q.executeTakeFirstOrThrow();
  return { totalUnread: Number(row.messages), unreadThreads: Number(row.threads) };
}
