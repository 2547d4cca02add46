import type { Notification, NotificationListQuery } from '../../../contracts/notifications';
import type { Database, Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { NotificationRow } from '../../db/schema';
import { notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import * as repo from './repository';
import { sealMailLink } from './rules';

/** What to tell whom; `dedupeKey` makes a repeated call tell each recipient only once. */
export interface NotifyInput {
  userIds: string[];
  type: string;
  title: string;
  body: string;
  link?: string | null;
  entity?: { type: string; id: string } | null;
  dedupeKey?: string | null;
}

const toNotificationDto = (r: NotificationRow): Notification => ({
  id: r.id,
  type: r.type,
  title: r.title,
  body: r.body,
  link: r.link,
  entityType: r.entityType,
  entityId: r.entityId,
  createdAt: r.createdAt,
  readAt: r.readAt,
});

export type { MailAttachment } from './repository';

/** A mail to one address, such as a portal invitation or the quarterly portfolio summary. */
export interface DirectMail {
  /** The user whose action caused it (the outbox row's user). */
  causedBy: string;
  to: string;
  /** One mail per user and key: queuing it again does nothing. */
  dedupeKey: string;
  subject: string;
  text: string;
  html: string;
  /** Files sent with the mail; stored with it until it is sent. */
  attachments?: repo.MailAttachment[];
  /** A one-time link, put where text and HTML say `{{link}}`: stored encrypted, opened at sending. */
  link?: string;
}

export function createNotificationService({
  db,
  clock,
  sealLink,
}: {
  db: Database['db'];
  clock: Clock;
  /** Encrypt a mail's one-time link for the outbox (the mail-links secret box). */
  sealLink: (link: string) => string;
}) {
  return {
    /**
     * Queue a mail to an address that is not a user's (a portal invitation), inside the caller's
     * transaction; the sender job delivers it with retries like any other. Answers whether it was new.
     */
    async queueDirectMail(tx: Executor, input: DirectMail): Promise<boolean> {
      const row = repo.pendingEmail(
        {
          userId: input.causedBy,
          toAddress: input.to,
          kind: 'direct',
          dedupeKey: input.dedupeKey,
          subject: input.subject,
          ...(input.link
            ? sealMailLink(input, sealLink(input.link))
            : { text: input.text, html: input.html }),
        },
        clock.now().toISOString(),
      );
      const fresh = await repo.queueEmail(tx, row);
      if (fresh && input.attachments?.length) await repo.insertAttachments(tx, row.id, input.attachments);
      return fresh;
    },

    /** Of these users, those who already have a mail under this key (to skip costly work). */
    mailedAlready: (executor: Executor, userIds: string[], dedupeKey: string) =>
      repo.usersWithMail(executor, userIds, dedupeKey),

    /**
     * Tell users something, inside the caller's transaction. Reading notifications is per user, so
     * no audit event: the change that caused it carries one. Answers how many were new.
     */
    async notify(tx: Executor, input: NotifyInput): Promise<number> {
      const at = clock.now().toISOString();
      let created = 0;
      for (const userId of [...new Set(input.userIds)]) {
        const isNew = await repo.insertOnce(tx, {
          id: newId('ntf'),
          userId,
          type: input.type,
          title: input.title,
          body: input.body,
          link: input.link ?? null,
          entityType: input.entity?.type ?? null,
          entityId: input.entity?.id ?? null,
          dedupeKey: input.dedupeKey ?? null,
          createdAt: at,
          readAt: null,
        });
        if (isNew) created++;
      }
      return created;
    },

    async list(actor: Actor, query: NotificationListQuery) {
      authorize(actor, 'notification', 'read');
      const [rows, unreadCount] = await Promise.all([
        repo.list(db, actor.id, query.unread, query.limit, query.cursor),
        repo.unreadCount(db, actor.id),
      ]);
      const page = toPage(rows, query.limit, (r) => [r.createdAt, r.id], toNotificationDto);
      return { ...page, unreadCount };
    },

    /** Mark one of the caller's notifications read; another user's answers 404. */
    async read(actor: Actor, id: string): Promise<Notification> {
      authorize(actor, 'notification', 'update');
      return db.transaction().execute(async (tx) => {
        const row = await repo.find(tx, actor.id, id);
        if (!row) throw notFound('notification');
        if (row.readAt) return toNotificationDto(row);
        const at = clock.now().toISOString();
        await repo.markRead(tx, actor.id, id, at);
        return toNotificationDto({ ...row, readAt: at });
      });
    },

    async readAll(actor: Actor): Promise<{ marked: number }> {
      authorize(actor, 'notification', 'update');
      return { marked: await repo.markRead(db, actor.id, null, clock.now().toISOString()) };
    },
  };
}
