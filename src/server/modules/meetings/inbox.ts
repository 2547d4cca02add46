/** The inbox: a user's threads across engagements and vendors, with unread counts. */
import type { Inbox } from '../../../contracts/meetings';
import type { Database } from '../../db/database';
import { type Actor, authorize } from '../../policy';
import * as sources from './sources';

export function createInboxService({ db }: { db: Database['db'] }) {
  return {
    /** The caller's threads across engagements and vendors, latest activity first, with unread counts. */
    async list(actor: Actor, limit: number): Promise<Inbox> {
      const scope = authorize(actor, 'thread', 'read');
      const [rows, totals] = await Promise.all([
        sources.inboxThreads(db, scope, actor.id, limit),
        sources.inboxTotals(db, scope, actor.id),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          title: r.title,
          visibility: r.visibility as 'internal' | 'shared',
          engagementId: r.engagementId,
          engagementTitle: r.engagementTitle,
          vendorId: r.vendorId,
          vendorName: r.vendorName,
          lastActivityAt: r.lastMessageAt ?? r.createdAt,
          messageCount: Number(r.messageCount ?? 0),
          unreadCount: Number(r.unreadCount ?? 0),
        })),
        ...totals,
      };
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
