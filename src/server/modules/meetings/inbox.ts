/** The inbox: a user's threads across engagements and vendors, with unread counts. */
import type { Inbox } from '../../../contracts/meetings';
import type { Actor } from '../../policy';
import type { MessagingService } from '../messaging/service';

interface InboxDeps {
  /** The caller's threads with counts and unread totals, as the messaging module lets them see them. */
  threads: MessagingService['inbox'];
}

export function createInboxService({ threads }: InboxDeps) {
  return {
    /** The caller's threads across engagements and vendors, latest activity first, with unread counts. */
    async list(actor: Actor, limit: number): Promise<Inbox> {
      const { rows, totals } = await threads(actor, limit);
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
